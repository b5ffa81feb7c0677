"""Promise: the offline copy works from a reader's disk, with no network: pages, search, the
notebooks, the figures and every download.

docsite/offline.py builds the zip `make build` publishes; here it is built the same way, unzipped
into a temp folder and opened from file:// in Chromium, every request outside the folder failing
the test. Each page of the copy is read for links into snippets/ and images, which must be files
inside it; one page is opened, its "next" link followed, the search box used and a result
opened, a requirements file opened, and a notebook page loaded. The pages that link the zip must
state its size as it is.

Check:   pytest tests/test_offline.py
"""

import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from docsite.model import DOCS, nav_pages, rel
from docsite.offline import FOLDER, OFFLINE_ZIP, SHIM_NEEDED, build_offline_zip
from docsite.site import download_url, stated_size

ZIP_URL = download_url(OFFLINE_ZIP)
# The pages that offer the zip, each with its stated size: "(about 3 MB)".
LINKING_PAGES = ("index.md", "run-the-code-yourself.md")


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory) -> Path:
    if not SHIM_NEEDED.is_file():
        message = f"{rel(SHIM_NEEDED)} is missing: run `npm ci --omit=dev` (`make test` does)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return build_offline_zip(tmp_path_factory.mktemp("offline") / OFFLINE_ZIP)


@pytest.fixture(scope="module")
def copy(offline_zip: Path) -> Path:
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(offline_zip.parent / "unzipped")
    return offline_zip.parent / "unzipped" / FOLDER


@pytest.fixture
def tab(browser: Browser, copy: Path) -> Iterator[Page]:
    """A tab whose every request must stay inside the copy: anything else fails the test."""
    outside, errors = [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(
        re.compile(r"^(?!file://).*"),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not outside, f"the offline copy asked the network for {outside}"
    assert not errors, f"the offline copy raised JavaScript errors: {errors}"


def _html_files(copy: Path) -> list[Path]:
    return sorted(path for path in copy.rglob("*.html") if "assets" not in path.parts)


def test_every_page_download_and_figure_is_inside_the_copy(copy: Path):
    missing = []
    for html in _html_files(copy):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        targets = [a["href"] for a in soup.select("a[href]")] + [
            i["src"] for i in soup.select("img[src]")
        ]
        for target in targets:
            parts = urlsplit(target)
            if parts.scheme or target.startswith("#") or not parts.path:
                continue
            if not (html.parent / unquote(parts.path)).resolve().is_file():
                missing.append(f"{html.relative_to(copy)} -> {target}")
    pages = {path.relative_to(copy).as_posix() for path in _html_files(copy)}
    for page in nav_pages():
        assert f"{page.name}.html" in pages, f"the offline copy has no {page.name}.html"
    assert not missing, (
        "links in the offline copy that lead to no file in it (the copy is built with "
        f"use_directory_urls off: link the .md or the file, not a folder): {missing[:10]}"
    )


def test_a_page_opens_and_leads_to_the_next_from_file(tab: Page, copy: Path):
    first, second = nav_pages()[5], nav_pages()[6]
    tab.goto((copy / f"{first.name}.html").as_uri())
    assert tab.locator("h1").first.inner_text().rstrip("¶") == first.title
    next_page = tab.locator("a.md-footer__link--next").first.evaluate("a => a.href")
    assert next_page.endswith(f"/{second.name}.html"), next_page
    tab.goto(next_page)
    assert tab.locator("h1").first.inner_text().rstrip("¶") == second.title


def test_search_works_from_file(tab: Page, copy: Path):
    tab.goto((copy / "index.html").as_uri())
    tab.click(".md-search__input")
    tab.keyboard.type("canary")  # Material listens for key events; fill() does not search
    result = tab.locator(".md-search-result__item a[href*='releasing-models-safely.html']").first
    result.wait_for(timeout=15_000)
    result.click()
    tab.wait_for_url(re.compile(r"/releasing-models-safely\.html"))


def test_a_download_and_a_notebook_open_from_file(tab: Page, copy: Path):
    tab.goto((copy / "what-is-mlops.html").as_uri())
    link = tab.locator("a[href$='snippets/what-is-mlops/requirements.txt']").first
    tab.goto(link.evaluate("a => a.href"))
    shown = tab.locator("body").inner_text().strip()
    assert shown == (copy / "snippets/what-is-mlops/requirements.txt").read_text().strip()
    tab.goto((copy / "notebooks" / "what-is-mlops.html").as_uri())
    assert tab.locator("h1").first.inner_text().startswith("Notebook:")
    assert tab.locator(".jp-OutputArea-output").count() > 0, "the notebook page shows no output"


@pytest.mark.parametrize("page", LINKING_PAGES)
def test_the_pages_link_the_zip_and_state_its_size(page: str, offline_zip: Path):
    text = (DOCS / page).read_text(encoding="utf-8")
    assert ZIP_URL in text, f"docs/{page} does not link the offline copy at {ZIP_URL}"
    stated = stated_size(text, ZIP_URL)
    assert stated, f'docs/{page}: say the zip\'s size ("about N MB") next to its link'
    size = offline_zip.stat().st_size / 1e6
    assert abs(stated[0] - size) <= max(1, 0.25 * size), (
        f"docs/{page}: the zip is {size:.1f} MB, the page says about {stated[0]} MB: update it"
    )
