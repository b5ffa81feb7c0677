"""Promise: every glossary term is defined on the site.

includes/abbreviations.md is appended to every page (pymdownx.snippets auto_append), and the
abbr extension turns each term into a tooltip wherever it appears in a page's text. A term
whose definition is too short to explain anything, or that no page's prose ever uses, teaches
nobody: both fail here, naming the glossary line.

Check:   pytest tests/test_glossary.py
"""

import re

from docsite.model import ROOT, Page, pages

GLOSSARY = ROOT / "includes" / "abbreviations.md"
# The abbr extension's syntax: *[TERM]: definition
ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.*)$")
MIN_WORDS = 4
# Text a tooltip is never put on: inline code, link targets, bare URLs, HTML tags.
NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|https?://\S+|<[^>]*>")


def _entries() -> list[tuple[int, str, str]]:
    """(line, term, definition) for each entry; an unparseable line fails at once."""
    found = []
    for number, line in enumerate(GLOSSARY.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        match = ENTRY.match(line)
        assert match, (
            f"includes/abbreviations.md:{number}: not a glossary entry. Write it as "
            "*[TERM]: definition"
        )
        found.append((number, match["term"], match["definition"].strip()))
    return found


def _prose(page: Page) -> str:
    """A page's text without front matter, fenced code, inline code or link targets."""
    return "\n".join(NOT_PROSE.sub(" ", text) for _, text in page.prose_lines(front_matter=False))


def test_every_glossary_term_has_a_definition():
    problems = [
        f"includes/abbreviations.md:{number}: {term!r} is defined in "
        f"{len(definition.split())} word(s); say what it is in at least {MIN_WORDS}."
        for number, term, definition in _entries()
        if len(definition.split()) < MIN_WORDS
    ]
    assert not problems, "\n".join(problems)


def test_every_glossary_term_is_used_in_a_page():
    prose = [_prose(page) for page in pages()]
    problems = []
    for number, term, _ in _entries():
        # The same match the abbr extension makes: the exact term, on word boundaries.
        pattern = re.compile(rf"\b{re.escape(term)}\b")
        if not any(pattern.search(text) for text in prose):
            problems.append(
                f"includes/abbreviations.md:{number}: {term!r} appears in no page's prose (code "
                "and links do not count), so its tooltip is never shown. Use the term where a "
                "page needs it, or delete the entry."
            )
    assert not problems, "\n".join(problems)
