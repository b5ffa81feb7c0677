"""Exercise 2: a random forest that fits a 100 KB budget, and what it costs in ROC AUC."""

import tempfile
from pathlib import Path

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from churn_candidates import split_subscribers

X_train, X_test, y_train, y_test = split_subscribers()  # the rows the page compared on

rows = []
with tempfile.TemporaryDirectory() as folder:
    for n_trees in [25, 50, 100]:
        for depth in [3, 4, 5]:
            forest = make_pipeline(
                ColumnTransformer(
                    [("one_hot", OneHotEncoder(), ["plan"])], remainder="passthrough"
                ),
                RandomForestClassifier(
                    n_estimators=n_trees, max_depth=depth, min_samples_leaf=10, random_state=42
                ),
            ).fit(X_train, y_train)
            path = Path(folder) / "forest.joblib"
            joblib.dump(forest, path)
            rows.append(
                {
                    "trees": n_trees,
                    "max_depth": depth,
                    "KB": round(path.stat().st_size / 1024),
                    "ROC AUC": round(roc_auc_score(y_test, forest.predict_proba(X_test)[:, 1]), 3),
                }
            )
table = pd.DataFrame(rows)
print(table.to_string(index=False))
#>  trees  max_depth  KB  ROC AUC
#>     25          3  40    0.617
#>     25          4  58    0.627
#>     25          5  74    0.627
#>     50          3  77    0.634
#>     50          4 113    0.628
#>     50          5 148    0.628
#>    100          3 152    0.646
#>    100          4 223    0.639
#>    100          5 290    0.640
fits = table[table["KB"] <= 100]
best = fits.loc[fits["ROC AUC"].idxmax()]
print(f"best forest under 100 KB: {best['trees']:.0f} trees of depth {best['max_depth']:.0f}")
#> best forest under 100 KB: 50 trees of depth 3
print(f"file {best['KB']:.0f} KB, ROC AUC {best['ROC AUC']:.3f}")
#> file 77 KB, ROC AUC 0.634
