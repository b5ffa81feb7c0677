"""Exercise 1: a gate that also refuses a model that ranks one plan's subscribers poorly."""

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import clean_subscribers, make_messy_subscribers

# The capstone's data and split: the same export, cleaned by the same rules, the same holdout.
export = make_messy_subscribers(n=3000, seed=7)
clean = clean_subscribers(export)
print(f"rows after cleaning: {len(clean)} of {len(export)}")
#> rows after cleaning: 2997 of 3003
FEATURES = ["plan", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
train, holdout = train_test_split(
    clean, test_size=0.3, stratify=clean["churned"], random_state=42
)
OVERALL_FLOOR = PLAN_FLOOR = 0.65


def fit(columns: list[str]):
    categorical = [c for c in columns if c == "plan"]
    numeric = [c for c in columns if c not in categorical]
    encode = ColumnTransformer(
        [("onehot", OneHotEncoder(), categorical), ("scale", StandardScaler(), numeric)]
    )
    model = make_pipeline(encode, LogisticRegression(max_iter=1000))
    return model.fit(train[columns], train["churned"])


def holdout_aucs(model, columns: list[str]) -> dict[str, float]:
    """ROC AUC on the whole holdout and on each plan's subscribers separately."""
    scores = pd.Series(model.predict_proba(holdout[columns])[:, 1], index=holdout.index)
    aucs = {"all": roc_auc_score(holdout["churned"], scores)}
    for plan, rows in holdout.groupby("plan"):
        aucs[plan] = roc_auc_score(rows["churned"], scores[rows.index])
    return aucs


def plan_gate(aucs: dict[str, float]) -> str:
    """The capstone's floor on the overall AUC, plus the same floor for every plan."""
    if aucs["all"] < OVERALL_FLOOR:
        return f"refused: overall {aucs['all']:.3f}"
    weak = [f"{plan} {auc:.3f}" for plan, auc in aucs.items() if plan != "all" and auc < PLAN_FLOOR]
    return f"refused: {', '.join(weak)}" if weak else "passed"


churners = holdout.groupby("plan")["churned"].sum()
print("churners per plan in the holdout:", churners.to_dict())
#> churners per plan in the holdout: {'basic': 53, 'premium': 16, 'standard': 34}
candidates = {
    "baseline": FEATURES,
    "no-tenure": [c for c in FEATURES if c != "tenure_months"],
}
report = {}
for name, columns in candidates.items():
    aucs = holdout_aucs(fit(columns), columns)
    report[name] = {**{k: round(v, 3) for k, v in aucs.items()}, "verdict": plan_gate(aucs)}
print(pd.DataFrame(report).T.to_string())
#>              all  basic premium standard                  verdict
#> baseline   0.769  0.752   0.886    0.726                   passed
#> no-tenure  0.706   0.68   0.892    0.626  refused: standard 0.626
