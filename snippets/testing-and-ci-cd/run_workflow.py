"""Run the model project's tests and workflow on this machine: the same run: steps, in order.

Every command comes from .github/workflows/model.yml, so this proof cannot drift from the file.
DVC then versions the pipeline's data and models in the same project folder.
"""
# --8<-- [start:setup]
# ruff: noqa: E402 (the environment variable below must be set before mlflow is imported)
import os

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from mlflow import MlflowClient

# A fresh copy of the project in a temporary folder: the runs below leave nothing behind.
scratch = tempfile.TemporaryDirectory(prefix="churn-ci-", ignore_cleanup_errors=True)
shutil.unpack_archive("churn-project.zip", scratch.name)
project = Path(scratch.name) / "churn-project"
workflow = yaml.safe_load((project / ".github/workflows/model.yml").read_text())
# The workflow's settings, except those GitHub fills in (${{ ... }}); then what GitHub's runner
# has and this machine lacks, stood in for: the package is imported from src/ instead of
# installed, the registry is a SQLite file in the project, and `python` is this Python.
ENV = {
    **os.environ,
    **{name: value for name, value in workflow["env"].items() if "${{" not in value},
    "PYTHONPATH": "src",
    "MLFLOW_TRACKING_URI": "sqlite:///mlflow.db",
    "PY_COLORS": "0",  # plain text from pytest, even under Jupyter, which asks for colours
    "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
}


def run(command: str) -> subprocess.CompletedProcess:
    """Run one `run:` step's command in the project folder, with `python` being this Python."""
    words = shlex.split(command)
    return subprocess.run(
        [sys.executable, *words[1:]], cwd=project, env=ENV, capture_output=True, text=True
    )


def tidy(output: str) -> list[str]:
    """What a command printed, without run times and column padding (they vary by machine)."""
    lines = [re.sub(r" in [\d.]+s\b.*| {2,}", " ", line) for line in output.splitlines()]
    return [line.strip(" =") for line in lines if line.strip(" =")]


# --8<-- [end:setup]

# --8<-- [start:suite]
steps = workflow["jobs"]["tests"]["steps"]
pytest_step = next(step["run"] for step in steps if "pytest" in step.get("run", ""))
print(pytest_step)
#> python -m pytest -p no:cacheprovider
suite = run(pytest_step)
printed = tidy(suite.stdout)
print("\n".join(line for line in printed if line.startswith("tests/")))
#> tests/test_behaviour.py ..................... [ 52%]
#> tests/test_contract.py ....... [ 70%]
#> tests/test_drift.py .... [ 80%]
#> tests/test_features.py ..... [ 92%]
#> tests/test_regression.py ... [100%]
print(printed[-1], "| exit code", suite.returncode)
#> 40 passed | exit code 0
# --8<-- [end:suite]


# --8<-- [start:steps]
def needs(job: dict) -> set[str]:
    """The jobs a job waits for: `needs: a` or `needs: [a, b]`."""
    named = job.get("needs", [])
    return {named} if isinstance(named, str) else set(named)


def waves(jobs: dict) -> list[list[str]]:
    """Jobs grouped as GitHub runs them: each wave at once, after the jobs it needs."""
    done, found = set(), []
    while len(done) < len(jobs):
        ready = [name for name, job in jobs.items() if name not in done and needs(job) <= done]
        if not ready:
            raise ValueError(f"jobs that wait for each other: {sorted(set(jobs) - done)}")
        found.append(ready)
        done |= set(ready)
    return found


def run_job(job: dict, show: set[str], ran: dict) -> tuple[list[str], bool]:
    """Run a job's run: steps in order, stopping at the first that fails, as GitHub does.
    A command in `ran` already ran on this same folder: its result is reported, not rerun."""
    report = [f"job {job['name']}"]
    commands = [step["run"] for step in job["steps"] if "run" in step]
    if not commands:
        report.append("  (no run: step: its actions need GitHub and a Docker engine)")
    for command in commands:
        if "pip install" in command:  # this Python has the page's requirements already
            report.append(f"  $ {command}  (skipped: installed)")
            continue
        done = ran.get(command) or run(command)
        verdict = "ok" if done.returncode == 0 else "FAILED"
        report.append(f"  $ {command}  -> {verdict}" + (" (ran above)" if command in ran else ""))
        printed = tidy(done.stdout)[-1:] if "pytest" in command else tidy(done.stdout)
        if show & set(command.split()) or done.returncode != 0:
            report += [f"      {line}" for line in printed]
        if done.returncode != 0:
            report.append(f"      {done.stderr.strip().splitlines()[-1]} (exit {done.returncode})")
            return report, False
    return report, True


def run_workflow(show: set[str], ran: dict | None = None, start: str | None = None) -> str:
    """Run the workflow's jobs wave by wave (from the job `start` on, if given). Print the
    output of the commands named in `show`, and of any step that fails."""
    jobs = yaml.safe_load((project / ".github/workflows/model.yml").read_text())["jobs"]
    report, started = [], start is None
    for wave in waves(jobs):
        started = started or start in wave
        if not started:
            report.append(f"(jobs {', '.join(wave)}: not run here)")
            continue
        with ThreadPoolExecutor() as pool:
            results = list(pool.map(lambda name: run_job(jobs[name], show, ran or {}), wave))
        report += [line for lines, _ in results for line in lines]
        if not all(passed for _, passed in results):
            report.append("The workflow stops: no later job runs.")
            break
    return "\n".join(report)


# --8<-- [end:steps]

# --8<-- [start:first_run]
print(run_workflow(show={"validate", "evaluate", "gate", "register"}, ran={pytest_step: suite}))
#> job Validate the data
#>   $ python -m pip install .  (skipped: installed)
#>   $ python -m churn validate  -> ok
#>       training rows (2024-04): 2,000 rows pass the training input contract
#>       evaluation rows (2024-05): 2,000 rows pass the training input contract
#>       canary rows: 2,000 rows pass the training input contract
#>       wrote build/: train, eval and canary snapshots, without direct identifiers
#> job Test features, contract and model behaviour
#>   $ python -m pip install ".[test]"  (skipped: installed)
#>   $ python -m pytest -p no:cacheprovider  -> ok (ran above)
#> job Train, evaluate and gate a candidate
#>   $ python -m pip install .  (skipped: installed)
#>   $ python -m churn train  -> ok
#>   $ python -m churn evaluate  -> ok
#>       AUC 0.790 on 2,000 rows of 2024-05, 0.798 on the canary; by slice:
#>       slice rows churners auc
#>       plan=basic 905 99 0.784
#>       plan=premium 429 38 0.807
#>       plan=standard 666 76 0.785
#>       age=18-34 551 49 0.785
#>       age=35-49 495 65 0.778
#>       age=50-64 477 56 0.807
#>       age=65+ 477 43 0.798
#>   $ python -m churn gate  -> ok
#>       candidate AUC 0.790, champion 0.627: difference +0.162, 95% interval [+0.125, +0.198]
#>       [pass] AUC 0.790 >= 0.7
#>       [pass] canary AUC 0.798 >= 0.7
#>       [pass] every slice's AUC >= 0.65 (lowest: age=35-49, 0.778)
#>       [pass] better than the business rule (superiority: interval above 0)
#> job Register the new champion
#>   $ python -m pip install .  (skipped: installed)
#>   $ python -m churn register  -> ok
#>       registered churn version 1 (the business rule (no champion yet) beaten); it is @champion
#> job Build and push the serving image
#>   (no run: step: its actions need GitHub and a Docker engine)
# --8<-- [end:first_run]

# --8<-- [start:registry]
client = MlflowClient(tracking_uri=f"sqlite:///{project / 'mlflow.db'}")


def registry() -> str:
    versions = sorted(int(v.version) for v in client.search_model_versions("name = 'churn'"))
    champion = client.get_model_version_by_alias("churn", "champion").version
    return f"registered versions of churn: {versions}; @champion is version {champion}"


print(registry())
#> registered versions of churn: [1]; @champion is version 1
# --8<-- [end:registry]


# --8<-- [start:dvc_setup]
def dvc(command: str) -> str:
    """Run a DVC command in the project, offline and sending no usage report (in your own
    repository, `dvc config core.analytics false` says so for good); keep what it says about
    stages and files, not its hints on what to type next."""
    done = subprocess.run(
        [sys.executable, "-m", "dvc", *shlex.split(command)],
        cwd=project,
        env={**ENV, "DVC_NO_ANALYTICS": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    keep = ("Stage", "pushed", "up to date")
    return "\n".join(line for line in done.stdout.splitlines() if any(k in line for k in keep))


storage = tempfile.TemporaryDirectory(prefix="dvc-storage-", ignore_cleanup_errors=True)
dvc("init --no-scm")  # --no-scm: this folder is not a git repository (yours would be)
dvc(f"remote add --default storage {storage.name}")  # the team's storage: S3, a share...
# --8<-- [end:dvc_setup]

# --8<-- [start:dvc_commit]
# The workflow run above left every stage's outputs in build/: record them as they are.
dvc("commit --force")
print(dvc("repro"))
#> Stage 'validate' didn't change, skipping
#> Stage 'train' didn't change, skipping
#> Stage 'evaluate' didn't change, skipping
#> Data and pipelines are up to date.
lock = yaml.safe_load((project / "dvc.lock").read_text())  # commit it to git with the code
data = lock["stages"]["validate"]["outs"]
print("\n".join(f"{out['path']}: md5 {out['md5']}, {out['size']:,} bytes" for out in data))
#> build/canary.csv: md5 a0e35603e1378374fd7760e845668205, 81,176 bytes
#> build/eval.csv: md5 0335dcc6e0950274607c7abc72d90eab, 81,050 bytes
#> build/train.csv: md5 15a88c761d1cfb42dcc44e26a6296766, 80,959 bytes
print(dvc("push"))
#> 4 files pushed
# --8<-- [end:dvc_commit]

# --8<-- [start:failing_run]
# A pull request: "more regularisation, for a simpler model". Only params.yaml changes.
params = project / "params.yaml"
params.write_text(params.read_text().replace("  C: 0.1\n", "  C: 0.001\n"))
print(run_workflow(show={"gate"}, start="candidate"))
#> (jobs data, tests: not run here)
#> job Train, evaluate and gate a candidate
#>   $ python -m pip install .  (skipped: installed)
#>   $ python -m churn train  -> ok
#>   $ python -m churn evaluate  -> ok
#>   $ python -m churn gate  -> FAILED
#>       candidate AUC 0.784, champion 0.790: difference -0.006, 95% interval [-0.012, +0.002]
#>       [pass] AUC 0.784 >= 0.7
#>       [pass] canary AUC 0.793 >= 0.7
#>       [pass] every slice's AUC >= 0.65 (lowest: age=35-49, 0.767)
#>       [FAIL] not worse than the champion by more than 0.01 (non-inferiority)
#>       gate failed: the candidate is not registered (exit 1)
#> The workflow stops: no later job runs.
print(registry())
#> registered versions of churn: [1]; @champion is version 1
# --8<-- [end:failing_run]

# --8<-- [start:dvc_back]
params.write_text(params.read_text().replace("  C: 0.001\n", "  C: 0.1\n"))  # revert the PR
print(dvc("repro"))
#> Stage 'validate' didn't change, skipping
#> Stage 'train' is cached - skipping run, checking out outputs
#> Stage 'evaluate' is cached - skipping run, checking out outputs
# --8<-- [end:dvc_back]
