"""What the test modules share: paths, the snippet list, mkdocs.yml, and one site build."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docsite.model import (  # noqa: F401 (re-exported to the test modules)
    DOCS,
    FIGURES,
    INCLUDE,
    ROOT,
    SNIPPETS,
    rel,
    snippet_files,
    split_target,
)
from docsite.sandbox import OFFLINE_ENV, SNIPPET_ENV  # noqa: F401
from docsite.site import CONFIG, SITE_PATH  # noqa: F401

# Set before any snippet imports matplotlib or numpy: the snippet tests run in this process.
os.environ.update(SNIPPET_ENV)

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
