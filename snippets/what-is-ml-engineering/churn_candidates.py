"""The candidates for Streamwise's churn model, and the folds they are compared on.

algorithm_selection.py compares them, bench_algorithms.py times them, and the serving and
monitoring code trains the chosen one: all import this file, so they use one definition.
"""

# --8<-- [start:setup]
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:data]
# The service's inputs. Age and gender are left out on purpose (see "A usable feature...").
NUMERIC = ["tenure_months", "watch_hours", "support_tickets", "payment_failures"]
FEATURES = NUMERIC + ["plan"]
# Every candidate is scored on the same 20 folds: 5-fold cross-validation, repeated 4 times.
FOLDS = RepeatedStratifiedKFold(n_splits=5, n_repeats=4, random_state=42)


def subscribers_xy(n: int = 1_000) -> tuple[pd.DataFrame, pd.Series]:
    subs = make_subscribers(n=n)
    return subs[FEATURES], subs["churned"]


# --8<-- [end:data]


# --8<-- [start:candidates]
def prepare() -> ColumnTransformer:
    return ColumnTransformer(
        [("scale", StandardScaler(), NUMERIC), ("one_hot", OneHotEncoder(), ["plan"])]
    )


def baseline() -> Pipeline:
    """Ignores the inputs: every subscriber gets the training rows' churn rate."""
    return make_pipeline(prepare(), DummyClassifier(strategy="prior"))


def logistic_regression() -> Pipeline:
    return make_pipeline(prepare(), LogisticRegression())


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


def candidates() -> dict[str, Pipeline]:
    """Unfitted, simplest first: with no clear winner, the choice is the first that ties."""
    return {
        "baseline": baseline(),
        "logistic regression": logistic_regression(),
        "random forest": random_forest(),
        "neural network": neural_network(),
    }


# --8<-- [end:candidates]
