"""Promise: the published site works for a reader in a real browser, on a laptop and a phone.

The built site is served on 127.0.0.1 under /<repo-name>/, as GitHub Pages serves it, and
Debian's chromium is driven by Playwright. Without a browser these tests skip with a hint on a
laptop, and fail under CI (CI=true): a browser check that did not run must not look green.
"""

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from docsite.browser import CHROMIUM_FLAGS, find_browser, site_pages
from docsite.copy_paste import page_blocks
from docsite.site import SITE_PATH

PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = find_browser()
    if executable is None:
        message = (
            "no Chromium or Chrome found: install one (Debian/Ubuntu: `sudo apt-get install "
            "chromium`; `make test` does it when run as root) or set CHROMIUM=/path/to/chrome."
        )
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests cannot run under CI: {message}", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test reports what matters; no log line per file
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served from 127.0.0.1 under /<repo-name>/ like GitHub Pages."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/{SITE_PATH}/"
    server.shutdown()


def _new_page(browser: Browser, **options) -> Page:
    return browser.new_context(viewport={"width": 1280, "height": 900}, **options).new_page()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = _new_page(browser)
    yield page
    page.context.close()


def _open(page: Page, url: str) -> dict[str, list[str]]:
    """Load url and return what went wrong: console errors, failed and foreign requests."""
    origin = urlparse(url).netloc
    found: dict[str, list[str]] = {"console errors": [], "failed requests": [], "foreign": []}

    def block_foreign(route):
        if urlparse(route.request.url).netloc == origin:
            route.continue_()
        else:
            found["foreign"].append(route.request.url)
            route.abort()

    listeners = {
        "console": lambda m: m.type == "error" and found["console errors"].append(m.text),
        "pageerror": lambda exc: found["console errors"].append(str(exc)),
        "requestfailed": lambda r: found["failed requests"].append(r.url),
        "response": lambda r: r.status >= 400
        and found["failed requests"].append(f"{r.status} {r.url}"),
    }
    page.route("**/*", block_foreign)
    for event, listener in listeners.items():
        page.on(event, listener)
    page.goto(url, wait_until="networkidle")
    # The same page loads every URL in turn: detach, so the next load reports only its own.
    page.unroute("**/*", block_foreign)
    for event, listener in listeners.items():
        page.remove_listener(event, listener)
    return found


# axe's colour-contrast rule spent most of its time on the highlighted code in code blocks
# (thousands of token <span>s a page); tests/test_code_contrast.py checks those colours from the
# CSS. So every rule runs on every element, except colour-contrast inside the blocks' code (the
# blocks' title bars and buttons are still checked). Excluding the few <code>/<pre> elements, not
# every token, matters: axe tests each element against each excluded one.
AXE_ALL_BUT_CONTRAST = {
    "resultTypes": ["violations"],
    "rules": {"color-contrast": {"enabled": False}},
}
AXE_CONTRAST_ONLY = {"resultTypes": ["violations"], "runOnly": ["color-contrast"]}
AXE_NOT_IN_CODE = {"exclude": [[".highlight code"], [".highlight-ipynb pre"]]}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_loads_cleanly_and_passes_axe(
    browser: Browser, site_url: str, built_site: Path, scheme: str
):
    """No console error, no failed request, no request off the server, no axe violation.

    The palette follows the reader's system preference, so each scheme is checked as a reader
    with that preference sees it.
    """
    page = _new_page(browser, color_scheme=scheme)
    problems = []
    axe = Axe()
    for path in site_pages(built_site):
        found = _open(page, site_url + path)
        problems += [f"/{path}: {kind}: {item}" for kind, items in found.items() for item in items]
        violations = axe.run(page, options=AXE_ALL_BUT_CONTRAST).response["violations"]
        contrast = axe.run(page, context=AXE_NOT_IN_CODE, options=AXE_CONTRAST_ONLY)
        for violation in violations + contrast.response["violations"]:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:3]]
            problems.append(
                f"/{path}: axe {violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {targets} ({len(violation['nodes'])} elements) - {violation['helpUrl']}"
            )
    page.context.close()
    assert not problems, "In a real browser:\n" + "\n".join(problems)


def test_no_internal_link_or_image_is_broken(site_url: str, built_site: Path):
    """Crawl every page's links, images, scripts and styles within the site: zero 404s."""
    problems = []
    for html in sorted(built_site.rglob("*.html")):
        page_url = urljoin(site_url, html.relative_to(built_site).as_posix())
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("img", "src"), ("script", "src"), ("link", "href")):
            for element in soup.find_all(tag):
                target = element.get(attr)
                if not target or target.startswith(("#", "mailto:", "javascript:")):
                    continue
                url = urljoin(page_url, target).split("#")[0]
                if not url.startswith(site_url):
                    continue  # outside the site: a link a reader follows, not a resource
                file = built_site / urlparse(url).path.removeprefix(urlparse(site_url).path)
                if file.is_dir() or url.endswith("/"):
                    file = file / "index.html"
                if not file.is_file():
                    where = html.relative_to(built_site)
                    problems.append(f"{where}: <{tag} {attr}={target!r}> is a 404")
    assert not problems, "Broken links in the built site:\n" + "\n".join(sorted(set(problems)))


def test_phone_width_has_no_sideways_scroll_and_the_menu_opens(
    browser: Browser, site_url: str, built_site: Path
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = []
    for path in site_pages(built_site):
        page.goto(site_url + path, wait_until="networkidle")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"/{path}: the page is {overflow}px wider than a 375px phone")
    page.goto(site_url, wait_until="networkidle")
    page.click(".md-header__button[for='__drawer']")
    page.wait_for_timeout(400)  # the drawer slides in
    if not page.locator("nav.md-nav--primary").is_visible():
        problems.append("the navigation drawer did not open from the menu button")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [("drift", "what-is-ml-engineering/"), ("PII", "why-data-science-initiatives-fail/")],
)
def test_search_finds_the_page(page: Page, site_url: str, query: str, expected_page: str):
    page.goto(site_url, wait_until="networkidle")
    page.click(".md-search__input")
    page.keyboard.type(query)  # Material listens for key events; fill() does not trigger search
    wanted = page.locator(f".md-search-result__item a[href*='/{SITE_PATH}/{expected_page}']")
    try:
        wanted.first.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        shown = page.locator(".md-search-result__item a").evaluate_all("a => a.map(l => l.href)")
        pytest.fail(f"searching {query!r} lists no result on {expected_page}: {shown[:8]}")
    wanted.first.click()
    page.wait_for_load_state("networkidle")
    assert urlparse(page.url).path == f"/{SITE_PATH}/{expected_page}", (
        f"searching {query!r} and clicking its result on {expected_page} led to {page.url}"
    )


def test_theme_toggle_switches_and_is_remembered(page: Page, site_url: str):
    page.goto(site_url, wait_until="networkidle")
    scheme = "return document.body.getAttribute('data-md-color-scheme')"
    seen = []
    for _ in range(2):  # auto -> light -> dark
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        seen.append(page.evaluate(f"() => {{ {scheme} }}"))
    assert seen[-1] == "slate", f"after two clicks the scheme is {seen}, expected dark (slate)"
    page.reload(wait_until="networkidle")
    after_reload = page.evaluate(f"() => {{ {scheme} }}")
    assert after_reload == "slate", f"the dark scheme was not remembered: {after_reload!r}"


def test_copy_button_copies_what_the_copy_paste_test_runs(
    browser: Browser, site_url: str, built_site: Path
):
    """Every Python block of a page, copied with its button, is exactly the text that
    tests/test_copy_paste.py pastes (docsite.copy_paste.page_blocks reads it from the HTML)."""
    name = "capstone"
    expected = page_blocks((built_site / name / "index.html").read_text(encoding="utf-8"))
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + f"{name}/", wait_until="networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    blocks = page.locator("div.language-python.highlight")
    copied = []
    for index in range(blocks.count()):
        block = blocks.nth(index)
        block.scroll_into_view_if_needed()
        block.hover()
        block.locator("button[data-md-type='copy']").click()
        copied.append(page.evaluate("navigator.clipboard.readText()"))
    context.close()
    assert len(copied) == len(expected), f"{name}: {len(copied)} blocks in the browser"
    for number, (text, block) in enumerate(zip(copied, expected, strict=True), 1):
        assert text == block.code, f"{name}, block {number}: the copy button copied other text"
