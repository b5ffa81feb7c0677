"""Promise: the course PDF holds the whole course in nav order, and nothing in it is clipped.

`make build` prints mkdocs-print-site-plugin's print page (every page of the nav on one page) to
site/downloads/intro-to-mlops.pdf with Chromium (docsite/pdf.py). Here the same is done from the
session's strict build, and the PDF is read back with pypdf: after its cover and contents, its
outline (bookmarks) is the pages of mkdocs.yml's nav, in nav order, each holding the page's
sections in order, and the sheet each page's bookmark opens shows the page's title. Paper cannot
scroll: in the print page as Chromium lays it out for the PDF (print media, an A4 line), no code
block is wider than its box. The links it prints lead to the published site, never to the local
server it was printed from. Without a browser these tests skip with a hint; under CI (CI=true)
they fail.

Check:   pytest tests/test_pdf.py
"""

import re
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from docsite.browser import PRINT_PAGE
from docsite.build import BuiltPage
from docsite.model import DOCS, nav_pages, rel
from docsite.pdf import CONTENT_WIDTH_PX, PDF_NAME, open_print_page, print_to
from docsite.site import download_url, stated_size

SEE_PDF = (
    "Run `make build` and open site/downloads/intro-to-mlops.pdf to see it; docsite/pdf.py "
    "prints it, mkdocs.yml's print-site entry says what the print page takes."
)
# A heading's Markdown as the outline shows it: `code`, **bold** and [text](link) as text.
MARKUP = re.compile(r"[`*_]|\[([^\]]*)\]\([^)]*\)")


def _plain(text: str) -> str:
    return " ".join(MARKUP.sub(lambda m: m[1] or "", text).split())


@pytest.fixture(scope="module")
def print_page(browser, site_url: str):
    """The print page as docsite/pdf.py prints it: ready, in print media, at the PDF's width."""
    page = open_print_page(browser, site_url)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def course_pdf_file(print_page, tmp_path_factory):
    dest = tmp_path_factory.mktemp("pdf") / PDF_NAME
    print_to(print_page, dest)
    return dest


@pytest.fixture(scope="module")
def course_pdf(course_pdf_file) -> PdfReader:
    return PdfReader(course_pdf_file)


def _outline(reader: PdfReader) -> list[tuple[str, int, list[str]]]:
    """The outline's top level: (title, sheet index, titles of its children) per bookmark."""
    found, items = [], reader.outline
    for index, item in enumerate(items):
        if isinstance(item, list):
            continue
        after = items[index + 1] if index + 1 < len(items) else None
        children = (
            [c.title for c in after if not isinstance(c, list)] if isinstance(after, list) else []
        )
        found.append((_plain(item.title), reader.get_destination_page_number(item), children))
    return found


def test_pdf_holds_every_nav_page_in_nav_order(course_pdf: PdfReader):
    pages = nav_pages()
    outline = _outline(course_pdf)
    titles = [title for title, _, _ in outline]
    wanted = [_plain(page.title) for page in pages]
    # The cover (the site's name) and the contents come first; the nav's pages are the rest.
    assert titles[-len(wanted) :] == wanted and len(titles) == len(wanted) + 2, (
        "The PDF's bookmarks, after its cover and contents, are not the pages of mkdocs.yml's nav "
        f"in nav order.\n  nav:  {wanted}\n  PDF:  {titles[2:]}\nA page missing: check "
        "print-site's exclude in mkdocs.yml and that the page starts with a level-1 heading. One "
        "too many: a page or nav section the PDF should leave out (docsite/pdf.py removes empty "
        f"sections). {SEE_PDF}"
    )
    problems = []
    for page, (title, sheet, children) in zip(pages, outline[2:], strict=True):
        sections = [_plain(h.text) for h in page.headings() if h.level == 2]
        if [_plain(child) for child in children] != sections:
            problems.append(
                f"{rel(page.source)}: its bookmark holds the sections {children}, and the page "
                f"has {sections}: part of the page is missing from the PDF, or out of order"
            )
        text = " ".join(course_pdf.pages[sheet].extract_text().split())
        if title not in text:
            problems.append(
                f"{rel(page.source)}: sheet {sheet + 1}, where its bookmark leads, does not show "
                f"its title {title!r}: the page's text is missing from the PDF"
            )
    assert not problems, "\n".join(problems) + f"\n{SEE_PDF}"


# Per `pre` of the print page: how far it, or the `code` in it (Material scrolls that one), is
# wider than its box, or sticks out past the PDF's line, in CSS pixels.
CLIPPED_JS = """(width) => [...document.querySelectorAll("#print-site-page pre")].flatMap((pre) => {
  const boxes = [pre, ...pre.querySelectorAll(":scope > code")];
  const over = Math.max(
    ...boxes.map((box) => box.scrollWidth - box.clientWidth),
    Math.ceil(pre.getBoundingClientRect().right) - width,
  );
  if (over <= 0) return [];
  const page = pre.closest("section.print-page[id]");
  return [{page: page ? page.id : "", line: pre.textContent.split("\\n")[0], over}];
})"""


def test_no_code_block_is_clipped(print_page):
    clipped = print_page.evaluate(CLIPPED_JS, CONTENT_WIDTH_PX)
    problems = []
    for block in clipped:
        source = DOCS / f"{block['page']}.md"
        where = f"/{PRINT_PAGE} (section {block['page']!r})"
        if source.is_file():
            where = BuiltPage(source).where(block["line"].strip())
        problems.append(
            f"{where}: the code block starting {block['line'].strip()[:80]!r} is "
            f"{block['over']} px wider than the PDF's line, so the PDF cuts it off"
        )
    assert not problems, (
        "\n".join(problems) + "\nOn paper a block cannot scroll: its lines must wrap. The print "
        "rules that wrap them are in docs/stylesheets/extra.css (@media print: white-space: "
        "pre-wrap and overflow-wrap: anywhere on pre > code); a block they do not reach (a new "
        f"kind of block, a table inside one) needs a rule there too. {SEE_PDF}"
    )


# The links of the print page as printed, which Chromium writes into the PDF as they are: one to
# the server it was printed from, other than to a heading of the print page itself (the PDF's own
# sheets), would be dead for a reader.
LOCAL_LINKS_JS = """([served, printed]) => [...new Set([...document.querySelectorAll("a[href]")]
  .filter((link) => link.getClientRects().length > 0)  // printed: not in a hidden header
  .map((link) => link.href)
  .filter((href) => href.startsWith(served) && !href.startsWith(printed + "#")))]"""


def test_pdf_links_lead_to_the_published_site(print_page, site_url: str):
    served = "{0.scheme}://{0.netloc}/".format(urlsplit(site_url))
    local = print_page.evaluate(LOCAL_LINKS_JS, [served, site_url + PRINT_PAGE])
    assert not local, (
        f"These links of the PDF lead to the server it was printed from ({served}), which a "
        "reader does not have:\n" + "\n".join(sorted(local)[:20]) + "\ndocsite/pdf.py "
        f"(PREPARE_JS) points links to the site's files at mkdocs.yml's site_url before printing. "
        f"{SEE_PDF}"
    )


def test_the_home_page_links_the_pdf_and_states_its_size(course_pdf_file, course_pdf: PdfReader):
    """docs/index.md offers the PDF at its published address with "(about N MB, M pages)": the
    size within a quarter, the page count within a tenth of what this build printed."""
    url, home = download_url(PDF_NAME), DOCS / "index.md"
    stated = stated_size(home.read_text(encoding="utf-8"), url)
    size, sheets = course_pdf_file.stat().st_size / 1e6, len(course_pdf.pages)
    assert stated and stated[1], (
        f'{rel(home)}: link the course PDF at {url}, with "(about N MB, M pages)" after the link'
    )
    megabytes, pages = stated
    assert abs(megabytes - size) <= max(1, 0.25 * size) and abs(pages - sheets) <= 0.1 * sheets, (
        f"{rel(home)}: the PDF is {size:.1f} MB and {sheets} pages; the page says about "
        f"{megabytes} MB, {pages} pages: update it"
    )
