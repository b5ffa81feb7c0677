"""Exercise 1: is the gap in precision at 50 between two models of similar AUC more than noise?"""
import shutil
import sys
from pathlib import Path

import numpy as np

shutil.unpack_archive("churn-project.zip")
sys.path.insert(0, str(Path("churn-project/src").resolve()))
from churn import data  # noqa: E402
from churn.evaluate import compare  # noqa: E402
from churn.model import churn_scores, train  # noqa: E402

params = data.load_params(Path("churn-project/params.yaml"))
training = data.training_rows(params)[data.SNAPSHOT_COLUMNS]
evaluation = data.evaluation_rows(params)
labels = evaluation["churned"].to_numpy()
features = params["model"]["features"]
no_tickets = [f for f in features if f not in ("support_tickets", "tickets_per_month")]
no_failures = [f for f in features if f != "payment_failures"]
a = churn_scores(train(training, {"features": no_tickets, "C": 0.1}), evaluation)
b = churn_scores(train(training, {"features": no_failures, "C": 0.1}), evaluation)


def precision_at(rows: np.ndarray, scores: np.ndarray, k: int) -> float:
    """Precision among the k highest scores of the resampled rows."""
    top = rows[np.argsort(-scores[rows], kind="stable")[:k]]
    return labels[top].mean()


# Paired bootstrap: both models judged on the same resampled subscribers every time.
rng = np.random.default_rng(0)
differences = []
for _ in range(1_000):
    rows = rng.integers(0, len(labels), len(labels))
    differences.append(precision_at(rows, a, 50) - precision_at(rows, b, 50))
low, high = np.quantile(differences, [0.025, 0.975])
everyone = np.arange(len(labels))
gap = precision_at(everyone, a, 50) - precision_at(everyone, b, 50)
print(f"precision@50, no tickets minus no payment failures: {gap:+.2f}, "
      f"95% interval [{low:+.2f}, {high:+.2f}]")
#> precision@50, no tickets minus no payment failures: +0.16, 95% interval [-0.04, +0.34]
print("ROC AUC,", compare(labels, a, b, resamples=1_000, seed=0))
#> ROC AUC, candidate AUC 0.764, champion 0.750: difference +0.014, 95% interval [-0.008, +0.038]
