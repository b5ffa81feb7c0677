"""Exercise 2: a stricter contract at the front door: no impossible hours, no unknown fields."""

from typing import Literal

import pandas as pd
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import clean_subscribers, make_messy_subscribers

# The capstone's champion, refitted the same way: same cleaned export, same split, same features.
export = make_messy_subscribers(n=3000, seed=7)
clean = clean_subscribers(export)
print(f"rows after cleaning: {len(clean)} of {len(export)}")
#> rows after cleaning: 2997 of 3003
FEATURES = ["plan", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
train, _ = train_test_split(clean, test_size=0.3, stratify=clean["churned"], random_state=42)
encode = ColumnTransformer(
    [
        ("onehot", OneHotEncoder(), ["plan"]),
        ("scale", StandardScaler(), FEATURES[1:]),
    ]
)
model = make_pipeline(encode, LogisticRegression(max_iter=1000))
model.fit(train[FEATURES], train["churned"])


class Subscriber(BaseModel):
    # A field the model does not know is refused, not silently dropped: a misspelt name, or
    # personal data that a client should never have sent.
    model_config = ConfigDict(extra="forbid")

    plan: Literal["basic", "standard", "premium"]
    tenure_months: int = Field(ge=0, le=600)
    watch_hours: float = Field(ge=0, le=31 * 24)  # no month has more than 744 hours
    support_tickets: int = Field(ge=0)
    payment_failures: int = Field(ge=0)


app = FastAPI(title="Churn scoring, strict")


@app.post("/predict")
def predict(subscriber: Subscriber) -> dict:
    row = pd.DataFrame([subscriber.model_dump()])
    return {"churn_probability": round(float(model.predict_proba(row)[0, 1]), 3)}


api = TestClient(app)
customer = {
    "plan": "basic",
    "tenure_months": 2,
    "watch_hours": 3.5,
    "support_tickets": 4,
    "payment_failures": 1,
}
typo = {k: v for k, v in customer.items() if k != "support_tickets"} | {"suport_tickets": 4}
requests = {
    "valid": customer,
    "900 watch hours": {**customer, "watch_hours": 900},
    "misspelt field": typo,
    "with an email": {**customer, "email": "someone@example.com"},
}
for name, body in requests.items():
    response = api.post("/predict", json=body)
    problems = [(e["loc"][-1], e["type"]) for e in response.json().get("detail", [])]
    print(f"{name:<16} {response.status_code} {problems or response.json()}")
    #> valid            200 {'churn_probability': 0.887}
    #> 900 watch hours  422 [('watch_hours', 'less_than_equal')]
    #> misspelt field   422 [('support_tickets', 'missing'), ('suport_tickets', 'extra_forbidden')]
    #> with an email    422 [('email', 'extra_forbidden')]
