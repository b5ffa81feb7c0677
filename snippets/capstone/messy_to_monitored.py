"""Capstone: from a messy CRM export to a churn model that is tracked, gated, served and watched.

One script, run top to bottom; the capstone page shows it step by step.
"""
# --8<-- [start:setup]
# ruff: noqa: E402 (the environment variable below must be set before mlflow is imported)

import os

# MLflow sends anonymous usage statistics from the moment it is imported, unless told not to.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import hashlib
import tempfile
import warnings
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
import pandera.pandas as pa
import sklearn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from mlflow import MlflowClient
from pydantic import BaseModel, Field
from scipy.stats import ks_2samp
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import PLANS, REGIONS, SNAPSHOT_DATE, make_messy_subscribers

warnings.filterwarnings("ignore")  # MLflow's advice about pip and signatures is noise here
# --8<-- [end:setup]

# --8<-- [start:audit]
schema = pa.DataFrameSchema(
    {
        "customer_id": pa.Column(str, pa.Check.str_matches(r"^C\d{5}$"), unique=True),
        "email": pa.Column(str, nullable=False),
        "region": pa.Column(str, pa.Check.isin(REGIONS), nullable=False),
        "plan": pa.Column(str, pa.Check.isin(list(PLANS))),
        "monthly_fee": pa.Column(float, coerce=True),
        "age": pa.Column(int, pa.Check.in_range(18, 110), coerce=True),
        "watch_hours": pa.Column(float, pa.Check.ge(0)),
        "signup_date": pa.Column(pa.DateTime, pa.Check.le(SNAPSHOT_DATE)),
    }
)
export = make_messy_subscribers(n=3000, seed=7)
try:
    schema.validate(export, lazy=True)
except pa.errors.SchemaErrors as err:
    broken_rows = err.failure_cases["index"].nunique()
    print(f"{len(export)} rows exported, {broken_rows} break the schema")
    #> 3003 rows exported, 20 break the schema
# --8<-- [end:audit]

# --8<-- [start:clean]
clean = (
    export.drop_duplicates()
    .assign(
        plan=lambda d: d["plan"].str.strip().str.lower(),
        monthly_fee=lambda d: pd.to_numeric(
            d["monthly_fee"].str.replace("$", "").str.replace(",", "."), errors="coerce"
        ),
        age=lambda d: pd.to_numeric(d["age"]),
    )
    .dropna(subset=["email", "region"])
    .query("age <= 110 and watch_hours >= 0 and signup_date <= @SNAPSHOT_DATE")
)
clean = schema.validate(clean)
print(f"{len(clean)} clean rows pass the schema; churn rate {clean['churned'].mean():.3f}")
#> 2991 clean rows pass the schema; churn rate 0.114
# --8<-- [end:clean]

# --8<-- [start:train]
features = ["plan", "region", "tenure_months", "watch_hours", "support_tickets", "age"]
train, holdout = train_test_split(
    clean, test_size=0.3, stratify=clean["churned"], random_state=42
)
fingerprint = hashlib.sha256(train[features + ["churned"]].to_csv(index=False).encode())

store = Path(tempfile.mkdtemp())  # tracking store and registry: one SQLite file
mlflow.set_tracking_uri(f"sqlite:///{store / 'mlflow.db'}")
experiment = mlflow.set_experiment("churn-capstone")


def train_and_log(name: str, columns: list[str]) -> tuple[str, float]:
    """Fit a churn model on `columns`, log it with its data fingerprint; return its URI, AUC."""
    categorical = [c for c in columns if c in ("plan", "region")]
    numeric = [c for c in columns if c not in categorical]
    model = make_pipeline(
        ColumnTransformer(
            [("onehot", OneHotEncoder(), categorical), ("scale", StandardScaler(), numeric)]
        ),
        LogisticRegression(max_iter=1000),
    ).fit(train[columns], train["churned"])
    auc = roc_auc_score(holdout["churned"], model.predict_proba(holdout[columns])[:, 1])
    with mlflow.start_run(run_name=name):
        mlflow.log_params({"features": ",".join(columns), "model": "LogisticRegression"})
        mlflow.log_metric("holdout_auc", auc)
        mlflow.set_tag("data_sha256", fingerprint.hexdigest())
        # Naming the requirements skips MLflow's inference, which re-imports the model in a
        # subprocess (seconds per model) and would record this machine's whole environment.
        logged = mlflow.sklearn.log_model(
            model, name="model", pip_requirements=[f"scikit-learn=={sklearn.__version__}"]
        )
    return logged.model_uri, auc


baseline_uri, baseline_auc = train_and_log("baseline", features)
runs = mlflow.search_runs([experiment.experiment_id])
print(runs[["tags.mlflow.runName", "metrics.holdout_auc"]].round(3).to_string(index=False))
#> tags.mlflow.runName  metrics.holdout_auc
#>            baseline                0.754
# --8<-- [end:train]

# --8<-- [start:gate]
client = MlflowClient()


def promote_if_better(model_uri: str, auc: float, columns: list[str]) -> str:
    """Register the model; give it @champion only if it passes every gate."""
    version = mlflow.register_model(model_uri, "churn").version
    try:
        champion_run = client.get_model_version_by_alias("churn", "champion").run_id
        champion_auc = client.get_run(champion_run).data.metrics["holdout_auc"]
    except mlflow.exceptions.MlflowException:
        champion_auc = 0.5  # no champion yet: the bar is a coin flip
    scores = mlflow.pyfunc.load_model(f"models:/churn/{version}").predict(holdout[columns])
    sane = np.isfinite(scores).all() and len(scores) == len(holdout)
    if sane and auc >= 0.65 and auc > champion_auc:
        client.set_registered_model_alias("churn", "champion", version)
        return f"v{version} promoted (AUC {auc:.3f} > {champion_auc:.3f})"
    return f"v{version} rejected (AUC {auc:.3f}, champion {champion_auc:.3f}, sane={sane})"


print(promote_if_better(baseline_uri, baseline_auc, features))
#> v1 promoted (AUC 0.754 > 0.500)
no_tenure = [c for c in features if c != "tenure_months"]
print(promote_if_better(*train_and_log("no-tenure", no_tenure), no_tenure))
#> v2 rejected (AUC 0.671, champion 0.754, sane=True)
# --8<-- [end:gate]

# --8<-- [start:serve]
champion = mlflow.sklearn.load_model("models:/churn@champion")
app = FastAPI(title="Churn scoring")


class Subscriber(BaseModel):
    plan: str = Field(pattern="^(basic|standard|premium)$")
    region: str = Field(pattern="^(north|south|east|west)$")
    tenure_months: int = Field(ge=0, le=600)
    watch_hours: float = Field(ge=0)
    support_tickets: int = Field(ge=0)
    age: int = Field(ge=18, le=110)


@app.get("/health")
def health() -> dict:
    return {"status": "ok", "model": "churn@champion"}


@app.post("/predict")
def predict(subscriber: Subscriber) -> dict:
    row = pd.DataFrame([subscriber.model_dump()])
    return {"churn_probability": round(float(champion.predict_proba(row)[0, 1]), 3)}


api = TestClient(app)
print(api.get("/health").json())
#> {'status': 'ok', 'model': 'churn@champion'}
customer = {
    "plan": "basic",
    "region": "west",
    "tenure_months": 2,
    "watch_hours": 3.5,
    "support_tickets": 4,
    "age": 23,
}
print(api.post("/predict", json=customer).json())
#> {'churn_probability': 0.832}
bad = api.post("/predict", json={**customer, "plan": "gold", "age": 12})
print(bad.status_code, [error["loc"][-1] for error in bad.json()["detail"]])
#> 422 ['plan', 'age']
# --8<-- [end:serve]


# --8<-- [start:drift]
def psi(expected: pd.Series, actual: pd.Series, bins: int = 10) -> float:
    """Population stability index over the training deciles of `expected`."""
    edges = np.unique(np.quantile(expected, np.linspace(0, 1, bins + 1)))
    edges[0], edges[-1] = -np.inf, np.inf
    e = np.histogram(expected, edges)[0] / len(expected) + 1e-6
    a = np.histogram(actual, edges)[0] / len(actual) + 1e-6
    return float(np.sum((a - e) * np.log(a / e)))


# A later month: viewing fell by a third after a price change; the rest looks as before.
rng = np.random.default_rng(2024)
production = holdout.assign(
    watch_hours=lambda d: (d["watch_hours"] * rng.uniform(0.55, 0.75, len(d))).round(1)
)
watched = ["watch_hours", "tenure_months", "age"]
report = pd.DataFrame(
    {
        "psi": [psi(train[c], production[c]) for c in watched],
        "ks_p": [ks_2samp(train[c], production[c]).pvalue for c in watched],
    },
    index=watched,
)
report["drift"] = (report["psi"] > 0.2) | (report["ks_p"] < 0.01)
print(report.round(3))
#>                  psi   ks_p  drift
#> watch_hours    0.271  0.000   True
#> tenure_months  0.007  0.080  False
#> age            0.008  0.554  False
decision = "retrain" if report["drift"].any() else "keep serving"
print(f"decision: {decision}")
#> decision: retrain
# --8<-- [end:drift]
