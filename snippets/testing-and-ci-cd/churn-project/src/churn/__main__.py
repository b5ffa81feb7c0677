"""The pipeline's commands, one per CI step: python -m churn validate|train|evaluate|gate|register.

Each reads params.yaml and the files earlier steps left in build/, and fails with a message and
a non-zero exit code when its check does not pass, which stops the workflow there.
"""

import argparse
import json
import os
import sys
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from churn import data

# Each command imports the libraries it uses inside it: a CI step pays only for its own.
NAME = "churn"  # the registered model
TRACKING_URI = "sqlite:///mlflow.db"  # unless MLFLOW_TRACKING_URI names the team's server


def check(schema, rows: pd.DataFrame, what: str) -> None:
    """Validate every rule at once (lazy) and stop with pandera's report if any fails."""
    import pandera.errors

    try:
        schema.validate(rows, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases[["column", "check", "failure_case", "index"]]
        print(f"{what}: {len(cases)} problems in {len(rows):,} rows")
        print(cases.to_string(index=False))
        sys.exit(f"validate failed: {what} breaks the {schema.name} contract")
    print(f"{what}: {len(rows):,} rows pass the {schema.name} contract")


def validate(params: dict, batch: Path | None) -> None:
    from churn.contract import SERVING, TRAINING  # pandera: imported by the one step using it

    if batch is not None:  # a file of subscribers to score: the serving contract
        check(SERVING, pd.read_csv(batch), batch.name)
        return
    if problems := data.immature_cohorts(params):
        print("\n".join(problems))
        exported = params["data"]["exported_on"]
        sys.exit(f"validate failed: outcomes not all known on {exported} (label maturity)")
    data.BUILD.mkdir(exist_ok=True)
    cohorts = params["data"]
    for what, rows, path in [
        (f"training rows ({cohorts['train_cohort']})", data.training_rows(params), data.TRAIN_CSV),
        (
            f"evaluation rows ({cohorts['eval_cohort']})",
            data.evaluation_rows(params),
            data.EVAL_CSV,
        ),
        ("canary rows", data.canary_rows(params), data.CANARY_CSV),
    ]:
        check(TRAINING, rows, what)
        # "\n" line ends on every system, so a snapshot's hash is the same on Windows too.
        rows[data.SNAPSHOT_COLUMNS].to_csv(path, index=False, lineterminator="\n")
    print(f"wrote {data.BUILD}/: train, eval and canary snapshots, without direct identifiers")


def train_model(params: dict) -> None:
    import joblib

    from churn.model import train

    rows = data.read_snapshot(data.TRAIN_CSV)
    model = train(rows, params["model"])
    joblib.dump(model, data.MODEL_FILE)
    features = params["model"]["features"]
    print(f"trained on {len(rows):,} rows, {len(features)} features, C={params['model']['C']}")


def evaluate(params: dict) -> None:
    import joblib
    from sklearn.metrics import roc_auc_score

    from churn.evaluate import slice_report
    from churn.model import churn_scores

    model = joblib.load(data.MODEL_FILE)
    rows, canary = data.read_snapshot(data.EVAL_CSV), data.read_snapshot(data.CANARY_CSV)
    scores = churn_scores(model, rows)
    report = slice_report(rows, scores)
    overall = roc_auc_score(rows["churned"], scores)
    on_canary = roc_auc_score(canary["churned"], churn_scores(model, canary))
    data.METRICS_FILE.write_text(
        json.dumps(
            {"auc": overall, "canary_auc": on_canary, "slices": report.to_dict("records")},
            indent=2,
        )
    )
    print(
        f"AUC {overall:.3f} on {len(rows):,} rows of {params['data']['eval_cohort']}, "
        f"{on_canary:.3f} on the canary; by slice:"
    )
    print(report.round(3).to_string(index=False))


def _mlflow():
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")  # before mlflow is imported
    import mlflow

    mlflow.set_tracking_uri(os.environ.get("MLFLOW_TRACKING_URI") or TRACKING_URI)
    return mlflow


def champion():
    """The registered model that holds @champion, and its version; (None, None) if none."""
    uri = os.environ.get("MLFLOW_TRACKING_URI") or TRACKING_URI
    if uri.startswith("sqlite:///") and not Path(uri.removeprefix("sqlite:///")).exists():
        return None, None  # no registry file yet, so nothing was ever registered
    mlflow = _mlflow()
    from mlflow.exceptions import MlflowException

    try:
        found = mlflow.MlflowClient().get_model_version_by_alias(NAME, "champion")
    except MlflowException:  # nothing registered yet, or no version holds the alias
        return None, None
    from churn.model import load_logged

    return load_logged(f"models:/{NAME}@champion"), found.version


def gate(params: dict) -> None:
    import joblib

    from churn.evaluate import business_rule, compare, promotion_checks
    from churn.model import churn_scores

    bar = params["gate"]
    rows = data.read_snapshot(data.EVAL_CSV)
    metrics = json.loads(data.METRICS_FILE.read_text())
    scores = churn_scores(joblib.load(data.MODEL_FILE), rows)
    current, number = champion()
    if current is None:
        against, baseline = "the business rule (no champion yet)", business_rule(rows)
    else:
        against, baseline = f"champion version {number}", churn_scores(current, rows)
    result = compare(rows["churned"], scores, baseline, resamples=bar["resamples"])
    checks = promotion_checks(metrics, result, bar, against_champion=current is not None)
    print(result)
    for text, passed in checks.items():
        print(f"[{'pass' if passed else 'FAIL'}] {text}")
    passed = all(checks.values())
    data.GATE_FILE.write_text(json.dumps({"passed": passed, "against": against}))
    if not passed:
        sys.exit("gate failed: the candidate is not registered")


def register(params: dict) -> None:
    verdict = json.loads(data.GATE_FILE.read_text()) if data.GATE_FILE.exists() else {}
    if not verdict.get("passed"):
        sys.exit("register refused: this candidate has not passed the gate")
    import joblib

    from churn.model import TRUSTED_TYPES

    mlflow = _mlflow()
    metrics = json.loads(data.METRICS_FILE.read_text())
    mlflow.set_experiment(NAME)
    with mlflow.start_run():
        mlflow.log_params({"C": params["model"]["C"], **params["data"]})
        mlflow.log_metric("eval_auc", metrics["auc"])
        logged = mlflow.sklearn.log_model(
            joblib.load(data.MODEL_FILE),
            name="model",
            # Explicit requirements: MLflow does not have to infer them by loading the model.
            pip_requirements=[f"{p}=={version(p)}" for p in ["pandas", "scikit-learn", "skops"]],
            skops_trusted_types=TRUSTED_TYPES,  # the reviewed list, the same load_logged checks
            pyfunc_predict_fn="predict_proba",  # the service answers with probabilities
        )
    number = mlflow.register_model(logged.model_uri, NAME).version
    mlflow.MlflowClient().set_registered_model_alias(NAME, "champion", number)
    print(f"registered {NAME} version {number} ({verdict['against']} beaten); it is @champion")


COMMANDS = {
    "validate": "check label maturity and the contract; write the train, eval and canary snapshots",
    "train": "fit the model on build/train.csv and write build/model.joblib",
    "evaluate": "score build/model.joblib on the eval cohort (overall, by slice) and the canary",
    "gate": "fail unless the candidate clears the bar and is not worse than @champion",
    "register": "log the candidate to MLflow, register it and move @champion to it",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m churn", description=__doc__.split("\n")[0])
    parser.add_argument("--params", type=Path, default=Path("params.yaml"))
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in COMMANDS.items():
        command = commands.add_parser(name, help=help_text)
        if name == "validate":
            command.add_argument("--batch", type=Path, help="a CSV of subscribers to score")
    args = parser.parse_args(argv)
    params = data.load_params(args.params)
    if args.command == "validate":
        validate(params, args.batch)
    else:
        {"train": train_model, "evaluate": evaluate, "gate": gate, "register": register}[
            args.command
        ](params)


if __name__ == "__main__":
    main()
