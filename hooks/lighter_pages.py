"""Lighter pages for phones: fewer elements per code block, and notebook pages without the
half-megabyte of JupyterLab CSS that mkdocs-jupyter inlines into each of them.

Every change here keeps what a reader sees (same colours, same text, same copy button output)
and was measured with `python -m docsite.pagecost` and `make audit` (reports/lighthouse-mobile.md);
the budget in docsite/budget.json keeps it so. `make audit` builds the site a second time without
this hook (and the other speed settings) to show what it is worth.

1. Pygments wraps every name and every run of whitespace in its own <span>, which Material
   colours with the code block's own text colour (`--md-code-hl-name-color` is
   `--md-code-fg-color`) or not at all. They are most of the elements on a page with code
   (2,388 of 9,142 on What is ML engineering?), and every element costs style, layout and
   memory on a phone. The text stays; the wrapper goes.
2. Operators and punctuation have one colour in both schemes (Material's defaults, and
   docs/stylesheets/extra.css sets both to the same value): neighbours are merged into one span.
3. mkdocs-jupyter inlines JupyterLab's whole stylesheet (575 kB) into every notebook page; the
   browser parses it and matches ~6,000 rules against every element. Only the rules whose
   classes occur on that page are kept (selectors inside :not() do not count).
4. A notebook code cell that scrolls sideways must be reachable by keyboard (axe
   scrollable-region-focusable), so it gets tabindex="0" here, from the length of its longest
   line, instead of in the browser: measuring each cell's scrollWidth there laid out all the cells
   that speed.css lets the browser skip (84 on What is ML engineering?), 65% of the page-ready
   task. At 375 px, the narrowest width the tests check, a cell's scroll box
   (`.highlight-ipynb`) is 237 px wide, its text starts 10 px in, and 13 px DejaVu Sans Mono is
   7.83 px a character: 29 characters fit (80 at 1280 px). A cell whose longest line is over 24
   characters gets the tab stop, which still covers a 360 px phone (27 fit) or a monospace font
   a fifth wider. Every code cell on the site has a line of 45 or more, so all 218 get it; 29 of
   them do not scroll at 1280 px, one tab stop too many there. Output text wraps (pre-wrap,
   break-all) and never scrolls.
5. Material sets up a code block (copy button, annotations, tooltips, and its own tabindex on a
   block that scrolls) only when the block scrolls into view (content.lazy in mkdocs.yml): that
   was most of its page-ready task on the long pages. A block that is near the viewport but not
   yet set up would have no tab stop, so every `pre > code` whose longest line is over the same
   24 characters gets one here; once a block is set up, Material keeps it only if the block
   scrolls and the device has hover (Material's own rule). At 375 px the narrowest block (in a
   content tab) fits 37 characters of 13.6 px text (41 in the text column, 40 of 10.9 px in an
   admonition); 250 of the site's 254 blocks get the tab stop.
6. Material's bundle script (its only script) is loaded with `defer`. Its template puts it last in
   <body> without the attribute, so Chromium may run it, a 100-300 ms task on a slowed phone
   CPU, before it paints the first screen of text, and Lighthouse then counts that task into the
   Largest Contentful Paint. On What is MLOps? that happened in 3 of 5 loads (LCP 1.9-3.1 s,
   performance 88-94; the others 99); with `defer` the bundle runs at the same point, after the
   document is parsed and before DOMContentLoaded, but after the paint: 6 of 6 loads scored 99.
   Scripts that use Material's `document$` (javascripts/accessibility.js) are deferred too,
   in mkdocs.yml, so they still run after it.
7. mkdocs-print-site-plugin adds its script (without `defer`) and two stylesheets to every page,
   though only its print page (/print_page/, the source of the course PDF) uses them: they are
   taken off every other page here, which kept every page's script and stylesheet counts. The
   print page is written after every page, by the plugin itself, and never comes through here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from html import unescape

import tinycss2
from mkdocs.exceptions import PluginError

_UNSTYLED_TOKEN = re.compile(r'<span class="(?:n|w)">([^<]*)</span>')
_OP = r'<span class="[op]">[^<]*</span>'
_SAME_COLOUR_RUN = re.compile(f"{_OP}(?:{_OP})+")
_SPAN_TEXT = re.compile(r'<span class="[op]">([^<]*)</span>')
_STYLE = re.compile(r'(<style type="text/css">)(.*?)(</style>)', re.DOTALL)
_CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_NOT = re.compile(r":not\([^()]*\)")
# Rules smaller than this are not worth parsing: the notebook template's small inline styles.
_PURGE_FROM = 50_000
_CODE_CELL = re.compile(r'(<div class="highlight-ipynb[^"]*")>(<pre>.*?</pre>)', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
# mkdocs-print-site-plugin's assets, which only its print page needs (item 7).
_PRINT_SITE_ASSET = re.compile(
    r'<script src="[^"]*js/print-site\.js"></script>\s*'
    r'|<link rel="stylesheet" href="[^"]*css/print-site(?:-material)?\.css">\s*'
)
_CODE_BLOCK = re.compile(r"(<pre[^>]*>(?:<span></span>)?<code)>(.*?)(?=</code></pre>)", re.DOTALL)
FITS_AT_375 = 24  # characters of a line that surely fit without scrolling: see 4 and 5.
_BUNDLE = re.compile(r'<script src="([^"]*/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def _merge_run(match: re.Match) -> str:
    return '<span class="p">' + "".join(_SPAN_TEXT.findall(match[0])) + "</span>"


def slim_code(html: str) -> str:
    html = _UNSTYLED_TOKEN.sub(r"\1", html)
    return _SAME_COLOUR_RUN.sub(_merge_run, html)


def _selector_used(selector: str, used: set[str]) -> bool:
    return set(_SELECTOR_CLASS.findall(_NOT.sub("", selector))) <= used


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += char in "([" and 1 or char in ")]" and -1 or 0
        if char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return parts + [prelude[start:]]


def _purge(rules: list, used: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [
                s.strip()
                for s in _split_selectors(tinycss2.serialize(rule.prelude))
                if _selector_used(s, used)
            ]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in {"media", "supports"}:
            inner = _purge(tinycss2.parse_rule_list(rule.content, True, True), used)
            if inner:
                kept.append(
                    f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}"
                )
        elif rule.type == "at-rule" and rule.lower_at_keyword != "charset":
            kept.append(rule.serialize())
    return kept


@functools.lru_cache(maxsize=4)
def _parse(css: str) -> list:
    return tinycss2.parse_stylesheet(css, True, True)  # the same for every notebook: parse once


def purge_css(css: str, html: str) -> str:
    used = {name for attr in _CLASS_ATTR.findall(html) for name in attr.split()}
    return "".join(_purge(_parse(css), used))


def longest_line(pre: str) -> int:
    """Columns of the longest line of a <pre>'s text: tabs to 8 columns (tab-size), East Asian
    wide characters 2."""
    text = unescape(_TAG.sub("", pre)).expandtabs(8)
    return max(
        sum(1 + (unicodedata.east_asian_width(c) in "WF") for c in line)
        for line in text.split("\n")
    )


def _focusable(cell: re.Match) -> str:
    tab_stop = ' tabindex="0"' if longest_line(cell[2]) > FITS_AT_375 else ""
    return f"{cell[1]}{tab_stop}>{cell[2]}"


def focusable_cells(html: str) -> str:
    return _CODE_CELL.sub(_focusable, html)


def focusable_code_blocks(html: str) -> str:
    return _CODE_BLOCK.sub(_focusable, html)


def defer_bundle(html: str, page: str) -> str:
    deferred, found = _BUNDLE.subn(r'<script src="\1" defer></script>', html)
    if found != 1:
        raise PluginError(
            f"hooks/lighter_pages.py: {page} has {found} Material bundle scripts, not 1: "
            "Material's template (base.html, block scripts) has changed; update _BUNDLE to match."
        )
    return deferred


def on_post_page(output: str, page, **kwargs) -> str:
    output = defer_bundle(focusable_code_blocks(slim_code(output)), page.file.src_uri)
    output = _PRINT_SITE_ASSET.sub("", output)
    if page.file.src_uri.endswith(".ipynb"):
        output = focusable_cells(output)
        output = _STYLE.sub(
            lambda m: m[1] + (purge_css(m[2], output) if len(m[2]) > _PURGE_FROM else m[2]) + m[3],
            output,
        )
    return output


def on_post_template(output: str, template_name: str, **kwargs) -> str:
    """404.html, the one template page with the print page's assets (item 7)."""
    return _PRINT_SITE_ASSET.sub("", output) if template_name == "404.html" else output
