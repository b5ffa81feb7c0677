"""Fit a scikit-learn pipeline, save it, load it back, and check it predicts the same."""

# --8<-- [start:setup]
import tempfile
from pathlib import Path

import joblib
import numpy as np
import skops.io as sio
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:pipeline]
subscribers = make_subscribers(n=1000, seed=42)
numeric = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X_train, X_test, y_train, y_test = train_test_split(
    subscribers[numeric + ["plan"]], subscribers["churned"], test_size=0.3, random_state=42
)
pipeline = Pipeline(
    [
        (
            "prepare",
            ColumnTransformer(
                [
                    ("numbers", StandardScaler(), numeric),
                    ("plan", OneHotEncoder(handle_unknown="ignore"), ["plan"]),
                ]
            ),
        ),
        ("model", LogisticRegression()),
    ]
)
pipeline.fit(X_train, y_train)  # the scaler and encoder learn from training rows only
print(f"steps: {list(pipeline.named_steps)}, test accuracy {pipeline.score(X_test, y_test):.3f}")
#> steps: ['prepare', 'model'], test accuracy 0.900
# --8<-- [end:pipeline]

# --8<-- [start:save_load]
with tempfile.TemporaryDirectory() as folder:
    # joblib: the usual format. Loading runs pickle, which can execute any code in the file.
    joblib.dump(pipeline, Path(folder) / "churn.joblib")
    from_joblib = joblib.load(Path(folder) / "churn.joblib")

    # skops: loads only types you have approved, so a tampered file cannot run code.
    sio.dump(pipeline, Path(folder) / "churn.skops")
    unknown = sio.get_untrusted_types(file=Path(folder) / "churn.skops")
    print("types to review before loading:", unknown)
    #> types to review before loading: []
    from_skops = sio.load(Path(folder) / "churn.skops", trusted=unknown)

expected = pipeline.predict_proba(X_test)
for name, loaded in [("joblib", from_joblib), ("skops", from_skops)]:
    same = np.array_equal(loaded.predict_proba(X_test), expected)
    print(f"{name}: identical predictions on {len(X_test)} rows: {same}")
    #> joblib: identical predictions on 300 rows: True
    #> skops: identical predictions on 300 rows: True
# --8<-- [end:save_load]
