"""Track, retrain, gate, serve and roll back the churn model with MLflow, in one local store.

`make mlflow-ui` runs this file with MLFLOW_STORE=.mlflow, then opens that store in the MLflow UI.
"""
# --8<-- [start:setup]
# ruff: noqa: E402 (MLflow's telemetry switch, and the project's path, come before the imports)

import os

# MLflow sends anonymous usage statistics from the moment it is imported, unless told not to.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import hashlib
import shutil
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from sklearn.metrics import roc_auc_score

# The course's churn project, unpacked into a folder of its own, with its src/ on the path.
project_dir = tempfile.TemporaryDirectory(prefix="churn-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", project_dir.name)
project = Path(project_dir.name) / "churn-project"
sys.path.insert(0, str(project / "src"))

from churn.data import canary_rows, evaluation_rows, load_params, training_rows
from churn.evaluate import business_rule, compare, promotion_checks, slice_report
from churn.model import TRUSTED_TYPES, churn_scores, load_logged, train

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
params = load_params(project / "params.yaml")  # the project's settings: data, model and gate
FEATURES, C = params["model"]["features"], params["model"]["C"]


def as_floats(rows: pd.DataFrame) -> pd.DataFrame:
    """Numbers as floats: MLflow warns that an int column in an input schema cannot hold NaN."""
    return rows.astype({column: float for column in rows.select_dtypes("number").columns})


export = as_floats(training_rows(params))  # the training cohort, every outcome known
first_export = export.iloc[:1_000]  # what the team had when it trained its first model
evaluation = as_floats(evaluation_rows(params))  # the project's evaluation cohort
canary = as_floats(canary_rows(params))  # its fixed regression canary
print(f"first export {len(first_export):,} rows, full export {len(export):,}, "
      f"evaluation set {len(evaluation):,}")
#> first export 1,000 rows, full export 2,000, evaluation set 2,000
# --8<-- [end:data]


# --8<-- [start:helpers]
def fingerprint(df: pd.DataFrame) -> str:
    """SHA-256 of the rows in a canonical order, as in the fingerprint section above."""
    canonical = df.sort_values("customer_id")[sorted(df.columns)]
    data = canonical.to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def auc_of(model, rows: pd.DataFrame) -> float:
    """ROC AUC of a model on rows; it reads only the columns it was trained on."""
    return roc_auc_score(rows["churned"], churn_scores(model, rows[model.feature_names_in_]))
# --8<-- [end:helpers]


# --8<-- [start:log_run]
# The packages the model needs to load and predict, pinned to the versions that trained it.
LIBRARIES = ["numpy", "pandas", "scikit-learn", "skops"]


def log_run(name: str, rows: pd.DataFrame, features: list[str] = FEATURES):
    """Train the project's model and record what it was given, how it scored, and the model."""
    with mlflow.start_run(run_name=name):
        # The model is given only the columns its features name (add_features derives the rest).
        inputs = [column for column in features if column in rows.columns]
        model = train(rows[[*inputs, "churned"]], {"features": features, "C": C})
        mlflow.log_params({"features": ",".join(features), "C": C, "training_rows": len(rows)})
        mlflow.set_tag("data_sha256", fingerprint(rows))
        mlflow.log_metrics(
            {"train_auc": auc_of(model, rows), "evaluation_auc": auc_of(model, evaluation)}
        )
        mlflow.log_dict(  # an artefact: a record of the data, readable without MLflow
            {
                "data_sha256": fingerprint(rows),
                "rows": len(rows),
                "churn_rate": round(float(rows["churned"].mean()), 3),
            },
            "data_record.json",
        )
        return mlflow.sklearn.log_model(
            model,
            name="model",
            input_example=rows[inputs].head(3),  # MLflow derives the input schema from it
            pip_requirements=[f"{lib}=={version(lib)}" for lib in LIBRARIES],
            # The project's feature function, a type skops does not know: trusted by name, from
            # the project's reviewed list, which load_logged checks the file against on loading.
            skops_trusted_types=TRUSTED_TYPES,
        )


def runs_table() -> pd.DataFrame:
    """Every run of the experiment, queried back from the store, best first."""
    runs = mlflow.search_runs(
        experiment_ids=[experiment_id], order_by=["metrics.evaluation_auc DESC"]
    )
    columns = {
        "tags.mlflow.runName": "run",
        "params.training_rows": "rows",
        "tags.data_sha256": "data_sha256",
        "metrics.train_auc": "train_auc",
        "metrics.evaluation_auc": "evaluation_auc",
    }
    return runs[list(columns)].rename(columns=columns).round(3)
# --8<-- [end:log_run]


# --8<-- [start:first_run]
first = log_run("v1-first-export", first_export)
print(runs_table().to_string(index=False))
#>             run rows      data_sha256  train_auc  evaluation_auc
#> v1-first-export 1000 dede26e4f54ecdda      0.773           0.791
# --8<-- [end:first_run]

# --8<-- [start:retrain]
retrained = log_run("v2-retrained", export)
print(runs_table().to_string(index=False))
#>             run rows      data_sha256  train_auc  evaluation_auc
#> v1-first-export 1000 dede26e4f54ecdda      0.773           0.791
#>    v2-retrained 2000 4fe6fe1c188b918b      0.796           0.790
# --8<-- [end:retrain]

# --8<-- [start:gate]
NAME = "streamwise-churn"
DIRECT_IDENTIFIERS = {"name", "email", "phone", "ssn"}
# Purpose limitation: the columns the data-protection review agreed for churn prediction.
AGREED = {"plan", "region", "age", "tenure_months", "watch_hours", "support_tickets",
          "payment_failures"}
CALIBRATION = 0.05  # this page's example tolerance; the rest of the bar is the project's
bar = params["gate"]  # min_auc and min_slice_auc (floors), max_drop (the margin), resamples
client = MlflowClient()
labels = evaluation["churned"]


def holder(alias: str):
    """(version number, evaluation scores) of the version holding alias; (None, None) if none."""
    try:
        number = client.get_model_version_by_alias(NAME, alias).version
    except MlflowException:  # nothing registered yet, or no version holds the alias
        return None, None
    model = load_logged(f"models:/{NAME}@{alias}")
    return number, churn_scores(model, evaluation[model.feature_names_in_])


def gate(candidate) -> str:
    """Register a candidate as @challenger and make it @champion only if every check passes:
    this page's privacy and calibration checks, the project's promotion rule, and @reference."""
    number = mlflow.register_model(candidate.model_uri, NAME).version
    client.set_registered_model_alias(NAME, "challenger", number)
    challenger = load_logged(f"models:/{NAME}@challenger")
    inputs = set(challenger.feature_names_in_)
    scores = churn_scores(challenger, evaluation[challenger.feature_names_in_])
    mean, rate = scores.mean(), labels.mean()
    unagreed = ", ".join(sorted(inputs - AGREED))
    checks = {
        "no direct identifiers among its inputs": not inputs & DIRECT_IDENTIFIERS,
        "inputs agreed for churn prediction" + (f": not {unagreed}" if unagreed else ""): (
            not unagreed
        ),
        f"mean score {mean:.3f} within {CALIBRATION} of the churn rate {rate:.3f}": (
            abs(mean - rate) <= CALIBRATION
        ),
    }
    # The project's promotion rule, as `python -m churn gate` applies it: floors on the
    # evaluation cohort, the canary and every slice; superiority over the business rule while
    # no model is champion, non-inferiority to the champion after that.
    held_by, champion_scores = holder("champion")
    baseline = business_rule(evaluation) if held_by is None else champion_scores
    versus = compare(labels, scores, baseline, resamples=bar["resamples"])
    metrics = {
        "auc": roc_auc_score(labels, scores),
        "canary_auc": roc_auc_score(
            canary["churned"], churn_scores(challenger, canary[challenger.feature_names_in_])
        ),
        "slices": slice_report(evaluation, scores).to_dict("records"),
    }
    checks |= promotion_checks(metrics, versus, bar, against_champion=held_by is not None)
    reference, reference_scores = holder("reference")  # non-inferiority to a fixed version too
    if reference is not None:
        fixed = compare(labels, scores, reference_scores, resamples=bar["resamples"])
        text = f"not worse than @reference (version {reference}) by over {bar['max_drop']}"
        checks[f"{text}: [{fixed.low:+.3f}, {fixed.high:+.3f}]"] = fixed.low >= -bar["max_drop"]
    passed = all(checks.values())
    client.set_model_version_tag(NAME, number, "gate", "passed" if passed else "failed")
    if passed:
        client.set_registered_model_alias(NAME, "champion", number)
        if reference is None:  # the first model to pass; later, moved by people
            client.set_registered_model_alias(NAME, "reference", number)
    run_name = mlflow.get_run(candidate.run_id).info.run_name
    against = "the business rule" if held_by is None else f"@champion (version {held_by})"
    lines = [f"{run_name}, registered as version {number}:",
             f"  against {against}: 95% interval [{versus.low:+.3f}, {versus.high:+.3f}]"]
    lines += [f"  [{'pass' if ok else 'FAIL'}] {check}" for check, ok in checks.items()]
    champion = client.get_model_version_by_alias(NAME, "champion").version
    lines.append(f"  -> {'promoted' if passed else 'rejected'}: @champion is version {champion}")
    return "\n".join(lines)
# --8<-- [end:gate]


# --8<-- [start:promote]
print(gate(first))
#> v1-first-export, registered as version 1:
#>   against the business rule: 95% interval [+0.126, +0.199]
#>   [pass] no direct identifiers among its inputs
#>   [pass] inputs agreed for churn prediction
#>   [pass] mean score 0.117 within 0.05 of the churn rate 0.106
#>   [pass] AUC 0.791 >= 0.7
#>   [pass] canary AUC 0.800 >= 0.7
#>   [pass] every slice's AUC >= 0.65 (lowest: age=35-49, 0.780)
#>   [pass] better than the business rule (superiority: interval above 0)
#>   -> promoted: @champion is version 1
print(gate(retrained))
#> v2-retrained, registered as version 2:
#>   against @champion (version 1): 95% interval [-0.003, +0.001]
#>   [pass] no direct identifiers among its inputs
#>   [pass] inputs agreed for churn prediction
#>   [pass] mean score 0.112 within 0.05 of the churn rate 0.106
#>   [pass] AUC 0.790 >= 0.7
#>   [pass] canary AUC 0.798 >= 0.7
#>   [pass] every slice's AUC >= 0.65 (lowest: age=35-49, 0.778)
#>   [pass] not worse than the champion by more than 0.01 (non-inferiority)
#>   [pass] not worse than @reference (version 1) by over 0.01: [-0.003, +0.001]
#>   -> promoted: @champion is version 2
# --8<-- [end:promote]

# --8<-- [start:creep]
# Ten simulated releases: the champion's scores, with more of the same noise each time.
_, reference_scores = holder("champion")
noise = np.random.default_rng(0).normal(0, 0.06 * reference_scores.std(), len(labels))
previous = reference_scores
for release in range(1, 11):
    current = reference_scores + release * noise
    step = compare(labels, current, previous, resamples=bar["resamples"])
    overall = compare(labels, current, reference_scores, resamples=bar["resamples"])
    verdicts = [
        f"{versus.low:+.3f} {'pass' if versus.low >= -bar['max_drop'] else 'FAIL'}"
        for versus in (step, overall)
    ]
    print(f"release {release:>2}: ROC AUC {step.candidate_auc:.3f}, against the last "
          f"{verdicts[0]}, against the reference {verdicts[1]}")
    #> release  1: ROC AUC 0.787, against the last -0.006 pass, against the reference -0.006 pass
    #> release  2: ROC AUC 0.783, against the last -0.007 pass, against the reference -0.013 FAIL
    #> release  3: ROC AUC 0.778, against the last -0.008 pass, against the reference -0.020 FAIL
    #> release  4: ROC AUC 0.772, against the last -0.008 pass, against the reference -0.028 FAIL
    #> release  5: ROC AUC 0.765, against the last -0.009 pass, against the reference -0.038 FAIL
    #> release  6: ROC AUC 0.758, against the last -0.010 FAIL, against the reference -0.047 FAIL
    #> release  7: ROC AUC 0.749, against the last -0.011 FAIL, against the reference -0.057 FAIL
    #> release  8: ROC AUC 0.741, against the last -0.011 FAIL, against the reference -0.068 FAIL
    #> release  9: ROC AUC 0.732, against the last -0.011 FAIL, against the reference -0.078 FAIL
    #> release 10: ROC AUC 0.724, against the last -0.011 FAIL, against the reference -0.088 FAIL
    previous = current
# --8<-- [end:creep]

# --8<-- [start:reject]
# Someone adds ZIP codes: "they looked predictive in my notebook".
with_zip = log_run("v3-zip-code", export, [*FEATURES, "zip_code"])
print(gate(with_zip))
#> v3-zip-code, registered as version 3:
#>   against @champion (version 2): 95% interval [-0.000, +0.001]
#>   [pass] no direct identifiers among its inputs
#>   [FAIL] inputs agreed for churn prediction: not zip_code
#>   [pass] mean score 0.112 within 0.05 of the churn rate 0.106
#>   [pass] AUC 0.790 >= 0.7
#>   [pass] canary AUC 0.798 >= 0.7
#>   [pass] every slice's AUC >= 0.65 (lowest: age=35-49, 0.778)
#>   [pass] not worse than the champion by more than 0.01 (non-inferiority)
#>   [pass] not worse than @reference (version 1) by over 0.01: [-0.003, +0.001]
#>   -> rejected: @champion is version 2
# --8<-- [end:reject]

# --8<-- [start:serve]
def serve_scores() -> str:
    """What a prediction service does: load whichever version holds @champion, then score."""
    service = load_logged(f"models:/{NAME}@champion")
    sample = evaluation.head(3)
    scores = churn_scores(service, sample[service.feature_names_in_])
    return ", ".join(f"{c} {s:.3f}" for c, s in zip(sample["customer_id"], scores, strict=True))


print(serve_scores())
#> C00001 0.064, C00002 0.085, C00003 0.012
# --8<-- [end:serve]

# --8<-- [start:rollback]
# Version 2 misbehaves in production: point @champion back at version 1. Nothing is retrained.
client.set_registered_model_alias(NAME, "champion", "1")
print(serve_scores())
#> C00001 0.073, C00002 0.092, C00003 0.019
for number in ["1", "2", "3"]:
    model_version = client.get_model_version(NAME, number)
    print(f"version {number}: gate {model_version.tags['gate']}, aliases {model_version.aliases}")
    #> version 1: gate passed, aliases ['champion', 'reference']
    #> version 2: gate passed, aliases []
    #> version 3: gate failed, aliases ['challenger']
# --8<-- [end:rollback]

# --8<-- [start:provenance]
# Everything the registry can say about the model that is live right now.
champion = client.get_model_version_by_alias(NAME, "champion")
run = client.get_run(champion.run_id)
print(f"@champion is version {champion.version}, trained by run {run.info.run_name}")
#> @champion is version 1, trained by run v1-first-export
print(f"evaluation ROC AUC {run.data.metrics['evaluation_auc']:.3f}, C={run.data.params['C']}")
#> evaluation ROC AUC 0.791, C=0.1
record = mlflow.artifacts.load_dict(f"{run.info.artifact_uri}/data_record.json")
print(f"data: sha256 {record['data_sha256']}, {record['rows']} rows, churn {record['churn_rate']}")
#> data: sha256 dede26e4f54ecdda, 1000 rows, churn 0.113
requirements = mlflow.pyfunc.get_model_dependencies(f"models:/{NAME}@champion")
print("packages:", " ".join(Path(requirements).read_text().split()))
#> packages: mlflow==3.17.2 numpy==2.4.6 pandas==3.1.1 scikit-learn==1.9.1 skops==0.16.0
# --8<-- [end:provenance]
