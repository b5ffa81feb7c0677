"""Run a built page the way a reader does: copy every Python block, paste them in order.

`page_blocks` takes the blocks out of the built HTML exactly as Material's copy button copies them
(the text of the <code> element, annotation markers removed, trailing space trimmed).
`run_page` pastes them, in page order, one cell each, into one fresh Jupyter kernel whose working
folder holds only the files the page links for download, with snippets/ not importable; it checks
that each block prints the `#>` lines it shows, and returns what each printed. The page's notebook
shows those outputs, and no second run makes them (tests/test_copy_paste.py).

Run as `python -m docsite.copy_paste <page-url-path>` on a site built into site/ to try one page
by hand; the tests call `run_page` (tests/test_copy_paste.py).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from docsite.model import ROOT
from docsite.notebooks import printed
from docsite.sandbox import OFFLINE_ENV, drawn_figures

# Material turns a `# (1)!` comment into an annotation marker; the copy button leaves it out.
ANNOTATION = re.compile(r"[ \t]*# \(\d+\)!", re.MULTILINE)
# Connections a pasted block may make: its own servers on loopback, nothing else.
LOOPBACK = ("127.0.0.1", "::1", "localhost")


@dataclass
class Block:
    number: int  # 1-based, among the page's Python blocks
    title: str
    code: str

    @property
    def first_line(self) -> str:
        return next((t.strip() for t in self.code.splitlines() if t.strip()), "")

    @property
    def name(self) -> str:
        return f'block {self.number} ("{self.title}", first line: {self.first_line})'


@dataclass
class Outcome:
    number: int
    error: str | None = None  # "ZeroDivisionError: division by zero"
    line: int = 0  # of the block, where the error was raised (0: not in the block's own code)
    diff: str | None = None
    printed: str = ""  # the block's standard output, as its notebook cell shows it


def page_blocks(html: str) -> list[Block]:
    """The page's Python blocks, in page order, as the copy button gives them."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    blocks = []
    for div in article.select("div.language-python.highlight"):
        code = div.select_one("pre > code")
        if code is None:
            continue
        title = div.select_one(".filename")
        text = ANNOTATION.sub("", code.get_text()).rstrip()
        blocks.append(Block(len(blocks) + 1, title.get_text() if title else "(untitled)", text))
    return blocks


def page_downloads(html: str, page_url: str, site: Path) -> dict[str, Path]:
    """Files under snippets/ that the page links, as built into the site, by download name."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    found = {}
    for link in article.select("a[href]"):
        target = urljoin(page_url, link["href"].split("#")[0])
        if urlparse(target).netloc:  # a block title's link to the repository is no download
            continue
        if "/snippets/" in f"/{target}" and not target.endswith("/"):
            path = site / target.lstrip("/")
            found[path.name] = path
    return found


@dataclass
class PageRun:
    outcomes: list[Outcome]  # one per block that ran, in page order
    left_running: list[str]  # "pid: command" of each process alive after the kernel ended
    drawn: dict[str, bytes]  # figures the blocks saved in the reader's folder, by file name


def run_page(blocks: list[Block], downloads: dict[str, Path], timeout: int = 900) -> PageRun:
    """Paste the blocks into one fresh Jupyter kernel, in an empty folder with only the downloads.

    Each block is one cell, run in the kernel's own namespace, as a reader pastes it into
    Jupyter (or a Python session: the same code, the same order). What each cell printed comes
    back in `Outcome.printed`: it is what the page's notebook shows under that cell. The last
    cell ends the session as a Python exit does (`finish`) and reports any process the page
    left running: a forgotten server keeps its port and its files.
    """
    with tempfile.TemporaryDirectory(prefix="copy-paste-") as scratch:
        workdir, spec = Path(scratch) / "reader", Path(scratch) / "spec.json"
        workdir.mkdir()
        for name, path in downloads.items():
            shutil.copy(path, workdir / name)
        spec.write_text(json.dumps({"blocks": [asdict(b) for b in blocks]}), encoding="utf-8")
        # PYTHONPATH gives the kernel this package; the folder the reader works in comes first
        # on sys.path, as in a Jupyter session started there. snippets/ is not on it.
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
        # The harness's settings are not the reader's: a page sets what it needs itself. Kept:
        # one BLAS thread (speed on two cores), and the settings that make a figure the same
        # bytes on every run (fonts, SVG ids and date), which the stale-figure check needs.
        for name in OFFLINE_ENV:
            env.pop(name, None)
        cells = [f"import docsite.copy_paste as _copy_paste\n_copy_paste.start({str(spec)!r})"]
        cells += [f"_copy_paste.run_block({block.number})" for block in blocks]
        cells += ["_copy_paste.finish()"]
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        client = NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            record_timing=False,
            resources={"metadata": {"path": str(workdir)}},
        )
        try:
            client.execute(env=env)
        except DeadKernelError as exc:
            died = f"the kernel running the blocks died: {exc}"
        else:
            died = None
        results = Path(scratch) / "results.json"
        if not results.is_file():
            raise RuntimeError(died or f"the kernel could not start the run:\n{_stderr(notebook)}")
        outcomes = [Outcome(**o) for o in json.loads(results.read_text(encoding="utf-8"))]
        for outcome in outcomes:
            outcome.printed = printed(notebook.cells[outcome.number])
        if died and not any(o.error for o in outcomes):
            outcomes.append(Outcome(len(outcomes) + 1, error=died))
        left = Path(scratch) / "left_running.json"
        left_running = json.loads(left.read_text(encoding="utf-8")) if left.is_file() else []
        drawn = {n: b for n, b in drawn_figures(workdir).items() if n not in downloads}
        return PageRun(outcomes, left_running, drawn)


def _stderr(notebook) -> str:
    return "".join(
        o.get("text", "") + "\n".join(o.get("traceback", []))
        for cell in notebook.cells
        for o in cell.outputs
        if o.get("name") == "stderr" or o.output_type == "error"
    )[-3000:]


# --- inside the kernel ------------------------------------------------------------------------


def _refuse_the_network() -> None:
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


def _written_on_the_page(code_dir: Path):
    def include(_file, frame, _args) -> bool:
        return Path(frame.filename).parent == code_dir

    return include


_run: dict = {}  # the kernel's one run: its spec, blocks and outcomes so far


def start(spec: str) -> None:
    """First cell: read the blocks, and refuse the network before any block runs."""
    _refuse_the_network()
    spec_path = Path(spec)
    code_dir = spec_path.parent / "blocks"  # the pasted text, for tracebacks; not in workdir
    code_dir.mkdir()
    blocks = [Block(**b) for b in json.loads(spec_path.read_text(encoding="utf-8"))["blocks"]]
    _run.update(spec=spec_path, code_dir=code_dir, blocks=blocks, outcomes=[], at_exit=[])
    # The page's own exit handlers (atexit.register(server.stop)), which finish() runs; the
    # kernel's (zmq, history) must not run while it is alive.
    register = atexit.register

    def recorded(func, *args, **kwargs):
        _run["at_exit"].append((func, args, kwargs))
        return register(func, *args, **kwargs)

    atexit.register = recorded


PROC = Path("/proc")


def finish(grace: float = 10.0) -> None:
    """Last cell: end the session as a Python process ends, with the exit handlers the page
    registered, then record and kill every process it left running.

    A Jupyter kernel's shutdown kills its whole process group, which would hide a forgotten
    server; a reader's `python` session does not. The kernel is a session leader (jupyter_client
    starts it so) and every child inherits its session, so the session's members in /proc
    (Linux only) are what the page started. A child that calls setsid escapes this check.
    """
    if any(o.error for o in _run["outcomes"]) or not (PROC / "self" / "stat").exists():
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
    """(pid, command line) of every live process in this kernel's session, but the kernel."""
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


def run_block(number: int) -> None:
    """One cell: run block `number` in the kernel's namespace; record how it went."""
    from IPython import get_ipython
    from pytest_examples import CodeExample
    from pytest_examples.lint import code_diff

    from docsite.examples import broken_line, echoing_print_checker

    outcomes: list[Outcome] = _run["outcomes"]
    if any(o.error for o in outcomes):
        return  # every later block would fail for the same reason
    block = _run["blocks"][number - 1]
    path = _run["code_dir"] / f"block_{block.number:02d}.py"
    path.write_text(block.code + "\n", encoding="utf-8")
    example = CodeExample.create(block.code + "\n", path=path)
    # A print() written on the page counts, even inside a function an earlier block defined
    # (it shows under the line of this block that called it); a library's own prints
    # (MLflow's "Registered model ...") are not on the page, so they do not count. Every print
    # still reaches the cell's output, as in the reader's notebook.
    prints = echoing_print_checker(path, _written_on_the_page(_run["code_dir"]))
    outcome = Outcome(block.number)
    try:
        with prints:
            # dont_inherit: this module's `from __future__` imports are not the reader's.
            code = compile(block.code + "\n", str(path), "exec", dont_inherit=True)
            exec(code, get_ipython().user_ns)
    except BaseException as exc:  # noqa: BLE001 (a reader's session shows any error)
        outcome.error, outcome.line = f"{type(exc).__name__}: {exc}", broken_line(exc, path)
    if outcome.error is None and (new := prints.updated_print_statements(example)):
        outcome.diff = code_diff(example, new, prints.config)
    outcomes.append(outcome)
    results = _run["spec"].parent / "results.json"
    results.write_text(json.dumps([asdict(o) for o in outcomes]), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m docsite.copy_paste <page>   (e.g. what-is-mlops; needs site/)")
        return 2
    site = ROOT / "site"
    page_url = f"/{argv[0].strip('/')}/"
    html = (site / argv[0].strip("/") / "index.html").read_text(encoding="utf-8")
    blocks = page_blocks(html)
    run = run_page(blocks, page_downloads(html, page_url, site))
    for block, outcome in zip(blocks, run.outcomes, strict=False):
        verdict = outcome.error or ("prints something else" if outcome.diff else "ok")
        print(f"{block.name}: {verdict}")
    for process in run.left_running:
        print(f"left running after the session ended: {process}")
    ok = all(not o.error and not o.diff for o in run.outcomes) and not run.left_running
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
