"""Underfitting and overfitting made visible: one model family, rising complexity."""

# --8<-- [start:setup]
import matplotlib.pyplot as plt
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.model_selection import StratifiedKFold, validation_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder
from sklearn.tree import DecisionTreeClassifier

from subscribers import make_subscribers

subs = make_subscribers()
# --8<-- [end:setup]

# --8<-- [start:curve]
numeric = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X, y = subs[numeric + ["plan"]], subs["churned"]
model = make_pipeline(
    ColumnTransformer([("one_hot", OneHotEncoder(), ["plan"])], remainder="passthrough"),
    DecisionTreeClassifier(random_state=42),
)

# Five folds: each depth is trained five times on 800 rows and scored on the other 200.
depths = list(range(1, 13))
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
train_scores, valid_scores = validation_curve(
    model,
    X,
    y,
    param_name="decisiontreeclassifier__max_depth",
    param_range=depths,
    cv=folds,
    scoring="roc_auc",
)
curve = pd.DataFrame(
    {
        "train": train_scores.mean(axis=1),
        "validation": valid_scores.mean(axis=1),
        "validation_std": valid_scores.std(axis=1),
    },
    index=pd.Index(depths, name="max_depth"),
)
print(curve.round(3).to_string())
#>            train  validation  validation_std
#> max_depth
#> 1          0.649       0.569           0.024
#> 2          0.724       0.624           0.056
#> 3          0.779       0.670           0.026
#> 4          0.828       0.706           0.028
#> 5          0.862       0.696           0.044
#> 6          0.904       0.658           0.091
#> 7          0.935       0.631           0.074
#> 8          0.962       0.617           0.072
#> 9          0.978       0.571           0.068
#> 10         0.988       0.568           0.057
#> 11         0.994       0.571           0.069
#> 12         0.996       0.580           0.058
best = curve["validation"].idxmax()
print(f"best depth: {best}, validation ROC AUC {curve.loc[best, 'validation']:.3f}")
#> best depth: 4, validation ROC AUC 0.706
print(f"its five folds: {', '.join(f'{s:.3f}' for s in valid_scores[depths.index(best)])}")
#> its five folds: 0.747, 0.726, 0.665, 0.693, 0.699
# --8<-- [end:curve]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(depths, curve["train"], marker="o", label="training folds")
ax.plot(depths, curve["validation"], marker="o", label="validation folds")
ax.fill_between(
    depths,
    curve["validation"] - curve["validation_std"],
    curve["validation"] + curve["validation_std"],
    alpha=0.2,
    color="tab:orange",
    label="validation, one standard deviation",
)
ax.axvline(best, color="grey", linestyle=":", label=f"best validation score, depth {best}")
ax.annotate("underfit", xy=(1.2, 0.95), fontsize=11)
ax.annotate("overfit", xy=(10, 0.95), fontsize=11)
ax.set(
    xlabel="max_depth of the decision tree (model complexity)",
    ylabel="ROC AUC",
    title="Churn tree: training keeps improving, validation peaks early",
    ylim=(0.5, 1.02),
    xticks=depths,
)
ax.legend(loc="center right")
fig.tight_layout()
fig.savefig("validation_curve.svg")
plt.close(fig)
# --8<-- [end:plot]
