"""Responsible ML as checks: fairness across groups, what drives the model, and what it reads."""

# --8<-- [start:setup]
# ruff: noqa: E402 (the project's src/ must be on the import path before churn is imported)
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, count, demographic_parity_difference, selection_rate
from sklearn.inspection import partial_dependence, permutation_importance
from sklearn.metrics import recall_score, roc_auc_score

# The course's churn project, unpacked into a folder of its own, with its src/ on the path.
project_dir = tempfile.TemporaryDirectory(prefix="churn-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", project_dir.name)
project = Path(project_dir.name) / "churn-project"
sys.path.insert(0, str(project / "src"))

from churn.data import evaluation_rows, load_params, training_rows
from churn.features import age_band
from churn.model import churn_scores, train

# --8<-- [end:setup]

# --8<-- [start:model]
params = load_params(project / "params.yaml")


def as_floats(rows: pd.DataFrame) -> pd.DataFrame:
    """Numbers as floats: partial_dependence sets float values into the columns it varies."""
    return rows.astype({column: float for column in rows.select_dtypes("number").columns})


export = as_floats(training_rows(params))
evaluation = as_floats(evaluation_rows(params))
WITHOUT_AGE = [f for f in params["model"]["features"] if f != "age"]
WITH_AGE = [*WITHOUT_AGE, "age"]


def fit(features: list[str]):
    """The project's model on these features, given only the columns they name."""
    inputs = [column for column in features if column in export.columns]
    return train(export[[*inputs, "churned"]], {**params["model"], "features": features})


def call_list(model) -> np.ndarray:
    """The retention team calls the 20% of subscribers with the highest churn scores."""
    scores = churn_scores(model, evaluation[model.feature_names_in_])
    return scores >= np.quantile(scores, 0.8)


model = fit(WITH_AGE)
called = call_list(model)
print(f"{called.sum()} of {len(evaluation):,} subscribers called by the model with age")
#> 400 of 2,000 subscribers called by the model with age
# --8<-- [end:model]

# --8<-- [start:fairness]
bands = age_band(evaluation["age"])
METRICS = {
    "subscribers": count,
    "churn rate": lambda y_true, y_pred: y_true.mean(),
    "called": selection_rate,
    "churners called": partial(recall_score, zero_division=np.nan),
}


def by_group(group: pd.Series) -> pd.DataFrame:
    frame = MetricFrame(
        metrics=METRICS, y_true=evaluation["churned"], y_pred=called, sensitive_features=group
    )
    return frame.by_group.astype({"subscribers": int}).round(3)


print(by_group(bands.rename("age band")).to_string())
#>           subscribers  churn rate  called  churners called
#> age band
#> 18-34             551       0.089   0.180            0.510
#> 35-49             495       0.131   0.180            0.538
#> 50-64             477       0.117   0.212            0.571
#> 65+               477       0.090   0.233            0.651
print(by_group(evaluation["gender"]).to_string())
#>            subscribers  churn rate  called  churners called
#> gender
#> female             945       0.117   0.207            0.577
#> male              1006       0.094   0.192            0.537
#> nonbinary           49       0.143   0.224            0.714
gap = demographic_parity_difference(evaluation["churned"], called, sensitive_features=bands)
print(f"demographic parity difference by age band: {gap:.3f}")
#> demographic parity difference by age band: 0.053
# --8<-- [end:fairness]

# --8<-- [start:importance]
# How much does the ROC AUC drop when one input column's values are shuffled?
importance = permutation_importance(
    model,
    evaluation[model.feature_names_in_],
    evaluation["churned"],
    scoring="roc_auc",
    n_repeats=10,
    random_state=42,
)
drops = pd.Series(importance.importances_mean, index=model.feature_names_in_)
print(drops.sort_values(ascending=False).round(3).to_string())
#> tenure_months       0.122
#> payment_failures    0.063
#> watch_hours         0.057
#> support_tickets     0.036
#> plan                0.005
#> age                 0.000
# --8<-- [end:importance]


# --8<-- [start:dependence]
def average_score(feature: str, values: list[int]) -> str:
    """The mean churn score if every subscriber had each value, all else unchanged."""
    result = partial_dependence(
        model, evaluation[model.feature_names_in_], [feature], custom_values={feature: values}
    )
    return "  ".join(
        f"{value:.0f}: {score:.3f}"
        for value, score in zip(result["grid_values"][0], result["average"][0], strict=True)
    )


print("age      ", average_score("age", [20, 35, 50, 65, 79]))
#> age       20: 0.102  35: 0.107  50: 0.113  65: 0.118  79: 0.124
print("tenure   ", average_score("tenure_months", [1, 12, 24, 36, 48, 60]))
#> tenure    1: 0.366  12: 0.177  24: 0.115  36: 0.073  48: 0.046  60: 0.028

# Where did the model's taste for age come from? The rows it was trained on.
training_churn = export.groupby(age_band(export["age"]))["churned"].mean()
print("training churn rate by age band:", training_churn.round(3).to_dict())
#> training churn rate by age band: {'18-34': 0.108, '35-49': 0.088, '50-64': 0.13, '65+': 0.116}
# --8<-- [end:dependence]

# --8<-- [start:mitigate]
without_age = fit(WITHOUT_AGE)
for name, candidate in [("with age", model), ("without age", without_age)]:
    auc = roc_auc_score(
        evaluation["churned"], churn_scores(candidate, evaluation[candidate.feature_names_in_])
    )
    parity = demographic_parity_difference(
        evaluation["churned"], call_list(candidate), sensitive_features=bands
    )
    print(f"{name:<12} ROC AUC {auc:.3f}, demographic parity difference {parity:.3f}")
    #> with age     ROC AUC 0.789, demographic parity difference 0.053
    #> without age  ROC AUC 0.790, demographic parity difference 0.024
# --8<-- [end:mitigate]

# --8<-- [start:privacy]
DIRECT_IDENTIFIERS = {"name", "email", "phone", "ssn"}
# Columns that single a person out once combined: tenure is the signup date counted in months.
QUASI_IDENTIFIERS = {"age", "birth_date", "gender", "region", "signup_date", "tenure_months",
                     "zip_code"}
reads = set(without_age.feature_names_in_)
print("direct identifiers the model reads:", sorted(DIRECT_IDENTIFIERS & reads) or "none")
#> direct identifiers the model reads: none
print("quasi-identifiers the model reads: ", sorted(QUASI_IDENTIFIERS & reads) or "none")
#> quasi-identifiers the model reads:  ['tenure_months']
# --8<-- [end:privacy]
