"""Exercise 2: how wide is the bootstrap interval of an AUC difference, by evaluation set size?"""
# --8<-- [start:setup]
import numpy as np
import pandas as pd
from scipy.stats import rankdata
from sklearn.metrics import roc_auc_score

# --8<-- [end:setup]

# --8<-- [start:solution]
rng = np.random.default_rng(7)


def two_equal_models(n: int):
    """Labels at Streamwise's churn rate, and two models that are equally good by design."""
    churned = rng.random(n) < 0.11
    signal = 1.3 * churned + rng.normal(size=n)  # what both models pick up
    return churned, signal + rng.normal(0, 0.5, n), signal + rng.normal(0, 0.5, n)


def resampled_auc(churned, scores, picks):
    """ROC AUC on each resample (a row of `picks`), from ranks: the Mann-Whitney statistic."""
    y, ranks = churned[picks], rankdata(scores[picks], axis=1)
    positives = y.sum(axis=1)
    negatives = y.shape[1] - positives
    return ((ranks * y).sum(axis=1) - positives * (positives + 1) / 2) / (positives * negatives)


def interval(churned, candidate, champion, resamples: int = 500) -> tuple[float, float]:
    """95% paired bootstrap interval of AUC(candidate) - AUC(champion): same rows for both."""
    picks = rng.integers(0, len(churned), size=(resamples, len(churned)))
    differences = resampled_auc(churned, candidate, picks) - resampled_auc(churned, champion, picks)
    low, high = np.quantile(differences, [0.025, 0.975])
    return low, high


rows = []
for n in [500, 2_000, 8_000]:
    churned, candidate, champion = two_equal_models(n)
    observed = roc_auc_score(churned, candidate) - roc_auc_score(churned, champion)
    low, high = interval(churned, candidate, champion)
    rows.append({"rows": n, "difference": observed, "low": low, "high": high, "width": high - low})
print(pd.DataFrame(rows).round(3).to_string(index=False))
#>  rows  difference    low  high  width
#>   500      -0.018 -0.074 0.030  0.104
#>  2000      -0.006 -0.031 0.018  0.049
#>  8000       0.006 -0.004 0.017  0.021
# --8<-- [end:solution]
