"""Shared fixtures: the rows, and the model under test.

The model under test is trained from params.yaml, the way `python -m churn train` trains it.
Set CHURN_MODEL to a saved model file (joblib) to run the same tests against that model.
"""

import os

import joblib
import pytest
from hypothesis import settings

from churn.data import evaluation_rows, load_params, training_rows
from churn.model import train

# Property tests try the same examples on every run and never fail on a slow machine.
settings.register_profile("churn", derandomize=True, database=None, deadline=None)
settings.load_profile("churn")


@pytest.fixture(scope="session")
def params(pytestconfig) -> dict:
    return load_params(pytestconfig.rootpath / "params.yaml")  # rootpath: the project folder


@pytest.fixture(scope="session")
def train_rows(params):
    return training_rows(params)


@pytest.fixture(scope="session")
def eval_rows(params):
    """The evaluation cohort: a later month than the training one, never trained on."""
    return evaluation_rows(params)


@pytest.fixture(scope="session")
def model(params, train_rows):
    if path := os.environ.get("CHURN_MODEL"):
        return joblib.load(path)
    return train(train_rows, params["model"])
