"""Promise: every snippet runs offline and prints exactly the `#>` output its page shows.

Check:   pytest tests/test_snippets.py
Refresh: pytest tests/test_snippets.py --update-examples   (or `make update-examples`)
"""

import functools
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from textwrap import indent

import pytest
from pytest_examples import CodeExample, EvalExample

from docsite.examples import LINE_LENGTH, first_changed_line, where_it_broke
from docsite.model import FIGURES, ROOT, SNIPPETS, rel, snippet_files
from docsite.sandbox import OFFLINE_ENV, prepare

# OFFLINE_ENV tells libraries not to phone home; the socket guard in pyproject.toml
# (pytest-socket --allow-hosts) fails any snippet that still tries.
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


@functools.cache
def _java_major() -> int | None:
    """The major version of the `java` on PATH, or None when there is none."""
    if shutil.which("java") is None:
        return None
    done = subprocess.run(["java", "-version"], capture_output=True, text=True)
    match = re.search(r'version "(?:1\.)?(\d+)', done.stderr + done.stdout)
    return int(match[1]) if match else None


def _missing_runtime(path: Path) -> str | None:
    """What a snippet needs outside Python and this machine lacks, said plainly."""
    if "pyspark" in path.read_text(encoding="utf-8") and (_java_major() or 0) < 17:
        return (
            f"{rel(path)} runs Apache Spark, which needs Java 17 or newer on PATH, and "
            f"java -version says {_java_major() or 'nothing'}. Install it (Debian/Ubuntu: "
            "`sudo apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) "
            "and run the tests again. README.md, Quickstart, says the same."
        )
    return None


@pytest.mark.parametrize("path", snippet_files(), ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_snippet_prints_what_the_page_shows(
    path: Path, eval_example: EvalExample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Each snippet runs in its own temp folder, beside copies of the files its page offers for
    # download (subscribers.py, SQL, app.py...), as a reader runs it; its writes land there too.
    prepare(tmp_path, path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # `from subscribers import ...`, `import app`
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # no __pycache__ inside snippets/
    for name, value in OFFLINE_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse_remote_lookups(socket.getaddrinfo))
    if missing := _missing_runtime(path):
        pytest.fail(missing, pytrace=False)  # a failure, never a skip: the page would go untested
    before = _work_tree_status()

    example = CodeExample.create(path.read_text(encoding="utf-8"), path=path)
    eval_example.set_config(line_length=LINE_LENGTH)
    update = eval_example.update_examples
    run = eval_example.run_print_update if update else eval_example.run_print_check

    # pytest-examples re-raises a snippet's exception with a hand-built traceback that crashes
    # pytest's reporter on Python 3.11 (INTERNALERROR, whole run lost). Report it ourselves,
    # outside the except block, so only this snippet fails and the rest of the suite runs.
    failure = None
    try:
        run(example)
    except Exception as exc:
        failure = where_it_broke(exc, path, rel(path))
    except pytest.fail.Exception as exc:
        failure = (
            f"{rel(path)}:{first_changed_line(str(exc))}: the printed output no longer matches "
            "the #> lines under its print() calls."
            f"\n{indent(str(exc), '  ')}\n"
            "If the new output is right, refresh it with `make update-examples`."
        )
    _forget_downloaded_modules(tmp_path)
    if failure:
        pytest.fail(failure, pytrace=False)

    stale, refreshed = _check_figures(path, tmp_path, update)
    if stale:
        pytest.fail("\n".join(stale), pytrace=False)

    after = _work_tree_status()
    if before is not None and after != before:
        new = sorted(set(after.splitlines()) - set(before.splitlines()))
        new = [line for line in new if not any(line.endswith(f) for f in refreshed)]
        if new:
            pytest.fail(
                f"{rel(path)} changed the work tree: {new}. Snippets may write only to temp "
                "folders (tempfile.TemporaryDirectory(), or a relative path: each snippet runs in "
                "its own).",
                pytrace=False,
            )


def _forget_downloaded_modules(folder: Path) -> None:
    """Unload the modules a snippet imported from its folder (subscribers.py, cached_pipeline.py).

    The snippets share this process, but a reader runs each in a new session: the next snippet
    must import its downloads afresh, not reuse a module whose state (a counter) this one changed.
    """
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).is_relative_to(folder):
            del sys.modules[name]


FIGURE_SUFFIXES = {".svg", ".png"}


def _check_figures(path: Path, workdir: Path, update: bool) -> tuple[list[str], list[str]]:
    """Figures the snippet saved in its cwd must equal the ones its page shows.

    A snippet saves `name.svg` with a relative path; the page shows docs/figures/<page>/name.svg.
    Under --update-examples the new drawing is copied there, like the `#>` output. Returns the
    problems, and the repository paths refreshed (the only writes into the work tree allowed).
    """
    problems, refreshed = [], []
    for drawn in sorted(p for p in workdir.iterdir() if p.suffix in FIGURE_SUFFIXES):
        shown = FIGURES / path.parent.name / drawn.name
        if update:
            shown.parent.mkdir(parents=True, exist_ok=True)
            if not shown.is_file() or shown.read_bytes() != drawn.read_bytes():
                shutil.copy(drawn, shown)
                refreshed.append(rel(shown))
        elif not shown.is_file():
            problems.append(
                f"{rel(path)}: draws {drawn.name}, but {rel(shown)} does not exist. Run "
                "`make update-examples` to add it, then show it on the page with ![alt text](...)."
            )
        elif shown.read_bytes() != drawn.read_bytes():
            problems.append(
                f"{rel(path)}: {rel(shown)} is stale: the snippet now draws something else. "
                "Run `make update-examples` to refresh it, and look at it before committing."
            )
    return problems, refreshed
