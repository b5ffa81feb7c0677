"""Four families of classifier (classifier_families.py) on one churn task, side by side."""

# --8<-- [start:setup]
import json
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
from sklearn.metrics import accuracy_score, roc_auc_score

from classifier_families import classifiers, preparation, split_subscribers

# The course's churn project, unpacked into a temp folder, for its paired bootstrap of two AUCs.
project = tempfile.TemporaryDirectory(prefix="churn-project-")
shutil.unpack_archive("churn-project.zip", project.name)
sys.path.insert(0, str(Path(project.name) / "churn-project" / "src"))
from churn.evaluate import compare  # noqa: E402 (importable only once src/ is on the path)

# --8<-- [end:setup]

# --8<-- [start:data]
X_train, X_test, y_train, y_test = split_subscribers()
prepare = preparation()
train = prepare.fit_transform(X_train)
test = prepare.transform(X_test)
print(f"{len(X_train)} training rows, {len(X_test)} test rows, churn rate {y_test.mean():.3f}")
#> 2100 training rows, 900 test rows, churn rate 0.108
# --8<-- [end:data]

# --8<-- [start:models]
models = classifiers()

# Fit times come from bench_classifiers.py, which fitted these models on the same rows and saved
# what it measured: timed here, they would change from run to run.
bench = json.loads(Path("bench_classifiers.json").read_text())
machine = bench["machine"]
where = f"{machine['system']}, {machine['processor']}, {machine['cpus']} CPUs"
print(f"fit times measured {bench['measured']} on {where}, Python {machine['python']}")
#> fit times measured 2026-11-28 on Linux, AMD EPYC, 2 CPUs, Python 3.11.7

rows, scores = [], {}
for name, model in models.items():
    model.fit(train, y_train)
    # ROC AUC needs a score per subscriber; an SVC gives a distance to its boundary instead.
    if hasattr(model, "predict_proba"):
        scores[name] = model.predict_proba(test)[:, 1]
    else:
        scores[name] = model.decision_function(test)
    fit_ms = bench["results"][name]["median_s"] * 1000
    rows.append(
        {
            "model": name,
            "accuracy": accuracy_score(y_test, model.predict(test)),
            "ROC AUC": roc_auc_score(y_test, scores[name]),
            "fit time": f"{fit_ms:.0f} ms" if fit_ms >= 10 else f"{fit_ms:.1f} ms",
        }
    )
print(pd.DataFrame(rows).round(3).to_string(index=False))
#>                     model  accuracy  ROC AUC fit time
#> always 'stays' (baseline)     0.892    0.500   0.4 ms
#>             decision tree     0.894    0.699   4.0 ms
#>    support vector machine     0.892    0.657    84 ms
#>               naive Bayes     0.886    0.771   2.7 ms
#>      neural network (MLP)     0.894    0.771   490 ms
# --8<-- [end:models]

# --8<-- [start:intervals]
# How sure is each gap? compare() resamples the test rows 1,000 times and scores both models on
# every resample (a paired bootstrap): the interval of the difference in ROC AUC.
print(f"{y_test.sum()} churners among the {len(y_test)} test rows")
#> 97 churners among the 900 test rows
for other in ["neural network (MLP)", "decision tree", "support vector machine"]:
    gap = compare(y_test, scores["naive Bayes"], scores[other])
    interval = f"95% interval {gap.low:+.3f} to {gap.high:+.3f}"
    print(f"naive Bayes minus {other}: {gap.difference:+.3f}, {interval}")
    #> naive Bayes minus neural network (MLP): +0.001, 95% interval -0.020 to +0.022
    #> naive Bayes minus decision tree: +0.072, 95% interval +0.014 to +0.126
    #> naive Bayes minus support vector machine: +0.114, 95% interval +0.040 to +0.183
# --8<-- [end:intervals]
