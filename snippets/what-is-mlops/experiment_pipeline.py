"""Experimentation as one reproducible object: features, algorithm, hyperparameters and fit."""

# --8<-- [start:setup]
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:data]
subscribers = make_subscribers(n=1_000, seed=42)

# Behaviour and plan only: names, emails, SSNs and the like never reach the model.
CATEGORICAL = ["plan", "region"]
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X = subscribers[CATEGORICAL + NUMERIC]
y = subscribers["churned"]
print(f"{len(X)} rows, {X.shape[1]} features, churn rate {y.mean():.1%}")
#> 1000 rows, 7 features, churn rate 10.6%
print(f"accuracy of always predicting 'stays': {1 - y.mean():.1%}")
#> accuracy of always predicting 'stays': 89.4%
# --8<-- [end:data]

# --8<-- [start:pipeline]
model = Pipeline(
    [
        (
            "features",
            ColumnTransformer(
                [
                    ("onehot", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
                    ("scale", StandardScaler(), NUMERIC),
                ]
            ),
        ),
        # liblinear: a single-threaded solver, quick on a table this small.
        ("classifier", LogisticRegression(solver="liblinear")),
    ]
)
# --8<-- [end:pipeline]

# --8<-- [start:evaluate]
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
auc = cross_val_score(model, X, y, cv=folds, scoring="roc_auc")
print("ROC AUC per fold:", ", ".join(f"{score:.3f}" for score in auc))
#> ROC AUC per fold: 0.810, 0.756, 0.794, 0.707, 0.754
print(f"mean {auc.mean():.3f}, std {auc.std():.3f}")
#> mean 0.764, std 0.036
# --8<-- [end:evaluate]

# --8<-- [start:tune]
search = GridSearchCV(
    model,
    param_grid={"classifier__C": [0.01, 0.1, 1.0]},
    cv=folds,
    scoring="roc_auc",
)
search.fit(X, y)
print("best params:", search.best_params_)
#> best params: {'classifier__C': 0.1}
print(f"best mean ROC AUC: {search.best_score_:.3f}")
#> best mean ROC AUC: 0.767
for c, score in zip(
    search.cv_results_["param_classifier__C"],
    search.cv_results_["mean_test_score"],
    strict=True,
):
    print(f"  C={c:<5} ROC AUC {score:.3f}")
    #>   C=0.01  ROC AUC 0.765
    #>   C=0.1   ROC AUC 0.767
    #>   C=1.0   ROC AUC 0.764
# --8<-- [end:tune]
