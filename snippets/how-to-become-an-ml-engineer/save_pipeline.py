"""Fit a scikit-learn pipeline, save it, and load it back only if it holds the types we expect."""

# --8<-- [start:setup]
import tempfile
from pathlib import Path

import joblib
import numpy as np
import skops.io as sio
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
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
auc = roc_auc_score(y_test, pipeline.predict_proba(X_test)[:, 1])
print(f"steps: {list(pipeline.named_steps)}, test ROC AUC {auc:.3f}")
#> steps: ['prepare', 'model'], test ROC AUC 0.801
# --8<-- [end:pipeline]

# --8<-- [start:save_load]
scratch = tempfile.TemporaryDirectory()
folder = Path(scratch.name)

# joblib: the usual format. Loading runs pickle, which can execute any code in the file.
joblib.dump(pipeline, folder / "churn.joblib")
from_joblib = joblib.load(folder / "churn.joblib")

# skops: JSON and arrays in a zip file that names every type inside; loading builds only the
# types it trusts, and runs no code the file carries.
sio.dump(pipeline, folder / "churn.skops")
print("outside skops' defaults:", sio.get_untrusted_types(file=folder / "churn.skops"))
#> outside skops' defaults: []
# --8<-- [end:save_load]

# --8<-- [start:allow_list]
# Types beyond skops' defaults that we have reviewed for this pipeline: written here, never
# taken from the file. A logistic regression needs none.
ALLOWED: list[str] = []


class UnexpectedTypes(Exception):
    """A model file declares a type nobody reviewed: refuse it rather than load it."""


def load_reviewed(path: Path) -> Pipeline:
    """Load a skops file only if every type it declares is a skops default or on ALLOWED."""
    unexpected = sorted(set(sio.get_untrusted_types(file=path)) - set(ALLOWED))
    if unexpected:
        raise UnexpectedTypes(f"refused {path.name}, it declares {unexpected}")
    return sio.load(path, trusted=ALLOWED)


from_skops = load_reviewed(folder / "churn.skops")
expected = pipeline.predict_proba(X_test)
for name, loaded in [("joblib", from_joblib), ("skops", from_skops)]:
    same = np.array_equal(loaded.predict_proba(X_test), expected)
    print(f"{name}: identical predictions on {len(X_test)} rows: {same}")
    #> joblib: identical predictions on 300 rows: True
    #> skops: identical predictions on 300 rows: True
# --8<-- [end:allow_list]

# --8<-- [start:refuse]
# Another file in the same folder: the same steps, with a random forest as the model.
forest = clone(pipeline).set_params(model=RandomForestClassifier(n_estimators=50, random_state=42))
sio.dump(forest.fit(X_train, y_train), folder / "other.skops")
try:
    load_reviewed(folder / "other.skops")
except UnexpectedTypes as refusal:
    print(refusal)
    #> refused other.skops, it declares ['sklearn.tree._tree.Tree']
scratch.cleanup()
# --8<-- [end:refuse]
