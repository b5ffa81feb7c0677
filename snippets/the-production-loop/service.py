"""Streamwise's churn service in production: the @champion model from the MLflow registry, a log
of every prediction, and Prometheus metrics.

uvicorn runs `create_app` (--factory) with the churn project's src/ on PYTHONPATH: loop.py starts
it on a free loopback port, sends it traffic and stops it.
"""

# --8<-- [start:setup]
import os
import sqlite3
import threading
import time
from collections import deque
from datetime import UTC, date, datetime
from typing import Annotated, Literal

import pandas as pd
from fastapi import Body, FastAPI, HTTPException, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from pydantic import BaseModel, ConfigDict, Field

# --8<-- [end:setup]


# --8<-- [start:schema]
class ScoringRequest(BaseModel):
    """What the CRM knows about a subscriber on the day it asks for a score."""

    model_config = ConfigDict(extra="forbid")

    customer_id: str
    as_of: date  # the day the score is for
    plan: Literal["basic", "standard", "premium"]
    region: Literal["north", "south", "east", "west"]
    age: int | None = Field(None, ge=18, le=110)  # not a model input; logged for slice reports
    signup_date: date  # the service derives tenure from it
    watch_hours: float = Field(ge=0, le=744)
    support_tickets: int = Field(ge=0)
    payment_failures: int = Field(ge=0, le=3)


def request_body(row, as_of: pd.Timestamp) -> dict:
    """The JSON a CRM sends for one row of a monthly snapshot: tenure goes as a signup date."""
    signup = as_of - pd.Timedelta(days=30 * row.tenure_months)
    return {
        "customer_id": row.customer_id, "as_of": f"{as_of:%Y-%m-%d}", "plan": row.plan,
        "region": row.region, "age": row.age, "signup_date": f"{signup:%Y-%m-%d}",
        "watch_hours": row.watch_hours, "support_tickets": row.support_tickets,
        "payment_failures": row.payment_failures,
    }


class Prediction(BaseModel):
    customer_id: str
    churn_probability: float
    model_version: str
# --8<-- [end:schema]


# --8<-- [start:app]
WINDOW = 300  # the most recent scores, which the PSI gauge compares with the reference


def load_champion(name: str = "churn"):
    """The model that holds @champion now, and its version number."""
    import mlflow  # reads MLFLOW_TRACKING_URI
    from churn.model import load_logged  # refuses a file asking skops for unreviewed types

    version = str(mlflow.MlflowClient().get_model_version_by_alias(name, "champion").version)
    # Load by number, not by alias: if the alias moves meanwhile, the two still agree.
    return load_logged(f"models:/{name}/{version}"), version


def build_app(load_model, tenure, psi, reference: pd.DataFrame, log_path: str) -> FastAPI:
    """The service around any loader of (model, version). `tenure` turns signup dates into the
    model's tenure feature; `psi` compares recent scores with the model's scores on `reference`.
    """
    app = FastAPI(title="Streamwise churn service")
    log, metrics = PredictionLog(log_path), Metrics()
    recent = deque(maxlen=WINDOW)
    lock = threading.Lock()

    def load() -> dict:
        model, version = load_model()
        metrics.version.set(int(version))
        return {"model": model, "version": version,
                "reference": model.predict_proba(reference)[:, 1]}

    serving = load()  # at start-up: no model, no service

    def score(requests: list[ScoringRequest]) -> list[Prediction]:
        current = serving  # one model for the whole request, even if a reload swaps it now
        rows = pd.DataFrame([request.model_dump() for request in requests])
        rows["tenure_months"] = tenure(rows["signup_date"], rows["as_of"])
        try:
            scores = current["model"].predict_proba(rows)[:, 1].tolist()
        except Exception as error:
            metrics.errors.inc()
            raise HTTPException(500, "the model could not score this request") from error
        log.write(rows.to_dict("records"), scores, current["version"])
        for value in scores:
            metrics.scores.observe(value)
        with lock:
            recent.extend(scores)
            if len(recent) >= 100:  # fewer scores than that make PSI mostly noise
                metrics.psi.set(psi(current["reference"], list(recent)))
        return [Prediction(customer_id=request.customer_id, churn_probability=round(value, 3),
                           model_version=current["version"])
                for request, value in zip(requests, scores, strict=True)]

    @app.middleware("http")
    async def measure(request: Request, call_next):
        if not request.url.path.startswith("/predict"):
            return await call_next(request)
        start = time.perf_counter()
        response = await call_next(request)
        metrics.latency.observe(time.perf_counter() - start)
        metrics.requests.labels(status=str(response.status_code)).inc()
        return response

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "model_version": serving["version"]}

    @app.post("/predict")
    def predict(request: ScoringRequest) -> Prediction:
        return score([request])[0]

    @app.post("/predict/batch")  # for scoring jobs: up to 1,000 subscribers in one request
    def predict_batch(
        requests: Annotated[list[ScoringRequest], Body(min_length=1, max_length=1_000)],
    ) -> list[Prediction]:
        return score(requests)

    @app.post("/reload")
    def reload() -> dict[str, str]:
        """Load whichever version holds @champion now, then swap it in with one assignment."""
        nonlocal serving
        was = serving["version"]
        serving = load()
        with lock:
            recent.clear()  # scores of the old model say nothing about the new one
        return {"was": was, "now": serving["version"]}

    @app.get("/metrics")
    def scrape() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return app


def create_app() -> FastAPI:
    """What uvicorn runs: the champion from the registry MLFLOW_TRACKING_URI names."""
    # The churn project's own code, on PYTHONPATH: the very tenure function its training rows
    # were built with, and the PSI every monitor of the model uses.
    from churn.drift import psi
    from churn.features import tenure_months

    reference = pd.read_csv(os.environ["REFERENCE_ROWS"])  # the evaluation cohort's rows
    log_path = os.environ.get("PREDICTION_LOG", "predictions.db")
    return build_app(load_champion, tenure_months, psi, reference, log_path)
# --8<-- [end:app]


# --8<-- [start:log]
# What the model saw, not what the client sent: tenure here is the service's own computation.
LOGGED = ["plan", "region", "age", "tenure_months", "watch_hours", "support_tickets",
          "payment_failures"]


class PredictionLog:
    """One row per prediction in a SQLite table: when, for whom, by which model, on what inputs."""

    def __init__(self, path: str):
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")  # readers never block the service's writes
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL's usual pairing: far fewer fsyncs
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS predictions (logged_at TEXT, as_of TEXT, customer_id TEXT,"
            " model_version TEXT, plan TEXT, region TEXT, age INTEGER, tenure_months INTEGER,"
            " watch_hours REAL, support_tickets INTEGER, payment_failures INTEGER, score REAL)"
        )
        self.lock = threading.Lock()  # one writer at a time; requests run in many threads

    def write(self, rows: list[dict], scores: list[float], version: str) -> None:
        now = datetime.now(UTC).isoformat()
        values = [[now, row["as_of"].isoformat(), row["customer_id"], version,
                   *(row[column] for column in LOGGED), score]
                  for row, score in zip(rows, scores, strict=True)]
        with self.lock, self.db:  # one transaction per request: all its rows, or none
            self.db.executemany(f"INSERT INTO predictions VALUES ({', '.join('?' * 12)})", values)
# --8<-- [end:log]


# --8<-- [start:metrics]
class Metrics:
    """What Prometheus scrapes from /metrics. Its own registry, so two apps in one process
    (a test, a notebook) do not collide."""

    def __init__(self):
        self.registry = registry = CollectorRegistry()
        self.requests = Counter(
            "churn_requests", "Scoring requests answered, by HTTP status", ["status"],
            registry=registry,
        )
        self.latency = Histogram(
            "churn_request_seconds", "Time to answer a scoring request",
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5), registry=registry,
        )
        self.errors = Counter(
            "churn_prediction_errors", "Requests the model failed to score", registry=registry
        )
        self.scores = Histogram(
            "churn_score", "Churn probabilities returned",
            buckets=[i / 10 for i in range(1, 11)], registry=registry,
        )
        self.psi = Gauge(
            "churn_score_psi",
            "PSI of the last 300 scores against the champion's scores on the evaluation set",
            registry=registry,
        )
        self.version = Gauge(
            "churn_model_version", "The registered version of the model served", registry=registry
        )
# --8<-- [end:metrics]
