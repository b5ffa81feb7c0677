"""Run a built page the way a reader does: copy every Python block, paste them in order.

`page_blocks` takes the blocks out of the built HTML exactly as Material's copy button copies them
(the text of the <code> element, annotation markers removed, trailing space trimmed).
`run_page` pastes them, in page order, into one fresh interpreter whose working folder holds
only the files the page links for download, with snippets/ not importable, and checks that
each block prints the `#>` lines it shows.

Run as `python -m docsite.copy_paste <page-url-path>` on a site built into site/ to try one page
by hand; the tests call `run_page` (tests/test_copy_paste.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from docsite.model import ROOT
from docsite.sandbox import SNIPPET_ENV

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
    error: str | None = None
    diff: str | None = None


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
        if "/snippets/" in f"/{target}" and not target.endswith("/"):
            path = site / target.lstrip("/")
            found[path.name] = path
    return found


def run_page(blocks: list[Block], downloads: dict[str, Path], timeout: int = 900) -> list[Outcome]:
    """Paste the blocks into one fresh interpreter, in an empty folder with only the downloads."""
    with tempfile.TemporaryDirectory(prefix="copy-paste-") as scratch:
        workdir, spec = Path(scratch) / "reader", Path(scratch) / "spec.json"
        workdir.mkdir()
        for name, path in downloads.items():
            shutil.copy(path, workdir / name)
        spec.write_text(json.dumps({"blocks": [asdict(b) for b in blocks]}), encoding="utf-8")
        # PYTHONPATH gives the runner this package; the folder the reader works in comes first
        # on sys.path, as in a Python or Jupyter session started there. snippets/ is not on it.
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
        # The harness's settings are not the reader's: a page sets what it needs itself.
        for name in SNIPPET_ENV.keys() - {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"}:
            env.pop(name, None)
        done = subprocess.run(
            [sys.executable, "-m", "docsite.copy_paste", "--paste", str(spec)],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        results = Path(scratch) / "results.json"
        if not results.is_file():
            raise RuntimeError(
                f"the interpreter running the blocks died (exit {done.returncode}):\n"
                f"{done.stderr[-3000:]}"
            )
        return [Outcome(**o) for o in json.loads(results.read_text(encoding="utf-8"))]


# --- inside the fresh interpreter ---------------------------------------------------------------


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


def _paste(spec_path: Path) -> None:
    """Run each block in one shared namespace, as pasted into one session; record the outcome."""
    import types

    from pytest_examples import CodeExample
    from pytest_examples.config import ExamplesConfig
    from pytest_examples.lint import code_diff
    from pytest_examples.run_code import InsertPrintStatements

    from docsite.examples import LINE_LENGTH, where_it_broke

    _refuse_the_network()
    blocks = [Block(**b) for b in json.loads(spec_path.read_text(encoding="utf-8"))["blocks"]]
    config = ExamplesConfig(line_length=LINE_LENGTH)
    main = types.ModuleType("__main__")  # a session's namespace: pickles find classes in it
    sys.modules["__main__"] = main
    outcomes = []
    code_dir = spec_path.parent / "blocks"  # the pasted text, for tracebacks; not in workdir
    code_dir.mkdir()
    for block in blocks:
        path = code_dir / f"block_{block.number:02d}.py"
        path.write_text(block.code + "\n", encoding="utf-8")
        example = CodeExample.create(block.code + "\n", path=path)
        # A print() written on the page counts, even inside a function an earlier block defined
        # (it shows under the line of this block that called it); a library's own prints
        # (MLflow's "Registered model ...") are not on the page, so they do not count.
        prints = InsertPrintStatements(path, config, True, None, _written_on_the_page(code_dir))
        outcome = Outcome(block.number)
        try:
            with prints:
                # dont_inherit: this module's `from __future__` imports are not the reader's.
                code = compile(block.code + "\n", str(path), "exec", dont_inherit=True)
                exec(code, main.__dict__)
        except BaseException as exc:  # noqa: BLE001 (a reader's session shows any error)
            outcome.error = where_it_broke(exc, path, "line").replace("line:", "line ", 1)
        if outcome.error is None and (new := prints.updated_print_statements(example)):
            outcome.diff = code_diff(example, new, config)
        outcomes.append(outcome)
        if outcome.error:
            break  # every later block would fail for the same reason
    results = spec_path.parent / "results.json"
    results.write_text(json.dumps([asdict(o) for o in outcomes]), encoding="utf-8")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--paste"]:
        _paste(Path(argv[1]))
        return 0
    if len(argv) != 1:
        print("usage: python -m docsite.copy_paste <page>   (e.g. what-is-mlops; needs site/)")
        return 2
    site = ROOT / "site"
    page_url = f"/{argv[0].strip('/')}/"
    html = (site / argv[0].strip("/") / "index.html").read_text(encoding="utf-8")
    blocks = page_blocks(html)
    outcomes = run_page(blocks, page_downloads(html, page_url, site))
    for block, outcome in zip(blocks, outcomes, strict=False):
        verdict = outcome.error or ("prints something else" if outcome.diff else "ok")
        print(f"{block.name}: {verdict}")
    return 0 if all(not o.error and not o.diff for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
