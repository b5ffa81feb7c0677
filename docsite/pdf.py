"""The whole course as one PDF, for reading offline or on paper: site/downloads/intro-to-mlops.pdf.

mkdocs-print-site-plugin (mkdocs.yml) builds /print_page/: a cover, a table of contents, then
every page of the nav in its order, with its code, printed output, figures and admonitions.
Chromium prints that page the way a reader's File > Print would (print media, light scheme), on
A4, with the backgrounds of code and admonitions, a bookmark per heading and a tagged
(accessible) PDF. `make build` runs it after `mkdocs build --strict`:

    python -m docsite.pdf site

The print page is made ready first (prepare()): fonts loaded, every image decoded, every
collapsed block (exercise solutions, examples) opened, since paper cannot expand one; the empty
"Notebooks" heading that the nav's notebook section leaves is removed (the notebooks repeat their
pages and are excluded); links to the site's files (snippets, notebooks) are pointed at the
published site (mkdocs.yml's site_url) instead of the local server. tests/test_pdf.py prints the
same page and checks the result. `mkdocs serve` neither needs nor makes the PDF.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from docsite.browser import CHROMIUM_FLAGS, PRINT_PAGE, find_browser, serve
from docsite.site import SITE_URL

PDF_NAME = "intro-to-mlops.pdf"
# A4 with 15 mm side margins; the footer (page numbers) sits in the bottom margin.
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "15mm", "right": "15mm"}
MM = 96 / 25.4  # CSS pixels per millimetre
CONTENT_WIDTH_PX = round((210 - 15 - 15) * MM)  # what a line of the PDF has: 680 px
FOOTER = (
    '<div style="width: 100%; font-size: 8px; color: #555; text-align: center;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
READY_TIMEOUT_MS = 120_000

# Run in the print page once it has loaded; returns what it did.
PREPARE_JS = """async ([served, printed, published]) => {
  await document.fonts.ready;
  const images = [...document.images];
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  const broken = images.filter((img) => !img.complete || img.naturalWidth === 0)
    .map((img) => img.getAttribute("src"));
  let opened = 0;
  for (const details of document.querySelectorAll("#print-site-page details:not([open])")) {
    details.open = true;
    opened += 1;
  }
  // A nav section whose pages are all excluded (Notebooks) leaves its heading alone on a page.
  const empty = [...document.querySelectorAll("#print-site-page section.md-section")]
    .filter((section) => !section.querySelector("section.print-page"));
  for (const section of empty) {
    document.querySelectorAll(`#print-page-toc a[href$="#${section.id}"]`)
      .forEach((link) => link.closest("li").remove());
    section.remove();
  }
  // A link to a file of the site (a snippet, requirements.txt, a notebook) must lead to the
  // published site, not to the server on 127.0.0.1 that this page was printed from.
  let relinked = 0;
  for (const link of document.querySelectorAll("a[href]")) {
    if (link.href.startsWith(served) && !link.href.startsWith(printed)) {
      link.href = published + link.href.slice(served.length);
      relinked += 1;
    }
  }
  return {images: images.length, broken, opened, removed: empty.length, relinked};
}"""


def pdf_path(site: Path) -> Path:
    return site / "downloads" / PDF_NAME


def prepare(page, base_url: str) -> dict:
    """Make the print page, loaded from the site served at base_url, ready to print (see the
    module docstring); returns what it did. Raises RuntimeError when an image did not load: the
    PDF would show a hole."""
    done = page.evaluate(PREPARE_JS, [base_url, base_url + PRINT_PAGE, SITE_URL])
    if done["broken"]:
        raise RuntimeError(f"/{PRINT_PAGE}: images did not load: {done['broken']}")
    return done


def open_print_page(browser, base_url: str):
    """A tab showing the print page as Chromium prints it: print media, light scheme, a window
    as wide as the PDF's lines. Close its context when done."""
    context = browser.new_context(
        viewport={"width": CONTENT_WIDTH_PX, "height": 1000}, color_scheme="light"
    )
    page = context.new_page()
    page.set_default_timeout(READY_TIMEOUT_MS)
    page.emulate_media(media="print", color_scheme="light")
    page.goto(base_url + PRINT_PAGE, wait_until="load")
    prepare(page, base_url)
    return page


def print_to(page, dest: Path) -> None:
    """Print a tab open_print_page() made ready to dest. Without tagged=True, this Chromium
    writes no outline; tagging (the structure a screen reader follows) makes the file about four
    times larger (14.5 MB against 3.5 MB, most of it a tag per highlighted token of code)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(
        path=dest,
        format="A4",
        margin=MARGIN,
        print_background=True,
        display_header_footer=True,
        header_template="<span></span>",
        footer_template=FOOTER,
        outline=True,
        tagged=True,
    )


def build_pdf(site: Path, executable: str) -> Path:
    """Serve the built site on 127.0.0.1, print its print page to pdf_path(site)."""
    from playwright.sync_api import sync_playwright

    dest = pdf_path(site)
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            print_to(open_print_page(browser, base_url), dest)
        finally:
            browser.close()
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build's site_dir)")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    if not (site / PRINT_PAGE / "index.html").is_file():
        print(
            f"{site}/{PRINT_PAGE}index.html is missing: build the site first (`make build`), "
            "with the print-site plugin in mkdocs.yml.",
            file=sys.stderr,
        )
        return 1
    executable = find_browser()
    if executable is None:
        print(
            "No Chromium or Chrome found to print the PDF: install one (`make browser`, or "
            "`sudo apt-get install chromium`) or set CHROMIUM=/path/to/chrome.",
            file=sys.stderr,
        )
        return 1
    start = time.perf_counter()
    dest = build_pdf(site, executable)
    from pypdf import PdfReader

    pages = len(PdfReader(dest).pages)
    print(
        f"{dest}: {pages} pages, {dest.stat().st_size / 1e6:.1f} MB, "
        f"printed in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
