"""Monthly retraining with Dagster: validate the matured cohorts of the month's export, train,
evaluate, gate against @champion, then promote the candidate or keep the champion. Run here
in-process, offline.

Slower than most snippets, about 17 s of CPU time (42 s on a busy two-core machine, 2026-11-28):
two full runs of the churn pipeline, each generating an export and bootstrapping a comparison,
one registering a model in a new MLflow database; Dagster's own share is about a second a run."""

# --8<-- [start:setup]
# ruff: noqa: E402 (MLflow reads the telemetry switch when it is imported, so it is set first)
import os

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import contextlib
import io
import json
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import dagster as dg
import mlflow
import yaml
from cronsim import CronSim  # the next times a cron expression names
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

# A copy of the churn project of its own: its build/ folder and its registry (mlflow.db).
workspace = tempfile.TemporaryDirectory(prefix="retrain-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", workspace.name)
retrain_project = Path(workspace.name) / "churn-project"
sys.path.insert(0, str(retrain_project / "src"))
from churn import __main__ as churn  # the commands of `python -m churn`, as functions

# --8<-- [end:setup]


# --8<-- [start:resource]
class ChurnProject(dg.ConfigurableResource):
    """Where the pipeline's commands run and which registry they use: the one part of the job
    that changes between a laptop and a cluster."""

    folder: str
    tracking_uri: str  # MLflow: a SQLite file here, an http:// server on a cluster

    def run(self, command: str, params: dict, may_fail: bool = False) -> None:
        """`python -m churn <command>`, in this process, with `params` as its params.yaml. What
        it prints goes to the run's log. A failed check (the command exits) fails the op, and
        the run, unless `may_fail`."""
        params_file = Path(self.folder) / "build" / "params.yaml"
        params_file.parent.mkdir(exist_ok=True)
        params_file.write_text(yaml.safe_dump(params), encoding="utf-8")
        printed, session_registry = io.StringIO(), mlflow.get_tracking_uri()
        with (
            contextlib.chdir(self.folder),
            contextlib.redirect_stdout(printed),
            mock.patch.dict(os.environ, {"MLFLOW_TRACKING_URI": self.tracking_uri}),
        ):
            try:
                churn.main(["--params", str(params_file), command])
            except SystemExit as stop:
                if not may_fail:  # the message says what failed; what it printed says why
                    said = printed.getvalue().strip()
                    raise dg.Failure(f"{stop}\n{said}") from None  # "<command> failed: ..."
            finally:
                dg.get_dagster_logger().info(printed.getvalue())
                mlflow.set_tracking_uri(session_registry)  # as it was before the command

    def read(self, name: str) -> dict:
        """A JSON file a command left in build/."""
        return json.loads((Path(self.folder) / "build" / name).read_text(encoding="utf-8"))

    def champion(self) -> str:
        """The version that holds @champion in the registry, or "none"."""
        try:
            found = MlflowClient(self.tracking_uri).get_model_version_by_alias("churn", "champion")
        except MlflowException:  # nothing registered yet, or no version holds the alias
            return "none"
        return found.version


# --8<-- [end:resource]


# --8<-- [start:ops]
class Export(dg.Config):
    exported_on: str  # "2026-12-02": the day the warehouse export was taken
    train_cohort: str  # "2026-09": the month of subscribers the model learns from
    eval_cohort: str  # "2026-10": a later month, the one the gate judges on (out of time)
    rows: int = 2000  # rows of the training cohort


@dg.op
def validate(config: Export, project: ChurnProject) -> dict:
    """The project's validate: the label-maturity check, then the data contract."""
    params = churn.data.load_params(Path(project.folder) / "params.yaml")
    params["data"] |= {"exported_on": config.exported_on, "train_cohort": config.train_cohort,
                       "eval_cohort": config.eval_cohort, "train_rows": config.rows}
    project.run("validate", params)
    said = f"{config.rows:,} rows of {config.train_cohort}, judged on {config.eval_cohort}"
    return {"params": params, "said": said}


@dg.op
def train(validated: dict, project: ChurnProject) -> dict:
    project.run("train", validated["params"])
    return {**validated, "said": f"fitted on {validated['params']['data']['train_rows']:,} rows"}


@dg.op
def evaluate(trained: dict, project: ChurnProject) -> dict:
    project.run("evaluate", trained["params"])
    metrics = project.read("metrics.json")
    worst = min(metrics["slices"], key=lambda s: s["auc"])
    said = f"AUC {metrics['auc']:.3f}, lowest slice {worst['slice']} {worst['auc']:.3f}"
    return {**trained, "said": said}


@dg.op(out={"promote": dg.Out(is_required=False), "keep": dg.Out(is_required=False)})
def gate(evaluated: dict, project: ChurnProject):
    """The project's gate. Its verdict picks the branch: only one of the outputs is sent."""
    project.run("gate", evaluated["params"], may_fail=True)
    verdict = project.read("gate.json")
    branch = "promote" if verdict["passed"] else "keep"
    said = f"{'passed' if verdict['passed'] else 'failed'} against {verdict['against']}"
    yield dg.Output({**evaluated, "said": said}, branch)


@dg.op
def promote(passed: dict, project: ChurnProject) -> str:
    project.run("register", passed["params"])
    return f"registered the candidate as version {project.champion()}, now @champion"


@dg.op
def keep(failed: dict, project: ChurnProject) -> str:
    return f"nothing registered; @champion stays on version {project.champion()}"


@dg.job
def retrain():
    passed, failed = gate(evaluate(train(validate())))
    promote(passed)
    keep(failed)


# --8<-- [end:ops]

# --8<-- [start:schedule]
OUTCOME_DAYS = churn.data.load_params(retrain_project / "params.yaml")["data"]["outcome_days"]


@dg.schedule(job=retrain, cron_schedule="0 3 2 * *", execution_timezone="UTC")
def monthly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """At 03:00 UTC on the 2nd of each month: judge on the newest cohort whose outcomes are all
    known, and train on the month before it. The month that just ended is neither: most of
    its outcomes have not happened yet. Why the 2nd: a tick on the 1st would find January's
    30-day windows still open on 1 March (January has 31 days, February 28), judge December
    twice and January never (exercise 1)."""
    exported_on = f"{context.scheduled_execution_time:%Y-%m-%d}"
    judged = churn.data.latest_matured(exported_on, OUTCOME_DAYS)
    cohorts = {"exported_on": exported_on, "eval_cohort": judged,
               "train_cohort": churn.data.month_before(judged)}
    return dg.RunRequest(
        run_key=exported_on,  # one run per export, even if the daemon evaluates the tick twice
        run_config={"ops": {"validate": {"config": cohorts}}},
    )


defs = dg.Definitions(
    jobs=[retrain],
    schedules=[monthly],
    resources={
        "project": ChurnProject(
            folder=str(retrain_project),
            tracking_uri=f"sqlite:///{retrain_project / 'mlflow.db'}",
        )
    },
)

# The next three ticks after a fixed date, and the run each one asks for.
reference = datetime(2026, 11, 20, tzinfo=UTC)
ticks = CronSim(monthly.cron_schedule, reference)
planned = {}
for tick in [next(ticks) for _ in range(3)]:
    context = dg.build_schedule_context(scheduled_execution_time=tick)
    planned[f"{tick:%Y-%m-%d %H:%M %Z}"] = monthly.evaluate_tick(context).run_requests[0]
for tick, request in planned.items():
    cohorts = request.run_config["ops"]["validate"]["config"]
    print(f"{tick}: train on {cohorts['train_cohort']}, judge on {cohorts['eval_cohort']}")
    #> 2026-12-02 03:00 UTC: train on 2026-09, judge on 2026-10
    #> 2027-01-02 03:00 UTC: train on 2026-10, judge on 2026-11
    #> 2027-02-02 03:00 UTC: train on 2026-11, judge on 2026-12
# --8<-- [end:schedule]

# --8<-- [start:run]
# DAGSTER_HOME holds the instance: its run history and settings. A temporary one, telemetry off.
dagster_home = Path(workspace.name) / "dagster_home"
dagster_home.mkdir()
(dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
instance = dg.DagsterInstance.from_config(str(dagster_home))
# Dagster logs every event to stderr; its web UI is where they are read. Warnings only here.
quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def steps(result: dg.ExecuteInProcessResult) -> str:
    """Each op of a run: what became of it, and what it said."""
    lines = []
    for node in ["validate", "train", "evaluate", "gate", "promote", "keep"]:
        if result.is_node_skipped(node):
            lines.append(f"{node:>8}: skipped")
            continue
        if not result.is_node_success(node):
            failure = result.failure_data_for_node(node)  # None: an op before it failed
            why = failure.user_failure_data.description if failure else "an earlier op failed"
            why = why.replace("\n", "\n" + " " * 10)  # the reasons, under the op's name
            lines.append(f"{node:>8}: {'FAILURE' if failure else 'not run'}, {why}")
            continue
        sent = [e.step_output_data.output_name
                for e in result.events_for_node(node) if e.is_successful_output]
        value = result.output_for_node(node, sent[0])
        said = value["said"] if isinstance(value, dict) else value
        branch = f" -> {sent[0]}" if node == "gate" else ""
        lines.append(f"{node:>8}: success{branch}, {said}")
    return "\n".join(lines)


retrain_job = defs.get_job_def("retrain")
churn_project = defs.resources["project"]
first_request, second_request = list(planned.values())[:2]
print("champion before:", churn_project.champion())
#> champion before: none
first = retrain_job.execute_in_process({**first_request.run_config, **quiet}, instance=instance)
print(f"run on the {first_request.run_key} export: {first.dagster_run.status.value}")
#> run on the 2026-12-02 export: SUCCESS
print(steps(first))
#> validate: success, 2,000 rows of 2026-09, judged on 2026-10
#>    train: success, fitted on 2,000 rows
#> evaluate: success, AUC 0.791, lowest slice age=65+ 0.762
#>     gate: success -> promote, passed against the business rule (no champion yet)
#>  promote: success, registered the candidate as version 1, now @champion
#>     keep: skipped
# --8<-- [end:run]

# --8<-- [start:short]
# The next tick, but the export job died after 300 rows: valid rows, far too few of them.
cohorts = second_request.run_config["ops"]["validate"]["config"]
short = {"ops": {"validate": {"config": {**cohorts, "rows": 300}}}}
second = retrain_job.execute_in_process({**short, **quiet}, instance=instance)
print(f"run on the {second_request.run_key} export: {second.dagster_run.status.value}")
#> run on the 2027-01-02 export: SUCCESS
print(steps(second))
#> validate: success, 300 rows of 2026-10, judged on 2026-11
#>    train: success, fitted on 300 rows
#> evaluate: success, AUC 0.793, lowest slice plan=basic 0.757
#>     gate: success -> keep, failed against champion version 1
#>  promote: skipped
#>     keep: success, nothing registered; @champion stays on version 1
print("champion after:", churn_project.champion())
#> champion after: 1
print([run.status.value for run in instance.get_runs()])  # newest first, kept in DAGSTER_HOME
#> ['SUCCESS', 'SUCCESS']
# --8<-- [end:short]

# --8<-- [start:immature]
# December's export, rerun by hand to judge on November, "the freshest month": too fresh.
eager = {"exported_on": "2026-12-02", "train_cohort": "2026-10", "eval_cohort": "2026-11"}
silent = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}  # no traceback
third = retrain_job.execute_in_process(
    {"ops": {"validate": {"config": eager}}, **silent}, instance=instance, raise_on_error=False
)
print(f"run judging on 2026-11: {third.dagster_run.status.value}")
#> run judging on 2026-11: FAILURE
print(steps(third))
#> validate: FAILURE, validate failed: outcomes not all known on 2026-12-02 (label maturity)
#>           eval cohort 2026-11 is not matured until 2026-12-30
#>    train: not run, an earlier op failed
#> evaluate: not run, an earlier op failed
#>     gate: not run, an earlier op failed
#>  promote: not run, an earlier op failed
#>     keep: not run, an earlier op failed
# --8<-- [end:immature]

