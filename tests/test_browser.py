"""Promise: the published site works for a reader in a real browser, on a laptop and a phone.

The built site is served on 127.0.0.1 under /<repo-name>/, as GitHub Pages serves it, and
Debian's chromium is driven by Playwright. Without a browser these tests skip with a hint on a
laptop, and fail under CI (CI=true): a browser check that did not run must not look green.
Every page, in the light and the dark scheme, loads without errors and passes axe; the colours
of the highlighted code, which axe's colour-contrast rule leaves out, are checked as Chromium
computes them. Each check of a page is parametrized by it (the id is the page's name, or
notebooks/<page>), so `make test PAGE=<page>` runs them all; what no page owns goes under
rest-of-site.
"""

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from docsite.build import REST, BuiltPage, other_html, page_id, page_params, parsed, unowned_pages
from docsite.copy_paste import page_blocks
from docsite.site import SITE_PATH

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# How many pixels wider than the window the page is: a phone reader would scroll sideways.
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _new_page(browser: Browser, **options) -> Page:
    return browser.new_context(viewport=DESKTOP, **options).new_page()


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
        "response": lambda r: (
            r.status >= 400 and found["failed requests"].append(f"{r.status} {r.url}")
        ),
    }
    page.route("**/*", block_foreign)
    for event, listener in listeners.items():
        page.on(event, listener)
    try:
        page.goto(url, wait_until="networkidle")
    finally:
        # The same tab loads every page in turn: detach, so the next load reports only its own.
        page.unroute("**/*", block_foreign)
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    return found


# axe's colour-contrast rule spent most of its time on the highlighted code in code blocks
# (thousands of token <span>s a page). So every rule runs on every element, except colour-contrast
# inside the blocks' code (the blocks' title bars and buttons are still checked); those colours are
# checked by _code_contrast_problems below, in the same test, from Chromium's computed styles.
# Excluding the few <code>/<pre> elements, not every token, matters: axe tests each element
# against each excluded one.
AXE_ALL_BUT_CONTRAST = {
    "resultTypes": ["violations"],
    "rules": {"color-contrast": {"enabled": False}},
}
AXE_CONTRAST_ONLY = {"resultTypes": ["violations"], "runOnly": ["color-contrast"]}
AXE_NOT_IN_CODE = {"exclude": [[".highlight code"], [".highlight-ipynb pre"]]}
HIGHLIGHTED = ".highlight code, .highlight-ipynb pre"

AA_NORMAL_TEXT = 4.5  # WCAG 2 AA, 1.4.3: code is never "large text" (18pt, or 14pt bold)
SCHEME_RULE = {"light": "default", "dark": "slate"}  # Material's data-md-color-scheme
# Material's --md-code-hl-<role>-color for each Pygments token class ("Code blocks" in its
# customisation docs); plain code text and any other class take --md-code-fg-color.
MATERIAL_CODE_ROLES = {
    "operator": "o ow",
    "punctuation": "p",
    "string": "cpf l s s1 s2 sb sc si ss",
    "special": "cp se sh sr sx",
    "number": "il m mb mf mh mi mo",
    "keyword": "k kd kn kp kr kt nd ni nl nt",
    "name": "kc n",
    "constant": "bp nb no",
    "function": "nc ne nf nn",
    "comment": "c c1 ch cm cs sd",
    "variable": "na nv vc vg vi",
    "generic": "ge gh go gp gr gs gt gu",
}
CODE_ROLE = {name: role for role, names in MATERIAL_CODE_ROLES.items() for name in names.split()}

# One sample per distinct (classes, colour, background) among the elements with text of their
# own in the code axe leaves out. The background is the element's background-color and those
# beneath it, up to the first opaque one (Chromium writes an opaque colour as rgb(), any other
# as rgba(); a format it writes otherwise ends the walk and fails in _rgba).
CODE_COLOURS_JS = """() => {
  const layers = new Map();
  const backdrop = (el) => {
    if (!el) return [];
    if (!layers.has(el)) {
      const bg = getComputedStyle(el).backgroundColor;
      const below = bg.startsWith("rgba(") ? backdrop(el.parentElement) : [];
      layers.set(el, bg === "rgba(0, 0, 0, 0)" ? below : [bg, ...below]);
    }
    return layers.get(el);
  };
  const describe = (el) => {
    const steps = [];
    for (let e = el; e; e = e.parentElement) {
      steps.unshift(e.localName + [...e.classList].map((c) => "." + c).join(""));
      if (e.matches(".highlight, .highlight-ipynb")) break;
    }
    return steps.join(" > ");
  };
  const samples = new Map();
  const code = ".highlight code, .highlight code *, .highlight-ipynb pre, .highlight-ipynb pre *";
  for (const el of document.querySelectorAll(code)) {
    const text = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.data.trim());
    if (!text) continue;
    const classes = [...el.classList];
    const color = getComputedStyle(el).color;
    const background = backdrop(el);
    const key = JSON.stringify([classes, color, background]);
    if (!samples.has(key)) {
      const sample = text.data.trim().slice(0, 30);
      samples.set(key, { classes, color, background, where: describe(el), text: sample });
    }
  }
  return [...samples.values()];
}"""

RGBA = tuple[float, float, float, float]


def _rgba(css: str) -> RGBA:
    match = re.fullmatch(r"rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)", css)
    if match is None:
        raise ValueError(f"Chromium gave the colour {css!r}; this check reads rgb()/rgba() only")
    red, green, blue, alpha = match.groups(default="1")
    return float(red), float(green), float(blue), float(alpha)


def _over(top: RGBA, bottom: RGBA) -> RGBA:
    """top painted over an opaque bottom."""
    alpha = top[3]
    red, green, blue = (
        t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True)
    )
    return red, green, blue, 1.0


def _luminance(colour: RGBA) -> float:
    """WCAG 2 relative luminance of an opaque sRGB colour."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (channel / 255 for channel in colour[:3])
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: RGBA, background: RGBA) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _hex(colour: RGBA) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in colour[:3])


def _code_contrast_problems(samples: list[dict], where: str, scheme: str) -> list[str]:
    """WCAG AA for each code sample CODE_COLOURS_JS returned, and how to fix one that fails."""
    problems = []
    for sample in samples:
        tokens = " ".join(f".{name}" for name in sample["classes"]) or "plain code text"
        try:
            background = (255.0, 255.0, 255.0, 1.0)  # the canvas, under any translucent layer
            for layer in reversed(sample["background"]):
                background = _over(_rgba(layer), background)
            foreground = _over(_rgba(sample["color"]), background)
        except ValueError as error:
            problems.append(f"{where}: code {tokens} at {sample['where']}: {error}")
            continue
        ratio = contrast(foreground, background)
        if ratio >= AA_NORMAL_TEXT:
            continue
        role = next((CODE_ROLE[name] for name in sample["classes"] if name in CODE_ROLE), None)
        variable = f"--md-code-hl-{role}-color" if role else "--md-code-fg-color"
        notebook = "highlight-ipynb" in sample["where"]
        problems.append(
            f"{where} [{scheme}]: code {tokens} ({sample['text']!r} at {sample['where']}) is "
            f"{_hex(foreground)} on {_hex(background)}, {ratio:.2f}:1; AA needs "
            f"{AA_NORMAL_TEXT}:1. Fix: set {variable} in the "
            f'[data-md-color-scheme="{SCHEME_RULE[scheme]}"] rule of docs/stylesheets/extra.css'
            + (" (or the class's .jupyter-wrapper .highlight-ipynb rule there)" if notebook else "")
        )
    return problems


@functools.cache
def _axe() -> Axe:
    return Axe()


@pytest.fixture(scope="module")
def reader(browser: Browser) -> Iterator[Callable[..., Page]]:
    """The tab of one kind of reader (a scheme, a phone), made once per module and xdist worker
    and shared by the per-page tests, each of which loads its page in it: the cache is warm from
    the pages before, as a reader browsing the site has it, and no tab is opened per page. A
    context per load fetched every stylesheet, script, font and the search index again, 0.35 s
    more a load; a new tab per load, 0.1 s more."""
    tabs: dict[str, Page] = {}

    def tab(kind: str, **options) -> Page:
        if kind not in tabs:
            tabs[kind] = browser.new_context(**options).new_page()
        return tabs[kind]

    yield tab
    for page in tabs.values():
        page.context.close()


def _site_paths(page: BuiltPage | str, built_site: Path) -> list[str]:
    """The site paths one test id loads: the page's, or for REST every page of the built site
    that no source in docs/ accounts for (normally none)."""
    if page != REST:
        if not page.html(built_site).is_file():
            pytest.skip(f"/{page.path} was not built: test_site_builds_strict says why")
        return [page.path]
    return unowned_pages(built_site)


def _where(page: BuiltPage | str, path: str, *texts: str) -> str:
    """The file and line to fix, when the page's source holds one of texts; else the page."""
    found = page.where(*texts) if page != REST else ""
    return f"{found} (/{path})" if ":" in found else f"/{path}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("site_page", page_params(), ids=page_id)
def test_every_page_loads_cleanly_and_passes_axe(
    reader, site_url: str, built_site: Path, site_page: BuiltPage | str, scheme: str
):
    """No console error, no failed request, no request off the server, no axe violation, and
    every colour of highlighted code at least 4.5:1 on its background (WCAG AA).

    The palette follows the reader's system preference, so each scheme is checked as a reader
    with that preference sees it: one load of the page per scheme.
    """
    problems = []
    for path in _site_paths(site_page, built_site):
        page = reader(scheme, viewport=DESKTOP, color_scheme=scheme)
        problems += _load_problems(page, site_url, path, site_page, scheme)
    assert not problems, "In a real browser:\n" + "\n".join(problems)


def _load_problems(
    page: Page, site_url: str, path: str, site_page: BuiltPage | str, scheme: str
) -> list[str]:
    found = _open(page, site_url + path)
    problems = [
        f"{_where(site_page, path, item)}: {kind}: {item}"
        for kind, items in found.items()
        for item in items
    ]
    if found["foreign"]:
        problems.append(
            f"/{path}: a reader's browser would fetch from another host: save the file under "
            "docs/ and link it relatively (test_no_third_party_requests names the tag)"
        )
    axe = _axe()
    violations = axe.run(page, options=AXE_ALL_BUT_CONTRAST).response["violations"]
    contrast = axe.run(page, context=AXE_NOT_IN_CODE, options=AXE_CONTRAST_ONLY)
    for violation in violations + contrast.response["violations"]:
        targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:3]]
        problems.append(
            f"/{path}: axe {violation['id']} ({violation['impact']}): {violation['help']} "
            f"at {targets} ({len(violation['nodes'])} elements) - {violation['helpUrl']}"
        )
    samples = page.evaluate(CODE_COLOURS_JS)
    problems += _code_contrast_problems(samples, f"/{path}", scheme)
    if not samples and page.evaluate(f"!!document.querySelector({HIGHLIGHTED!r})"):
        problems.append(f"/{path}: has highlighted code, but the code colour check saw none")
    return problems


@pytest.mark.parametrize("site_page", page_params(), ids=page_id)
def test_no_internal_link_or_image_is_broken(
    site_url: str, built_site: Path, site_page: BuiltPage | str
):
    """Every link, image, script and style of the page within the site: zero 404s."""
    if site_page == REST:
        files = other_html(built_site)
    elif (html := site_page.html(built_site)).is_file():
        files = [html]
    else:
        pytest.skip(f"/{site_page.path} was not built: test_site_builds_strict says why")
    problems = []
    for html in files:
        page_url = urljoin(site_url, html.relative_to(built_site).as_posix())
        soup = parsed(html)
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
                    built = html.relative_to(built_site)
                    found = site_page.where(f"({target}") if site_page != REST else ""
                    where = f"{found} ({built})" if ":" in found else str(built)
                    problems.append(f"{where}: <{tag} {attr}={target!r}> is a 404")
    assert not problems, (
        "Broken links in the built site (fix the link, or add the file it names):\n"
        + "\n".join(sorted(set(problems)))
    )


# Every notebook cell that scrolls sideways at this width without a tab stop: axe checks only
# the desktop width, and a cell's tab stop is decided at build time from its longest line.
# (Material's own code blocks drop theirs on touch screens, on purpose.) content-visibility
# skips off-screen cells: reading scrollWidth lays each one out first.
UNREACHABLE_SCROLLERS = """
[...document.querySelectorAll(".jupyter-wrapper .highlight-ipynb")]
  .filter((box) => box.scrollWidth > box.clientWidth && box.tabIndex < 0)
  .map((box) => box.textContent.split("\\n")[0].slice(0, 60))
"""


@pytest.mark.parametrize("site_page", page_params(), ids=page_id)
def test_phone_width_has_no_sideways_scroll_and_the_menu_opens(
    reader, site_url: str, built_site: Path, site_page: BuiltPage | str
):
    """At a phone's width the page does not scroll sideways, and every notebook cell that does
    can be reached by keyboard; on the home page, the menu button opens the navigation."""
    problems = []
    for path in _site_paths(site_page, built_site):
        page = reader("phone", viewport=PHONE, is_mobile=True, has_touch=True)
        problems += _phone_problems(page, site_url, path)
    assert not problems, "\n".join(problems)


def _phone_problems(page: Page, site_url: str, path: str) -> list[str]:
    problems = []
    page.goto(site_url + path, wait_until="networkidle")
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:  # measured mid-layout on a busy machine? Let it settle, measure again.
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(500)
        overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        problems.append(f"/{path}: the page is {overflow}px wider than a 375px phone")
    if unreachable := page.evaluate(UNREACHABLE_SCROLLERS):
        problems.append(
            f"/{path}: {len(unreachable)} notebook cell(s) scroll sideways at 375px but cannot "
            f"be reached by keyboard (no tabindex), first: {unreachable[0]!r}. "
            "hooks/lighter_pages.py decides which notebook cells get one: check FITS_AT_375."
        )
    if path.startswith("notebooks/"):
        problems += _notebook_cell_problems(page, path)
    if path == "":
        page.click(".md-header__button[for='__drawer']")
        page.wait_for_timeout(400)  # the drawer slides in
        if not page.locator("nav.md-nav--primary").is_visible():
            problems.append("the navigation drawer did not open from the menu button")
    return problems


# A notebook code cell at a phone's width: its width against the text column's, and where its
# copy button ends against where its first line of code starts.
NOTEBOOK_CELL = """cell => {
  const pre = cell.querySelector('pre'), box = pre.getBoundingClientRect();
  const button = cell.querySelector('.zeroclipboard-container');
  return {
    width: Math.round(box.width),
    column: document.querySelector('article.md-content__inner').clientWidth,
    buttonBottom: button ? button.getBoundingClientRect().bottom : null,
    codeTop: box.top + parseFloat(getComputedStyle(pre).paddingTop),
  };
}"""


def _notebook_cell_problems(page: Page, path: str) -> list[str]:
    """The first code cells of a notebook page use the text column's width (not 237 of 343 px,
    as two nested paddings and a float once left them) and start below their copy button."""
    problems = []
    cells = page.locator(".jupyter-wrapper .jp-CodeCell .jp-InputArea-editor")
    for index in range(min(cells.count(), 3)):
        cell = cells.nth(index)
        cell.scroll_into_view_if_needed()  # content-visibility: laid out once near the screen
        page.wait_for_timeout(100)
        found = cell.evaluate(NOTEBOOK_CELL)
        if found["width"] < found["column"] - 8:
            problems.append(
                f"/{path}: code cell {index + 1} is {found['width']}px wide in a "
                f"{found['column']}px text column at 375px: see the notebook rules in "
                "docs/stylesheets/extra.css"
            )
        if found["buttonBottom"] is not None and found["buttonBottom"] > found["codeTop"] + 1:
            problems.append(
                f"/{path}: code cell {index + 1}'s copy button covers its first line of code "
                "at 375px: see the notebook rules in docs/stylesheets/extra.css"
            )
    return problems


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


@pytest.mark.parametrize("name", ["capstone"])
def test_copy_button_copies_what_the_copy_paste_test_runs(
    browser: Browser, site_url: str, built_site: Path, name: str
):
    """Every Python block of a page, copied with its button, is exactly the text that
    tests/test_copy_paste.py pastes (docsite.copy_paste.page_blocks reads it from the HTML).
    One page, with the most blocks, stands for all: the id names it for `-k capstone`."""
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
