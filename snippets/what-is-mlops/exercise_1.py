"""Exercise 1: is the difference between the two versions more than noise?"""

# ruff: noqa: E402 (the project's src/ must be on the import path before churn is imported)
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from scipy.stats import rankdata

project_dir = tempfile.TemporaryDirectory(prefix="churn-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", project_dir.name)
project = Path(project_dir.name) / "churn-project"
sys.path.insert(0, str(project / "src"))

from churn.data import evaluation_rows, load_params, training_rows
from churn.evaluate import compare
from churn.model import churn_scores, train

params = load_params(project / "params.yaml")
export, evaluation = training_rows(params), evaluation_rows(params)
features = params["model"]["features"]
inputs = [column for column in features if column in export.columns]


def evaluation_scores(rows) -> np.ndarray:
    model = train(rows[[*inputs, "churned"]], params["model"])
    return churn_scores(model, evaluation[inputs])


v1 = evaluation_scores(export.iloc[:1_000])  # the first export
v2 = evaluation_scores(export)  # retrained on the full export
y = evaluation["churned"].to_numpy()


def auc_per_row(labels: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """ROC AUC of every row at once, from ranks (the Mann-Whitney U statistic)."""
    ranks = rankdata(scores, axis=1)
    positives = labels.sum(axis=1)
    negatives = labels.shape[1] - positives
    rank_sum = (ranks * labels).sum(axis=1)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


# 1,000 resamples of the evaluation set, drawn with replacement; both models on the same rows.
rows = np.random.default_rng(42).integers(0, len(y), size=(1_000, len(y)))
gains = auc_per_row(y[rows], v2[rows]) - auc_per_row(y[rows], v1[rows])
low, high = np.quantile(gains, [0.025, 0.975])
print(f"by hand: v2 - v1 {gains.mean():+.3f}, 95% interval [{low:+.3f}, {high:+.3f}]")
#> by hand: v2 - v1 -0.001, 95% interval [-0.003, +0.001]
print(f"resamples where v2 wins: {(gains > 0).mean():.0%}")
#> resamples where v2 wins: 14%
print("compare:", compare(y, v2, v1, resamples=1_000))
#> compare: candidate AUC 0.790, champion 0.791: difference -0.001, 95% interval [-0.003, +0.001]
max_drop = params["gate"]["max_drop"]
print(f"superior (low > 0): {low > 0}; non-inferior (low >= -{max_drop}): {low >= -max_drop}")
#> superior (low > 0): False; non-inferior (low >= -0.01): True
