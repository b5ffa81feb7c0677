"""Exercise 2: how often does a grid search fit the slow feature step, with and without a cache?"""

import tempfile

from sklearn.model_selection import GridSearchCV, StratifiedKFold

from cached_pipeline import UnusualUsage, make_pipeline, training_data

X, y = training_data()


def search(cache_dir: str | None) -> tuple[int, float]:
    """Run the grid search; return how often the feature step was fitted, and the best score."""
    pipeline = make_pipeline(cache_dir)  # (1)!
    pipeline.set_params(features__unusual__n_estimators=20)  # a lighter forest: 10 fits to come
    grid = GridSearchCV(
        pipeline,
        {"classifier__C": [0.01, 0.1, 1.0]},
        cv=StratifiedKFold(n_splits=3, shuffle=True, random_state=42),
        scoring="roc_auc",
    )  # (2)!
    before = UnusualUsage.fits  # (3)!
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
