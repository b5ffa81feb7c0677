"""Exercise 3: does the plan column help? A paired comparison on folds, then on the test rows."""

# --8<-- [start:setup]
import numpy as np
from scipy.stats import ttest_rel
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:solution]
subscribers = make_subscribers(n=1_000, seed=42)
NUMERIC = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X, y = subscribers[["plan", *NUMERIC]], subscribers["churned"].to_numpy()


def with_plan():
    encode = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), ["plan"]),
            ("scale", StandardScaler(), NUMERIC),
        ]
    )
    return make_pipeline(encode, LogisticRegression(solver="liblinear"))


def without_plan():
    encode = ColumnTransformer([("scale", StandardScaler(), NUMERIC)])
    return make_pipeline(encode, LogisticRegression(solver="liblinear"))


folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)  # the same folds for both
full = cross_val_score(with_plan(), X, y, cv=folds, scoring="roc_auc")
reduced = cross_val_score(without_plan(), X, y, cv=folds, scoring="roc_auc")
print(f"fold standard deviations: {full.std(ddof=1):.3f} and {reduced.std(ddof=1):.3f}")
#> fold standard deviations: 0.043 and 0.040
differences = full - reduced
print("differences:", differences.round(3))
#> differences: [ 0.    -0.009 -0.002 -0.007  0.002]
print(f"mean {differences.mean():+.3f}, standard deviation {differences.std(ddof=1):.3f}")
#> mean -0.003, standard deviation 0.005
print(f"paired t-test: p = {ttest_rel(full, reduced).pvalue:.2f}")
#> paired t-test: p = 0.21

X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=2
)
a = with_plan().fit(X_train, y_train).predict_proba(X_test)[:, 1]
b = without_plan().fit(X_train, y_train).predict_proba(X_test)[:, 1]
rng = np.random.default_rng(42)
resampled = []
for _ in range(1_000):
    rows = rng.integers(0, len(y_test), size=len(y_test))  # the same rows for both models
    resampled.append(roc_auc_score(y_test[rows], a[rows]) - roc_auc_score(y_test[rows], b[rows]))
low, high = np.quantile(resampled, [0.025, 0.975])
observed = roc_auc_score(y_test, a) - roc_auc_score(y_test, b)
print(f"test rows: difference {observed:+.3f}, 95% interval {low:+.3f} to {high:+.3f}")
#> test rows: difference -0.002, 95% interval -0.007 to +0.003
# --8<-- [end:solution]
