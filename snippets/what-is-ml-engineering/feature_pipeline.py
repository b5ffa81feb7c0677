"""Encoding and scaling inside a scikit-learn pipeline, then keeping only features that help."""

# --8<-- [start:setup]
import textwrap

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
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
def model_for(kept: list[str]) -> Pipeline:
    return churn_model([c for c in numeric if c in kept], [c for c in categorical if c in kept])


def drop_one_loss(rows: pd.DataFrame) -> pd.Series:
    """ROC AUC lost when each column is left out, by 5-fold cross-validation on `rows` only."""
    columns = numeric + categorical

    def cv_auc(kept: list[str]) -> float:
        folds = cross_val_score(model_for(kept), rows[kept], rows["churned"], scoring="roc_auc")
        return folds.mean()

    everything = cv_auc(columns)
    lost = {column: everything - cv_auc([c for c in columns if c != column]) for column in columns}
    return pd.Series(lost, name="ROC AUC lost without it").sort_values(ascending=False)


def select(loss: pd.Series) -> list[str]:
    """Keep the columns whose removal costs score."""
    return [column for column, lost in loss.items() if lost > 0]


# What to ship: the selection, run on all 1,000 rows.
loss = drop_one_loss(subs)
print(loss.round(3).to_string())
#> payment_failures    0.048
#> tenure_months       0.041
#> watch_hours         0.031
#> support_tickets     0.005
#> plan               -0.002
#> region             -0.003
kept = select(loss)
print(f"kept {kept}")
#> kept ['payment_failures', 'tenure_months', 'watch_hours', 'support_tickets']

# How well does "select, then fit" do on new rows? Those scores above cannot say: they chose the
# columns. Nested cross-validation runs the whole choice again inside each training fold, and
# scores it once on the outer fold, which neither the choice nor the fit has seen. That is
# 5 x 35 small fits, the slowest part of this file: several seconds.
outer = []
times_kept = pd.Series(0, index=numeric + categorical, name="kept in how many of 5 folds")
for train_rows, test_rows in StratifiedKFold(5, shuffle=True, random_state=42).split(subs, y):
    train, test = subs.iloc[train_rows], subs.iloc[test_rows]
    fold_kept = select(drop_one_loss(train))
    times_kept[fold_kept] += 1
    model = model_for(fold_kept).fit(train[fold_kept], train["churned"])
    outer.append(roc_auc_score(test["churned"], model.predict_proba(test[fold_kept])[:, 1]))
print(times_kept.to_string())
#> tenure_months       5
#> watch_hours         5
#> support_tickets     4
#> payment_failures    5
#> plan                0
#> region              0
outer = pd.Series(outer)
print(f"nested 5-fold ROC AUC: {outer.mean():.3f} (folds {outer.min():.3f} to {outer.max():.3f})")
#> nested 5-fold ROC AUC: 0.763 (folds 0.709 to 0.808)
# --8<-- [end:select]
