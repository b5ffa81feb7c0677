"""Put a "Tested on" stamp under each page's title: when its code last ran green, on which
Pythons, with which versions of its main libraries, a link to its requirements file, and when
the page last changed.

The test record comes from docsite/tested.py (written by the test run the build follows); the
versions from the page's own requirements.txt; the change date from git: the newest commit that
touched the page, its snippets or its notebook. Nothing here reads a clock. A shallow clone
knows no history, so the dates would be wrong: the build warns (and, being strict, stops). The
publishing workflows check out with `fetch-depth: 0` for that reason. tests/test_stamp.py checks
every built page.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import subprocess
from pathlib import Path

from mkdocs.utils import get_relative_url

from docsite.model import DOCS, ROOT, code_pages, rel
from docsite.tested import read_records, stamp

log = logging.getLogger("mkdocs.hooks.stamp")
# The page's first heading, which Material renders as its title.
TITLE = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)


@functools.cache
def _history_is_whole() -> bool:
    done = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        log.info("Not a git repository: the stamps leave out when each page last changed.")
        return False
    if done.stdout.strip() == "true":
        log.warning(
            "This clone is shallow, so git cannot tell when each page last changed: run "
            "`git fetch --unshallow` (in GitHub Actions, check out with `fetch-depth: 0`)."
        )
        return False
    return True


@functools.cache  # a page and its notebook page ask for the same date
def last_changed(page: str) -> str | None:
    """The date (YYYY-MM-DD) of the newest commit touching the page, its snippets or notebook."""
    if not _history_is_whole():
        return None
    paths = [f"docs/{page}.md", f"docs/notebooks/{page}.ipynb", f"snippets/{page}"]
    done = subprocess.run(
        ["git", "log", "-1", "--format=%cs", "--", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip() or None


def _page_name(src: Path) -> str:
    """docs/what-is-mlops.md and docs/notebooks/what-is-mlops.ipynb are both "what-is-mlops"."""
    return src.relative_to(DOCS).with_suffix("").as_posix().removeprefix("notebooks/")


def _time(date) -> str:
    return f'<time datetime="{date}">{date}</time>'


def stamp_html(page: str, url: str, code: set[str], records) -> str:
    parts = []
    if page in code:
        found = stamp(page, records)
        if found.date:
            pythons = " and ".join(", ".join(found.pythons).rsplit(", ", 1))
            parts.append(f"<strong>Tested</strong> {_time(found.date)} on Python {pythons}")
        else:
            parts.append("<strong>Not yet tested</strong> in this build")
        libraries = ", ".join(
            f'<span class="tested-on__library">{name} {version}</span>'
            for name, version in found.libraries
        )
        if libraries:
            link = get_relative_url(found.requirements, url)
            parts.append(f'{libraries} (<a href="{link}">requirements.txt</a>)')
    else:
        parts.append("No code to test on this page")
    changed = last_changed(page)
    if changed:
        parts.append(f"changed {_time(changed)}")
    return f'<p class="tested-on" data-page="{html.escape(page)}">{" · ".join(parts)}</p>'


# Read once per build (`mkdocs serve` rebuilds on every change, and re-reads them).
_build: dict = {}


def on_pre_build(config, **kwargs):
    _history_is_whole.cache_clear()
    last_changed.cache_clear()
    _build["code"] = {p.name for p in code_pages()}
    try:
        _build["records"] = read_records()
    except ValueError as error:
        log.warning(str(error))
        _build["records"] = {}


def on_page_content(content, page, config, **kwargs):
    src = Path(page.file.abs_src_path)
    if not src.is_relative_to(DOCS):
        return content
    badge = stamp_html(_page_name(src), page.url, _build["code"], _build["records"])
    title = TITLE.search(content)
    if title is None:
        log.warning(f"{rel(src)} has no title (a first # heading) for its stamp to go under.")
        return content
    return content[: title.end()] + badge + content[title.end() :]
