"""Capstone: from a messy CRM export to a churn model that is tracked, gated, served and watched.

One script, run top to bottom; the capstone page shows it step by step. The model, the gate's
comparison and the drift measures are the course's churn project (the testing page's download),
imported rather than rewritten, so a number here means what it means on every other page.
"""
# --8<-- [start:setup]
# ruff: noqa: E402 (the settings below must come before the imports they affect)

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
import shutil
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Literal

import mlflow
import numpy as np
import pandas as pd
import pandera.pandas as pa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from pydantic import Field, create_model
from sklearn.metrics import roc_auc_score

from subscribers import (
    PLANS,
    REGIONS,
    SNAPSHOT_DATE,
    churn_probability,
    clean_subscribers,
    make_messy_subscribers,
    make_subscribers,
)

# The course's churn project, unpacked into a folder of its own; its package comes from src/.
workspace = tempfile.TemporaryDirectory(prefix="capstone-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", workspace.name)
project = Path(workspace.name) / "churn-project"
sys.path.insert(0, str(project / "src"))
from churn.data import SNAPSHOT_COLUMNS, canary_rows, evaluation_rows, load_params
from churn.drift import SHIFT, drift_report
from churn.evaluate import business_rule, compare, promotion_checks, slice_report
from churn.features import DERIVED
from churn.model import TRUSTED_TYPES, churn_scores, load_logged, train

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
# Only the id, the columns the project's features are chosen from, and the outcome go further:
# names, e-mails, phone numbers, birth dates and the rest stay behind in the export.
snapshot = clean[SNAPSHOT_COLUMNS]
print("left behind:", ", ".join(clean.columns.difference(snapshot.columns, sort=False)))
#> left behind: name, email, phone, ssn, birth_date, zip_code, gender, monthly_fee, signup_date
# --8<-- [end:clean]

# --8<-- [start:train]
params = load_params(project / "params.yaml")  # the project's settings: features, C, the gate
features = params["model"]["features"]
inputs = [f for f in features if f not in DERIVED]  # what a request must carry
print("inputs:", ", ".join(inputs))
#> inputs: plan, tenure_months, watch_hours, support_tickets, payment_failures
print("derived in the pipeline:", ", ".join(f for f in features if f in DERIVED))
#> derived in the pipeline: tickets_per_month
# The project's evaluation cohort (a later month, never trained on) and its fixed canary set.
evaluation = evaluation_rows(params)[SNAPSHOT_COLUMNS]
canary = canary_rows(params)[SNAPSHOT_COLUMNS]
print(f"evaluation set: {len(evaluation)} rows, {evaluation['churned'].sum()} churners")
#> evaluation set: 2000 rows, 213 churners

# "\n" line ends on every system, so the fingerprint is the same on Windows.
rows_csv = snapshot.to_csv(index=False, lineterminator="\n").encode()
fingerprint = hashlib.sha256(rows_csv).hexdigest()
mlflow.set_tracking_uri(f"sqlite:///{Path(workspace.name) / 'mlflow.db'}")
experiment = mlflow.set_experiment("churn-capstone")


def train_and_log(name: str, model_params: dict) -> tuple[str, float]:
    """Fit the project's model on the snapshot, log it with the data's fingerprint; return the
    model's URI and its ROC AUC on the evaluation set."""
    model = train(snapshot, model_params)
    auc = roc_auc_score(evaluation["churned"], churn_scores(model, evaluation))
    with mlflow.start_run(run_name=name):
        mlflow.log_params({"features": ",".join(model_params["features"]), "C": model_params["C"]})
        mlflow.log_metric("eval_auc", auc)
        mlflow.set_tag("data_sha256", fingerprint)
        logged = mlflow.sklearn.log_model(
            model,
            name="model",
            # Named requirements: MLflow does not have to infer them by loading the model.
            pip_requirements=[f"{p}=={version(p)}" for p in ["pandas", "scikit-learn", "skops"]],
            skops_trusted_types=TRUSTED_TYPES,  # the project's reviewed list
        )
    return logged.model_uri, auc


baseline_uri, baseline_auc = train_and_log("baseline", params["model"])
runs = mlflow.search_runs([experiment.experiment_id])
runs["data"] = runs["tags.data_sha256"].str[:12]
print(runs[["tags.mlflow.runName", "metrics.eval_auc", "data"]].round(3).to_string(index=False))
#> tags.mlflow.runName  metrics.eval_auc         data
#>            baseline             0.788 d919830aa290

# The ceiling: the generator's own churn probabilities, scored on the same evaluation rows.
truth = churn_probability(
    evaluation["tenure_months"],
    evaluation["watch_hours"],
    evaluation["support_tickets"],
    evaluation["payment_failures"],
    evaluation["plan"],
)
print(f"ROC AUC of the true churn probabilities: {roc_auc_score(evaluation['churned'], truth):.3f}")
#> ROC AUC of the true churn probabilities: 0.790
# --8<-- [end:train]

# --8<-- [start:gate]
client = MlflowClient()
bar = params["gate"]  # min_auc, min_slice_auc, max_drop, resamples


def gate(model_uri: str, auc: float) -> str:
    """Register the model, test it as the service will load it, and move @champion to it only
    if it passes every check. Returns the gate's report."""
    number = mlflow.register_model(model_uri, "churn").version
    candidate = load_logged(f"models:/churn/{number}")
    scores = churn_scores(candidate, evaluation)
    try:
        champion = client.get_model_version_by_alias("churn", "champion")
        against = f"champion v{champion.version}"
        baseline = churn_scores(load_logged("models:/churn@champion"), evaluation)
    except MlflowException:  # nothing holds the alias yet
        champion, against, baseline = None, "the business rule", business_rule(evaluation)
    result = compare(evaluation["churned"], scores, baseline, resamples=bar["resamples"])
    metrics = {
        "auc": result.candidate_auc,
        "canary_auc": roc_auc_score(canary["churned"], churn_scores(candidate, canary)),
        "slices": slice_report(evaluation, scores).to_dict("records"),
    }
    checks = {
        # What the registry holds is what was measured: one finite probability per row, in
        # [0, 1], which together give the AUC the run logged.
        "the registered model reproduces its logged AUC": bool(
            len(scores) == len(evaluation)
            and np.isfinite(scores).all()
            and ((scores >= 0) & (scores <= 1)).all()
            and np.isclose(result.candidate_auc, auc)
        ),
        # Then the project's promotion rule, the one `python -m churn gate` applies.
        **promotion_checks(metrics, result, bar, against_champion=champion is not None),
    }
    passed = all(checks.values())
    client.set_model_version_tag("churn", number, "gate", "passed" if passed else "failed")
    if passed:
        client.set_registered_model_alias("churn", "champion", number)
    lines = [f"v{number} against {against}:", f"  {result}"]
    lines += [f"  [{'pass' if ok else 'FAIL'}] {text}" for text, ok in checks.items()]
    holder = client.get_model_version_by_alias("churn", "champion").version
    lines.append(f"  @champion is v{holder}")
    return "\n".join(lines)


print(gate(baseline_uri, baseline_auc))
#> v1 against the business rule:
#>   candidate AUC 0.788, champion 0.627: difference +0.161, 95% interval [+0.122, +0.198]
#>   [pass] the registered model reproduces its logged AUC
#>   [pass] AUC 0.788 >= 0.7
#>   [pass] canary AUC 0.803 >= 0.7
#>   [pass] every slice's AUC >= 0.65 (lowest: age=35-49, 0.775)
#>   [pass] better than the business rule (superiority: interval above 0)
#>   @champion is v1
# A leaner candidate: no tenure, so neither tenure_months nor tickets per month (built from it).
lean = [f for f in features if f not in ("tenure_months", "tickets_per_month")]
print(gate(*train_and_log("no-tenure", {**params["model"], "features": lean})))
#> v2 against champion v1:
#>   candidate AUC 0.741, champion 0.788: difference -0.048, 95% interval [-0.077, -0.018]
#>   [pass] the registered model reproduces its logged AUC
#>   [pass] AUC 0.741 >= 0.7
#>   [pass] canary AUC 0.719 >= 0.7
#>   [pass] every slice's AUC >= 0.65 (lowest: age=35-49, 0.691)
#>   [FAIL] not worse than the champion by more than 0.01 (non-inferiority)
#>   @champion is v1
# --8<-- [end:gate]

# --8<-- [start:serve]
champion = load_logged("models:/churn@champion")
app = FastAPI(title="Churn scoring")

# A rule for each column a model of the project may use. The request asks for exactly the
# model's inputs, as params.yaml names them, and for nothing else about the person.
RULES = {
    "plan": (Literal[tuple(PLANS)], ...),
    "region": (Literal[tuple(REGIONS)], ...),
    "age": (int, Field(ge=18, le=110)),
    "tenure_months": (int, Field(ge=0, le=600)),
    "watch_hours": (float, Field(ge=0)),
    "support_tickets": (int, Field(ge=0)),
    "payment_failures": (int, Field(ge=0)),
}
Subscriber = create_model("Subscriber", **{column: RULES[column] for column in inputs})
print("a request carries:", ", ".join(Subscriber.model_fields))
#> a request carries: plan, tenure_months, watch_hours, support_tickets, payment_failures


@app.get("/health")
def health() -> dict:
    return {"status": "ok", "model": "churn@champion"}


@app.post("/predict")
def predict(subscriber: Subscriber) -> dict:
    row = pd.DataFrame([subscriber.model_dump()])
    return {"churn_probability": round(float(churn_scores(champion, row)[0]), 3)}


api = TestClient(app)
print(api.get("/health").json())
#> {'status': 'ok', 'model': 'churn@champion'}
# What the CRM knows about one subscriber; the request sends only the model's inputs.
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
print(api.post("/predict", json=customer).json())
#> {'churn_probability': 0.859}
bad = api.post("/predict", json={**customer, "plan": "gold", "support_tickets": -2})
print(bad.status_code, [error["loc"][-1] for error in bad.json()["detail"]])
#> 422 ['plan', 'support_tickets']
# --8<-- [end:serve]


# --8<-- [start:month]
def production_month(seed: int, basic_price_rise: float) -> pd.DataFrame:
    """A month of subscribers, with their outcomes, as they are known once the month is over.

    Everyone watches about a third less (summer). `basic_price_rise` adds that much to the
    log-odds of churn of basic-plan subscribers: a reason to leave that no input shows.
    """
    rng = np.random.default_rng(seed)
    month = make_subscribers(n=2000, seed=seed)[SNAPSHOT_COLUMNS]
    month["watch_hours"] = (month["watch_hours"] * rng.uniform(0.55, 0.75, len(month))).round(1)
    risk = churn_probability(
        month["tenure_months"],
        month["watch_hours"],
        month["support_tickets"],
        month["payment_failures"],
        month["plan"],
    )
    log_odds = np.log(risk / (1 - risk)) + basic_price_rise * (month["plan"] == "basic")
    month["churned"] = rng.random(len(month)) < 1 / (1 + np.exp(-log_odds))
    return month


months = {"July": production_month(8, 0.0), "August": production_month(9, 1.0)}
# Drift needs no labels: it can run on the first day of a month's traffic.
report = drift_report(snapshot, months["July"], inputs)
print(report.round(3).to_string(index=False))
#>          feature   psi test  statistic     p verdict
#>             plan 0.004 chi2      5.321 0.070  stable
#>    tenure_months 0.018   KS      0.034 0.121  stable
#>      watch_hours 0.447   KS      0.263 0.000   SHIFT
#>  support_tickets 0.005 chi2      6.259 0.044  stable
#> payment_failures 0.003 chi2      3.603 0.058  stable
# --8<-- [end:month]

# --8<-- [start:decide]
# The AUC the gate measured when the champion was promoted, read back from its run.
promoted_at = client.get_run(client.get_model_version_by_alias("churn", "champion").run_id)
gate_auc = promoted_at.data.metrics["eval_auc"]


def retrain_signals(month: pd.DataFrame, scores: np.ndarray) -> dict[str, bool]:
    """The course's three signals (ML engineering page); retrain when two of them agree."""
    largest_psi = drift_report(snapshot, month, inputs)["psi"].max()
    return {
        f"an input's PSI >= {SHIFT}": bool(largest_psi >= SHIFT),
        f"AUC more than 0.05 below the gate's {gate_auc:.3f}": bool(
            roc_auc_score(month["churned"], scores) < gate_auc - 0.05
        ),
        "churn rate misjudged by more than 5 points": bool(
            abs(month["churned"].mean() - scores.mean()) > 0.05
        ),
    }


table = {}
for name, month in months.items():
    scores = churn_scores(champion, month)
    signals = retrain_signals(month, scores)
    table[name] = {
        "AUC": f"{roc_auc_score(month['churned'], scores):.3f}",
        "churn rate predicted": f"{scores.mean():.1%}",
        "churn rate actual": f"{month['churned'].mean():.1%}",
        **{signal: "yes" if holds else "no" for signal, holds in signals.items()},
        "decision": "retrain" if sum(signals.values()) >= 2 else "keep serving",
    }
print(pd.DataFrame(table).to_string())
#>                                                     July   August
#> AUC                                                0.806    0.785
#> churn rate predicted                               13.0%    12.4%
#> churn rate actual                                  13.3%    19.9%
#> an input's PSI >= 0.25                               yes      yes
#> AUC more than 0.05 below the gate's 0.788             no       no
#> churn rate misjudged by more than 5 points            no      yes
#> decision                                    keep serving  retrain
# --8<-- [end:decide]
