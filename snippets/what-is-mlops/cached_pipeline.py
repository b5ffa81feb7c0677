"""A churn pipeline with a deliberately slow feature step, cached on disk between fits.

pipeline_cache.py shows what the cache skips, bench_cache.py times it and exercise_2.py counts
its fits in a grid search: all three import this file, so they run the same pipeline.
"""

# --8<-- [start:setup]
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:data]
CATEGORICAL = ["plan", "region"]
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]


def training_data(n: int = 1_000) -> tuple[pd.DataFrame, pd.Series]:
    """The columns the pipeline reads, and whether each subscriber churned."""
    subscribers = make_subscribers(n=n, seed=42)
    return subscribers[CATEGORICAL + NUMERIC], subscribers["churned"]


# --8<-- [end:data]


# --8<-- [start:step]
class UnusualUsage(BaseEstimator, TransformerMixin):
    """Generated feature: how unusual each subscriber's usage is, scored by an isolation forest.

    It stands for the slow steps of a real pipeline (aggregating event logs, embedding text).
    """

    # A class attribute, shared by every copy of the step: GridSearchCV clones the pipeline for
    # each fold and setting, and every clone adds to this one count of real fits.
    fits = 0

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
