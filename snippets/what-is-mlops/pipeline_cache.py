"""Checkpoint pipeline steps: a re-run loads fitted steps from a cache instead of refitting them."""

import tempfile
import time
from statistics import median

from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from dataset.subscribers import make_subscribers

subscribers = make_subscribers(n=1_000, seed=42)
CATEGORICAL = ["plan", "region"]
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X, y = subscribers[CATEGORICAL + NUMERIC], subscribers["churned"]


# --8<-- [start:step]
class UnusualUsage(BaseEstimator, TransformerMixin):
    """Generated feature: how unusual each subscriber's usage is, scored by an isolation forest.

    It stands for the slow steps of a real pipeline (aggregating event logs, embedding text).
    """

    fits = 0  # counts real fits, so we can see which ones the cache skipped

    def __init__(self, n_estimators: int = 300):
        self.n_estimators = n_estimators

    def fit(self, X, y=None):
        type(self).fits += 1
        self.forest_ = IsolationForest(n_estimators=self.n_estimators, random_state=42).fit(X)
        return self

    def transform(self, X):
        return self.forest_.score_samples(X).reshape(-1, 1)


def make_pipeline(cache_dir: str | None, c: float = 0.1) -> Pipeline:
    features = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
            ("scale", StandardScaler(), NUMERIC),
            ("unusual", UnusualUsage(), NUMERIC),
        ]
    )
    classifier = LogisticRegression(C=c, solver="liblinear")
    # memory=...: every step except the last is cached on disk, keyed by its settings and input.
    return Pipeline([("features", features), ("classifier", classifier)], memory=cache_dir)
# --8<-- [end:step]


# --8<-- [start:rerun]
with tempfile.TemporaryDirectory() as cache_dir:
    make_pipeline(cache_dir).fit(X, y)
    print("feature step fits after the first fit:", UnusualUsage.fits)
    #> feature step fits after the first fit: 1
    make_pipeline(cache_dir).fit(X, y)
    print("after fitting the same pipeline again:", UnusualUsage.fits)
    #> after fitting the same pipeline again: 1
    make_pipeline(cache_dir, c=1.0).fit(X, y)
    print("after changing the classifier's C:   ", UnusualUsage.fits)
    #> after changing the classifier's C:    1
    make_pipeline(cache_dir).set_params(features__unusual__n_estimators=100).fit(X, y)
    print("after changing the feature step:     ", UnusualUsage.fits)
    #> after changing the feature step:      2
# --8<-- [end:rerun]


# --8<-- [start:timing]
def seconds_to_fit(pipeline: Pipeline) -> float:
    start = time.perf_counter()
    clone(pipeline).fit(X, y)
    return time.perf_counter() - start


cold, warm = [], []
for _ in range(3):  # medians of three: one slow moment on a busy machine does not decide it
    with tempfile.TemporaryDirectory() as cache_dir:
        pipeline = make_pipeline(cache_dir)
        cold.append(seconds_to_fit(pipeline))  # empty cache: every step runs
        warm.append(seconds_to_fit(pipeline))  # same settings: the feature step is loaded
print("second fit at least 3x faster:", median(cold) >= 3 * median(warm))
#> second fit at least 3x faster: True
# --8<-- [end:timing]
