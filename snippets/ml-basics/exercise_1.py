"""Exercise 1: what a call list of each size finds, and the budget that finds half the churners."""

# --8<-- [start:setup]
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:solution]
subscribers = make_subscribers(n=1_000, seed=42)
NUMERIC = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
X, y = subscribers[["plan", *NUMERIC]], subscribers["churned"].to_numpy()
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=2
)
encode = ColumnTransformer(
    [
        ("onehot", OneHotEncoder(handle_unknown="ignore"), ["plan"]),
        ("scale", StandardScaler(), NUMERIC),
    ]
)
model = make_pipeline(encode, LogisticRegression(solver="liblinear")).fit(X_train, y_train)
scores = model.predict_proba(X_test)[:, 1]

ranked = y_test[np.argsort(-scores, kind="stable")]  # the test labels, riskiest first
caught = np.cumsum(ranked)  # churners found by a list of 1, 2, 3, ... calls
k = np.arange(1, len(ranked) + 1)
table = pd.DataFrame(
    {"precision": caught / k, "recall": caught / y_test.sum(), "lift": caught / k / y_test.mean()},
    index=pd.Index(k, name="calls"),
)
print(table.loc[[15, 30, 60, 150]].round(2).to_string())
#>        precision  recall  lift
#> calls
#> 15          0.60    0.28  5.62
#> 30          0.40    0.38  3.75
#> 60          0.25    0.47  2.34
#> 150         0.17    0.81  1.62
half = int(k[np.argmax(caught >= y_test.sum() / 2)])
print(f"half of the {y_test.sum()} churners: the top {half} ({half / len(k):.0%} of the list)")
#> half of the 32 churners: the top 61 (20% of the list)
# --8<-- [end:solution]
