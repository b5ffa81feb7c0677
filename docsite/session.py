"""The reader's session: the code that runs inside the Python that runs a page's blocks.

Standard library only, because it runs in two places:
- in the suite's Jupyter kernel, where docsite/copy_paste.py pastes a page's blocks, one cell
  each, and adds its print check on top (`start`, `run_block`, `finish`);
- in a fresh venv that holds nothing but the page's own requirements.txt (docsite/reader_check.py),
  as a plain Python session: `python -I session.py <spec.json>` runs every block in one
  namespace, captures what each printed, and ends as a Python exit does.

Either way it writes results.json beside the spec: each block's outcome, what it printed, and
every distribution whose modules the page's code imported while it ran (`imported`), which
tests/test_copy_paste.py holds against the page's requirement set.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib.metadata
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Connections a pasted block may make: its own servers on loopback, nothing else.
LOOPBACK = ("127.0.0.1", "::1", "localhost")
PROC = Path("/proc")

_run: dict = {}  # the session's one run: its spec, blocks, outcomes so far, modules before


def refuse_the_network() -> None:
    """Pasted code may talk to its own servers on loopback; any other address is refused."""
    import socket

    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        remote = isinstance(host, str) and not host.startswith(LOOPBACK)
        if remote and sock.family != socket.AF_UNIX:
            raise OSError(f"the copy-paste run is offline: connecting to {host!r} is blocked")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in (*LOOPBACK, None):
            raise OSError(f"the copy-paste run is offline: looking up {host!r} is blocked")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


class _Hiding:
    """A finder of sys.meta_path that finds nothing of the hidden top-level modules, so that
    `import pyarrow` and `importlib.util.find_spec("pyarrow")` behave as where it is not
    installed; it records what was asked for."""

    def __init__(self, finder, hidden: set[str], asked: set[str]):
        self._finder, self._hidden, self._asked = finder, hidden, asked

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in self._hidden:
            self._asked.add(name.partition(".")[0])
            return None
        return self._finder.find_spec(name, path, target)

    def __getattr__(self, attribute):  # invalidate_caches() and the rest: the finder's own
        return getattr(self._finder, attribute)


def hide_all_but(allowed: set[str]) -> None:
    """Make the modules of every installed distribution outside `allowed` (canonical names)
    unimportable, as in a venv that holds only those: the suite's full environment then runs
    a page as its own requirements.txt would. Modules loaded already stay loaded."""
    owners = importlib.metadata.packages_distributions()
    hidden = {
        module
        for module, dists in owners.items()
        if module not in sys.stdlib_module_names
        and not any(_canonical(d) in allowed for d in dists)
    }
    asked = _run["hidden_asked"]
    sys.meta_path[:] = [_Hiding(f, hidden, asked) for f in sys.meta_path]


def start(spec: str) -> None:
    """First cell: read the blocks, refuse the network, hide the distributions the spec does not
    allow, and note the modules already loaded (the kernel's and the harness's), so that
    `imported` is what the page loaded."""
    refuse_the_network()
    spec_path = Path(spec)
    code_dir = spec_path.parent / "blocks"  # the pasted text, for tracebacks; not in workdir
    code_dir.mkdir()
    found = json.loads(spec_path.read_text(encoding="utf-8"))
    _run.update(
        spec=spec_path,
        code_dir=code_dir,
        blocks=found["blocks"],
        outcomes=[],
        at_exit=[],
        modules_before=set(sys.modules),
        hidden_asked=set(),
    )
    if found.get("allowed") is not None:
        hide_all_but(set(found["allowed"]))
    # The page's own exit handlers (atexit.register(server.stop)), which finish() runs; the
    # kernel's (zmq, history) must not run while it is alive.
    register = atexit.register

    def recorded(func, *args, **kwargs):
        _run["at_exit"].append((func, args, kwargs))
        return register(func, *args, **kwargs)

    atexit.register = recorded


def block_path(number: int) -> Path:
    """The file block `number` is compiled from, so tracebacks name it."""
    return _run["code_dir"] / f"block_{number:02d}.py"


def written_on_the_page(frame_filename: str) -> bool:
    """Whether code at `frame_filename` is a block of the page (not a library's)."""
    return Path(frame_filename).parent == _run["code_dir"]


def broken_line(exc: BaseException, path: Path) -> int:
    """The line of `path` where the exception was raised (its innermost frame there), or 0."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def run_block(number: int, namespace: dict, around=contextlib.nullcontext) -> dict:
    """Run block `number` in `namespace`, inside the context manager `around()`, and record
    how it went. After a failed block every later one is skipped: it would fail for the same
    reason."""
    outcomes: list[dict] = _run["outcomes"]
    if any(o["error"] for o in outcomes):
        return {}
    block = _run["blocks"][number - 1]
    path = block_path(number)
    path.write_text(block["code"] + "\n", encoding="utf-8")
    outcome = {
        "number": number,
        "error": None,
        "line": 0,
        "diff": None,
        "updated": None,
        "printed": "",
        "missing": [],  # modules a ModuleNotFoundError behind the error names
    }
    try:
        with around():
            # dont_inherit: this module's `from __future__` imports are not the reader's.
            code = compile(block["code"] + "\n", str(path), "exec", dont_inherit=True)
            exec(code, namespace)
    except BaseException as exc:  # noqa: BLE001 (a reader's session shows any error)
        outcome["error"], outcome["line"] = f"{type(exc).__name__}: {exc}", broken_line(exc, path)
        outcome["missing"] = _missing_modules(exc)
    outcomes.append(outcome)
    save()
    return outcome


def _missing_modules(exc: BaseException | None) -> list[str]:
    """The modules that ModuleNotFoundErrors in the exception's chain name (a library often
    raises its own error from one: "The starlette.testclient module requires the httpx...")."""
    found, seen = [], set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ModuleNotFoundError) and exc.name:
            found.append(exc.name.partition(".")[0])
        exc = exc.__cause__ or exc.__context__
    return found


def save() -> None:
    results = _run["spec"].parent / "results.json"
    results.write_text(
        json.dumps(
            {
                "outcomes": _run["outcomes"],
                "imported": imported(),
                "hidden_asked": sorted(_run["hidden_asked"]),
            }
        ),
        encoding="utf-8",
    )


def imported() -> dict[str, list[str]]:
    """distribution -> the top-level modules of it that the page's code loaded (directly, or
    through a library that imports it at run time, as pandas imports pyarrow for Polars)."""
    new = {name.split(".")[0] for name in set(sys.modules) - _run["modules_before"]}
    owners = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for module in sorted(new - set(sys.stdlib_module_names)):
        for dist in owners.get(module, []):
            found.setdefault(dist, set()).add(module)
    return {dist: sorted(modules) for dist, modules in sorted(found.items())}


def finish(grace: float = 10.0) -> None:
    """Last cell: end the session as a Python process ends, with the exit handlers the page
    registered, then record and kill every process it left running.

    A Jupyter kernel's shutdown kills its whole process group, which would hide a forgotten
    server; a reader's `python` session does not. The kernel is a session leader (jupyter_client
    starts it so, and main() below makes itself one) and every child inherits its session, so
    the session's members in /proc (Linux only) are what the page started. A child that calls
    setsid escapes this check.
    """
    save()
    if any(o["error"] for o in _run["outcomes"]) or not (PROC / "self" / "stat").exists():
        return
    for func, args, kwargs in reversed(_run["at_exit"]):  # as at exit: last registered first
        atexit.unregister(func)
        func(*args, **kwargs)
    # An exiting process also closes its pipes, and a child that watches its stdin ends then
    # (PySpark's gateway JVM does): close every child's stdin the session still holds.
    for child in [o for o in gc.get_objects() if isinstance(o, subprocess.Popen)]:
        if child.stdin is not None and not child.stdin.closed:
            with contextlib.suppress(OSError):
                child.stdin.close()
    deadline = time.monotonic() + grace  # a terminated server takes a moment to exit
    while (left := _session_members()) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid, _ in left:
        with contextlib.suppress(ProcessLookupError):  # one leak must not hold a port all run
            os.kill(pid, signal.SIGKILL)
    found = [f"{pid}: {command}" for pid, command in left]
    (_run["spec"].parent / "left_running.json").write_text(json.dumps(found), encoding="utf-8")


def _session_members() -> list[tuple[int, str]]:
    """(pid, command line) of every live process in this session, but this one."""
    me, sid, found = os.getpid(), os.getsid(0), []
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # it exited while we looked
            continue
        # "pid (name) state ppid pgrp session ...": the name may hold spaces and parentheses.
        state, _, _, session = stat.rsplit(")", 1)[1].split()[:4]
        if int(session) == sid and state != "Z":
            shown = command.replace(b"\0", b" ").decode(errors="replace")[:120]
            found.append((int(entry.name), shown))
    return found


# --- a plain Python session, in the reader's own venv -------------------------------------------


@contextlib.contextmanager
def _captured_stdout(outcome_text: list[str]):
    """What the block printed, from Python and from any child writing to file descriptor 1,
    as a Jupyter cell shows both; it still reaches the real stdout afterwards."""
    sys.stdout.flush()
    saved = os.dup(1)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        stdout, sys.stdout = sys.stdout, io.TextIOWrapper(os.fdopen(os.dup(1), "wb"), "utf-8")
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stdout.close()
            sys.stdout = stdout
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode("utf-8", errors="replace")
            outcome_text.append(text)
            sys.stdout.write(text)
            sys.stdout.flush()


def main(argv: list[str]) -> int:
    """`python -I session.py <spec.json>`, run in the reader's folder: every block in one
    namespace, as pasted into `python`; results.json says how each went."""
    if len(argv) != 1:
        print("usage: python -I session.py <spec.json>   (run in the reader's folder)")
        return 2
    with contextlib.suppress(PermissionError):  # already a group leader: keep the session
        os.setsid()  # this process's children are what the page started (see finish)
    sys.path.insert(0, "")  # the reader's folder is importable, as in an interactive python
    start(argv[0])
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    for number in range(1, len(_run["blocks"]) + 1):
        text: list[str] = []
        outcome = run_block(number, namespace, lambda text=text: _captured_stdout(text))
        if outcome:
            outcome["printed"] = "".join(text)
            save()
    finish()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
