"""A learning curve: would more subscribers make the model better?"""

# --8<-- [start:setup]
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, learning_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from subscribers import make_subscribers

subs = make_subscribers()
# --8<-- [end:setup]

# --8<-- [start:curve]
numeric = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X, y = subs[numeric + ["plan"]], subs["churned"]


def prepare() -> ColumnTransformer:
    return ColumnTransformer(
        [("scale", StandardScaler(), numeric), ("one_hot", OneHotEncoder(), ["plan"])]
    )


models = {
    "deep tree (max_depth=8)": make_pipeline(
        prepare(), DecisionTreeClassifier(max_depth=8, random_state=42)
    ),
    "logistic regression": make_pipeline(prepare(), LogisticRegression()),
}
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
curves = {}
for name, model in models.items():
    sizes, train_scores, valid_scores = learning_curve(
        model, X, y, train_sizes=np.linspace(0.1, 1.0, 5), cv=folds, scoring="roc_auc"
    )
    curves[name] = pd.DataFrame(
        {"train": train_scores.mean(axis=1), "validation": valid_scores.mean(axis=1)},
        index=pd.Index(sizes, name="training rows"),
    )
table = pd.concat(curves, axis=1)
print(table.round(3).to_string())
#>               deep tree (max_depth=8)            logistic regression
#>                                 train validation               train validation
#> training rows
#> 80                              1.000      0.545               0.875      0.756
#> 260                             0.989      0.553               0.829      0.771
#> 440                             0.981      0.598               0.804      0.771
#> 620                             0.963      0.567               0.781      0.766
#> 800                             0.960      0.625               0.786      0.768
# --8<-- [end:curve]

# --8<-- [start:plot]
fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
for (name, curve), color in zip(curves.items(), ["tab:red", "tab:blue"], strict=True):
    ax.plot(curve.index, curve["train"], "o--", color=color, label=f"{name}, training")
    ax.plot(curve.index, curve["validation"], "o-", color=color, label=f"{name}, validation")
ax.set(
    xlabel="training rows",
    ylabel="ROC AUC",
    title="The tree's gap stays wide; the regression's curves have met",
    ylim=(0.5, 1.02),
)
fig.legend(loc="outside lower center", ncols=2, fontsize=9)
fig.savefig("learning_curve.svg")
plt.close(fig)
# --8<-- [end:plot]
