"""Four families of classifier and a baseline, on one churn task.

compare_algorithms.py scores them and bench_classifiers.py times their fits: both import this
file, so the table's quality and fit-time columns describe the same models on the same rows.
"""

# --8<-- [start:setup]
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:data]
NUMERIC = ["tenure_months", "age", "watch_hours", "support_tickets", "payment_failures"]


def split_subscribers(n: int = 3000) -> list[pd.DataFrame | pd.Series]:
    """X_train, X_test, y_train, y_test: 70/30, with the same churn rate on both sides."""
    subscribers = make_subscribers(n=n, seed=42)
    return train_test_split(
        subscribers[NUMERIC + ["plan"]],
        subscribers["churned"],
        test_size=0.3,
        stratify=subscribers["churned"],
        random_state=42,
    )


def preparation() -> ColumnTransformer:
    """Scaled numbers and one-hot plans for every model, so only the algorithm differs."""
    return ColumnTransformer(
        [("numbers", StandardScaler(), NUMERIC), ("plan", OneHotEncoder(), ["plan"])],
        sparse_threshold=0,  # naive Bayes needs a dense array
    )


# --8<-- [end:data]


# --8<-- [start:models]
def classifiers() -> dict:
    """One unfitted model per family, and a baseline that always predicts the majority."""
    return {
        "always 'stays' (baseline)": DummyClassifier(strategy="most_frequent"),
        "decision tree": DecisionTreeClassifier(max_depth=4, random_state=42),
        "support vector machine": SVC(kernel="rbf", random_state=42),
        "naive Bayes": GaussianNB(),
        "neural network (MLP)": MLPClassifier(
            hidden_layer_sizes=(16,), alpha=0.01, max_iter=1000, random_state=42
        ),
    }


# --8<-- [end:models]
