"""Experimentation as one reproducible object: the churn project's pipeline, scored and tuned."""

# --8<-- [start:setup]
# ruff: noqa: E402 (the project's src/ must be on the import path before churn is imported)
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score

# The course's churn project, unpacked into a folder of its own, with its src/ on the path.
# (Later snippets unpack their own copy; this one stays for as long as the session runs.)
workspace = tempfile.TemporaryDirectory(prefix="churn-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", workspace.name)
project = Path(workspace.name) / "churn-project"
sys.path.insert(0, str(project / "src"))

from churn.data import SNAPSHOT_COLUMNS, load_params, training_rows
from churn.model import build

# --8<-- [end:setup]

# --8<-- [start:data]
params = load_params(project / "params.yaml")  # the project's settings: data, model and gate
export = training_rows(params)  # this month's export: subscribers whose outcome is known
print(f"{len(export):,} rows, churn rate {export['churned'].mean():.1%}")
#> 2,000 rows, churn rate 11.1%
print(f"accuracy of always predicting 'stays': {1 - export['churned'].mean():.1%}")
#> accuracy of always predicting 'stays': 88.9%

# The id, the columns a model may read, and the outcome: no name, email, phone or SSN.
rows = export[SNAPSHOT_COLUMNS]
X, y = rows.drop(columns=["customer_id", "churned"]), rows["churned"]
features = params["model"]["features"]
print(f"a model may read {X.shape[1]} columns; params.yaml selects {len(features)} features")
#> a model may read 7 columns; params.yaml selects 6 features
print("read but not selected:", [column for column in X.columns if column not in features])
#> read but not selected: ['region', 'age']
print("generated from the rest:", [feature for feature in features if feature not in X.columns])
#> generated from the rest: ['tickets_per_month']
# --8<-- [end:data]

# --8<-- [start:evaluate]
model = build(features, params["model"]["C"])
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
auc = cross_val_score(model, X, y, cv=folds, scoring="roc_auc")
print("ROC AUC per fold:", ", ".join(f"{score:.3f}" for score in auc))
#> ROC AUC per fold: 0.817, 0.795, 0.763, 0.802, 0.770
print(f"mean {auc.mean():.3f}, standard deviation across folds {auc.std():.3f}")
#> mean 0.789, standard deviation across folds 0.020
# --8<-- [end:evaluate]

# --8<-- [start:tune]
search = GridSearchCV(
    model, param_grid={"classifier__C": [0.01, 0.1, 1.0]}, cv=folds, scoring="roc_auc"
)
search.fit(X, y)
results = search.cv_results_
per_fold = np.array([results[f"split{i}_test_score"] for i in range(folds.n_splits)]).T
for c, scores in zip(results["param_classifier__C"], per_fold, strict=True):
    # Paired: each fold's score minus C=0.1's on the same fold, so the fold's difficulty cancels.
    differences = " ".join(f"{d:+.3f}" for d in scores - per_fold[1])
    print(f"C={c:<5} mean ROC AUC {scores.mean():.3f}, minus C=0.1 per fold: {differences}")
    #> C=0.01  mean ROC AUC 0.789, minus C=0.1 per fold: +0.003 -0.006 +0.005 +0.004 -0.006
    #> C=0.1   mean ROC AUC 0.789, minus C=0.1 per fold: +0.000 +0.000 +0.000 +0.000 +0.000
    #> C=1.0   mean ROC AUC 0.789, minus C=0.1 per fold: +0.000 +0.001 -0.001 -0.002 -0.000
# --8<-- [end:tune]
