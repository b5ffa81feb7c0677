"""Where the rows come from, and where each pipeline step leaves its output."""

import functools
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import yaml

from churn.features import CATEGORICAL, NUMERIC, tenure_months

BUILD = Path("build")  # every command reads and writes here, relative to the project folder
TRAIN_CSV, EVAL_CSV, CANARY_CSV = BUILD / "train.csv", BUILD / "eval.csv", BUILD / "canary.csv"
MODEL_FILE, METRICS_FILE = BUILD / "model.joblib", BUILD / "metrics.json"
GATE_FILE = BUILD / "gate.json"
# No direct identifiers (name, e-mail, address) enter a snapshot: only the pseudonymous id, the
# model's inputs and the outcome. Age, region and plan together can still single a subscriber
# out (quasi-identifiers), so a snapshot is pseudonymised personal data, not anonymous data.
SNAPSHOT_COLUMNS = ["customer_id", *CATEGORICAL, *NUMERIC, "churned"]


def load_params(path: Path = Path("params.yaml")) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def extract(rows: int, seed: int) -> pd.DataFrame:
    """An export from the warehouse; here, Streamwise's generator with a seed."""
    from churn.streamwise import SNAPSHOT_DATE, make_subscribers  # Faker: only extract needs it

    export = make_subscribers(n=rows, seed=seed)
    # Tenure from the signup date, by the function the service uses too: no training-serving skew.
    return export.assign(tenure_months=tenure_months(export["signup_date"], SNAPSHOT_DATE))


def cohort_seed(cohort: str) -> int:
    """The generator's seed for a monthly cohort: "2024-04" -> 202404, new rows each month."""
    return int(cohort.replace("-", ""))


def matured_on(cohort: str, outcome_days: int) -> date:
    """The day every outcome of a cohort is known: outcome_days after the month's last day."""
    last_day = (pd.Period(cohort, freq="M").end_time).date()
    return last_day + timedelta(days=outcome_days)


def latest_matured(exported_on: str, outcome_days: int) -> str:
    """The newest cohort whose outcomes are all known on the day of the export."""
    month = pd.Period(exported_on, freq="M")
    while matured_on(str(month), outcome_days) > date.fromisoformat(exported_on):
        month -= 1
    return str(month)


def month_before(cohort: str) -> str:
    return str(pd.Period(cohort, freq="M") - 1)


def immature_cohorts(params: dict) -> list[str]:
    """The label-maturity check: each reason the export cannot be trained or judged on yet.

    A cohort exported before its outcome window closed holds only the subscribers who already
    left, so its churn rate, and any model fitted to it, would be biased toward churners.
    """
    data = params["data"]
    exported = date.fromisoformat(data["exported_on"])
    problems = []
    for role in ["train", "eval"]:
        cohort = data[f"{role}_cohort"]
        ready = matured_on(cohort, data["outcome_days"])
        if ready > exported:
            problems.append(f"{role} cohort {cohort} is not matured until {ready}")
    if data["train_cohort"] >= data["eval_cohort"]:
        problems.append(
            f"eval cohort {data['eval_cohort']} is not after train cohort {data['train_cohort']}:"
            " a model is judged on a later month than it learned from (out of time)"
        )
    return problems


def training_rows(params: dict) -> pd.DataFrame:
    data = params["data"]
    return extract(data["train_rows"], cohort_seed(data["train_cohort"])).copy()


def evaluation_rows(params: dict) -> pd.DataFrame:
    """The latest matured cohort: the months a new model will meet next are most like it."""
    data = params["data"]
    return extract(data["eval_rows"], cohort_seed(data["eval_cohort"])).copy()


def canary_rows(params: dict) -> pd.DataFrame:
    """A fixed set, the same every month: a regression canary, not the set that judges."""
    return extract(params["data"]["canary_rows"], params["data"]["canary_seed"]).copy()


def read_snapshot(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"customer_id": str, "plan": str, "region": str})
