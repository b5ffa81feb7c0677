"""Where the rows come from, and where each pipeline step leaves its output."""

import functools
from pathlib import Path

import pandas as pd
import yaml

from churn.features import CATEGORICAL, NUMERIC, tenure_months

BUILD = Path("build")  # every command reads and writes here, relative to the project folder
TRAIN_CSV, EVAL_CSV = BUILD / "train.csv", BUILD / "eval.csv"
MODEL_FILE, METRICS_FILE = BUILD / "model.joblib", BUILD / "metrics.json"
GATE_FILE = BUILD / "gate.json"
# Personal data never enters a snapshot: only the id, the model's inputs and the outcome.
SNAPSHOT_COLUMNS = ["customer_id", *CATEGORICAL, *NUMERIC, "churned"]


def load_params(path: Path = Path("params.yaml")) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def extract(rows: int, seed: int) -> pd.DataFrame:
    """This month's export from the warehouse; here, Streamwise's generator with a seed."""
    from churn.streamwise import SNAPSHOT_DATE, make_subscribers  # Faker: only extract needs it

    export = make_subscribers(n=rows, seed=seed)
    # Tenure from the signup date, by the function the service uses too: no training-serving skew.
    return export.assign(tenure_months=tenure_months(export["signup_date"], SNAPSHOT_DATE))


def training_rows(params: dict) -> pd.DataFrame:
    return extract(params["data"]["train_rows"], params["data"]["train_seed"]).copy()


def evaluation_rows(params: dict) -> pd.DataFrame:
    return extract(params["data"]["eval_rows"], params["data"]["eval_seed"]).copy()


def read_snapshot(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"customer_id": str, "plan": str, "region": str})
