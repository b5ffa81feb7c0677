"""Encoding and scaling inside a scikit-learn pipeline, then keeping only features that help."""

# --8<-- [start:setup]
import textwrap

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

subs = make_subscribers()
y = subs["churned"]
# --8<-- [end:setup]

# --8<-- [start:pipeline]
def churn_model(numeric: list[str], categorical: list[str]) -> Pipeline:
    """Scale numbers, one-hot encode categories, then a logistic regression: one object."""
    features = ColumnTransformer(
        [
            ("scale", StandardScaler(), numeric),
            ("one_hot", OneHotEncoder(handle_unknown="ignore"), categorical),
        ]
    )
    return Pipeline([("features", features), ("classifier", LogisticRegression())])


numeric = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
categorical = ["plan", "region"]
model = churn_model(numeric, categorical).fit(subs[numeric + categorical], y)
names = model[:-1].get_feature_names_out()
print(f"{len(names)} columns reach the classifier:")
#> 11 columns reach the classifier:
print(textwrap.fill(", ".join(names), width=96))
#> scale__tenure_months, scale__watch_hours, scale__support_tickets, scale__payment_failures,
#> one_hot__plan_basic, one_hot__plan_premium, one_hot__plan_standard, one_hot__region_east,
#> one_hot__region_north, one_hot__region_south, one_hot__region_west

# cross_val_score refits the whole pipeline on each training fold: the scaler's mean and the
# encoder's categories are learned without ever seeing the fold they are scored on.
scores = cross_val_score(
    churn_model(numeric, categorical), subs[numeric + categorical], y, cv=5, scoring="roc_auc"
)
print(f"5-fold ROC AUC: {scores.mean():.3f} (folds from {scores.min():.3f} to {scores.max():.3f})")
#> 5-fold ROC AUC: 0.769 (folds from 0.694 to 0.809)
# --8<-- [end:pipeline]

# --8<-- [start:select]
# Drop one column at a time and cross-validate again: a column worth keeping is one whose
# removal costs score on rows the model has not seen.
baseline = scores.mean()
loss = {}
for column in numeric + categorical:
    num = [c for c in numeric if c != column]
    cat = [c for c in categorical if c != column]
    without = cross_val_score(churn_model(num, cat), subs[num + cat], y, cv=5, scoring="roc_auc")
    loss[column] = baseline - without.mean()
loss = pd.Series(loss, name="ROC AUC lost without it").sort_values(ascending=False)
print(loss.round(3).to_string())
#> payment_failures    0.048
#> tenure_months       0.041
#> watch_hours         0.031
#> support_tickets     0.005
#> plan               -0.002
#> region             -0.003

kept = [column for column, lost in loss.items() if lost > 0]
num, cat = [c for c in numeric if c in kept], [c for c in categorical if c in kept]
smaller = cross_val_score(churn_model(num, cat), subs[kept], y, cv=5, scoring="roc_auc")
print(f"kept {kept}")
#> kept ['payment_failures', 'tenure_months', 'watch_hours', 'support_tickets']
print(f"5-fold ROC AUC with {len(kept)} of {len(loss)} columns: {smaller.mean():.3f}")
#> 5-fold ROC AUC with 4 of 6 columns: 0.774
# --8<-- [end:select]
