"""Promise: every colour a code token can take on the site meets WCAG AA, in both colour schemes.

The axe run in tests/test_browser.py leaves the code inside code blocks (`.highlight code`,
the notebooks' `.highlight-ipynb pre`) out of its colour-contrast rule only: their highlighted
tokens are thousands of <span>s a page, and checking them was most of axe's time. This module
checks those colours instead, from the CSS, in about a second: for every kind of element that
holds code text in the built pages (each Pygments token class, a block's plain text, inline
`code`, line numbers when a page has them) it works out the colour and the background the
stylesheets give it and requires a contrast of at least 4.5:1. A colour it cannot work out (an
undefined custom property, say) fails too. Not covered: Material's code annotation markers,
which its JavaScript builds after load (no page has annotations today).

How: the built pages' own stylesheets (Material's main and palette CSS, docs/stylesheets/extra.css
and the notebook pages' inline <style>s) are parsed with tinycss2 and cascaded by hand over the
real ancestor chains of those elements: selectors are matched with soupsieve (BeautifulSoup's
selector engine), ordered by !important, specificity and source order; custom properties
inherit and their var() chains are resolved where they are declared, as a browser does; alpha is
blended over the backgrounds underneath. The scheme is what Material's palette script sets on
<body> for a reader's system preference (`data-md-color-scheme="default"` or `"slate"`), and
@media rules are evaluated for the 1280px desktop viewport the browser tests use. Not modelled
(none of it colours code text here): opacity, filters, background images, :hover and other
states, pseudo-elements, sibling-dependent selectors.
"""

import functools
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
import soupsieve
import tinycss2
import tinycss2.color4
from bs4 import BeautifulSoup, Tag

AA_NORMAL_TEXT = 4.5  # WCAG 2 AA, 1.4.3: code is never "large text" (18pt, or 14pt bold)
VIEWPORT_WIDTH = 1280  # px, as tests/test_browser.py opens every page
SCHEMES = {"light": "default", "dark": "slate"}  # test id -> Material's data-md-color-scheme

# ---------------------------------------------------------------------------------------------
# Stylesheets: parsed once per session into rules carrying only the properties that colour text.


@dataclass(frozen=True)
class Declaration:
    name: str  # "color", "background-color", "background" or a custom property "--..."
    value: str
    important: bool


@dataclass
class Rule:
    selector: str
    specificity: tuple[int, int, int]
    order: int  # position in the page's cascade: later wins at equal specificity
    source: str  # a path a contributor can open, or "<style> on <page>"
    declarations: tuple[Declaration, ...]


COLOUR_PROPERTIES = {"color", "background-color", "background"}
COLOUR_FUNCTIONS = {
    "var",
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color",
}
# Pseudo-elements style generated content (axe skips it too); these states never hold in a test.
NEVER_MATCHES = re.compile(
    r"::|:(before|after|first-line|first-letter|-webkit-[\w-]+|-moz-[\w-]+|-ms-[\w-]+)\b"
    r"|:(hover|focus|focus-visible|focus-within|active|target|visited|autofill)\b"
)


def _declaration(declaration) -> Declaration:
    """One declaration; the `background` shorthand becomes the `background-color` it sets."""
    value = tinycss2.serialize(declaration.value).strip()
    if declaration.name.startswith("--"):
        return Declaration(declaration.name, value, declaration.important)
    if declaration.lower_name == "background":
        parts = [v for v in declaration.value if v.type not in ("whitespace", "comment")]
        colours = [
            tinycss2.serialize([v])
            for v in parts
            if (v.type == "function" and v.lower_name in COLOUR_FUNCTIONS)
            or (v.type in ("ident", "hash") and _parse_colour(v.serialize()))
        ]
        value = colours[-1] if colours else "transparent"
        return Declaration("background-color", value, declaration.important)
    return Declaration(declaration.lower_name, value, declaration.important)


def _split_selectors(prelude) -> list[str]:
    """A rule's selector list, split on its top-level commas."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(tinycss2.serialize(current).strip())
            current = []
        else:
            current.append(token)
    selectors.append(tinycss2.serialize(current).strip())
    return [s for s in selectors if s]


def _media_applies(query: str, scheme: str) -> bool:
    """Whether an @media query holds for a 1280px-wide screen in the given scheme.

    Widths in em are taken at the browser's 16px default, as media queries do; any feature not
    listed here is taken as not matching, so its rules are left out rather than guessed.
    """
    for alternative in query.lower().split(","):
        holds = True
        for part in re.split(r"\band\b", alternative):
            part = part.strip().removeprefix("only ").strip()
            if part in ("screen", "all", ""):
                continue
            feature = re.fullmatch(r"\(\s*([\w-]+)\s*:\s*([\d.]+)(px|em|rem)\s*\)", part)
            wanted = re.fullmatch(r"\(\s*prefers-color-scheme\s*:\s*(\w+)\s*\)", part)
            if feature:
                pixels = float(feature[2]) * (1 if feature[3] == "px" else 16)
                holds &= {
                    "min-width": pixels <= VIEWPORT_WIDTH,
                    "max-width": pixels >= VIEWPORT_WIDTH,
                }.get(feature[1], False)
            elif wanted:
                holds &= (wanted[1] == "dark") == (scheme == "slate")
            else:
                holds = False
        if holds:
            return True
    return False


@dataclass(frozen=True)
class ParsedRule:
    media: tuple[str, ...]  # the queries of the @media blocks around it, all of which must hold
    selector: str
    declarations: tuple[Declaration, ...]


@functools.cache
def parse_stylesheet(css: str) -> tuple[ParsedRule, ...]:
    """The style rules of one stylesheet, in order, that set a colour or a custom property.

    Parsed once per session: Material's CSS and the notebooks' are shared by many pages."""
    found: list[ParsedRule] = []

    def walk(nodes, media: tuple[str, ...]):
        for node in nodes:
            if node.type == "at-rule" and node.content is not None:
                keyword = node.at_keyword.lower()
                if keyword in ("supports", "layer", "media"):
                    query = tinycss2.serialize(node.prelude).strip()
                    inner = (*media, query) if keyword == "media" else media
                    walk(tinycss2.parse_rule_list(node.content, True, True), inner)
            elif node.type == "qualified-rule":
                declarations = tuple(
                    _declaration(d)
                    for d in tinycss2.parse_declaration_list(node.content, True, True)
                    if d.type == "declaration"
                    and (d.name.startswith("--") or d.lower_name in COLOUR_PROPERTIES)
                )
                if declarations:
                    for selector in _split_selectors(node.prelude):
                        if not NEVER_MATCHES.search(selector):
                            found.append(ParsedRule(media, selector, declarations))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), ())
    return tuple(found)


def specificity(selector: str) -> tuple[int, int, int]:
    """(ids, classes/attributes/pseudo-classes, types) of one complex selector (Selectors 4)."""
    ids = classes = types = 0
    position = 0
    while position < len(selector):
        char = selector[position]
        if char == "\\":
            position += 2
            continue
        if char in "#.[:":
            if char == "[":
                end = selector.index("]", position)
                classes += 1
                position = end + 1
                continue
            match = re.match(r"(#|\.|::?)((?:[\w-]|\\.)+)(\()?", selector[position:])
            if not match:
                position += 1
                continue
            position += match.end()
            kind, name = match[1], match[2].lower()
            if kind == "#":
                ids += 1
            elif kind == "." or (kind == ":" and not match[3]):
                classes += 1
            elif kind == "::":
                types += 1
            if match[3]:  # a functional pseudo-class: take its argument's specificity
                depth, start = 1, position
                while depth:
                    depth += {"(": 1, ")": -1}.get(selector[position], 0)
                    position += 1
                argument = selector[start : position - 1]
                if name in ("not", "is", "has"):
                    best = max(map(specificity, argument.split(",")))
                    ids, classes, types = ids + best[0], classes + best[1], types + best[2]
                elif name != "where":
                    classes += 1
            continue
        match = re.match(r"[a-zA-Z][\w-]*", selector[position:])
        if match and (position == 0 or selector[position - 1] in " >+~(,"):
            types += 1
            position += match.end()
            continue
        position += 1
    return ids, classes, types


def _rightmost_key(selector: str) -> str:
    """What an element must have for the selector to match it: ".class", "tag" or "*"."""
    depth, start = 0, 0
    for index, char in enumerate(selector):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if depth == 0 and char in " >+~":
            start = index + 1
    compound = re.sub(r"\([^()]*\)|\[[^\]]*\]", "", selector[start:])
    if "\\" in compound or "(" in compound:
        return "*"  # escaped or nested: let soupsieve decide on every element
    if match := re.search(r"\.([\w-]+)", compound):
        return "." + match[1]
    if match := re.match(r"[a-zA-Z][\w-]*", compound):
        return match[0].lower()
    if match := re.search(r"\[\s*([\w-]+)", selector[start:]):
        return "[" + match[1].lower()
    if ":root" in compound:
        return "html"
    return "*"


_COMPILED: dict[str, soupsieve.SoupSieve | None] = {}


@functools.cache
def _required_classes(selector: str) -> frozenset[str]:
    """Classes a selector needs on an element or its ancestors (those outside any :not(), :is()
    and the like, which may be alternatives): a cheap first test before matching."""
    while (stripped := re.sub(r"\([^()]*\)", "", selector)) != selector:
        selector = stripped
    return frozenset(re.findall(r"\.((?:[\w-]|\\.)+)", re.sub(r"\[[^\]]*\]", "", selector)))


class Cascade:
    """All the rules one page loads for one scheme, in order, indexed by the key their
    selector ends with (as browsers do), so each element is matched against few selectors."""

    def __init__(self, sheets: list[tuple[str, str]], scheme: str):
        self.by_key: dict[str, list[Rule]] = {}
        self.unreadable: set[str] = set()
        order = 0
        for source, css in sheets:
            for parsed in parse_stylesheet(css):
                if all(_media_applies(query, scheme) for query in parsed.media):
                    order += 1
                    rule = Rule(
                        parsed.selector,
                        specificity(parsed.selector),
                        order,
                        source,
                        parsed.declarations,
                    )
                    self.by_key.setdefault(_rightmost_key(rule.selector), []).append(rule)

    def matching(self, element: Tag, classes_around: frozenset[str]) -> list[Rule]:
        """The rules whose selector matches element; classes_around are the classes on it and
        its ancestors, which lets most selectors be ruled out before soupsieve is asked."""
        keys = [
            "*",
            element.name,
            *("." + name for name in element.get("class", [])),
            *("[" + name for name in element.attrs),
        ]
        return [
            rule
            for key in keys
            for rule in self.by_key.get(key, [])
            if _required_classes(rule.selector) <= classes_around
            and self._matches(rule.selector, element)
        ]

    def _matches(self, selector: str, element: Tag) -> bool:
        if selector not in _COMPILED:
            try:
                _COMPILED[selector] = soupsieve.compile(selector)
            except soupsieve.SelectorSyntaxError:
                _COMPILED[selector] = None
        compiled = _COMPILED[selector]
        if compiled is None:
            self.unreadable.add(selector)
        return compiled is not None and compiled.match(element)


# ---------------------------------------------------------------------------------------------
# Colours: var() substitution with a trail of where each value came from, and WCAG arithmetic.

RGBA = tuple[float, float, float, float]


def _parse_colour(text: str) -> RGBA | None:
    colour = tinycss2.color4.parse_color(text)
    if colour is None or isinstance(colour, str):  # invalid, or "currentcolor"
        return None
    red, green, blue = colour.to("srgb").coordinates
    return (*(min(max(c, 0.0), 1.0) for c in (red, green, blue)), colour.alpha)


def _over(top: RGBA, bottom: RGBA) -> RGBA:
    """Paint top over an opaque bottom (source-over alpha compositing)."""
    alpha = top[3]
    return (*(alpha * t + (1 - alpha) * b for t, b in zip(top[:3], bottom[:3], strict=True)), 1.0)


def _luminance(colour: RGBA) -> float:
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast(foreground: RGBA, background: RGBA) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _hex(colour: RGBA) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in colour[:3])


@dataclass(frozen=True)
class Value:
    """A declared value with var() substituted, and where each step of it was set."""

    text: str
    trail: tuple[str, ...]


def _var_end(text: str, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise ValueError(f"unbalanced var() in {text!r}")


def substitute(text: str, lookup) -> Value | None:
    """text with every var(--name[, fallback]) replaced; None if a name is undefined."""
    trail: list[str] = []
    while (start := text.find("var(")) >= 0:
        end = _var_end(text, start + 3)
        name, _, fallback = text[start + 4 : end].partition(",")
        found = lookup(name.strip())
        if found is None and fallback.strip():
            found = substitute(fallback.strip(), lookup)
        if found is None:
            return None
        trail += found.trail
        text = text[:start] + found.text + text[end + 1 :]
    return Value(text, tuple(trail))


# ---------------------------------------------------------------------------------------------
# Elements: the real ancestor chains of every code-text element kind in the built pages.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
TAG = re.compile(
    r"<!--.*?-->|<(script|style|svg)\b[^>]*>.*?</\1\s*>|<(/?)([a-zA-Z][\w-]*)((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
ATTRIBUTE = re.compile(r"([^\s=/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
# Attributes no colour rule here depends on; leaving them out lets equal chains share one check.
IGNORED_ATTRIBUTES = {"id", "href", "src", "title", "alt", "name", "value", "tabindex", "style"}
STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"?stylesheet[^>]*>|<style\b[^>]*>(.*?)</style>", re.S)


@functools.cache
def _attributes(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (m[1].lower(), m[2] or m[3] or m[4] or "")
        for m in ATTRIBUTE.finditer(text.rstrip("/"))
        if m[1].lower() not in IGNORED_ATTRIBUTES and not m[1].lower().startswith("aria-")
    )


Chain = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (tag, attributes) from <html> down


@dataclass(frozen=True)
class Context:
    """Where an open element sits, as far as code text goes."""

    block: str | None = None  # "highlight" (Material) or "highlight-ipynb" (notebooks)
    pre: bool = False
    code: bool = False
    linenos: bool = False


def _context(parent: Context, tag: str, classes: list[str]) -> Context:
    if tag not in ("pre", "code") and not classes:
        return parent
    block = next((c for c in classes if c in ("highlight", "highlight-ipynb")), parent.block)
    return Context(
        block,
        parent.pre or tag == "pre",
        parent.code or tag == "code",
        parent.linenos or any("linenos" in c for c in classes),
    )


def _code_text_kind(parent: Context, tag: str, classes: list[str]) -> str | None:
    """What holds code text here: a token class, a block's plain text, inline code... or None.

    Inside a block's code (everything axe's colour-contrast rule leaves to this module) every
    element counts: a token's label is its classes, ".k"; an element without one is "<span> text".
    """
    label = (f"<{tag}>" if tag != "span" else "") + "".join("." + c for c in classes)
    token = label if classes else f"<{tag}> text"
    if parent.linenos or any("linenos" in c for c in classes):
        return f".linenos {token}" if tag in ("span", "a") else None
    if (parent.block == "highlight" and parent.code) or (
        parent.block == "highlight-ipynb" and parent.pre
    ):
        return token
    if parent.block == "highlight" and tag == "code":
        return "<code> text"
    if parent.block == "highlight-ipynb" and tag == "pre":
        return "<pre> text"
    if tag == "code" and not parent.pre:
        return "inline <code>"
    return None


@dataclass
class Page:
    path: str  # relative to the site, e.g. "notebooks/capstone/"
    sheets: list[tuple[str, str]]  # (source, css) in document order
    targets: dict[str, dict[Chain, int]] = field(default_factory=dict)  # kind -> chain -> count


def _source_name(href: str) -> str:
    if "assets/stylesheets/" in href:
        return "Material's " + href.rsplit("/", 1)[-1]
    return "docs/" + href.lstrip("./")


def read_page(site: Path, html: Path) -> Page:
    text = html.read_text(encoding="utf-8")
    path = html.parent.relative_to(site).as_posix().removeprefix(".") + "/"
    sheets = []
    for match in STYLESHEET.finditer(text):
        if match[1] is not None:
            sheets.append((f"an inline <style> on /{path}", match[1]))
        else:
            href = re.search(r"href=\"([^\"]+)\"", match[0])[1]
            sheets.append((_source_name(href), (html.parent / href).read_text(encoding="utf-8")))
    page = Page(path, sheets)
    stack: list = []  # (tag, chain from <html> down to it, context) of each open element
    for match in TAG.finditer(text):
        if match[3] is None:  # a comment, script, style or inline SVG: no code text inside
            continue
        closing, tag = match[2], match[3].lower()
        if closing:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == tag:
                    del stack[index:]
                    break
            continue
        if tag in VOID or match[4].rstrip().endswith("/"):
            continue
        attributes = _attributes(match[4])
        classes = dict(attributes).get("class", "").split()
        parent_chain, parent = (stack[-1][1], stack[-1][2]) if stack else ((), Context())
        chain = (*parent_chain, (tag, attributes))
        stack.append((tag, chain, _context(parent, tag, classes)))
        if kind := _code_text_kind(parent, tag, classes):
            counts = page.targets.setdefault(kind, {})
            counts[chain] = counts.get(chain, 0) + 1
    return page


# ---------------------------------------------------------------------------------------------
# The cascade over a chain: computed colour, custom properties and background per element.


@dataclass
class Computed:
    custom: dict[str, Value]
    colour: RGBA | None
    colour_trail: tuple[str, ...]
    background: RGBA  # this element's own background-color, alpha 0 when none
    background_trail: tuple[str, ...]


INITIAL = Computed({}, (0.0, 0.0, 0.0, 1.0), ("the browser's default black",), (0, 0, 0, 0), ())


class Styler:
    """Computes one page's styles along chains, sharing work between chains with a prefix."""

    def __init__(self, cascade: Cascade, scheme: str):
        self.cascade, self.scheme = cascade, scheme
        self.soup = BeautifulSoup("", "html.parser")
        self.elements: dict[Chain, Tag] = {}
        self.computed: dict[Chain, Computed] = {}

    def element(self, chain: Chain) -> Tag:
        if chain not in self.elements:
            tag, attributes = chain[-1]
            attributes = dict(attributes)
            if tag == "body":  # what Material's palette script sets for the reader's preference
                attributes["data-md-color-scheme"] = self.scheme
            element = self.soup.new_tag(tag, attrs=attributes)
            (self.element(chain[:-1]) if len(chain) > 1 else self.soup).append(element)
            self.elements[chain] = element
        return self.elements[chain]

    @functools.cache  # noqa: B019 (one Styler per test: the cache goes with it)
    def classes_around(self, chain: Chain) -> frozenset[str]:
        own = frozenset(dict(chain[-1][1]).get("class", "").split())
        return own | self.classes_around(chain[:-1]) if len(chain) > 1 else own

    def style(self, chain: Chain) -> Computed:
        if chain in self.computed:
            return self.computed[chain]
        parent = self.style(chain[:-1]) if len(chain) > 1 else INITIAL
        rules = self.cascade.matching(self.element(chain), self.classes_around(chain))
        winners: dict[str, tuple[Declaration, Rule]] = {}
        ranked = [
            (d.important, r.specificity, r.order, d, r) for r in rules for d in r.declarations
        ]
        for *_, declaration, rule in sorted(ranked, key=lambda item: item[:3]):
            winners[declaration.name] = (declaration, rule)

        custom = dict(parent.custom)
        own = {name: win for name, win in winners.items() if name.startswith("--")}
        resolving: set[str] = set()

        def lookup(name: str) -> Value | None:
            if name in own:  # declared here: resolved here, against this element's properties
                if name in resolving:
                    return None  # a cycle makes the property invalid, as in a browser
                resolving.add(name)
                declaration, rule = own.pop(name)
                value = substitute(declaration.value, lookup)
                resolving.discard(name)
                step = f"{name}: {declaration.value} (`{rule.selector}` in {rule.source})"
                if value is None:
                    custom.pop(name, None)
                else:
                    custom[name] = Value(value.text, (step, *value.trail))
            return custom.get(name)

        for name in list(own):
            lookup(name)

        colour, colour_trail = parent.colour, parent.colour_trail
        if "color" in winners:
            declaration, rule = winners["color"]
            value = substitute(declaration.value, lookup)
            where = f"color: {declaration.value} (`{rule.selector}` in {rule.source})"
            keyword = declaration.value.lower()
            if keyword in ("inherit", "unset", "currentcolor"):
                pass
            elif value is None:
                names = ", ".join(re.findall(r"var\(\s*(--[\w-]+)", declaration.value))
                colour, colour_trail = None, (where, f"{names}: undefined or invalid here")
            else:
                colour, colour_trail = _parse_colour(value.text), (where, *value.trail)

        background, background_trail = (0.0, 0.0, 0.0, 0.0), ()
        if "background-color" in winners:
            declaration, rule = winners["background-color"]
            value = substitute(declaration.value, lookup)
            parsed = value and _parse_colour(value.text)
            if parsed:
                where = f"background: {declaration.value} (`{rule.selector}` in {rule.source})"
                background, background_trail = parsed, (where, *value.trail)

        self.computed[chain] = result = Computed(
            custom, colour, colour_trail, background, background_trail
        )
        return result

    def backdrop(self, chain: Chain) -> tuple[RGBA, tuple[str, ...]]:
        """The opaque colour behind an element's text: its own and its ancestors' backgrounds
        painted over the white canvas, and the trail of the topmost one that shows."""
        colour, trail = (1.0, 1.0, 1.0, 1.0), ("the white canvas",)
        for depth in range(1, len(chain) + 1):
            computed = self.style(chain[:depth])
            if computed.background[3] > 0:
                colour = _over(computed.background, colour)
                trail = computed.background_trail
        return colour, trail


# ---------------------------------------------------------------------------------------------
# The checks.


@dataclass(frozen=True)
class Finding:
    kind: str
    page: str
    foreground: RGBA | None
    background: RGBA
    ratio: float
    colour_trail: tuple[str, ...]
    background_trail: tuple[str, ...]
    elements: int


class Site:
    def __init__(self, site: Path):
        self.pages = [
            read_page(site, html)
            for html in sorted(site.rglob("index.html"))
            if html.parent.name != "search" and "assets" not in html.parts
        ]

    @cached_property
    def by_stylesheets(self) -> dict[tuple, list[Page]]:
        groups: dict[tuple, list[Page]] = {}
        for page in self.pages:
            groups.setdefault(tuple(css for _, css in page.sheets), []).append(page)
        return groups

    def findings(self, scheme: str) -> tuple[list[Finding], set[str]]:
        """One finding per code-text kind and page style (the worst of its contexts)."""
        findings, unreadable = [], set()
        for pages in self.by_stylesheets.values():
            cascade = Cascade(pages[0].sheets, scheme)
            styler = Styler(cascade, scheme)
            worst: dict[str, Finding] = {}
            for page in pages:
                for kind, chains in page.targets.items():
                    for chain, count in chains.items():
                        finding = self._check(styler, chain, kind, page.path, count)
                        if kind not in worst or finding.ratio < worst[kind].ratio:
                            worst[kind] = finding
            findings += worst.values()
            unreadable |= cascade.unreadable
        return findings, unreadable

    @staticmethod
    def _check(styler: Styler, chain: Chain, kind: str, page: str, count: int) -> Finding:
        computed = styler.style(chain)
        background, background_trail = styler.backdrop(chain)
        if computed.colour is None:
            return Finding(
                kind, page, None, background, 0.0, computed.colour_trail, background_trail, count
            )
        foreground = _over(computed.colour, background)
        return Finding(
            kind,
            page,
            computed.colour,
            background,
            contrast(foreground, background),
            computed.colour_trail,
            background_trail,
            count,
        )


@pytest.fixture(scope="module")
def site_css(built_site: Path) -> Site:
    return Site(built_site)


def _explain(finding: Finding, scheme: str) -> str:
    where = f"[{scheme}] {finding.kind} on /{finding.page} ({finding.elements} elements)"
    if finding.foreground is None:
        return (
            f"{where}: no colour this check can compute ({' <- '.join(finding.colour_trail)}). "
            "Give the class a colour in docs/stylesheets/extra.css, or teach "
            "tests/test_code_contrast.py the CSS it uses."
        )
    # The first custom property the colour goes through is the one meant for this job (say
    # --md-code-hl-comment-color); the ones after it are shared by other parts of the page.
    variables = [step.split(":", 1)[0] for step in finding.colour_trail if step.startswith("--")]
    rule = re.search(r"`([^`]*)` in (.*)\)$", finding.colour_trail[0])
    fix = (
        f'set {variables[0]} in the `[data-md-color-scheme="{scheme}"]` rule of '
        "docs/stylesheets/extra.css"
        if variables
        else f"override `{rule[1]}` ({rule[2]}) in docs/stylesheets/extra.css"
    )
    return (
        f"{where}: {_hex(finding.foreground)}"
        + (f" at alpha {finding.foreground[3]:.2f}" if finding.foreground[3] < 1 else "")
        + f" on {_hex(finding.background)} is {finding.ratio:.2f}:1; AA needs "
        f"{AA_NORMAL_TEXT}:1. Fix: {fix}.\n"
        f"    colour: {' <- '.join(finding.colour_trail)}\n"
        f"    background: {' <- '.join(finding.background_trail)}"
    )


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=SCHEMES.keys())
def test_every_code_colour_meets_aa_contrast(site_css: Site, scheme: str):
    """Every token class, plain code text, inline code, line number and annotation marker in the
    built pages: at least 4.5:1 against the code background, in this colour scheme."""
    findings, unreadable = site_css.findings(scheme)
    kinds = {kind for page in site_css.pages for kind in page.targets}
    assert any(kind.startswith(".") for kind in kinds), "no highlighted code token found at all"
    assert not unreadable, f"selectors this check cannot read: {sorted(unreadable)[:10]}"
    problems = [
        _explain(finding, scheme)
        for finding in sorted(findings, key=lambda f: f.ratio)
        if finding.ratio < AA_NORMAL_TEXT
    ]
    assert not problems, "Code colours below WCAG AA:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=SCHEMES.keys())
def test_the_css_model_sees_the_sites_overrides(site_css: Site, scheme: str):
    """Each --md-code-* colour docs/stylesheets/extra.css sets for a scheme is the value the
    model computes for a code block's body: proof that selectors, order and scheme are read."""
    page = next(p for p in site_css.pages if any(k.startswith(".") for k in p.targets))
    extra = next(css for source, css in page.sheets if source == "docs/stylesheets/extra.css")
    declared = {
        declaration.name: declaration.value
        for rule in parse_stylesheet(extra)
        if rule.selector.replace('"', "") == f"[data-md-color-scheme={scheme}]"
        for declaration in rule.declarations
        if declaration.name.startswith("--md-code")
    }
    chain = next(iter(next(iter(page.targets.values()))))
    body = chain[: [tag for tag, _ in chain].index("body") + 1]
    styler = Styler(Cascade(page.sheets, scheme), scheme)
    computed = styler.style(body).custom
    seen = {name: computed[name].text if name in computed else None for name in declared}
    assert seen == declared
