"""Version the training data by its content, and record what produced a run."""

# --8<-- [start:setup]
import hashlib
import json
from importlib.metadata import version

import pandas as pd

from subscribers import make_subscribers

# --8<-- [end:setup]


# --8<-- [start:fingerprint]
def fingerprint(df: pd.DataFrame, key: str = "customer_id") -> str:
    """SHA-256 of a canonical CSV: same content gives the same hash, whatever the row order."""
    canonical = df.sort_values(key).reset_index(drop=True)
    canonical = canonical[sorted(canonical.columns)]
    data = canonical.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8")
    return hashlib.sha256(data).hexdigest()
# --8<-- [end:fingerprint]


# --8<-- [start:record]
subscribers = make_subscribers(n=1_000, seed=42)

run_record = {
    "data": {
        "sha256": fingerprint(subscribers)[:16],
        "rows": len(subscribers),
        "columns": subscribers.shape[1],
        "missing_cells": int(subscribers.isna().sum().sum()),
        "churn_rate": round(float(subscribers["churned"].mean()), 3),
        "signup_dates": f"{subscribers['signup_date'].min():%Y-%m-%d} to "
        f"{subscribers['signup_date'].max():%Y-%m-%d}",
    },
    "libraries": {name: version(name) for name in ["numpy", "pandas", "scikit-learn", "Faker"]},
}
print(json.dumps(run_record, indent=2))
#> {
#>   "data": {
#>     "sha256": "487005bb9fa6405a",
#>     "rows": 1000,
#>     "columns": 18,
#>     "missing_cells": 0,
#>     "churn_rate": 0.106,
#>     "signup_dates": "2019-07-27 to 2024-05-31"
#>   },
#>   "libraries": {
#>     "numpy": "2.4.6",
#>     "pandas": "3.1.1",
#>     "scikit-learn": "1.9.1",
#>     "Faker": "40.63.0"
#>   }
#> }
# --8<-- [end:record]

# --8<-- [start:change]
shuffled = subscribers.sample(frac=1.0, random_state=7)
print("rows shuffled, same data:", fingerprint(shuffled) == fingerprint(subscribers))
#> rows shuffled, same data: True

edited = subscribers.copy()
edited.loc[edited["customer_id"] == "C00042", "support_tickets"] += 1
print("one value edited, same data:", fingerprint(edited) == fingerprint(subscribers))
#> one value edited, same data: False
print("before:", fingerprint(subscribers)[:16])
#> before: 487005bb9fa6405a
print("after: ", fingerprint(edited)[:16])
#> after:  48df9b44ce34cb1f
# --8<-- [end:change]
