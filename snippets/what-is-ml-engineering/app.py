"""Streamwise's churn model as a web service: FastAPI with input validation, health and batches.

uvicorn runs `create_app` (see serve_uvicorn.py and the Dockerfile). Run this file directly and
it trains the model the page chose and calls every endpoint in-process with FastAPI's TestClient.
"""

# --8<-- [start:setup]
import os
from typing import Literal

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

# --8<-- [end:setup]

# --8<-- [start:schema]
class Subscriber(BaseModel):
    """One subscriber as a client sends it. Anything else is refused with a 422 response."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not ignored

    plan: Literal["basic", "standard", "premium"]
    tenure_months: int = Field(ge=1)
    watch_hours: float = Field(ge=0, le=744)  # a month has at most 744 hours
    support_tickets: int = Field(ge=0)
    payment_failures: int = Field(ge=0)


class Batch(BaseModel):
    subscribers: list[Subscriber] = Field(min_length=1, max_length=1_000)


class Prediction(BaseModel):
    churn_probability: float
    model_version: str
# --8<-- [end:schema]


# --8<-- [start:endpoints]
def build_app(model, version: str) -> FastAPI:
    """The service around any fitted pipeline that takes the Subscriber columns."""
    app = FastAPI(title="Streamwise churn model", version=version)

    def score(subscribers: list[Subscriber]) -> list[Prediction]:
        rows = pd.DataFrame([subscriber.model_dump() for subscriber in subscribers])
        probabilities = model.predict_proba(rows)[:, 1]
        return [Prediction(churn_probability=round(float(p), 3), model_version=version)
                for p in probabilities]

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "model_version": version}

    @app.post("/predict")
    def predict(subscriber: Subscriber) -> Prediction:
        return score([subscriber])[0]

    @app.post("/predict/batch")
    def predict_batch(batch: Batch) -> list[Prediction]:
        return score(batch.subscribers)

    return app


def create_app() -> FastAPI:
    """What uvicorn runs: load the model file the training pipeline published."""
    # A joblib file is a pickle: loading it runs whatever code it holds. Load only files your
    # own training job wrote, from storage nothing else can write to.
    model = joblib.load(os.environ["MODEL_PATH"])
    return build_app(model, version=os.environ.get("MODEL_VERSION", "unversioned"))
# --8<-- [end:endpoints]


# --8<-- [start:check]
if __name__ == "__main__":
    from fastapi.testclient import TestClient

    from churn_candidates import logistic_regression, subscribers_xy

    # The candidate chosen under "Algorithm selection", trained on all 1,000 subscribers.
    model = logistic_regression().fit(*subscribers_xy())

    client = TestClient(build_app(model, version="dev"))
    print(client.get("/health").json())
    #> {'status': 'ok', 'model_version': 'dev'}

    loyal = {"plan": "premium", "tenure_months": 48, "watch_hours": 40.0,
             "support_tickets": 0, "payment_failures": 0}
    at_risk = {"plan": "basic", "tenure_months": 2, "watch_hours": 3.5,
               "support_tickets": 3, "payment_failures": 2}
    print(client.post("/predict", json=at_risk).json())
    #> {'churn_probability': 0.932, 'model_version': 'dev'}
    batch = client.post("/predict/batch", json={"subscribers": [loyal, at_risk]})
    print([p["churn_probability"] for p in batch.json()])
    #> [0.01, 0.932]

    # A request the model cannot score: an unknown plan, a negative tenure, a misspelt field.
    bad = {**at_risk, "plan": "gold", "tenure_months": -3, "payment_failure": 1}
    response = client.post("/predict", json=bad)
    print(response.status_code)
    #> 422
    for error in response.json()["detail"]:
        print(f"  {error['loc'][-1]}: {error['msg']}")
        #>   plan: Input should be 'basic', 'standard' or 'premium'
        #>   tenure_months: Input should be greater than or equal to 1
        #>   payment_failure: Extra inputs are not permitted
    print(client.post("/predict/batch", json={"subscribers": []}).status_code)
    #> 422

    # Without the schema, the same plan would reach the model and fail inside it: a 500.
    try:
        model.predict_proba(pd.DataFrame([{**at_risk, "plan": "gold"}]))
    except ValueError as error:
        print(f"the model itself raises: {str(error).splitlines()[0]}")
        #> the model itself raises: Found unknown categories ['gold'] in column 0 during transform
# --8<-- [end:check]
