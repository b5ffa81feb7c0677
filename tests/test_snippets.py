"""Promise: every snippet runs offline and prints exactly the `#>` output its page shows.

Check:   pytest tests/test_snippets.py
Refresh: pytest tests/test_snippets.py --update-examples   (or `make update-examples`)
"""

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from textwrap import indent

import pytest
from pytest_examples import CodeExample, EvalExample
from pytest_examples import run_code as pe_run_code

from conftest import ROOT, SNIPPETS, rel, snippet_files

# Output sits under its print() as `#> ` comment lines, however many lines it has. pytest-examples
# puts multi-line output in a ''' string instead; these two patches keep the comment form, and let
# a blank output line be a bare `#>` so that editors that strip trailing spaces do not break it.
pe_run_code.comment_prefix_re = re.compile(r"^ *#>(?: |$)", re.MULTILINE)


def _insert_output_as_comments(self, lines, statement, in_python, line_index, col):
    text = statement.sep.join(str(arg) for arg in statement.args)
    if "\n" in text or len(text) > self.config.line_length - col - 3:
        text = statement.sep.join(arg.format(self.config).strip("\n") for arg in statement.args)
    pad = " " * col
    out = [f"{pad}#> {line}".rstrip() if line.strip() else f"{pad}#>" for line in text.splitlines()]
    lines[line_index + 1 : line_index + 1] = out or [f"{pad}#>"]


pe_run_code.InsertPrintStatements._insert_print_args = _insert_output_as_comments

# Libraries that phone home by default are told not to; the socket guard in pyproject.toml
# (pytest-socket --allow-hosts) fails any snippet that still tries.
OFFLINE_ENV = {
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "1",
    "HF_HUB_OFFLINE": "1",
}


LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", None}


def _refuse_remote_lookups(real_getaddrinfo):
    """pytest-socket stops connections; this also stops the DNS query that comes before one."""

    def getaddrinfo(host, *args, **kwargs):
        if host not in LOOPBACK_NAMES:
            raise OSError(f"snippets run offline: looking up {host!r} is blocked")
        return real_getaddrinfo(host, *args, **kwargs)

    return getaddrinfo


def _work_tree_status() -> str | None:
    """`git status` of the repository, or None when the tests run outside a git checkout."""
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.stdout if done.returncode == 0 else None


def _where_it_broke(exc: BaseException, path: Path) -> str:
    """`file:line` and source of the innermost frame of the snippet in exc's traceback."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(path):
            line = tb.tb_lineno
        tb = tb.tb_next
    source = path.read_text(encoding="utf-8").splitlines()
    code = source[line - 1].strip() if 0 < line <= len(source) else ""
    return f"{rel(path)}:{line}: {type(exc).__name__}: {exc}\n    {code}"


def _first_changed_line(diff: str) -> int:
    """The line of the snippet where a unified diff of it first differs."""
    line = 0
    for text in diff.splitlines():
        if hunk := re.search(r"^\s*@@ -(\d+)", text):
            line = int(hunk.group(1))
        elif line and re.match(r"^\s*[-+]", text) and not re.match(r"^\s*(---|\+\+\+)", text):
            return line
        elif line:
            line += 1
    return line


@pytest.mark.parametrize("path", snippet_files(), ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_snippet_prints_what_the_page_shows(
    path: Path, eval_example: EvalExample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Each snippet runs in its own temp folder, beside copies of its folder's data files (.sql,
    # .csv...), exactly as a reader runs it from that folder; its relative writes land there too.
    for data_file in path.parent.iterdir():
        if data_file.is_file() and data_file.suffix != ".py":
            shutil.copy(data_file, tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(SNIPPETS))  # so `from dataset.subscribers import ...` works
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no __pycache__ inside snippets/
    for name, value in OFFLINE_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse_remote_lookups(socket.getaddrinfo))
    before = _work_tree_status()

    example = CodeExample.create(path.read_text(encoding="utf-8"), path=path)
    eval_example.set_config(line_length=100)
    update = eval_example.update_examples
    run = eval_example.run_print_update if update else eval_example.run_print_check

    # pytest-examples re-raises a snippet's exception with a hand-built traceback that crashes
    # pytest's reporter on Python 3.11 (INTERNALERROR, whole run lost). Report it ourselves,
    # outside the except block, so only this snippet fails and the rest of the suite runs.
    failure = None
    try:
        run(example)
    except Exception as exc:
        failure = _where_it_broke(exc, path)
    except pytest.fail.Exception as exc:
        failure = (
            f"{rel(path)}:{_first_changed_line(str(exc))}: the printed output no longer matches "
            "the #> lines under its print() calls."
            f"\n{indent(str(exc), '  ')}\n"
            "If the new output is right, refresh it with `make update-examples`."
        )
    if failure:
        pytest.fail(failure, pytrace=False)

    after = _work_tree_status()
    if before is not None and after != before:
        new = sorted(set(after.splitlines()) - set(before.splitlines()))
        pytest.fail(
            f"{rel(path)} changed the work tree: {new}. Snippets may write only to temp folders "
            "(tempfile.TemporaryDirectory(), or a relative path: each snippet runs in its own).",
            pytrace=False,
        )


def test_snippets_pass_ruff():
    ruff = [sys.executable, "-m", "ruff", "check", "--output-format=concise", "--no-cache"]
    done = subprocess.run(
        [*ruff, "snippets"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, (
        f"ruff found problems in snippets/ (file:line:col):\n{done.stdout}{done.stderr}"
        "Fix them by hand or with `ruff check --fix snippets`. Never run a formatter over "
        "snippets/: it rewrites `#>` into `# >` and breaks the output checks."
    )
