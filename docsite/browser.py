"""Finding a Chromium to drive, serving a built site to it, and listing the site's pages.

Used by the browser fixtures in tests/conftest.py (tests/test_browser.py, tests/test_budget.py),
docsite/pagecost.py and docsite/lighthouse.py (`make audit`).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

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
# mkdocs-print-site-plugin's page, the whole course on one page: the source of the course PDF
# (docsite/pdf.py, checked by tests/test_pdf.py), linked from nowhere, not a page readers browse.
# site_pages() leaves it out: each page it copies is checked, measured and audited on its own, and
# axe alone took 77 s on it, in the two schemes.
PRINT_PAGE = "print_page/"


def find_browser() -> str | None:
    """$CHROMIUM, or the first Chromium or Chrome on PATH."""
    if path := os.environ.get("CHROMIUM"):
        return path
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site a reader browses, as a path relative to its root ("" for
    home): not the print page (PRINT_PAGE)."""
    return sorted(
        path
        for html in site.rglob("index.html")
        if html.parent.name != "search" and "assets" not in html.parts
        if (path := html.parent.relative_to(site).as_posix().removeprefix(".") + "/") != PRINT_PAGE
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the caller reports what matters; no log line per file
        pass


@contextlib.contextmanager
def serve(site: Path, handler=QuietHandler) -> Iterator[str]:
    """Serve a site built into <dir>/<SITE_PATH>/ from 127.0.0.1, under /<SITE_PATH>/ as GitHub
    Pages does; yields its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site.parent))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/{site.name}/"
    finally:
        server.shutdown()
