"""Four families of classifier on one churn task, side by side in a single table."""

import time

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from dataset.subscribers import make_subscribers

# --8<-- [start:data]
subscribers = make_subscribers(n=3000, seed=42)
numeric = ["tenure_months", "age", "watch_hours", "support_tickets", "payment_failures"]
X_train, X_test, y_train, y_test = train_test_split(
    subscribers[numeric + ["plan"]],
    subscribers["churned"],
    test_size=0.3,
    stratify=subscribers["churned"],
    random_state=42,
)
# Scaled numbers and one-hot plans for every model, so only the algorithm differs.
prepare = ColumnTransformer(
    [("numbers", StandardScaler(), numeric), ("plan", OneHotEncoder(), ["plan"])],
    sparse_threshold=0,  # naive Bayes needs a dense array
)
train = prepare.fit_transform(X_train)
test = prepare.transform(X_test)
print(f"{len(X_train)} training rows, {len(X_test)} test rows, churn rate {y_test.mean():.3f}")
#> 2100 training rows, 900 test rows, churn rate 0.108
# --8<-- [end:data]

# --8<-- [start:models]
models = {
    "always 'stays' (baseline)": DummyClassifier(strategy="most_frequent"),
    "decision tree": DecisionTreeClassifier(max_depth=4, random_state=42),
    "support vector machine": SVC(kernel="rbf", random_state=42),
    "naive Bayes": GaussianNB(),
    "neural network (MLP)": MLPClassifier(
        hidden_layer_sizes=(16,), alpha=0.01, max_iter=1000, random_state=42
    ),
}


def fit_time_bucket(seconds: float) -> str:
    """Seconds vary from run to run on a shared machine; the order of magnitude does not."""
    return "milliseconds" if seconds < 0.04 else "a tenth of a second or more"


rows = []
for name, model in models.items():
    start = time.perf_counter()
    model.fit(train, y_train)
    seconds = time.perf_counter() - start
    # ROC AUC needs a score per subscriber; an SVC gives a distance to its boundary instead.
    if hasattr(model, "predict_proba"):
        scores = model.predict_proba(test)[:, 1]
    else:
        scores = model.decision_function(test)
    rows.append(
        {
            "model": name,
            "accuracy": accuracy_score(y_test, model.predict(test)),
            "ROC AUC": roc_auc_score(y_test, scores),
            "fit time": fit_time_bucket(seconds),
        }
    )
print(pd.DataFrame(rows).round(3).to_string(index=False))
#>                     model  accuracy  ROC AUC                    fit time
#> always 'stays' (baseline)     0.892    0.500                milliseconds
#>             decision tree     0.894    0.699                milliseconds
#>    support vector machine     0.892    0.657 a tenth of a second or more
#>               naive Bayes     0.886    0.771                milliseconds
#>      neural network (MLP)     0.894    0.771 a tenth of a second or more
# --8<-- [end:models]
