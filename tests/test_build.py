"""Promise: the site builds strictly, every page is in it, and it loads nothing from elsewhere.

`mkdocs build --strict` runs once per session (the built_site fixture, docsite/build.py); a
failed build names the page and line of each broken link. A reader's browser then fetches
nothing from another host, no `--8<--` include reaches the HTML unresolved, and the title over
a block that shows one file links to that file in the repository (hooks/titles.py).

Every check is parametrized by page (the id is the page's name, docsite.model.Page.name, or
notebooks/<page> for its notebook page), so one page's checks run alone.

Check:   pytest tests/test_build.py       (one page: -k <page>)
"""

import re
from pathlib import Path

import pytest

from docsite.build import REST, BuiltPage, other_html, page_id, page_params, parsed
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


@pytest.mark.parametrize("page", page_params(), ids=page_id)
def test_no_include_marker_reaches_the_html(page: BuiltPage | str, built_site: Path):
    leaks = []
    for html_file in _html_of(page, built_site):
        html = html_file.read_text(encoding="utf-8")
        if (i := html.find("--8&lt;--")) >= 0 or (i := html.find("--8<--")) >= 0:
            excerpt = html[max(0, i - 60) : i + 60]
            where = page.where(*_included_targets(page, excerpt)) if page != REST else None
            leaks.append(f"{where or html_file.relative_to(built_site)}: ...{excerpt}...")
    if leaks:
        pytest.fail(
            "An include was not resolved (is it inside a fence?):\n" + "\n".join(leaks),
            pytrace=False,
        )


def _html_of(page: BuiltPage | str, built_site: Path) -> list[Path]:
    """The built HTML a check reads for one test id: the page's, or for REST every other file."""
    if page == REST:
        return other_html(built_site)
    if not page.html(built_site).is_file():
        pytest.skip(
            f"{page.path or 'the home page'} was not built: test_site_builds_strict says why"
        )
    return [page.html(built_site)]


def _included_targets(page: BuiltPage, excerpt: str) -> list[str]:
    """The targets of the page's includes that show in a leaked excerpt of its HTML."""
    return [
        include.target
        for include in Page(page.source).includes()
        if include.target in excerpt.replace("&quot;", '"')
    ]


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
# What a page's source holds that makes the marker: the line a failure names.
LAZY_SOURCE = {'class="mermaid"': ("```mermaid", "mermaid"), 'data-md-component="source"': ()}
LAZY_SOURCE_ELSE = "mkdocs.yml or overrides/"


def _is_third_party(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


PAGES_SHOWING_FILES = [p for p in pages() if any(f.shown_file for f in p.fences())]


@pytest.mark.parametrize("page", PAGES_SHOWING_FILES, ids=lambda page: page.name)
def test_block_titles_link_to_their_files(page: Page, built_site: Path):
    html = built_site / page.name / "index.html"
    titled = {f.title for f in page.fences() if f.shown_file is not None and f.title}
    links = {
        span.get_text(): span.a["href"] if span.a else None
        for span in parsed(html).select("span.filename")
    }
    problems = [
        f"{rel(page.path)}: the title {title!r} is not a link to {title} in the repository "
        f"(found {links.get(title)!r}): hooks/titles.py should have written it."
        for title in sorted(titled)
        if (ROOT / title).is_file() and not (links.get(title) or "").endswith(f"/blob/main/{title}")
    ]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# What to do about each kind of third-party request.
FIX = {
    "script": "save the script under docs/javascripts/ and load it from mkdocs.yml "
    "(extra_javascript, with defer: true)",
    "link": "save the stylesheet or font under docs/ and link it relatively "
    "(extra_css in mkdocs.yml)",
    "img": "save the image under docs/figures/<page>/ (or draw it as SVG) and link it relatively",
}
FIX_ELSE = "save the file under docs/ and link it relatively"


@pytest.mark.parametrize("page", page_params(), ids=page_id)
def test_no_third_party_requests(page: BuiltPage | str, built_site: Path):
    """A reader's browser fetches nothing from another host while a page loads. Each page is
    checked under its own id; the 404 page and the stylesheets under REST."""
    problems = []
    for html_file in _html_of(page, built_site):
        html = html_file.read_text(encoding="utf-8")
        built = html_file.relative_to(built_site)
        soup = parsed(html_file)
        for tag, attr in FETCHING.items():
            for element in soup.find_all(tag):
                url = element.get(attr) or ""
                if tag == "link" and "canonical" in element.get("rel", []):
                    continue  # metadata for search engines; the browser does not fetch it
                srcset = element.get("srcset", "")
                if _is_third_party(url) or _is_third_party(srcset):
                    where = page.where(url, srcset) if page != REST else str(built)
                    problems.append(
                        f"{where}: <{tag} {attr}={url!r}> makes every reader's browser fetch "
                        f"from another host (in {built}). Fix: {FIX.get(tag, FIX_ELSE)}."
                    )
        for marker, what in LAZY_THIRD_PARTY.items():
            if marker in html:
                needles = LAZY_SOURCE[marker]
                where = page.where(*needles) if page != REST and needles else LAZY_SOURCE_ELSE
                problems.append(f"{where}: {built} would load {what}")
    if page == REST:
        for sheet in built_site.rglob("*.css"):
            for url in re.findall(r"""(?:url\(|@import\s+)['"]?([^'")\s]+)""", sheet.read_text()):
                if _is_third_party(url):
                    problems.append(
                        f"{sheet.relative_to(built_site)}: loads {url}. Fix: {FIX['link']}."
                    )
    if problems:
        pytest.fail(
            "The built site would fetch from another host:\n" + "\n".join(problems),
            pytrace=False,
        )
