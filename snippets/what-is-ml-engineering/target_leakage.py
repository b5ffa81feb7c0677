"""Two ways a churn model can look far better in testing than it will be in production."""

# --8<-- [start:setup]
import numpy as np
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from subscribers import make_subscribers

crm = make_subscribers()
# --8<-- [end:setup]

# --8<-- [start:column]
rng = np.random.default_rng(42)
# The CRM logs a "retention offer" when a subscriber clicks "cancel my plan". By the time the
# export is taken most churners have one, so the column looks like a superb predictor.
logged = rng.random(len(crm)) < np.where(crm["churned"], 0.85, 0.03)
crm["retention_offer"] = logged.astype(int)

behaviour = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
train, test = train_test_split(crm, test_size=0.3, random_state=42, stratify=crm["churned"])


def held_out_auc(columns: list[str], scoring_rows) -> float:
    model = make_pipeline(StandardScaler(), LogisticRegression())
    model.fit(train[columns], train["churned"])
    return roc_auc_score(test["churned"], model.predict_proba(scoring_rows[columns])[:, 1])


with_leak = behaviour + ["retention_offer"]
print(f"with the offer column, held-out ROC AUC:  {held_out_auc(with_leak, test):.3f}")
#> with the offer column, held-out ROC AUC:  0.958
# On the day the model scores a subscriber, nobody has clicked "cancel" yet: the column is 0.
at_prediction_time = test.assign(retention_offer=0)
scored_as_in_production = held_out_auc(with_leak, at_prediction_time)
print(f"same model, rows as they look when scored: {scored_as_in_production:.3f}")
#> same model, rows as they look when scored: 0.668
print(f"without the column, held-out ROC AUC:      {held_out_auc(behaviour, test):.3f}")
#> without the column, held-out ROC AUC:      0.669
# --8<-- [end:column]

# --8<-- [start:selection]
# 1,000 columns of pure noise: no model can predict churn from them.
noise = np.random.default_rng(1).normal(size=(len(crm), 1_000))
churned = crm["churned"]

# Leaky: pick the 20 columns most correlated with churn using ALL rows, then cross-validate.
picked = SelectKBest(f_classif, k=20).fit_transform(noise, churned)
leaky = cross_val_score(LogisticRegression(), picked, churned, cv=5, scoring="roc_auc")
# Honest: the selection is a pipeline step, so each fold picks its columns from training rows.
honest = cross_val_score(
    make_pipeline(SelectKBest(f_classif, k=20), LogisticRegression()),
    noise,
    churned,
    cv=5,
    scoring="roc_auc",
)
print(f"noise, features selected before the split: ROC AUC {leaky.mean():.3f}")
#> noise, features selected before the split: ROC AUC 0.766
print(f"noise, selection inside the pipeline:      ROC AUC {honest.mean():.3f}")
#> noise, selection inside the pipeline:      ROC AUC 0.491
print(f"honest folds range from {honest.min():.2f} to {honest.max():.2f}")
#> honest folds range from 0.42 to 0.60
# --8<-- [end:selection]
