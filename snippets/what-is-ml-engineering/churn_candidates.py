"""The two candidates for Streamwise's churn model, and the rows they are compared on.

algorithm_selection.py compares them, bench_algorithms.py times them, and the serving and
monitoring code trains the chosen one: all import this file, so they use one definition.
"""

# --8<-- [start:setup]
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:data]
NUMERIC = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
FEATURES = NUMERIC + ["plan"]


def split_subscribers(n: int = 1_000) -> list[pd.DataFrame | pd.Series]:
    """X_train, X_test, y_train, y_test: 70/30, with the same churn rate on both sides."""
    subs = make_subscribers(n=n)
    return train_test_split(
        subs[FEATURES], subs["churned"], test_size=0.3, random_state=42, stratify=subs["churned"]
    )


# --8<-- [end:data]


# --8<-- [start:candidates]
def prepare() -> ColumnTransformer:
    return ColumnTransformer(
        [("scale", StandardScaler(), NUMERIC), ("one_hot", OneHotEncoder(), ["plan"])]
    )


def random_forest() -> Pipeline:
    return make_pipeline(
        prepare(), RandomForestClassifier(n_estimators=300, min_samples_leaf=10, random_state=42)
    )


def neural_network() -> Pipeline:
    """A multilayer perceptron: two hidden layers of 64 and 32 units."""
    return make_pipeline(
        prepare(),
        MLPClassifier(
            hidden_layer_sizes=(64, 32), alpha=1.0, learning_rate_init=0.01, random_state=42
        ),
    )


# --8<-- [end:candidates]
