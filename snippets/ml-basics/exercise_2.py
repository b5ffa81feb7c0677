"""Exercise 2: AUC cannot see calibration; and undoing liblinear's pull of the intercept to 0."""

# --8<-- [start:setup]
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:solution]
subscribers = make_subscribers(n=1_000, seed=42)
NUMERIC = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X, y = subscribers[["plan", *NUMERIC]], subscribers["churned"].to_numpy()
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=2
)


def fit(classifier: LogisticRegression) -> np.ndarray:
    """Test-set churn probabilities of the page's pipeline with this classifier."""
    encode = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), ["plan"]),
            ("scale", StandardScaler(), NUMERIC),
        ]
    )
    return make_pipeline(encode, classifier).fit(X_train, y_train).predict_proba(X_test)[:, 1]


def how_good(p: np.ndarray) -> dict[str, float]:
    return {
        "mean probability": p.mean(),
        "Brier score": brier_score_loss(y_test, p),
        "log loss": log_loss(y_test, p),
        "ROC AUC": roc_auc_score(y_test, p),
    }


p = fit(LogisticRegression(solver="liblinear"))
report = {
    "the model, C=1": how_good(p),
    "its probabilities cubed": how_good(p**3),  # same order, so the same ranking
    "liblinear, C=0.001": how_good(fit(LogisticRegression(C=0.001, solver="liblinear"))),
    "same, intercept_scaling=100": how_good(
        fit(LogisticRegression(C=0.001, solver="liblinear", intercept_scaling=100))
    ),
}
print(f"churn rate of the test rows: {y_test.mean():.3f}")
#> churn rate of the test rows: 0.107
print(pd.DataFrame(report).T.round(3).to_string())
#>                              mean probability  Brier score  log loss  ROC AUC
#> the model, C=1                          0.104        0.080     0.286    0.768
#> its probabilities cubed                 0.008        0.099     0.597    0.768
#> liblinear, C=0.001                      0.424        0.193     0.579    0.770
#> same, intercept_scaling=100             0.106        0.094     0.333    0.774
# --8<-- [end:solution]
