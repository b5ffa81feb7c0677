"""The reader's own install: each page's code, run from that page's requirements.txt alone.

    python -m docsite.reader_check [--python python3.13] [--write-sizes] [page ...]
    make reader-check [PYTHON=python3.13] [PAGE=what-is-mlops]

The suite runs every page in the full development environment, which hides a package that a
page needs and its requirements.txt lacks. Here each page gets a fresh venv of `--python` that
holds nothing but the page's published requirements.txt (uv installs it, from uv's cache when it
can; the venv has pip, as `python -m venv` makes it). Then:
1. the page's Python blocks, as the copy button gives them on the built page, run in page order
   in one plain `python` session in an empty folder holding only the page's downloads
   (docsite.copy_paste.run_page with `python=`); every block must run and print what the page's
   notebook shows it printed (the suite checked those outputs against the `#>` lines), or, for a
   page without a notebook, the `#>` lines themselves;
2. with ipykernel added (as Colab and every Jupyter have it), the page's notebook runs top to
   bottom in a kernel of that venv, its %pip cell pointed at the local requirements file, and
   every cell must print what the committed notebook shows.
Each venv's site-packages is weighed. `--write-sizes` installs with the venv's own pip instead
of uv, as a reader does, also installs the every-page set, and writes docs/install-sizes.json,
the sizes "Run the code yourself" states.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from docsite.build import build_site
from docsite.copy_paste import SESSION, page_blocks, page_downloads, run_page
from docsite.model import DOCS, OUTPUT_LINE, SNIPPETS, Page, code_pages, rel
from docsite.notebooks import block_cells, notebook_pages, notebook_path, pip_command, printed
from docsite.requirements import ALL_PAGES, ALL_PAGES_FILE, published
from docsite.site import SITE_PATH

SIZES_FILE = DOCS / "install-sizes.json"
UV = Path(sys.executable).with_name("uv")


def fresh_venv(python: str, requirements: Path, venv: Path, installer: str = "uv") -> float:
    """A new venv of `python` at `venv` holding `requirements` and nothing else; the seconds
    the install took. uv installs from its cache when it can; `installer="pip"` installs as a
    reader does, with the venv's own pip, for the sizes the site states."""
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run(
        [UV, "venv", "--quiet", "--seed", "--python", python, str(venv)],
        check=True,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
    )
    python_in_venv = str(venv / "bin" / "python")
    install = {
        # Bytecode compiled as pip does, so the venv holds what a reader's install holds.
        "uv": [UV, "pip", "install", "--quiet", "--compile-bytecode", "--python", python_in_venv],
        "pip": [python_in_venv, "-m", "pip", "install", "--quiet"],
    }[installer]
    started = time.monotonic()
    subprocess.run([*install, "-r", str(requirements)], check=True)
    return time.monotonic() - started


def weigh(venv: Path) -> int:
    """Bytes under the venv's site-packages."""
    site_packages = next(venv.glob("lib/python3*/site-packages"))
    return sum(f.stat().st_size for f in site_packages.rglob("*") if f.is_file())


@dataclass
class PageResult:
    page: str
    blocks: int
    ran: int = 0
    problems: list[str] = field(default_factory=list)
    notebook: str = "-"  # "ok", "failed" or "-" (the page has none, or it was not run)
    packages: int = 0
    size: int = 0
    install_seconds: float = 0.0
    run_seconds: float = 0.0


def expected_outputs(page: Page, blocks: list) -> list[str | None]:
    """What each block must print: its cell's output in the committed notebook, which the suite
    checked; for a page without a notebook, the `#>` lines shown in the block."""
    path = notebook_path(page)
    if path.is_file():
        return [printed(cell) for cell in block_cells(nbformat.read(path, as_version=4))]
    shown = []
    for block in blocks:
        lines = [
            line.split("#>", 1)[1] for line in block.code.splitlines() if OUTPUT_LINE.match(line)
        ]
        shown.append("".join(f"{text[1:] if text.startswith(' ') else text}\n" for text in lines))
    return shown


def check_page(
    page: Page, site: Path, python: str, scratch: Path, notebooks: bool, installer: str = "uv"
) -> PageResult:
    html = (site / page.name / "index.html").read_text(encoding="utf-8")
    blocks = page_blocks(html)
    result = PageResult(page.name, len(blocks))
    requirements = site / "snippets" / page.name / "requirements.txt"
    venv = scratch / page.name
    result.install_seconds = fresh_venv(python, requirements, venv, installer)
    result.packages, result.size = len(published(requirements)), weigh(venv)
    started = time.monotonic()
    run = run_page(
        blocks, page_downloads(html, f"/{page.name}/", site), python=str(venv / "bin" / "python")
    )
    result.run_seconds = time.monotonic() - started
    expected = expected_outputs(page, blocks)
    for outcome in run.outcomes:
        block = blocks[outcome.number - 1] if outcome.number <= len(blocks) else None
        name = block.name if block else "after the last block"
        if outcome.error:
            result.problems.append(f"{name}: {outcome.error}")
        elif outcome.number <= len(expected) and outcome.printed != expected[outcome.number - 1]:
            result.problems.append(
                f"{name}: printed {outcome.printed[:300]!r}, the page shows "
                f"{(expected[outcome.number - 1] or '')[:300]!r}"
            )
        else:
            result.ran += 1
    result.problems += [f"left running when the session ended: {p}" for p in run.left_running]
    if notebooks and page in notebook_pages() and not result.problems:
        result.notebook = "ok"
        if problem := run_notebook(page, venv, requirements):
            result.notebook = "failed"
            result.problems.append(problem)
    return result


def run_notebook(page: Page, venv: Path, requirements: Path) -> str | None:
    """Run the committed notebook top to bottom in a kernel of `venv` (ipykernel added, as every
    Jupyter has it); None when every block cell printed what the committed notebook shows."""
    python = venv / "bin" / "python"
    subprocess.run(
        [UV, "pip", "install", "--quiet", "--python", str(python), "ipykernel"], check=True
    )
    committed = nbformat.read(notebook_path(page), as_version=4)
    notebook = nbformat.from_dict(json.loads(json.dumps(committed)))
    install = next(c for c in notebook.cells if c.cell_type == "code")
    # Offline: the %pip cell installs the same file from this folder instead of the website.
    install.source = install.source.replace(
        pip_command(page), f"%pip install --quiet -r {requirements}"
    )
    guard = nbformat.v4.new_code_cell(
        f"import runpy\nrunpy.run_path({str(SESSION)!r})['refuse_the_network']()"
    )
    notebook.cells.insert(0, guard)
    with tempfile.TemporaryDirectory(prefix="reader-kernel-") as jupyter:
        spec = Path(jupyter) / "kernels" / "reader"
        spec.mkdir(parents=True)
        argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        (spec / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": "reader", "language": "python"})
        )
        with _environ(JUPYTER_PATH=jupyter):
            client = NotebookClient(notebook, timeout=900, kernel_name="reader", allow_errors=True)
            client.execute(cwd=tempfile.gettempdir())
    errors = [
        "".join(
            o.get("ename", "") + ": " + o.get("evalue", "")
            for o in cell.outputs
            if o.output_type == "error"
        )
        for cell in notebook.cells
        if cell.cell_type == "code" and any(o.output_type == "error" for o in cell.outputs)
    ]
    if errors:
        return f"notebook {rel(notebook_path(page))}: {errors[0]}"
    for number, (ran, shown) in enumerate(
        zip(block_cells(notebook)[1:], block_cells(committed), strict=False), 1
    ):
        if printed(ran) != printed(shown):
            return (
                f"notebook {rel(notebook_path(page))}: block cell {number} printed "
                f"{printed(ran)[:300]!r}, the committed notebook shows {printed(shown)[:300]!r}"
            )
    return None


@contextlib.contextmanager
def _environ(**values: str):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def write_sizes(results: list[PageResult], python: str, scratch: Path) -> None:
    """docs/install-sizes.json from the venvs just made, and the every-page set's."""
    fresh_venv(python, ALL_PAGES_FILE, scratch / ALL_PAGES, installer="pip")
    version, pip = subprocess.run(
        [
            str(scratch / ALL_PAGES / "bin" / "python"),
            "-c",
            "import platform, pip; print(platform.python_version(), pip.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    measured = [(r.page, SNIPPETS / r.page / "requirements.txt", r.size) for r in results]
    measured.append((ALL_PAGES, ALL_PAGES_FILE, weigh(scratch / ALL_PAGES)))
    memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {memory} GiB RAM"
    report = {
        "measured": datetime.date.today().isoformat(),
        "machine": machine,
        "python": version,
        "pip": pip,
        "how": "python -m docsite.reader_check --write-sizes: a fresh venv per set, the set "
        "installed with that venv's pip, the bytes under site-packages weighed (1 MB = 10^6 "
        "bytes, rounded to 10 MB), then the page's code run there",
        "sets": {
            name: {
                "file": rel(path),
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "packages": len(published(path)),
                "site_packages_mb": int(round(size / 1e6, -1)),
            }
            for name, path, size in sorted(measured)
        },
    }
    SIZES_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {rel(SIZES_FILE)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m docsite.reader_check", description=__doc__.split("\n")[0]
    )
    parser.add_argument("pages", nargs="*", help="page names (default: every page with code)")
    parser.add_argument("--python", default="python3", help="the Python to make venvs of")
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebook runs")
    parser.add_argument("--write-sizes", action="store_true", help="write docs/install-sizes.json")
    args = parser.parse_args(argv)
    chosen = [p for p in code_pages() if not args.pages or p.name in args.pages]
    if not chosen or (args.write_sizes and args.pages):
        parser.error("name pages that show code; --write-sizes needs every page")
    results = []
    with tempfile.TemporaryDirectory(prefix="reader-check-") as scratch:
        site = Path(scratch) / "site" / SITE_PATH
        built, log = build_site(site)
        if not built:
            print(log, file=sys.stderr)
            return 1
        for page in chosen:
            installer = "pip" if args.write_sizes else "uv"
            result = check_page(
                page, site, args.python, Path(scratch), not args.no_notebooks, installer
            )
            results.append(result)
            verdict = "ok" if not result.problems else "FAILED"
            print(
                f"{page.name}: {result.ran} of {result.blocks} blocks ran and printed what the "
                f"page shows; notebook {result.notebook}; {result.packages} packages, "
                f"{result.size / 1e6:.0f} MB; install {result.install_seconds:.0f} s, "
                f"run {result.run_seconds:.0f} s: {verdict}",
                flush=True,
            )
            for problem in result.problems:
                print(f"    {problem}", flush=True)
            shutil.rmtree(Path(scratch) / page.name, ignore_errors=True)  # weighed already
        if args.write_sizes:
            write_sizes(results, args.python, Path(scratch))
    failed = [r.page for r in results if r.problems]
    print(f"{len(results) - len(failed)} of {len(results)} pages ran whole from their own set")
    print(f"reader-check: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
