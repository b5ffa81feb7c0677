"""Exercise 2: a stricter contract at the front door: no impossible hours, no unknown fields."""

import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Literal

import pandas as pd
from fastapi import FastAPI
from pydantic import ConfigDict, Field, create_model
from starlette.exceptions import StarletteDeprecationWarning

from subscribers import PLANS, REGIONS, clean_subscribers, make_messy_subscribers

# FastAPI's TestClient announces, as it is imported, a switch from httpx to its successor,
# httpx2; the in-process requests below work the same with either.
warnings.filterwarnings(
    "ignore",
    message="Using `httpx` with `starlette.testclient` is deprecated",
    category=StarletteDeprecationWarning,
    module=r"fastapi\.testclient",
)
from fastapi.testclient import TestClient  # noqa: E402

workspace = tempfile.TemporaryDirectory(prefix="exercise-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", workspace.name)
sys.path.insert(0, str(Path(workspace.name) / "churn-project" / "src"))
from churn.data import SNAPSHOT_COLUMNS, load_params  # noqa: E402
from churn.features import DERIVED  # noqa: E402
from churn.model import churn_scores, train  # noqa: E402

# The capstone's champion, refitted the same way: the same cleaned export, the same recipe.
export = make_messy_subscribers(n=3000, seed=7)
clean = clean_subscribers(export)
print(f"rows after cleaning: {len(clean)} of {len(export)}")
#> rows after cleaning: 2997 of 3003
params = load_params(Path(workspace.name) / "churn-project" / "params.yaml")
model = train(clean[SNAPSHOT_COLUMNS], params["model"])
inputs = [f for f in params["model"]["features"] if f not in DERIVED]

RULES = {
    "plan": (Literal[tuple(PLANS)], ...),
    "region": (Literal[tuple(REGIONS)], ...),
    "age": (int, Field(ge=18, le=110)),
    "tenure_months": (int, Field(ge=0, le=600)),
    "watch_hours": (float, Field(ge=0, le=31 * 24)),  # no month has more than 744 hours
    "support_tickets": (int, Field(ge=0)),
    "payment_failures": (int, Field(ge=0)),
}
Subscriber = create_model(
    "Subscriber",
    # A field the model does not know is refused, not silently dropped: a misspelt name, or
    # personal data that a client should never have sent.
    __config__=ConfigDict(extra="forbid"),
    **{column: RULES[column] for column in inputs},
)


app = FastAPI(title="Churn scoring, strict")


@app.post("/predict")
def predict(subscriber: Subscriber) -> dict:
    row = pd.DataFrame([subscriber.model_dump()])
    return {"churn_probability": round(float(churn_scores(model, row)[0]), 3)}


api = TestClient(app)
crm_row = {
    "plan": "basic",
    "region": "north",
    "age": 41,
    "tenure_months": 2,
    "watch_hours": 3.5,
    "support_tickets": 4,
    "payment_failures": 1,
}
customer = {column: crm_row[column] for column in inputs}
typo = {k: v for k, v in customer.items() if k != "support_tickets"} | {"suport_tickets": 4}
email = "someone@example.com"
requests = {
    "valid": customer,
    "900 watch hours": {**customer, "watch_hours": 900},
    "misspelt field": typo,
    "with an email": {**customer, "email": email},
}
responses = {name: api.post("/predict", json=body) for name, body in requests.items()}
for name, response in responses.items():
    problems = [(e["loc"][-1], e["type"]) for e in response.json().get("detail", [])]
    print(f"{name:<16} {response.status_code} {problems or response.json()}")
    #> valid            200 {'churn_probability': 0.859}
    #> 900 watch hours  422 [('watch_hours', 'less_than_equal')]
    #> misspelt field   422 [('support_tickets', 'missing'), ('suport_tickets', 'extra_forbidden')]
    #> with an email    422 [('email', 'extra_forbidden')]
# What a service that logs its refusals whole would write down:
print("the refusal repeats the e-mail address:", email in responses["with an email"].text)
#> the refusal repeats the e-mail address: True
