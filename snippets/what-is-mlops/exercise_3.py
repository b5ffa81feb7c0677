"""Exercise 3: equal opportunity. Which age band's churners does each model miss?"""

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, equal_opportunity_difference
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

subscribers = make_subscribers(n=2_000, seed=42)
CATEGORICAL = ["plan", "region"]
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
train, holdout = subscribers.iloc[:1_500], subscribers.iloc[1_500:]
age_band = pd.cut(holdout["age"], [17, 34, 49, 64, 79], labels=["18-34", "35-49", "50-64", "65-79"])


def call_list(numeric: list[str]) -> np.ndarray:
    """Fit the page's model on these numeric features; call the top 20% of the holdout."""
    features = CATEGORICAL + numeric
    encode = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
            ("scale", StandardScaler(), numeric),
        ]
    )
    classifier = LogisticRegression(C=0.1, solver="liblinear")
    model = Pipeline([("features", encode), ("classifier", classifier)])
    scores = model.fit(train[features], train["churned"]).predict_proba(holdout[features])[:, 1]
    return scores >= np.quantile(scores, 0.8)


rows = {}
for name, numeric in [("with age", NUMERIC), ("without age", NUMERIC[1:])]:
    called = call_list(numeric)
    # Recall within each band: of the subscribers who really churned, the share that was called.
    caught = MetricFrame(
        metrics=recall_score, y_true=holdout["churned"], y_pred=called, sensitive_features=age_band
    ).by_group
    # Equal opportunity difference: the highest band's share of churners called minus the lowest.
    gap = equal_opportunity_difference(holdout["churned"], called, sensitive_features=age_band)
    rows[name] = {**caught.to_dict(), "equal opportunity difference": gap}
print("share of each band's churners who were called")
#> share of each band's churners who were called
print(pd.DataFrame(rows).T.round(3).to_string())
#>              18-34  35-49  50-64  65-79  equal opportunity difference
#> with age     0.312  0.565  0.500  0.818                         0.506
#> without age  0.438  0.565  0.444  0.727                         0.290
churners = holdout.groupby(age_band, observed=True)["churned"].sum()
print("churners per band:", churners.to_dict())
#> churners per band: {'18-34': 16, '35-49': 23, '50-64': 18, '65-79': 11}
