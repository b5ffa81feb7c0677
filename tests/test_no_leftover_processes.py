"""Promise: a snippet that starts a process (a server, a worker) stops it before it ends.

Each snippet that calls subprocess.Popen runs as a reader runs it (a fresh folder beside its
page's downloads, docsite.sandbox), as the leader of a session of its own. When it has exited,
no process of that session may be left: a forgotten server keeps its port and its files, in a
reader's notebook as in CI. Processes are found in /proc (Linux only; elsewhere this skips). A
child that starts a session of its own (setsid) escapes this check.

Check:   pytest tests/test_no_leftover_processes.py    (one page: -k <page>)
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from docsite.model import SNIPPETS, rel, snippet_files
from docsite.sandbox import SNIPPET_ENV, prepare

PROC = Path("/proc")
STARTS_PROCESSES = [
    path for path in snippet_files() if "Popen(" in path.read_text(encoding="utf-8")
]


def _session(sid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every live process in session `sid`; zombies are left out."""
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # it exited while we looked
            continue
        # "pid (name) state ppid pgrp session ...": the name may hold spaces and parentheses.
        state, _, _, session = stat.rsplit(")", 1)[1].split()[:4]
        if int(session) == sid and state != "Z":
            found.append((int(entry.name), command.replace(b"\0", b" ").decode(errors="replace")))
    return found


@pytest.mark.skipif(not (PROC / "self" / "stat").exists(), reason="reads /proc (Linux only)")
@pytest.mark.parametrize("path", STARTS_PROCESSES, ids=lambda p: p.relative_to(SNIPPETS).as_posix())
def test_snippet_leaves_no_process_behind(path: Path, tmp_path: Path):
    prepare(tmp_path, path)
    shutil.copy(path, tmp_path / path.name)
    run = subprocess.Popen(
        [sys.executable, path.name],
        cwd=tmp_path,
        env={**os.environ, **SNIPPET_ENV, "PYTHONDONTWRITEBYTECODE": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its session id is its pid, and every child inherits it
    )
    try:
        _, stderr = run.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        pytest.fail(f"{rel(path)} ran for more than 15 minutes", pytrace=False)
    left = _session(run.pid)
    for pid, _ in left:  # clean up before failing, so one leak does not hold a port all run
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert run.returncode == 0, f"{rel(path)} failed (exit {run.returncode}):\n{stderr[-3000:]}"
    assert not left, (
        f"{rel(path)} exited and left {len(left)} process(es) running: "
        + "; ".join(f"{pid}: {command[:120]}" for pid, command in left)
        + ". Stop every process a snippet starts in a `finally` (terminate(), then wait())."
    )
