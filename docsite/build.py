"""`mkdocs build --strict`, with a failed build's log turned into page:line messages; and the
built site page by page, for the checks that read it (tests/test_build.py, test_browser.py,
test_budget.py)."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from docsite.model import DOCS, ROOT, Page, rel


def build_site(dest: Path, offline: bool = False) -> tuple[bool, str]:
    """Build the site into dest, strictly. Returns (built, explained log); the log says which
    page and line to fix for each warning when the build failed. `offline`: the copy that works
    from file:// (Material's offline plugin, which mkdocs.yml turns on with OFFLINE=true), without
    the print page (the PDF's source: the copy's readers have the pages themselves)."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "OFFLINE": str(offline).lower(),
            "PRINT_SITE": str(not offline).lower(),
        },
    )
    log = done.stderr + done.stdout
    if done.returncode != 0:
        return False, explain_build_log(log)
    return True, log


def explain_build_log(log: str) -> str:
    """The build's warnings, with the page and line of each broken link added in front."""
    lines, kept = [], False
    for text in log.splitlines():
        if not re.match(r"^(WARNING|ERROR)", text):
            # A warning's own list (the pages left out of nav) is indented under it.
            if kept and text.startswith((" ", "\t")) and text.strip():
                lines.append(text)
            else:
                kept = False
            continue
        kept = True
        match = re.search(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)'", text)
        where = "mkdocs.yml or a page"
        if match:
            page = DOCS / match["page"]
            where = f"docs/{match['page']}"
            for number, source in Page(page).lines():
                if f"({match['link']}" in source or f"]: {match['link']}" in source:
                    where = f"{rel(page)}:{number}"
                    break
        lines.append(f"{where}: {text}")
    return (
        "`mkdocs build --strict` failed. Fix each line below (a link to a missing page or "
        "anchor, an include that does not resolve, a page left out of nav):\n"
        + "\n".join(lines or log.splitlines()[-20:])
    )


# --- the built site, page by page ---------------------------------------------------------------
# Every check of the built site is parametrized by page, with the page's name as its pytest id, so
# that `make test PAGE=<page>` (pytest -k <page>) runs every check about that page. The pages are
# known from docs/ before the build (test ids are fixed at collection); what no page owns (404.html,
# the stylesheets, a page built from no source) is checked under the id REST.

REST = "rest-of-site"


@dataclass(frozen=True)
class BuiltPage:
    """A page the site builds from docs/<name>.md, or from docs/notebooks/<page>.ipynb."""

    source: Path

    @property
    def name(self) -> str:
        """The test id: docsite.model.Page.name ("what-is-mlops", "index"), and for a notebook
        "notebooks/<page>", which `-k <page>` selects with its page."""
        return self.source.relative_to(DOCS).with_suffix("").as_posix()

    @property
    def path(self) -> str:
        """Its path in the site, relative to the root: "what-is-mlops/", "" for the home page."""
        name = self.name
        if name == "index" or name.endswith("/index"):
            return name.removesuffix("index")
        return name + "/"

    def html(self, site: Path) -> Path:
        return site / self.path / "index.html"

    def where(self, *texts: str) -> str:
        """file:line of the first line of the page, or of a file it includes, holding one of
        texts: what a contributor edits. Without one, the page's source file."""
        files = [self.source]
        if self.source.suffix == ".md":
            files += sorted({include.file for include in Page(self.source).includes()})
        for file in files:
            if not file.is_file():
                continue
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if any(text and text in line for text in texts):
                    return f"{rel(file)}:{number}"
        return rel(self.source)


def built_pages() -> list[BuiltPage]:
    """Every page the site builds, in a stable order: docs/**/*.md and docs/**/*.ipynb."""
    return [
        BuiltPage(source)
        for source in sorted([*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")])
        if ".ipynb_checkpoints" not in source.parts
    ]


def page_id(page: BuiltPage | str) -> str:
    return page if isinstance(page, str) else page.name


def page_params() -> list[BuiltPage | str]:
    """Parameters for a check of the built site: each page, then REST."""
    return [*built_pages(), REST]


def other_html(site: Path) -> list[Path]:
    """HTML files of a built site that no page of built_pages() owns (404.html, ...)."""
    owned = {page.html(site) for page in built_pages()}
    return sorted(html for html in site.rglob("*.html") if html not in owned)


@functools.cache
def parsed(html: Path) -> BeautifulSoup:
    """A built HTML file, parsed once per process (and xdist worker). Read it, do not change it."""
    return BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


def unowned_pages(site: Path) -> list[str]:
    """Pages of a built site (as BuiltPage.path) that no page of built_pages() accounts for."""
    from docsite.browser import site_pages

    known = {page.path for page in built_pages()}
    return [path for path in (p.lstrip("/") for p in site_pages(site)) if path not in known]
