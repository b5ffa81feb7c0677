"""Exercise 3: equal opportunity. Which age band's churners does each model miss?"""

# ruff: noqa: E402 (the project's src/ must be on the import path before churn is imported)
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, equal_opportunity_difference
from sklearn.metrics import recall_score

project_dir = tempfile.TemporaryDirectory(prefix="churn-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", project_dir.name)
project = Path(project_dir.name) / "churn-project"
sys.path.insert(0, str(project / "src"))

from churn.data import evaluation_rows, load_params, training_rows
from churn.features import age_band
from churn.model import churn_scores, train

params = load_params(project / "params.yaml")
export, evaluation = training_rows(params), evaluation_rows(params)
bands = age_band(evaluation["age"])
WITHOUT_AGE = [f for f in params["model"]["features"] if f != "age"]


def call_list(features: list[str]) -> np.ndarray:
    """Fit the project's model on these features; call the top 20% of the evaluation set."""
    inputs = [column for column in features if column in export.columns]
    model = train(export[[*inputs, "churned"]], {**params["model"], "features": features})
    scores = churn_scores(model, evaluation[inputs])
    return scores >= np.quantile(scores, 0.8)


rows = {}
for name, features in [("with age", [*WITHOUT_AGE, "age"]), ("without age", WITHOUT_AGE)]:
    called = call_list(features)
    # Recall within each band: of the subscribers who really churned, the share that was called.
    caught = MetricFrame(
        metrics=recall_score, y_true=evaluation["churned"], y_pred=called, sensitive_features=bands
    ).by_group
    # Equal opportunity difference: the highest band's share of churners called minus the lowest.
    gap = equal_opportunity_difference(evaluation["churned"], called, sensitive_features=bands)
    rows[name] = {**caught.to_dict(), "equal opportunity difference": gap}
print("share of each band's churners who were called")
#> share of each band's churners who were called
print(pd.DataFrame(rows).T.round(3).to_string())
#>              18-34  35-49  50-64    65+  equal opportunity difference
#> with age     0.510  0.538  0.571  0.651                         0.141
#> without age  0.571  0.538  0.571  0.628                         0.089
churners = evaluation.groupby(bands)["churned"].sum()
print("churners per band:", churners.to_dict())
#> churners per band: {'18-34': 49, '35-49': 65, '50-64': 56, '65+': 43}
