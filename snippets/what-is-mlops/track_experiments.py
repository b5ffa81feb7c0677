"""Track, retrain, gate, serve and roll back the churn model with MLflow, in one local store.

`make mlflow-ui` runs this file with MLFLOW_STORE=.mlflow, then opens that store in the MLflow UI.
"""
# --8<-- [start:setup]
# ruff: noqa: E402 (the environment variable below must be set before mlflow is imported)

import os

# MLflow sends anonymous usage statistics from the moment it is imported, unless told not to.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import hashlib
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path

import mlflow
import pandas as pd
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from subscribers import make_subscribers

# --8<-- [end:setup]

# --8<-- [start:store]
# One SQLite file holds the runs and the model registry; one folder holds models and artefacts.
# `make mlflow-ui` sets MLFLOW_STORE to keep them; otherwise they live in a temporary folder.
scratch = tempfile.TemporaryDirectory(prefix="mlflow-", ignore_cleanup_errors=True)
store = Path(os.environ.get("MLFLOW_STORE") or scratch.name).resolve()
if (store / "mlflow.db").exists():  # left by an earlier run: start from an empty store
    (store / "mlflow.db").unlink()
    shutil.rmtree(store / "artifacts", ignore_errors=True)
store.mkdir(parents=True, exist_ok=True)

mlflow.set_tracking_uri(f"sqlite:///{store / 'mlflow.db'}")
experiment_id = mlflow.create_experiment(
    "streamwise-churn", artifact_location=(store / "artifacts").as_uri()
)
mlflow.set_experiment(experiment_id=experiment_id)
# --8<-- [end:store]

# --8<-- [start:data]
subscribers = make_subscribers(n=2_000, seed=42)
NUMERIC = ["age", "tenure_months", "watch_hours", "support_tickets", "payment_failures"]
# Floats, not ints: MLflow warns that an int column in a model's input schema cannot hold NaN.
subscribers[NUMERIC] = subscribers[NUMERIC].astype(float)
FEATURES = ["plan", "region", *NUMERIC]

first_export = subscribers.iloc[:500]  # what the team had when it trained its first model
new_rows = subscribers.iloc[500:1_500]  # outcomes that arrived after that model went live
holdout = subscribers.iloc[1_500:]  # never trained on: every model is scored on these rows
print(f"first export {len(first_export)}, new rows {len(new_rows)}, holdout {len(holdout)}")
#> first export 500, new rows 1000, holdout 500
# --8<-- [end:data]


# --8<-- [start:helpers]
def fingerprint(df: pd.DataFrame) -> str:
    """SHA-256 of the rows in a canonical order: the version number of a table's content."""
    canonical = df.sort_values("customer_id")[sorted(df.columns)]
    data = canonical.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def train(rows: pd.DataFrame, features: list[str], c: float) -> Pipeline:
    """The experiment's pipeline: one-hot text columns, scaled numbers, logistic regression."""
    text = [f for f in features if not pd.api.types.is_numeric_dtype(rows[f])]
    numbers = [f for f in features if f not in text]
    model = Pipeline(
        [
            (
                "features",
                ColumnTransformer(
                    [
                        ("onehot", OneHotEncoder(handle_unknown="ignore"), text),
                        ("scale", StandardScaler(), numbers),
                    ]
                ),
            ),
            ("classifier", LogisticRegression(C=c, solver="liblinear")),
        ]
    )
    return model.fit(rows[features], rows["churned"])
# --8<-- [end:helpers]


# --8<-- [start:log_run]
# The packages the model needs to load and predict, pinned to the versions that trained it.
LIBRARIES = ["numpy", "pandas", "scikit-learn", "skops"]


def log_run(name: str, rows: pd.DataFrame, features: list[str] = FEATURES, c: float = 0.1):
    """Train one model and record what it was given, how it scored, and the model itself."""
    with mlflow.start_run(run_name=name):
        model = train(rows, features, c)
        mlflow.log_params({"features": ",".join(features), "C": c, "training_rows": len(rows)})
        mlflow.set_tag("data_sha256", fingerprint(rows))
        mlflow.log_metrics(
            {
                "train_auc": roc_auc_score(
                    rows["churned"], model.predict_proba(rows[features])[:, 1]
                ),
                "holdout_auc": roc_auc_score(
                    holdout["churned"], model.predict_proba(holdout[features])[:, 1]
                ),
            }
        )
        mlflow.log_dict(  # an artefact: a record of the data, readable without MLflow
            {
                "data_sha256": fingerprint(rows),
                "rows": len(rows),
                "churn_rate": round(float(rows["churned"].mean()), 3),
                "signup_dates": f"{rows['signup_date'].min():%Y-%m-%d} to "
                f"{rows['signup_date'].max():%Y-%m-%d}",
            },
            "data_record.json",
        )
        return mlflow.sklearn.log_model(
            model,
            name="model",
            input_example=rows[features].head(3),  # MLflow derives the input schema from it
            pip_requirements=[f"{lib}=={version(lib)}" for lib in LIBRARIES],
        )


def runs_table() -> pd.DataFrame:
    """Every run of the experiment, queried back from the store, best first."""
    runs = mlflow.search_runs(
        experiment_ids=[experiment_id], order_by=["metrics.holdout_auc DESC"]
    )
    columns = {
        "tags.mlflow.runName": "run",
        "params.training_rows": "rows",
        "tags.data_sha256": "data_sha256",
        "metrics.train_auc": "train_auc",
        "metrics.holdout_auc": "holdout_auc",
    }
    return runs[list(columns)].rename(columns=columns).round(3)
# --8<-- [end:log_run]


# --8<-- [start:first_run]
first = log_run("v1-first-export", first_export)
print(runs_table().to_string(index=False))
#>             run rows      data_sha256  train_auc  holdout_auc
#> v1-first-export  500 c5d5c6a990116879      0.753        0.749
# --8<-- [end:first_run]

# --8<-- [start:retrain]
retrained = log_run("v2-retrained", pd.concat([first_export, new_rows]))
print(runs_table().to_string(index=False))
#>             run rows      data_sha256  train_auc  holdout_auc
#>    v2-retrained 1500 b63f3ad537eeaf7e      0.797        0.773
#> v1-first-export  500 c5d5c6a990116879      0.753        0.749
# --8<-- [end:retrain]

# --8<-- [start:gate]
NAME = "streamwise-churn"
PII = {"name", "email", "phone", "ssn", "birth_date", "zip_code"}
# The bar, written down before any candidate is scored (example values for this page).
OVER_RULE, OVER_CHAMPION, CALIBRATION = 0.05, 0.01, 0.05
client = MlflowClient()
# What the retention team does without a model: "call everyone whose payment failed".
rule_auc = roc_auc_score(holdout["churned"], holdout["payment_failures"])


def champion_auc() -> float | None:
    """Holdout ROC AUC of whichever version holds @champion, loaded by that alias."""
    try:
        champion = mlflow.sklearn.load_model(f"models:/{NAME}@champion")
    except MlflowException:  # nothing registered yet, or no version holds the alias
        return None
    scores = champion.predict_proba(holdout[champion.feature_names_in_])[:, 1]
    return roc_auc_score(holdout["churned"], scores)


def gate(candidate) -> str:
    """Register a candidate as @challenger and make it @champion only if every check passes."""
    number = mlflow.register_model(candidate.model_uri, NAME).version
    client.set_registered_model_alias(NAME, "challenger", number)
    challenger = mlflow.sklearn.load_model(f"models:/{NAME}@challenger")
    features = list(challenger.feature_names_in_)
    scores = challenger.predict_proba(holdout[features])[:, 1]
    auc, best = roc_auc_score(holdout["churned"], scores), champion_auc()
    predicted, observed = scores.mean(), holdout["churned"].mean()
    checks = {
        "uses no personal data": not PII & set(features),
        "scores are probabilities, not all equal": 0 <= scores.min() < scores.max() <= 1,
        f"mean score {predicted:.3f} within {CALIBRATION} of the churn rate {observed:.3f}": (
            abs(predicted - observed) <= CALIBRATION
        ),
        f"holdout ROC AUC {auc:.3f} beats the business rule's {rule_auc:.3f} by {OVER_RULE}": (
            auc >= rule_auc + OVER_RULE
        ),
        (
            "no champion yet" if best is None
            else f"beats the champion's {best:.3f} by {OVER_CHAMPION}"
        ): best is None or auc >= best + OVER_CHAMPION,
    }
    passed = all(checks.values())
    client.set_model_version_tag(NAME, number, "gate", "passed" if passed else "failed")
    if passed:
        client.set_registered_model_alias(NAME, "champion", number)
    champion = client.get_model_version_by_alias(NAME, "champion").version
    run_name = mlflow.get_run(candidate.run_id).info.run_name
    lines = [f"{run_name}, registered as version {number}:"]
    lines += [f"  [{'pass' if ok else 'FAIL'}] {check}" for check, ok in checks.items()]
    lines.append(f"  -> {'promoted' if passed else 'rejected'}: @champion is version {champion}")
    return "\n".join(lines)
# --8<-- [end:gate]


# --8<-- [start:promote]
print(gate(first))
#> v1-first-export, registered as version 1:
#>   [pass] uses no personal data
#>   [pass] scores are probabilities, not all equal
#>   [pass] mean score 0.103 within 0.05 of the churn rate 0.136
#>   [pass] holdout ROC AUC 0.749 beats the business rule's 0.567 by 0.05
#>   [pass] no champion yet
#>   -> promoted: @champion is version 1
print(gate(retrained))
#> v2-retrained, registered as version 2:
#>   [pass] uses no personal data
#>   [pass] scores are probabilities, not all equal
#>   [pass] mean score 0.102 within 0.05 of the churn rate 0.136
#>   [pass] holdout ROC AUC 0.773 beats the business rule's 0.567 by 0.05
#>   [pass] beats the champion's 0.749 by 0.01
#>   -> promoted: @champion is version 2
# --8<-- [end:promote]

# --8<-- [start:reject]
# Someone adds ZIP codes: "they looked predictive in my notebook".
with_zip = log_run("v3-zip-code", pd.concat([first_export, new_rows]), [*FEATURES, "zip_code"])
print(gate(with_zip))
#> v3-zip-code, registered as version 3:
#>   [FAIL] uses no personal data
#>   [pass] scores are probabilities, not all equal
#>   [pass] mean score 0.102 within 0.05 of the churn rate 0.136
#>   [pass] holdout ROC AUC 0.773 beats the business rule's 0.567 by 0.05
#>   [FAIL] beats the champion's 0.773 by 0.01
#>   -> rejected: @champion is version 2
# --8<-- [end:reject]

# --8<-- [start:serve]
def serve_scores() -> str:
    """What a prediction service does: load whichever version holds @champion, then score."""
    service = mlflow.sklearn.load_model(f"models:/{NAME}@champion")
    sample = holdout.head(3)
    scores = service.predict_proba(sample[FEATURES])[:, 1]
    return ", ".join(f"{c} {s:.3f}" for c, s in zip(sample["customer_id"], scores, strict=True))


print(serve_scores())
#> C01501 0.024, C01502 0.180, C01503 0.314
# --8<-- [end:serve]

# --8<-- [start:rollback]
# Version 2 misbehaves in production: point @champion back at version 1. Nothing is retrained.
client.set_registered_model_alias(NAME, "champion", "1")
print(serve_scores())
#> C01501 0.049, C01502 0.144, C01503 0.156
for number in ["1", "2", "3"]:
    model_version = client.get_model_version(NAME, number)
    print(f"version {number}: gate {model_version.tags['gate']}, aliases {model_version.aliases}")
    #> version 1: gate passed, aliases ['champion']
    #> version 2: gate passed, aliases []
    #> version 3: gate failed, aliases ['challenger']
# --8<-- [end:rollback]

# --8<-- [start:provenance]
# Everything the registry can say about the model that is live right now.
champion = client.get_model_version_by_alias(NAME, "champion")
run = client.get_run(champion.run_id)
print(f"@champion is version {champion.version}, trained by run {run.info.run_name}")
#> @champion is version 1, trained by run v1-first-export
print(f"holdout ROC AUC {run.data.metrics['holdout_auc']:.3f}, C={run.data.params['C']}")
#> holdout ROC AUC 0.749, C=0.1
record = mlflow.artifacts.load_dict(f"{run.info.artifact_uri}/data_record.json")
print(f"data: sha256 {record['data_sha256']}, {record['rows']} rows, churn {record['churn_rate']}")
#> data: sha256 c5d5c6a990116879, 500 rows, churn 0.078
requirements = mlflow.pyfunc.get_model_dependencies(f"models:/{NAME}@champion")
print("packages:", " ".join(Path(requirements).read_text().split()))
#> packages: mlflow==3.17.2 numpy==2.4.6 pandas==3.1.1 scikit-learn==1.9.1 skops==0.16.0
# --8<-- [end:provenance]
