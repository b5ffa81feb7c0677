"""Four candidates (churn_candidates.py) on the same folds: quality, fold by fold, then costs."""

# --8<-- [start:setup]
import json
import tempfile
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from scipy import stats
from sklearn.model_selection import cross_validate

from churn_candidates import FOLDS, candidates, subscribers_xy

# --8<-- [end:setup]

# --8<-- [start:quality]
X, y = subscribers_xy()
models = candidates()
auc, accuracy = {}, {}
for name, model in models.items():  # each model on the same 20 folds, refitted on each
    scores = cross_validate(model, X, y, cv=FOLDS, scoring=["roc_auc", "accuracy"])
    auc[name], accuracy[name] = scores["test_roc_auc"], scores["test_accuracy"]
auc = pd.DataFrame(auc)  # one row per fold, one column per model
quality = pd.DataFrame(
    {
        "ROC AUC": auc.mean(),
        "worst fold": auc.min(),
        "best fold": auc.max(),
        "accuracy": pd.DataFrame(accuracy).mean(),
    }
)
print(quality.round(3).to_string())
#>                      ROC AUC  worst fold  best fold  accuracy
#> baseline               0.500       0.500      0.500     0.894
#> logistic regression    0.772       0.700      0.846     0.899
#> random forest          0.744       0.647      0.835     0.894
#> neural network         0.755       0.687      0.837     0.895
print(f"share of subscribers who stay: {1 - y.mean():.3f}")
#> share of subscribers who stay: 0.894
# --8<-- [end:quality]

# --8<-- [start:paired]
best = auc.mean().idxmax()
# Fold by fold: on each fold both models trained on the same rows and were scored on the same.
differences = auc.drop(columns=best).rsub(auc[best], axis=0)  # best minus each other model
folds = len(differences)
# The folds share rows, so their differences are not independent. The corrected repeated
# cross-validation t-test (Nadeau and Bengio) widens the interval by the test/training share.
train_rows, test_rows = next(FOLDS.split(X, y))
spread = np.sqrt((1 / folds + len(test_rows) / len(train_rows)) * differences.var(ddof=1))
margin = stats.t.ppf(0.975, folds - 1) * spread
paired = pd.DataFrame(
    {
        "mean difference": differences.mean(),
        "folds it won": (differences > 0).sum(),
        "95% low": differences.mean() - margin,
        "95% high": differences.mean() + margin,
    }
)
print(f"{best} minus each other model, on the same {folds} folds:")
#> logistic regression minus each other model, on the same 20 folds:
print(paired.round(3).to_string())
#>                 mean difference  folds it won  95% low  95% high
#> baseline                  0.272            20    0.225     0.318
#> random forest             0.028            16   -0.014     0.069
#> neural network            0.016            18   -0.000     0.033
# The rule, written before the numbers: the simplest candidate the best has not clearly beaten.
not_beaten = [name for name in models if name == best or paired.loc[name, "95% low"] <= 0]
print(f"choice: {not_beaten[0]}")
#> choice: logistic regression
# --8<-- [end:paired]

# --8<-- [start:costs]
size_kb = {}
with tempfile.TemporaryDirectory() as folder:
    for name, model in models.items():
        path = Path(folder) / "model.joblib"
        joblib.dump(model.fit(X, y), path)  # the file a serving container would load
        size_kb[name] = path.stat().st_size / 1024
# Times come from bench_algorithms.py, which timed these pipelines and saved the record.
bench = json.loads(Path("bench_algorithms.json").read_text())
machine = bench["machine"]
print(f"timed {bench['measured']} on {machine['processor']}, {machine['cpus']} CPUs")
#> timed 2026-12-05 on AMD EPYC, 2 CPUs
fit, one_row = bench["results"]["fit"], bench["results"]["one_row"]
costs = pd.DataFrame(
    {
        "size (KB)": pd.Series(size_kb).round().astype(int),
        "fit (ms)": [fit[name]["median_s"] * 1000 for name in models],
        "p95 one row (ms)": [one_row[name]["p95_s"] * 1000 for name in models],
    }
)
print(costs.round(1).to_string())
#>                      size (KB)  fit (ms)  p95 one row (ms)
#> baseline                     3       4.4               2.2
#> logistic regression          3       5.0               2.1
#> random forest             1697     207.3              10.5
#> neural network              94      93.9               3.4
# --8<-- [end:costs]
