"""The churn model: derived features, encoding and logistic regression in one pipeline."""

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from churn.features import CATEGORICAL, add_features


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
