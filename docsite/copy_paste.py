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

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from docsite import session
from docsite.model import ANNOTATION, ROOT
from docsite.notebooks import printed
from docsite.sandbox import OFFLINE_ENV, drawn_figures


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
    diff: str | None = None  # of the block's `#>` lines against what its prints printed
    updated: str | None = None  # the block with those `#>` lines rewritten, when they differ
    printed: str = ""  # the block's standard output, as its notebook cell shows it
    missing: list[str] = field(default_factory=list)  # modules not found behind the error


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
    left_running: list[str]  # "pid: command" of each process alive after the session ended
    drawn: dict[str, bytes]  # figures the blocks saved in the reader's folder, by file name
    imported: dict[str, list[str]]  # distribution -> its modules the page's code loaded
    hidden_asked: list[str]  # hidden modules (not in the allowed set) the code asked for


SESSION = Path(__file__).with_name("session.py")


def run_page(
    blocks: list[Block],
    downloads: dict[str, Path],
    timeout: int = 900,
    python: str | None = None,
    allowed: set[str] | None = None,
) -> PageRun:
    """Paste the blocks, in an empty folder with only the downloads, into one fresh session.

    Without `python`: a Jupyter kernel of this environment, one cell per block, run in the
    kernel's namespace, as a reader pastes them into Jupyter, with each print() checked against
    the `#>` lines under it. What each cell printed comes back in `Outcome.printed`: it is what
    the page's notebook shows under that cell. With `allowed` (canonical distribution names),
    every other installed distribution is hidden from the page's code (docsite.session), so that
    the full environment runs the page as its own requirements.txt would.
    With `python` (a venv's interpreter holding only the page's requirements): a plain
    `python -I docsite/session.py`, every block in one namespace, as pasted into `python`; no
    package of ours is importable there, so prints are not checked against `#>` lines, and
    `Outcome.printed` is what the caller compares (docsite/reader_check.py).
    Either way the session ends as a Python exit does (docsite.session.finish) and reports any
    process the page left running: a forgotten server keeps its port and its files.
    """
    with tempfile.TemporaryDirectory(prefix="copy-paste-") as scratch:
        workdir, spec = Path(scratch) / "reader", Path(scratch) / "spec.json"
        workdir.mkdir()
        for name, path in downloads.items():
            shutil.copy(path, workdir / name)
        spec.write_text(
            json.dumps(
                {
                    "blocks": [asdict(b) for b in blocks],
                    "allowed": sorted(allowed) if allowed is not None else None,
                }
            ),
            encoding="utf-8",
        )
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        # The harness's settings are not the reader's: a page sets what it needs itself. Kept:
        # one BLAS thread (speed on two cores), and the settings that make a figure the same
        # bytes on every run (fonts, SVG ids and date), which the stale-figure check needs.
        for name in OFFLINE_ENV:
            env.pop(name, None)
        if python is None:
            died, stderr = _run_in_kernel(blocks, spec, workdir, env, timeout)
        else:
            died, stderr = _run_in_python(python, spec, workdir, env, timeout)
        results = Path(scratch) / "results.json"
        if not results.is_file():
            raise RuntimeError(died or f"the session could not start the run:\n{stderr}")
        found = json.loads(results.read_text(encoding="utf-8"))
        outcomes = [Outcome(**o) for o in found["outcomes"]]
        if died and not any(o.error for o in outcomes):
            outcomes.append(Outcome(len(outcomes) + 1, error=died))
        left = Path(scratch) / "left_running.json"
        left_running = json.loads(left.read_text(encoding="utf-8")) if left.is_file() else []
        drawn = {n: b for n, b in drawn_figures(workdir).items() if n not in downloads}
        return PageRun(outcomes, left_running, drawn, found["imported"], found["hidden_asked"])


def _run_in_kernel(blocks, spec: Path, workdir: Path, env: dict, timeout: int):
    # The kernel is this venv's Python, where `make install` installed this package; the folder
    # the reader works in comes first on sys.path, as in a Jupyter session started there.
    cells = [f"import docsite.copy_paste as _copy_paste\n_copy_paste.start({str(spec)!r})"]
    cells += [f"_copy_paste.run_block({block.number})" for block in blocks]
    cells += ["_copy_paste.session.finish()"]
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
    results = spec.parent / "results.json"
    if results.is_file():  # each cell's printed output is what the notebook shows
        found = json.loads(results.read_text(encoding="utf-8"))
        for outcome in found["outcomes"]:
            outcome["printed"] = printed(notebook.cells[outcome["number"]])
        results.write_text(json.dumps(found), encoding="utf-8")
    return died, _stderr(notebook)


def _run_in_python(python: str, spec: Path, workdir: Path, env: dict, timeout: int):
    env = {k: v for k, v in env.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    try:
        done = subprocess.run(
            [python, "-I", str(SESSION), str(spec)],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"the page did not finish within {timeout} s", ""
    died = None if done.returncode == 0 else f"python exited with {done.returncode}"
    return died, done.stderr[-3000:]


def _stderr(notebook) -> str:
    return "".join(
        o.get("text", "") + "\n".join(o.get("traceback", []))
        for cell in notebook.cells
        for o in cell.outputs
        if o.get("name") == "stderr" or o.output_type == "error"
    )[-3000:]


# --- inside the kernel ------------------------------------------------------------------------


def _written_on_the_page(_file, frame, _args) -> bool:
    return session.written_on_the_page(frame.filename)


def start(spec: str) -> None:
    """First cell: load the harness (the print recorder), then start the session, so that the
    modules the session records as imported are the page's, not ours."""
    import docsite.examples  # noqa: F401

    session.start(spec)


def run_block(number: int) -> None:
    """One cell: run block `number` in the kernel's namespace (docsite.session), recording its
    print() calls: the `#>` lines under each print() written on the page must be what it
    printed. When they are not, the outcome carries the diff and the rewritten block, which
    --update-examples writes back (docsite/outputs.py)."""
    from IPython import get_ipython

    from docsite.examples import PrintRecorder, output_diff

    block = session._run["blocks"][number - 1]
    path = session.block_path(number)
    source = block["code"] + "\n"
    # A print() written on the page counts, even inside a function an earlier block defined
    # (it shows under the line of this block that called it); a library's own prints
    # (MLflow's "Registered model ...") are not on the page, so they do not count. Every print
    # still reaches the cell's output, as in the reader's notebook.
    prints = PrintRecorder(path, _written_on_the_page)
    outcome = session.run_block(number, get_ipython().user_ns, lambda: prints)
    if outcome and not outcome["error"] and (new := prints.rewritten(source)) != source:
        outcome["diff"], outcome["updated"] = output_diff(source, new, path), new
        session.save()


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
