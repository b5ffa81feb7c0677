"""The one place a snippet runs: a fresh temp folder holding what its page offers for download.

The snippet tests, the notebooks and `make run` all use it, so "runs here" means "runs for a
reader who saved the page's files into an empty folder".

    python -m docsite.sandbox snippets/what-is-mlops/pipeline_cache.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docsite.archive import folder_of, make_zip
from docsite.model import SNIPPETS, downloads_for, rel

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


def prepare(workdir: Path, snippet: Path) -> list[str]:
    """Copy the downloads of the snippet's page into workdir; return their names."""
    downloads = downloads_for(snippet)
    for name, path in downloads.items():
        if not path.exists() and (folder := folder_of(path)):
            make_zip(folder, workdir / name)
        else:
            shutil.copy(path, workdir / name)
    return sorted(downloads)


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
