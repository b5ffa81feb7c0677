"""A random forest against a small neural network (churn_candidates.py): quality and costs."""

# --8<-- [start:setup]
import json
import tempfile
from pathlib import Path

import joblib
import pandas as pd
from sklearn.metrics import accuracy_score, roc_auc_score

from churn_candidates import neural_network, random_forest, split_subscribers

# --8<-- [end:setup]

# --8<-- [start:candidates]
X_train, X_test, y_train, y_test = split_subscribers()
candidates = {"random forest": random_forest(), "neural network": neural_network()}
# --8<-- [end:candidates]

# --8<-- [start:measure]
results = {}
with tempfile.TemporaryDirectory() as folder:
    for name, model in candidates.items():
        model.fit(X_train, y_train)
        path = Path(folder) / f"{name}.joblib"
        joblib.dump(model, path)  # the file a serving container would load
        churn_probability = model.predict_proba(X_test)[:, 1]
        results[name] = {
            "ROC AUC": f"{roc_auc_score(y_test, churn_probability):.3f}",
            "accuracy": f"{accuracy_score(y_test, churn_probability >= 0.5):.3f}",
            "size on disk": f"{path.stat().st_size / 1024:,.0f} KB",
        }

# Times come from bench_algorithms.py, which timed these two pipelines and saved the record.
bench = json.loads(Path("bench_algorithms.json").read_text())
machine = bench["machine"]
where = f"{machine['system']}, {machine['processor']}, {machine['cpus']} CPUs"
print(f"measured {bench['measured']} on {where}, Python {machine['python']}")
#> measured 2026-11-28 on Linux, AMD EPYC, 2 CPUs, Python 3.11.7
fit, one_row = bench["results"]["fit"], bench["results"]["one_row"]
fits, calls = len(fit["random forest"]["runs_s"]), one_row["random forest"]["calls"]
print(f"{fits} timed fits and {calls} timed single-row calls per model")
#> 5 timed fits and 200 timed single-row calls per model
# --8<-- [end:measure]

# --8<-- [start:table]
table = pd.DataFrame(results).T
table["fit time"] = [f"{fit[name]['median_s'] * 1000:,.0f} ms" for name in table.index]
table["p95 latency"] = [f"{one_row[name]['p95_s'] * 1000:.1f} ms" for name in table.index]
print(table.to_string())
#>                ROC AUC accuracy size on disk fit time p95 latency
#> random forest    0.633    0.893     1,187 KB   595 ms     40.3 ms
#> neural network   0.658    0.880        93 KB   160 ms      8.7 ms
print(f"accuracy of always predicting 'stays': {1 - y_test.mean():.3f}")
#> accuracy of always predicting 'stays': 0.893
forest, network = "random forest", "neural network"
fit_ratio = fit[forest]["median_s"] / fit[network]["median_s"]
p95_ratio = one_row[forest]["p95_s"] / one_row[network]["p95_s"]
print(f"the forest takes {fit_ratio:.1f}x as long to fit, {p95_ratio:.1f}x as long per request")
#> the forest takes 3.7x as long to fit, 4.7x as long per request
# --8<-- [end:table]
