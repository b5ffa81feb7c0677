"""Exercise 1: is the retrained model's lead on the holdout more than noise? A paired bootstrap."""

import numpy as np
from scipy.stats import rankdata
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

subscribers = make_subscribers(n=2_000, seed=42)
CATEGORICAL = ["plan", "region"]
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
FEATURES = CATEGORICAL + NUMERIC
holdout = subscribers.iloc[1_500:]


def holdout_scores(rows) -> np.ndarray:
    encode = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
            ("scale", StandardScaler(), NUMERIC),
        ]
    )
    classifier = LogisticRegression(C=0.1, solver="liblinear")
    model = Pipeline([("features", encode), ("classifier", classifier)])
    model.fit(rows[FEATURES], rows["churned"])
    return model.predict_proba(holdout[FEATURES])[:, 1]


v1 = holdout_scores(subscribers.iloc[:500])  # the first export
v2 = holdout_scores(subscribers.iloc[:1_500])  # retrained with the new rows
y = holdout["churned"].to_numpy()
print(f"v1 {roc_auc_score(y, v1):.3f}, v2 {roc_auc_score(y, v2):.3f}")
#> v1 0.749, v2 0.773

def auc_per_row(labels: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """ROC AUC of every row at once, from ranks (the Mann-Whitney U statistic)."""
    ranks = rankdata(scores, axis=1)
    positives = labels.sum(axis=1)
    negatives = labels.shape[1] - positives
    rank_sum = (ranks * labels).sum(axis=1)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)



# 1,000 resamples of the holdout, drawn with replacement; both models scored on the same rows.
rows = np.random.default_rng(42).integers(0, len(y), size=(1_000, len(y)))
gains = auc_per_row(y[rows], v2[rows]) - auc_per_row(y[rows], v1[rows])
low, high = np.quantile(gains, [0.025, 0.975])
print(f"v2 - v1: {gains.mean():+.3f}, 95% interval {low:+.3f} to {high:+.3f}")
#> v2 - v1: +0.023, 95% interval +0.001 to +0.047
print(f"resamples where v2 wins: {(gains > 0).mean():.0%}")
#> resamples where v2 wins: 98%
print(f"resamples where v2 wins by the gate's 0.01: {(gains >= 0.01).mean():.0%}")
#> resamples where v2 wins by the gate's 0.01: 86%
