"""The churn model: derived features, encoding and logistic regression in one pipeline."""

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from churn.features import CATEGORICAL, add_features

# The one type beyond scikit-learn's own that a churn model file may ask skops to build,
# reviewed by a person when add_features was written. It lives here, in code: a list read
# from the model file would approve whatever a tampered file asks for.
TRUSTED_TYPES = ["churn.features.add_features"]


def build(features: list[str], c: float) -> Pipeline:
    """An unfitted pipeline that reads whole subscriber rows and uses only `features`."""
    categorical = [f for f in features if f in CATEGORICAL]
    numeric = [f for f in features if f not in CATEGORICAL]
    return Pipeline(
        [
            ("derive", FunctionTransformer(add_features)),
            (
                "encode",
                ColumnTransformer(
                    [
                        ("onehot", OneHotEncoder(handle_unknown="ignore"), categorical),
                        ("scale", StandardScaler(), numeric),
                    ]
                ),
            ),
            ("classifier", LogisticRegression(C=c, max_iter=1_000)),
        ]
    )


def train(rows: pd.DataFrame, model_params: dict) -> Pipeline:
    """Fit the pipeline that params.yaml describes on rows that carry a `churned` column."""
    pipeline = build(model_params["features"], model_params["C"])
    return pipeline.fit(rows.drop(columns="churned"), rows["churned"])


def churn_scores(model: Pipeline, rows: pd.DataFrame):
    """The probability of churn for each row."""
    return model.predict_proba(rows)[:, 1]


def load_logged(model_uri: str) -> Pipeline:
    """A model MLflow logged (runs:/..., models:/churn@champion), refused unless its file is
    skops and asks for no type beyond TRUSTED_TYPES.

    mlflow.sklearn.load_model alone hands skops the allow-list written in the model's own
    MLmodel file, and loads a pickle file with no check at all; this is the check it skips.
    """
    import mlflow.sklearn
    from mlflow.models import Model

    flavor = Model.load(model_uri).flavors["sklearn"]
    asked = sorted(set(flavor.get("skops_trusted_types") or []) - set(TRUSTED_TYPES))
    if flavor.get("serialization_format") != "skops" or asked:
        raise ValueError(
            f"{model_uri} refused: it is {flavor.get('serialization_format')}, not skops, "
            f"or asks to trust {asked}, beyond the reviewed {TRUSTED_TYPES}"
        )
    return mlflow.sklearn.load_model(model_uri)
