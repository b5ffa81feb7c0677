"""Promise: every section page teaches in the same five parts.

A newcomer meets the same shape on each section page and the capstone: what they will learn,
what to know (and how long it takes) before starting, the lesson, the key takeaways, and
exercises whose solutions are tested snippets. The lesson itself is free-form; the four named
parts around it are checked here.

Check:   pytest tests/test_page_parts.py
"""

import itertools
import re

import pytest

from docsite.model import DOCS, INCLUDE, rel

# The pages a reader works through after the primers, in nav order. A new section page joins
# this list when it is added to the series.
SECTION_PAGES = (
    "why-data-science-initiatives-fail",
    "what-is-mlops",
    "what-is-ml-engineering",
    "testing-and-ci-cd",
    "the-production-loop",
    "how-to-become-an-ml-engineer",
    "capstone",
)
# The four named parts, in the order a page must show them (the lesson sits between the 2nd and
# the 3rd).
PARTS = ("What you will learn", "Before you start", "Key takeaways", "Exercises")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+?)\s*$")
EXERCISE = re.compile(r'^!!! question "(?P<title>[^"]*)"')
SOLUTION = re.compile(r'^\s+\?\?\?\+? success "Solution"')


def _lines_outside_code(text: str) -> list[tuple[int, str]]:
    """(line number, text) of every line not inside a fenced code block."""
    kept, fence = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if match := FENCE.match(line):
            marker = match[1]
            if fence is None:
                fence = marker
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is None:
            kept.append((number, line))
    return kept


def _h2_lines(text: str) -> dict[str, int]:
    """The first line of each level-2 heading, by its text."""
    found = {}
    for number, line in _lines_outside_code(text):
        if (m := HEADING.match(line)) and len(m["level"]) == 2:
            found.setdefault(m["text"], number)
    return found


def _section(text: str, heading: str) -> list[str]:
    """The lines under a level-2 heading, up to the next level-1 or level-2 heading."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"## {heading}")
    body = []
    for line in lines[start + 1 :]:
        if (m := HEADING.match(line)) and len(m["level"]) <= 2:
            break
        body.append(line)
    return body


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_section_page_has_the_five_parts(name: str):
    page = DOCS / f"{name}.md"
    where = rel(page)
    if not page.is_file():
        pytest.fail(f"{where} does not exist, but SECTION_PAGES lists it.", pytrace=False)
    text = page.read_text(encoding="utf-8")
    headings = _h2_lines(text)

    if missing := [part for part in PARTS if part not in headings]:
        pytest.fail(
            f"{where}: missing the heading(s) {', '.join(f'## {p}' for p in missing)}. Every "
            'section page has, in this order: ## What you will learn (after the "Files for this '
            'page" box), ## Before you start, the lesson, ## Key takeaways, ## Exercises.',
            pytrace=False,
        )
    placed = [(part, headings[part]) for part in PARTS]
    for (part, line), (next_part, next_line) in itertools.pairwise(placed):
        if line > next_line:
            pytest.fail(
                f"{where}:{next_line}: ## {next_part} comes before ## {part} (line {line}). "
                f"The order is: {' < '.join(PARTS)}.",
                pytrace=False,
            )

    outcomes = [line for line in _section(text, PARTS[0]) if re.match(r"^(-|\d+\.) ", line)]
    if not 3 <= len(outcomes) <= 5:
        pytest.fail(
            f"{where}:{headings[PARTS[0]]}: ## {PARTS[0]} lists {len(outcomes)} outcomes; "
            "give 3 to 5, as a list.",
            pytrace=False,
        )


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_every_exercise_has_a_tested_solution(name: str):
    page = DOCS / f"{name}.md"
    where = rel(page)
    text = page.read_text(encoding="utf-8")
    if "## Exercises" not in text.splitlines():
        pytest.fail(f"{where}: missing the heading ## Exercises.", pytrace=False)
    body = _section(text, "Exercises")
    first = text.splitlines().index("## Exercises") + 2  # line number of body[0]

    exercises: list[tuple[int, str, list[str]]] = []  # (line, title, lines of the block)
    for offset, line in enumerate(body):
        if m := EXERCISE.match(line):
            exercises.append((first + offset, m["title"], []))
        elif exercises and (line.startswith(" ") or not line.strip()):
            exercises[-1][2].append(line)
    if not exercises:
        pytest.fail(
            f"{where}: ## Exercises holds no exercise. Write each as "
            '!!! question "Exercise N: ..." with a ??? success "Solution" block inside.',
            pytrace=False,
        )
    problems = []
    for line, title, block in exercises:
        solutions = [i for i, text in enumerate(block) if SOLUTION.match(text)]
        includes = [
            m["target"]
            for i in solutions[:1]
            for text in block[i + 1 :]
            if (m := INCLUDE.match(text)) and m["target"].startswith("snippets/")
        ]
        if not includes:
            problems.append(
                f"{where}:{line}: {title!r} has no solution block that includes a snippet. Add "
                '??? success "Solution" containing a ```python title="snippets/<page>/'
                'exercise_N.py"``` fence with --8<-- "snippets/<page>/exercise_N.py".'
            )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
