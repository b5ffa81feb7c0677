"""Refresh every snippet's `#>` lines and figures from running it alone: `make update-examples`.

    pytest docsite/refresh.py --update-examples [-k what-is-mlops]

pytest-examples rewrites a file from inside a pytest test, so this refresher is one, but it is
not part of the suite: tests/test_copy_paste.py checks the same `#>` lines and figures in its
run of each page, and that run is the only one `make test` makes of a snippet. Each snippet runs
here alone, in its own temp folder beside copies of the files its page offers for download
(docsite/sandbox.py), offline. Without --update-examples it checks the snippets alone instead:
the quickest way to try one file, `pytest docsite/refresh.py -k preview.py`.
"""

import os
import socket
import sys
from pathlib import Path
from textwrap import indent

import pytest
from pytest_examples import CodeExample, EvalExample

from docsite.examples import LINE_LENGTH, first_changed_line, where_it_broke
from docsite.model import SNIPPETS, rel, snippet_files
from docsite.sandbox import (
    OFFLINE_ENV,
    SNIPPET_ENV,
    check_figures,
    drawn_figures,
    missing_runtime,
    new_in_work_tree,
    prepare,
    work_tree_status,
)

# Set before any snippet imports matplotlib or numpy: the snippets run in this process.
os.environ.update(SNIPPET_ENV)
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


@pytest.mark.parametrize("path", snippet_files(), ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_refresh(
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
    if missing := missing_runtime(path.read_text(encoding="utf-8"), rel(path)):
        pytest.fail(missing, pytrace=False)
    before = work_tree_status()

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

    drawn = drawn_figures(tmp_path)
    stale, refreshed = check_figures(path.parent.name, drawn, rel(path), update)
    if stale:
        pytest.fail("\n".join(stale), pytrace=False)

    new = [n for n in new_in_work_tree(before) if not any(n.endswith(f) for f in refreshed)]
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
