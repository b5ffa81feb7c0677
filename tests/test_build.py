"""Promise: the site builds strictly, every page is in it, and it loads nothing from elsewhere.

`mkdocs build --strict` runs once per session (the built_site fixture, docsite/build.py); a
failed build names the page and line of each broken link. A reader's browser then fetches
nothing from another host, no `--8<--` include reaches the HTML unresolved, and the title over
a block that shows one file links to that file in the repository (hooks/titles.py).

Check:   pytest tests/test_build.py       (one page: -k <page>)
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from docsite.model import DOCS, ROOT, Page, pages, rel


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_site_builds_strict(page: Page, built_site: Path):
    source = page.path.relative_to(DOCS)
    if source.name == "index.md":
        html = built_site / source.with_name("index.html")
    else:
        html = built_site / source.with_suffix("") / "index.html"
    if not html.is_file():
        pytest.fail(f"{rel(page.path)} was not built: is it in mkdocs.yml nav?", pytrace=False)


def test_no_include_marker_reaches_the_html(built_site: Path):
    leaks = [
        f"{page.relative_to(built_site)}: ...{html[max(0, i - 60) : i + 60]}..."
        for page in built_site.rglob("*.html")
        if (i := (html := page.read_text(encoding="utf-8")).find("--8&lt;--")) >= 0
        or (i := html.find("--8<--")) >= 0
    ]
    if leaks:
        pytest.fail(
            "An include was not resolved (is it inside a fence?):\n" + "\n".join(leaks),
            pytrace=False,
        )


# --- readers' privacy ---------------------------------------------------------------------------

# Tags and attributes that make a browser fetch something as the page loads (links a reader
# clicks, <a href>, are not requests).
FETCHING = {
    "script": "src",
    "link": "href",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
# Material loads these from a third-party host when a page contains the marker.
LAZY_THIRD_PARTY = {
    'class="mermaid"': "Mermaid from unpkg.com: draw the diagram as SVG instead",
    'data-md-component="source"': "repository facts from api.github.com (see overrides/)",
}


def _is_third_party(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


PAGES_SHOWING_FILES = [p for p in pages() if any(f.shown_file for f in p.fences())]


@pytest.mark.parametrize("page", PAGES_SHOWING_FILES, ids=lambda page: page.name)
def test_block_titles_link_to_their_files(page: Page, built_site: Path):
    html = built_site / page.name / "index.html"
    titled = {f.title for f in page.fences() if f.shown_file is not None and f.title}
    links = {
        span.get_text(): span.a["href"] if span.a else None
        for span in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select(
            "span.filename"
        )
    }
    problems = [
        f"{rel(page.path)}: the title {title!r} is not a link to {title} in the repository "
        f"(found {links.get(title)!r}): hooks/titles.py should have written it."
        for title in sorted(titled)
        if (ROOT / title).is_file() and not (links.get(title) or "").endswith(f"/blob/main/{title}")
    ]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_no_third_party_requests(built_site: Path):
    problems = []
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for tag, attr in FETCHING.items():
            for element in soup.find_all(tag):
                url = element.get(attr) or ""
                if tag == "link" and "canonical" in element.get("rel", []):
                    continue  # metadata for search engines; the browser does not fetch it
                if _is_third_party(url) or _is_third_party(element.get("srcset", "")):
                    problems.append(f"{page.relative_to(built_site)}: <{tag} {attr}={url!r}>")
        for marker, what in LAZY_THIRD_PARTY.items():
            if marker in html:
                problems.append(f"{page.relative_to(built_site)}: would load {what}")
    for sheet in built_site.rglob("*.css"):
        for url in re.findall(r"""(?:url\(|@import\s+)['"]?([^'")\s]+)""", sheet.read_text()):
            if _is_third_party(url):
                problems.append(f"{sheet.relative_to(built_site)}: loads {url}")
    if problems:
        pytest.fail(
            "The built site would fetch from another host:\n" + "\n".join(problems),
            pytrace=False,
        )
