"""Exercise 2: how often does a grid search fit the slow feature step, with and without a cache?"""

import tempfile

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

subscribers = make_subscribers(n=1_000, seed=42)
CATEGORICAL = ["plan", "region"]
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X, y = subscribers[CATEGORICAL + NUMERIC], subscribers["churned"]


class UnusualUsage(BaseEstimator, TransformerMixin):
    fits = 0  # (1)!

    def __init__(self, n_estimators: int = 20):
        self.n_estimators = n_estimators

    def fit(self, X, y=None):
        type(self).fits += 1
        self.forest_ = IsolationForest(n_estimators=self.n_estimators, random_state=42).fit(X)
        return self

    def transform(self, X):
        return self.forest_.score_samples(X).reshape(-1, 1)


def search(cache_dir: str | None) -> tuple[int, float]:
    """Run the grid search; return how often the feature step was fitted, and the best score."""
    features = ColumnTransformer(
        [
            ("onehot", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
            ("scale", StandardScaler(), NUMERIC),
            ("unusual", UnusualUsage(), NUMERIC),
        ]
    )
    pipeline = Pipeline(
        [("features", features), ("classifier", LogisticRegression(solver="liblinear"))],
        memory=cache_dir,  # (2)!
    )
    grid = GridSearchCV(
        pipeline,
        {"classifier__C": [0.01, 0.1, 1.0]},
        cv=StratifiedKFold(n_splits=3, shuffle=True, random_state=42),
        scoring="roc_auc",
    )  # (3)!
    before = UnusualUsage.fits
    grid.fit(X, y)
    return UnusualUsage.fits - before, grid.best_score_


# Prediction: 3 values of C x 3 folds, plus one refit on all rows = 10 fits without a cache.
# With one, each fold's feature step is fitted once and reused for every C: 3 + 1 = 4.
fits, best = search(cache_dir=None)
print(f"no cache:     {fits:>2} fits of the feature step, best ROC AUC {best:.3f}")
#> no cache:     10 fits of the feature step, best ROC AUC 0.779
with tempfile.TemporaryDirectory() as cache_dir:  # (4)!
    fits, best = search(cache_dir)
    print(f"empty cache:  {fits:>2} fits of the feature step, best ROC AUC {best:.3f}")
    #> empty cache:   4 fits of the feature step, best ROC AUC 0.779
    fits, best = search(cache_dir)
    print(f"warm cache:   {fits:>2} fits of the feature step, best ROC AUC {best:.3f}")
    #> warm cache:    0 fits of the feature step, best ROC AUC 0.779
