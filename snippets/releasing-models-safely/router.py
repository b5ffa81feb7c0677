"""Streamwise's release router: the @champion model answers every subscriber, and the version the
registry names @challenger, when there is one, either scores beside it unseen (shadow) or answers
a fixed share of subscribers itself (canary).

The request and answer are the production loop's (service.py); uvicorn or canary.py's `serving`
runs `create_app` with the churn project's src/ importable.
"""

# --8<-- [start:setup]
import hashlib
import os
import sqlite3
import threading
from datetime import UTC, datetime
from typing import Literal

import pandas as pd
from fastapi import FastAPI, HTTPException, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from pydantic import BaseModel, Field
from service import Prediction, ScoringRequest  # the production loop's request and answer

# --8<-- [end:setup]


# --8<-- [start:routing]
class Rollout(BaseModel):
    """How the challenger takes part: `share` percent of subscribers in a canary."""

    mode: Literal["shadow", "canary"] = "shadow"
    share: int = Field(0, ge=0, le=100)


def bucket(customer_id: str) -> int:
    """0 to 99, the same for a subscriber on every request and in every process: a canary at
    share 5 answers buckets 0 to 4, so the same 5% of subscribers meet the challenger each time,
    and raising the share only adds subscribers. (Python's hash() changes per process.)"""
    return int.from_bytes(hashlib.sha256(customer_id.encode()).digest()[:8], "big") % 100


def load_alias(alias: str, name: str = "churn"):
    """(model, version) for the version that holds `alias` now, or None if none holds it."""
    import mlflow  # reads MLFLOW_TRACKING_URI
    from churn.model import load_logged  # refuses a file asking skops for unreviewed types
    from mlflow.exceptions import MlflowException

    try:
        version = mlflow.MlflowClient().get_model_version_by_alias(name, alias).version
    except MlflowException:  # no version holds the alias
        return None
    return load_logged(f"models:/{name}/{version}"), str(version)
# --8<-- [end:routing]


# --8<-- [start:app]
def build_app(load, tenure, shadow_log: str) -> FastAPI:
    """The router around any `load(alias)`; `tenure` turns signup dates into the feature."""
    app = FastAPI(title="Streamwise release router")
    metrics, log = RouterMetrics(), ShadowLog(shadow_log)
    state = {"rollout": Rollout()}

    def reload() -> dict:
        models = {"champion": load("champion"), "challenger": load("challenger")}
        if models["champion"] is None:
            raise RuntimeError("no version holds @champion: nothing to serve")
        return models

    state["models"] = reload()  # at start-up: no champion, no service

    def score(slot: str, model, rows: pd.DataFrame) -> float | None:
        """One model's score, or None if it failed; either way the metrics count it."""
        metrics.scored.labels(slot).inc()
        try:
            return float(model.predict_proba(rows)[0, 1])
        except Exception:  # a failing challenger must never fail the subscriber's request
            metrics.errors.labels(slot).inc()
            return None

    @app.post("/predict")
    def predict(request: ScoringRequest) -> Prediction:
        models, rollout = state["models"], state["rollout"]  # one view for the whole request
        rows = pd.DataFrame([request.model_dump()])
        rows["tenure_months"] = tenure(rows["signup_date"], rows["as_of"])
        challenger = models["challenger"]
        in_canary = bucket(request.customer_id) < rollout.share
        if challenger and rollout.mode == "canary" and in_canary:
            value = score("challenger", challenger[0], rows)
            if value is not None:
                return answer("challenger", request, value, challenger[1])
            # The challenger failed: the champion answers instead, and the error is counted.
        champion = models["champion"]
        value = score("champion", champion[0], rows)
        if value is None:
            raise HTTPException(500, "the champion could not score this request")
        if challenger and rollout.mode == "shadow":  # scored in line: it adds to the latency
            unseen = score("challenger", challenger[0], rows)
            log.write(request.customer_id, champion[1], value, challenger[1], unseen)
        return answer("champion", request, value, champion[1])

    def answer(slot: str, request: ScoringRequest, value: float, version: str) -> Prediction:
        metrics.answered.labels(slot).inc()
        return Prediction(customer_id=request.customer_id, churn_probability=round(value, 3),
                          model_version=version)

    @app.post("/rollout")
    def set_rollout(rollout: Rollout) -> Rollout:
        state["rollout"] = rollout
        return rollout

    @app.post("/reload")
    def reload_aliases() -> dict[str, str | None]:
        """Read @champion and @challenger again, load both, then swap them in at once."""
        state["models"] = reload()
        return {slot: m and m[1] for slot, m in state["models"].items()}

    @app.get("/health")
    def health() -> dict:
        models = state["models"]
        return {slot: m and m[1] for slot, m in models.items()} | dict(state["rollout"])

    @app.get("/metrics")
    def scrape() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return app


def create_app() -> FastAPI:
    """What uvicorn runs: the models of the registry MLFLOW_TRACKING_URI names."""
    from churn.features import tenure_months  # the feature code training used

    return build_app(load_alias, tenure_months, os.environ.get("SHADOW_LOG", "shadow.db"))
# --8<-- [end:app]


# --8<-- [start:record]
class RouterMetrics:
    """Counters by slot (champion or challenger), in their own registry. Both slots' series
    exist from the start at 0, so Prometheus sees every increase, the first one included."""

    def __init__(self):
        self.registry = CollectorRegistry()
        counters = {
            "scored": ("router_scores", "Requests a model was asked to score"),
            "errors": ("router_errors", "Requests a model failed to score"),
            "answered": ("router_answers", "Answers returned, by the model that gave them"),
        }
        for attribute, (name, text) in counters.items():
            counter = Counter(name, text, ["slot"], registry=self.registry)
            for slot in ("champion", "challenger"):
                counter.labels(slot)
            setattr(self, attribute, counter)


class ShadowLog:
    """One row per shadowed request: both versions' scores, the challenger's NULL if it failed."""

    def __init__(self, path: str):
        self.db = sqlite3.connect(path, check_same_thread=False)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS shadow (logged_at TEXT, customer_id TEXT,"
            " champion_version TEXT, champion_score REAL,"
            " challenger_version TEXT, challenger_score REAL)"
        )
        self.lock = threading.Lock()  # requests run in many threads; SQLite takes one writer

    def write(self, customer_id, champion_version, champion_score, challenger_version,
              challenger_score) -> None:
        row = (datetime.now(UTC).isoformat(), customer_id, champion_version, champion_score,
               challenger_version, challenger_score)
        with self.lock, self.db:
            self.db.execute("INSERT INTO shadow VALUES (?, ?, ?, ?, ?, ?)", row)
# --8<-- [end:record]
