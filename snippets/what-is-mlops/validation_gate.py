"""An automated gate: a candidate model reaches staging only if it passes every check."""

from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from dataset.subscribers import make_subscribers

# --8<-- [start:setup]
subscribers = make_subscribers(n=1_000, seed=42)
train, holdout = train_test_split(
    subscribers, test_size=0.3, stratify=subscribers["churned"], random_state=42
)
print(f"holdout: {len(holdout)} rows, {holdout['churned'].sum()} churners")
#> holdout: 300 rows, 32 churners
PII = {"name", "email", "phone", "ssn", "birth_date", "zip_code"}

# The business rule the model must beat: "call everyone whose payment failed".
rule_auc = roc_auc_score(holdout["churned"], holdout["payment_failures"])
print(f"business rule, holdout ROC AUC: {rule_auc:.3f}")
#> business rule, holdout ROC AUC: 0.554


def train_candidate(features: list[str]) -> Pipeline:
    categorical = [c for c in features if train[c].dtype == "str"]
    numeric = [c for c in features if c not in categorical]
    model = Pipeline(
        [
            (
                "features",
                ColumnTransformer(
                    [
                        ("onehot", OneHotEncoder(handle_unknown="ignore"), categorical),
                        ("scale", StandardScaler(), numeric),
                    ]
                ),
            ),
            ("classifier", LogisticRegression(solver="liblinear")),
        ]
    )
    return model.fit(train[features], train["churned"])
# --8<-- [end:setup]


# --8<-- [start:gate]
def gate(name: str, features: list[str]) -> str:
    """Train a candidate, run every check on it, and return the report a reviewer reads."""
    model = train_candidate(features)
    auc = roc_auc_score(holdout["churned"], model.predict_proba(holdout[features])[:, 1])
    checks = {
        f"holdout ROC AUC {auc:.3f} >= 0.65": auc >= 0.65,
        f"beats the business rule by >= 0.02 ({auc - rule_auc:+.3f})": auc - rule_auc >= 0.02,
        "uses no personal data": not PII & set(features),
    }
    lines = [f"{name}:"]
    lines += [f"  [{'pass' if ok else 'FAIL'}] {check}" for check, ok in checks.items()]
    lines.append("  -> " + ("promote to staging" if all(checks.values()) else "reject"))
    return "\n".join(lines)


FEATURES = [
    "plan",
    "region",
    "age",
    "tenure_months",
    "watch_hours",
    "support_tickets",
    "payment_failures",
]
print(gate("candidate A, the experiment's features", FEATURES))
#> candidate A, the experiment's features:
#>   [pass] holdout ROC AUC 0.677 >= 0.65
#>   [pass] beats the business rule by >= 0.02 (+0.123)
#>   [pass] uses no personal data
#>   -> promote to staging
print(gate("candidate B, plan and region only", ["plan", "region"]))
#> candidate B, plan and region only:
#>   [FAIL] holdout ROC AUC 0.408 >= 0.65
#>   [FAIL] beats the business rule by >= 0.02 (-0.146)
#>   [pass] uses no personal data
#>   -> reject
print(gate("candidate C, A plus zip code", [*FEATURES, "zip_code"]))
#> candidate C, A plus zip code:
#>   [pass] holdout ROC AUC 0.676 >= 0.65
#>   [pass] beats the business rule by >= 0.02 (+0.122)
#>   [FAIL] uses no personal data
#>   -> reject
# --8<-- [end:gate]
