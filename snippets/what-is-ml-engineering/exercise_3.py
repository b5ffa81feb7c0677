"""Exercise 3: the PSI of a categorical feature, the subscription plan."""

import numpy as np
import pandas as pd

from subscribers import PLANS, make_subscribers

june = make_subscribers()
july = make_subscribers(n=1_000, seed=7)
rng = np.random.default_rng(2024)
campaign = rng.random(len(july)) < 0.35
july.loc[campaign, "plan"] = "basic"  # the discount campaign only sold the basic plan

# For a category the bins are simply its values; reindex so a plan missing in one month counts.
shares = pd.DataFrame(
    {
        "June": june["plan"].value_counts(normalize=True).reindex(list(PLANS), fill_value=0),
        "July": july["plan"].value_counts(normalize=True).reindex(list(PLANS), fill_value=0),
    }
)
e, a = shares["June"].clip(lower=1e-4), shares["July"].clip(lower=1e-4)
shares["PSI term"] = (a - e) * np.log(a / e)
print(shares.round(3).to_string())
#>            June   July  PSI term
#> plan
#> basic     0.450  0.667     0.085
#> standard  0.353  0.214     0.070
#> premium   0.197  0.119     0.039
psi = shares["PSI term"].sum()
verdict = "stable" if psi < 0.1 else "watch" if psi < 0.25 else "DRIFT"
print(f"PSI of plan: {psi:.3f} ({verdict})")
#> PSI of plan: 0.194 (watch)
