"""Where a snippet runs alone: a fresh temp folder holding what its page offers for download.

`make run` uses it, so "runs here" means "runs for a reader who saved the page's files into an
empty folder". The checks that follow the page's copy-paste run (the suite's check and refresh)
live here too: the Java a Spark page needs, the work tree it must leave alone, the figures it
must redraw.

    python -m docsite.sandbox snippets/what-is-mlops/pipeline_cache.py
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docsite.archive import folder_of, make_zip
from docsite.model import FIGURES, ROOT, SNIPPETS, downloads_for, rel

# Libraries that phone home by default are told not to, in tests and in readers' notebooks alike.
OFFLINE_ENV = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "1", "HF_HUB_OFFLINE": "1"}
# A figure must come out byte-identical on every run, or the stale-figure check could never pass:
# the site's matplotlibrc fixes fonts and SVG ids, SOURCE_DATE_EPOCH the date in SVG files.
# One BLAS thread per process: on two cores, OpenBLAS's default thread pool fights the second
# test worker (measured: 30 small model fits took 9.9 s with default threads, 2.8 s with one).
SNIPPET_ENV = {
    **OFFLINE_ENV,
    "MATPLOTLIBRC": str(SNIPPETS / "matplotlibrc"),
    "SOURCE_DATE_EPOCH": "0",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
}


def prepare(workdir: Path, snippet: Path, leave_out: tuple[str, ...] = ()) -> list[str]:
    """Copy the downloads of the snippet's page, but those named in leave_out, into workdir;
    return their names."""
    downloads = {n: p for n, p in downloads_for(snippet).items() if n not in leave_out}
    for name, path in downloads.items():
        if not path.exists() and (folder := folder_of(path)):
            make_zip(folder, workdir / name)
        else:
            shutil.copy(path, workdir / name)
    return sorted(downloads)


@functools.cache
def _java_major() -> int | None:
    """The major version of the `java` on PATH, or None when there is none."""
    if shutil.which("java") is None:
        return None
    done = subprocess.run(["java", "-version"], capture_output=True, text=True)
    match = re.search(r'version "(?:1\.)?(\d+)', done.stderr + done.stdout)
    return int(match[1]) if match else None


def missing_runtime(code: str, where: str) -> str | None:
    """What the code needs outside Python and this machine lacks, said plainly."""
    if "pyspark" in code and (_java_major() or 0) < 17:
        return (
            f"{where} runs Apache Spark, which needs Java 17 or newer on PATH, and "
            f"java -version says {_java_major() or 'nothing'}. Install it (Debian/Ubuntu: "
            "`sudo apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) "
            "and run the tests again. README.md, Quickstart, says the same."
        )
    return None


def work_tree_status() -> str | None:
    """`git status` of the repository, or None when the tests run outside a git checkout."""
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return done.stdout if done.returncode == 0 else None


def new_in_work_tree(before: str | None) -> list[str]:
    """What `git status` shows now and did not show `before` (a snippet may write only to temp
    folders)."""
    after = work_tree_status()
    if before is None or after is None:
        return []
    return sorted(set(after.splitlines()) - set(before.splitlines()))


FIGURE_SUFFIXES = {".svg", ".png"}


def drawn_figures(folder: Path) -> dict[str, bytes]:
    """The figures code saved in its working folder, by file name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in FIGURE_SUFFIXES}


def check_figures(
    page: str, drawn: dict[str, bytes], drawer: str, update: bool
) -> tuple[list[str], list[str]]:
    """Figures a page's code drew (`name.svg`, saved with a relative path) must equal the ones
    the page shows, docs/figures/<page>/name.svg. With `update` the new drawing is copied there,
    like the `#>` output. Returns the problems, and the repository paths refreshed (the only
    writes into the work tree allowed). `drawer` names the code in the messages."""
    problems, refreshed = [], []
    for name, content in drawn.items():
        shown = FIGURES / page / name
        if update:
            shown.parent.mkdir(parents=True, exist_ok=True)
            if not shown.is_file() or shown.read_bytes() != content:
                shown.write_bytes(content)
                refreshed.append(rel(shown))
        elif not shown.is_file():
            problems.append(
                f"{drawer}: draws {name}, but {rel(shown)} does not exist. Run "
                "`make update-examples` to add it, then show it on the page with ![alt text](...)."
            )
        elif shown.read_bytes() != content:
            problems.append(
                f"{drawer}: {rel(shown)} is stale: the code now draws something else. "
                "Run `make update-examples` to refresh it, and look at it before committing."
            )
    return problems, refreshed


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_file():
        print("usage: python -m docsite.sandbox snippets/<page>/<file>.py")
        return 2
    snippet = Path(argv[0]).resolve()
    workdir = Path(tempfile.mkdtemp(prefix="snippet-"))
    names = prepare(workdir, snippet)
    shutil.copy(snippet, workdir / snippet.name)
    print(f"Running {rel(snippet)} in {workdir}, beside {', '.join(names) or 'no downloads'}")
    done = subprocess.run(
        [sys.executable, snippet.name], cwd=workdir, env={**os.environ, **SNIPPET_ENV}
    )
    print(f"Files it wrote are in {workdir}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
