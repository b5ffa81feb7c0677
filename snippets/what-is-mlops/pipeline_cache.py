"""Checkpoint pipeline steps: a re-run loads fitted steps from a cache instead of refitting them."""

# --8<-- [start:setup]
import json
import tempfile
from pathlib import Path

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

subscribers = make_subscribers(n=1_000, seed=42)
CATEGORICAL = ["plan", "region"]
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X, y = subscribers[CATEGORICAL + NUMERIC], subscribers["churned"]
# --8<-- [end:setup]


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
# bench_cache.py fitted this pipeline on an empty cache, then again, and saved the timings here.
bench = json.loads(Path("bench_cache.json").read_text())
machine = bench["machine"]
where = f"{machine['system']}, {machine['processor']}, {machine['cpus']} CPUs"
print(f"measured {bench['measured']} on {where}, Python {machine['python']}")
#> measured 2026-11-28 on Linux, AMD EPYC, 2 CPUs, Python 3.11.7
cold = bench["results"]["empty cache"]["median_s"]
warm = bench["results"]["cached features"]["median_s"]
print(f"first fit, empty cache:         {cold:.2f} s")
#> first fit, empty cache:         1.54 s
print(f"second fit, features from cache: {warm:.2f} s, {cold / warm:.1f}x faster")
#> second fit, features from cache: 0.23 s, 6.6x faster
# --8<-- [end:timing]
