"""Finding a Chromium to drive, and the pages of a built site to point it at.

Used by tests/test_browser.py (Playwright) and tests/lighthouse_audit.py (`make audit`).
"""

from __future__ import annotations

import os
import shutil
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
