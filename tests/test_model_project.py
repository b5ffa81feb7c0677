"""Promise: the downloadable model project passes its own tests, and its tests catch a broken model.

A page may offer a whole model project (snippets/<page>/<folder>/ with a pyproject.toml) as
<folder>.zip. Each is packed exactly as the reader downloads it (docsite.archive.make_zip),
unpacked into an empty temp folder, and tested there, offline:

- its own test suite passes, in a separate Python process, as `python -m pytest` in the folder;
- a model that ignores support tickets, swapped in through CHURN_MODEL, fails the directional
  test (the suite can tell a broken model from a good one, not only run);
- its GitHub workflow passes actionlint.

Check one page: pytest tests/test_model_project.py -k testing-and-ci-cd
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docsite.archive import make_zip
from docsite.model import SNIPPETS, project_folders, rel
from docsite.sandbox import SNIPPET_ENV

PYTEST = ["-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "-rf"]
# pytest-socket (installed here, not in the project) refuses every connection the tests try.
OFFLINE = ["--disable-socket"]
CHURN_PROJECT = SNIPPETS / "testing-and-ci-cd" / "churn-project"
# Trains the project's pipeline without the two columns that carry support tickets.
IGNORE_TICKETS = """
import joblib
from churn.data import load_params, training_rows
from churn.model import train
params = load_params()
kept = [f for f in params["model"]["features"] if f not in ("support_tickets", "tickets_per_month")]
model = train(training_rows(params), {**params["model"], "features": kept})
joblib.dump(model, "ignores_tickets.joblib")
"""
DIRECTIONAL = {
    "tests/test_behaviour.py::test_more_support_tickets_raise_the_score[1]",
    "tests/test_behaviour.py::test_more_support_tickets_raise_the_score[3]",
}


def _unpack(folder: Path, tmp_path: Path) -> Path:
    """The project as a reader gets it: the published zip, unpacked into an empty folder."""
    archive = make_zip(folder, tmp_path / f"{folder.name}.zip")
    shutil.unpack_archive(archive, tmp_path)
    return tmp_path / folder.name


def _run(project: Path, args: list[str], **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=project,
        env={**os.environ, **SNIPPET_ENV, "PYTHONPATH": "src", "PY_COLORS": "0", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def _failed(output: str) -> set[str]:
    """The test ids pytest's short summary (-rf) lists as failed."""
    return set(re.findall(r"^FAILED (\S+)", output, re.MULTILINE))


def _ids(folder: Path) -> str:
    return folder.relative_to(SNIPPETS).as_posix()


@pytest.mark.parametrize("folder", project_folders(), ids=_ids)
def test_project_passes_its_own_tests(folder: Path, tmp_path: Path):
    project = _unpack(folder, tmp_path)
    done = _run(project, [*PYTEST, *OFFLINE])
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "(no output)"
    assert done.returncode == 0, (
        f"{rel(folder)}: `python -m pytest` in the unpacked project ended with exit code "
        f"{done.returncode} ({summary}). Failed: {sorted(_failed(done.stdout)) or 'see below'}\n"
        f"{done.stdout[-4000:]}{done.stderr[-2000:]}"
    )


@pytest.mark.parametrize("folder", [CHURN_PROJECT], ids=_ids)
def test_project_tests_catch_a_model_that_ignores_support_tickets(folder: Path, tmp_path: Path):
    project = _unpack(folder, tmp_path)
    trained = _run(project, ["-c", IGNORE_TICKETS])
    assert trained.returncode == 0, f"training the broken model failed:\n{trained.stderr}"
    done = _run(project, [*PYTEST, *OFFLINE], CHURN_MODEL="ignores_tickets.joblib")
    failed = _failed(done.stdout)
    assert done.returncode == 1 and failed >= DIRECTIONAL, (
        f"{rel(folder)}: with a model that ignores support tickets (CHURN_MODEL), the "
        f"directional tests {sorted(DIRECTIONAL)} must fail; failed: {sorted(failed) or 'none'} "
        f"(exit code {done.returncode}).\n{done.stdout[-3000:]}"
    )


@pytest.mark.parametrize("folder", project_folders(), ids=_ids)
def test_project_workflows_pass_actionlint(folder: Path):
    workflows = sorted((folder / ".github" / "workflows").glob("*.y*ml"))
    assert workflows, f"{rel(folder)}: a model project ships its CI in .github/workflows/"
    actionlint = Path(sys.executable).parent / "actionlint"
    done = subprocess.run(
        [str(actionlint), "-no-color", *[p.relative_to(folder).as_posix() for p in workflows]],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, (
        f"actionlint, in {rel(folder)} (file:line:col):\n{done.stdout}{done.stderr}"
    )
