"""Promise: a measured figure quoted in a page's text is one its snippets print.

Prose is not re-run, so a figure copied from an output goes stale silently when the data
changes. Decimal figures (0.764, 14.8%) are checked against the code and `#>` output of the
snippets the page includes; whole numbers are left alone (counts, years, sizes).

Check:   pytest tests/test_prose_numbers.py    (one page: -k <page>)
"""

import re

import pytest

from docsite.model import Page, pages, rel

# Measured figures carry decimals (0.764, 14.8%); whole percentages are cited surveys (85%).
FIGURE = re.compile(r"(?<![\w.])(?P<number>\d+\.\d+(?=%)|\d+\.\d{2,})(?P<percent>%?)")
NOT_PROSE = re.compile(r"`[^`]*`|<[^>]*>|\]\([^)]*\)|https?://\S+|Python \d+\.\d+")


def _spellings(number: str, percent: str) -> set[str]:
    """How a snippet may print a figure the prose quotes: 14.8% may be 0.148 or 14.8%."""
    if not percent:
        return {number}
    fraction = float(number) / 100
    return {f"{number}%", f"{fraction:.3f}", f"{fraction:.2f}", f"{fraction:.4f}"}


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_figures_in_prose_come_from_snippet_output(page: Page):
    shown = "\n".join(
        include.file.read_text(encoding="utf-8")
        for fence in page.fences()
        for include in fence.includes
    )
    problems = [
        f"{rel(page.path)}:{number}: {match[0]} is printed by none of this page's snippets. "
        "Quote the figure the snippet prints now (it may have changed), or make the snippet "
        "print it."
        for number, text in page.prose_lines()
        for match in FIGURE.finditer(NOT_PROSE.sub(" ", text))
        if not any(s in shown for s in _spellings(match["number"], match["percent"]))
    ]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
