"""Responsible ML as checks: fairness across groups, what drives the model, and no personal data."""

# --8<-- [start:setup]
from functools import partial

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, count, demographic_parity_difference, selection_rate
from sklearn.compose import ColumnTransformer
from sklearn.inspection import partial_dependence, permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:model]
# The retrained model of the tracking section: same rows, same features, same settings.
subscribers = make_subscribers(n=2_000, seed=42)
CATEGORICAL = ["plan", "region"]
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
subscribers[NUMERIC] = subscribers[NUMERIC].astype(float)  # partial_dependence wants floats
train, holdout = subscribers.iloc[:1_500], subscribers.iloc[1_500:]


def fit(numeric: list[str]) -> Pipeline:
    """The page's churn pipeline, on plan and region plus these numeric columns."""
    encode = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
            ("scale", StandardScaler(), numeric),
        ]
    )
    classifier = LogisticRegression(C=0.1, solver="liblinear")
    model = Pipeline([("features", encode), ("classifier", classifier)])
    return model.fit(train[CATEGORICAL + numeric], train["churned"])


def call_list(model: Pipeline) -> np.ndarray:
    """The retention team calls the 20% of holdout subscribers with the highest churn scores."""
    scores = model.predict_proba(holdout[model.feature_names_in_])[:, 1]
    return scores >= np.quantile(scores, 0.8)


model = fit(NUMERIC)
called = call_list(model)
print(f"{called.sum()} of {len(holdout)} holdout subscribers called")
#> 100 of 500 holdout subscribers called
# --8<-- [end:model]

# --8<-- [start:fairness]
age_band = pd.cut(holdout["age"], [17, 34, 49, 64, 79], labels=["18-34", "35-49", "50-64", "65-79"])
METRICS = {
    "subscribers": count,
    "churn rate": lambda y_true, y_pred: y_true.mean(),
    "called": selection_rate,
    "churners called": partial(recall_score, zero_division=np.nan),
}


def by_group(group: pd.Series) -> pd.DataFrame:
    frame = MetricFrame(
        metrics=METRICS, y_true=holdout["churned"], y_pred=called, sensitive_features=group
    )
    return frame.by_group.astype({"subscribers": int}).round(3)


print(by_group(age_band).to_string())
#>        subscribers  churn rate  called  churners called
#> age
#> 18-34          150       0.107   0.120            0.312
#> 35-49          132       0.174   0.212            0.565
#> 50-64          118       0.153   0.203            0.500
#> 65-79          100       0.110   0.300            0.818
print(by_group(holdout["gender"]).to_string())
#>            subscribers  churn rate  called  churners called
#> gender
#> female             242       0.149   0.207            0.444
#> male               253       0.126   0.194            0.625
#> nonbinary            5       0.000   0.200              NaN
gap = demographic_parity_difference(holdout["churned"], called, sensitive_features=age_band)
print(f"demographic parity difference by age band: {gap:.3f}")
#> demographic parity difference by age band: 0.180
# --8<-- [end:fairness]

# --8<-- [start:importance]
# How much does the holdout ROC AUC drop when one column's values are shuffled?
importance = permutation_importance(
    model,
    holdout[model.feature_names_in_],
    holdout["churned"],
    scoring="roc_auc",
    n_repeats=10,
    random_state=42,
)
drops = pd.Series(importance.importances_mean, index=model.feature_names_in_)
print(drops.sort_values(ascending=False).round(3).to_string())
#> tenure_months       0.126
#> support_tickets     0.054
#> watch_hours         0.048
#> payment_failures    0.045
#> plan                0.008
#> region              0.001
#> age                 0.001
# --8<-- [end:importance]

# --8<-- [start:dependence]
def average_score(feature: str, values: list[int]) -> str:
    """The mean churn score if every holdout subscriber had each value, all else unchanged."""
    result = partial_dependence(
        model, holdout[model.feature_names_in_], [feature], custom_values={feature: values}
    )
    return "  ".join(
        f"{value:.0f}: {score:.3f}"
        for value, score in zip(result["grid_values"][0], result["average"][0], strict=True)
    )


print("age      ", average_score("age", [20, 35, 50, 65, 79]))
#> age       20: 0.086  35: 0.094  50: 0.103  65: 0.112  79: 0.122
print("tenure   ", average_score("tenure_months", [1, 12, 24, 36, 48, 60]))
#> tenure    1: 0.226  12: 0.162  24: 0.109  36: 0.071  48: 0.046  60: 0.029

# Where did the model's taste for age come from? The rows it was trained on.
bands = pd.cut(train["age"], [17, 34, 49, 64, 79], labels=["18-34", "35-49", "50-64", "65-79"])
training_churn = train.groupby(bands, observed=True)["churned"].mean()
print("training churn rate:", training_churn.round(3).to_dict())
#> training churn rate: {'18-34': 0.101, '35-49': 0.054, '50-64': 0.082, '65-79': 0.126}
# --8<-- [end:dependence]

# --8<-- [start:mitigate]
without_age = fit([f for f in NUMERIC if f != "age"])
for name, candidate in [("with age", model), ("without age", without_age)]:
    auc = roc_auc_score(
        holdout["churned"], candidate.predict_proba(holdout[candidate.feature_names_in_])[:, 1]
    )
    parity = demographic_parity_difference(
        holdout["churned"], call_list(candidate), sensitive_features=age_band
    )
    print(f"{name:<12} holdout ROC AUC {auc:.3f}, demographic parity difference {parity:.3f}")
    #> with age     holdout ROC AUC 0.773, demographic parity difference 0.180
    #> without age  holdout ROC AUC 0.773, demographic parity difference 0.073
# --8<-- [end:mitigate]

# --8<-- [start:privacy]
PII = {"name", "email", "phone", "ssn", "birth_date", "zip_code"}
inputs = set(without_age.feature_names_in_)
print("personal data among the model's inputs:", sorted(PII & inputs) or "none")
#> personal data among the model's inputs: none
print("age or gender among the model's inputs:", sorted({"age", "gender"} & inputs) or "none")
#> age or gender among the model's inputs: none
# --8<-- [end:privacy]
