"""Capstone: from a messy CRM export to a churn model that is tracked, gated, served and watched.

One script, run top to bottom; the capstone page shows it step by step.
"""
# --8<-- [start:setup]
# ruff: noqa: E402 (the two settings below must come before the imports they affect)

import os
import warnings

from starlette.exceptions import StarletteDeprecationWarning

# MLflow sends anonymous usage statistics from the moment it is imported, unless told not to.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
# Two warnings about the installed libraries, not about this script, are silenced by name;
# every other warning still shows. pandera loads PySpark's pandas API whenever PySpark is
# installed (the site's full environment has it, for the Spark lesson), and PySpark warns that
# it does not support pandas 3 yet: this script never uses Spark.
warnings.filterwarnings(
    "ignore",
    message="PySpark does not yet fully support pandas",
    category=FutureWarning,
    module=r"pyspark\.pandas",
)
# FastAPI's TestClient announces a switch from httpx to its successor, httpx2; the in-process
# requests below work the same with either.
warnings.filterwarnings(
    "ignore",
    message="Using `httpx` with `starlette.testclient` is deprecated",
    category=StarletteDeprecationWarning,
    module=r"fastapi\.testclient",
)

import hashlib
import tempfile
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

from subscribers import (
    PLANS,
    REGIONS,
    SNAPSHOT_DATE,
    churn_probability,
    clean_subscribers,
    make_messy_subscribers,
)

# --8<-- [end:setup]

# --8<-- [start:audit]
schema = pa.DataFrameSchema(
    {
        "customer_id": pa.Column(str, pa.Check.str_matches(r"^C\d{5}$"), unique=True),
        "email": pa.Column(str, pa.Check.str_contains("@"), nullable=True),  # no model uses it
        "region": pa.Column(str, pa.Check.isin([*REGIONS, "unknown"]), nullable=False),
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
    #> 3003 rows exported, 16 break the schema
# --8<-- [end:audit]

# --8<-- [start:clean]
clean = schema.validate(clean_subscribers(export))  # the series' one set of cleaning rules
print(f"rows after cleaning: {len(clean)} of {len(export)}, all pass the schema")
#> rows after cleaning: 2997 of 3003, all pass the schema
print(f"churn rate {clean['churned'].mean():.3f}")
#> churn rate 0.114
# --8<-- [end:clean]

# --8<-- [start:train]
# The five columns churn depends on. Age is left out on purpose (a protected characteristic),
# and region because it carries no signal; email and the other personal columns never enter.
features = ["plan", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
train, holdout = train_test_split(
    clean, test_size=0.3, stratify=clean["churned"], random_state=42
)
fingerprint = hashlib.sha256(train[features + ["churned"]].to_csv(index=False).encode())

store = Path(tempfile.mkdtemp())  # tracking store and registry: one SQLite file
mlflow.set_tracking_uri(f"sqlite:///{store / 'mlflow.db'}")
experiment = mlflow.set_experiment("churn-capstone")


def train_and_log(name: str, columns: list[str]) -> tuple[str, float]:
    """Fit a churn model on `columns`, log it with its data fingerprint; return its URI, AUC."""
    categorical = [c for c in columns if c == "plan"]
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
#>            baseline                0.769

# The ceiling: the generator's own churn probabilities, scored on the same held-out rows.
truth = churn_probability(**{column: holdout[column] for column in features})
print(f"ROC AUC of the true churn probabilities: {roc_auc_score(holdout['churned'], truth):.3f}")
#> ROC AUC of the true churn probabilities: 0.765
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
    # Load what the registry holds, as the service will, and score the held-out rows with it:
    # one churn probability per row, each a finite number between 0 and 1, which together
    # reproduce the AUC the run logged (so the registered artefact is the model measured).
    registered = mlflow.sklearn.load_model(f"models:/churn/{version}")
    scores = registered.predict_proba(holdout[columns])[:, 1]
    sane = bool(
        len(scores) == len(holdout)
        and np.isfinite(scores).all()
        and ((scores >= 0) & (scores <= 1)).all()
        and np.isclose(roc_auc_score(holdout["churned"], scores), auc)
    )
    if sane and auc >= 0.65 and auc > champion_auc:
        client.set_registered_model_alias("churn", "champion", version)
        return f"v{version} promoted (AUC {auc:.3f} > {champion_auc:.3f})"
    return f"v{version} rejected (AUC {auc:.3f}, champion {champion_auc:.3f}, sane={sane})"


print(promote_if_better(baseline_uri, baseline_auc, features))
#> v1 promoted (AUC 0.769 > 0.500)
no_tenure = [c for c in features if c != "tenure_months"]
print(promote_if_better(*train_and_log("no-tenure", no_tenure), no_tenure))
#> v2 rejected (AUC 0.706, champion 0.769, sane=True)
# --8<-- [end:gate]

# --8<-- [start:serve]
champion = mlflow.sklearn.load_model("models:/churn@champion")
app = FastAPI(title="Churn scoring")


class Subscriber(BaseModel):
    """The model's five inputs; nothing else about the person is asked for."""

    plan: str = Field(pattern="^(basic|standard|premium)$")
    tenure_months: int = Field(ge=0, le=600)
    watch_hours: float = Field(ge=0)
    support_tickets: int = Field(ge=0)
    payment_failures: int = Field(ge=0)


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
    "tenure_months": 2,
    "watch_hours": 3.5,
    "support_tickets": 4,
    "payment_failures": 1,
}
print(api.post("/predict", json=customer).json())
#> {'churn_probability': 0.887}
bad = api.post("/predict", json={**customer, "plan": "gold", "support_tickets": -2})
print(bad.status_code, [error["loc"][-1] for error in bad.json()["detail"]])
#> 422 ['plan', 'support_tickets']
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
watched = [c for c in features if c != "plan"]  # the model's numeric inputs
report = pd.DataFrame(
    {
        "psi": [psi(train[c], production[c]) for c in watched],
        "ks_p": [ks_2samp(train[c], production[c]).pvalue for c in watched],
    },
    index=watched,
)
report["drift"] = (report["psi"] > 0.2) | (report["ks_p"] < 0.01)
print(report.round(3))
#>                     psi   ks_p  drift
#> tenure_months     0.036  0.179  False
#> watch_hours       0.369  0.000   True
#> support_tickets   0.005  0.978  False
#> payment_failures  0.001  1.000  False
decision = "retrain" if report["drift"].any() else "keep serving"
print(f"decision: {decision}")
#> decision: retrain
# --8<-- [end:drift]
