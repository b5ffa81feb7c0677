"""What the test modules share: paths, the snippet list, mkdocs.yml, and one site build."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
# Figures drawn by snippets in snippets/<page>/ are shown from docs/figures/<page>/.
FIGURES = DOCS / "figures"


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data; its !!python/name tags (emoji settings) become None."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
# Only plain values are needed here; mkdocs' own load_config would also import every plugin.
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
# GitHub Pages serves a project site under /<repo-name>/; the tests build and serve it the same way.
SITE_PATH = urlparse(CONFIG["site_url"]).path.strip("/")

# Set before any snippet imports matplotlib: a figure file must come out byte-identical on every
# run, or the stale-figure check could never pass. SOURCE_DATE_EPOCH pins the date in SVG files.
os.environ["MATPLOTLIBRC"] = str(SNIPPETS / "matplotlibrc")
os.environ["SOURCE_DATE_EPOCH"] = "0"
# One BLAS thread per process: on two cores, OpenBLAS's default thread pool fights the second
# test worker (measured: 30 small model fits took 9.9 s with default threads, 2.8 s with one).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


# Libraries that phone home by default are told not to, in tests and in readers' notebooks alike.
OFFLINE_ENV = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "1", "HF_HUB_OFFLINE": "1"}

# Chromium's own background traffic (updates, sync, Google lookups) is refused here and would
# show up as failed requests; a reader's browser makes it too, but it is not the site's doing.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def find_browser() -> str | None:
    """$CHROMIUM, or the first Chromium or Chrome on PATH."""
    if path := os.environ.get("CHROMIUM"):
        return path
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as a path relative to its root ("" for home)."""
    return sorted(
        html.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        for html in site.rglob("index.html")
        if html.parent.name != "search" and "assets" not in html.parts
    )


# A pymdownx.snippets include line: --8<-- "snippets/<page>/<file>.py[:section]"
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<target>[^"]+)"\s*$')


def split_target(target: str) -> tuple[Path, str | None]:
    """The file and the optional section an include names."""
    file, _, section = target.partition(":")
    return ROOT / file, section or None


def snippet_files(suffix: str = ".py") -> list[Path]:
    """Every snippet file of one kind, in a stable order."""
    return sorted(p for p in SNIPPETS.rglob(f"*{suffix}") if "__pycache__" not in p.parts)


def rel(path: Path) -> str:
    """A path as a contributor sees it in the repository."""
    return path.relative_to(ROOT).as_posix()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """`mkdocs build --strict` into <tmp>/<SITE_PATH>/, once per test session (and xdist worker)."""
    site = tmp_path_factory.mktemp("pages") / SITE_PATH
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if done.returncode != 0:
        pytest.fail(_explain_build_log(done.stderr + done.stdout), pytrace=False)
    return site


def _explain_build_log(log: str) -> str:
    """The build's warnings, with the page and line of each broken link added in front."""
    lines = []
    for text in log.splitlines():
        if not re.match(r"^(WARNING|ERROR)", text):
            continue
        match = re.search(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)'", text)
        where = "mkdocs.yml or a page"
        if match:
            page = DOCS / match["page"]
            where = f"docs/{match['page']}"
            for number, source in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
                if f"({match['link']}" in source or f"]: {match['link']}" in source:
                    where = f"{rel(page)}:{number}"
                    break
        lines.append(f"{where}: {text}")
    return (
        "`mkdocs build --strict` failed. Fix each line below (a link to a missing page or "
        "anchor, an include that does not resolve, a page left out of nav):\n"
        + "\n".join(lines or log.splitlines()[-20:])
    )
