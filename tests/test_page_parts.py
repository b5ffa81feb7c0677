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

from docsite.model import DOCS, SECTION_PAGES, Heading, Page, rel

# The four named parts, in the order a page must show them (the lesson sits between the 2nd and
# the 3rd).
PARTS = ("What you will learn", "Before you start", "Key takeaways", "Exercises")
EXERCISE = re.compile(r'^!!! question "(?P<title>[^"]*)"')
SOLUTION = re.compile(r'^\s+\?\?\?\+? success "Solution"')


def _h2(page: Page) -> dict[str, Heading]:
    """Each level-2 heading of the page, by its text (the first, where two share a text)."""
    found = {}
    for heading in page.headings():
        if heading.level == 2:
            found.setdefault(heading.text, heading)
    return found


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_section_page_has_the_five_parts(name: str):
    path = DOCS / f"{name}.md"
    where = rel(path)
    if not path.is_file():
        pytest.fail(f"{where} does not exist, but SECTION_PAGES lists it.", pytrace=False)
    page = Page(path)
    headings = _h2(page)

    if missing := [part for part in PARTS if part not in headings]:
        pytest.fail(
            f"{where}: missing the heading(s) {', '.join(f'## {p}' for p in missing)}. Every "
            'section page has, in this order: ## What you will learn (after the "Files for this '
            'page" box), ## Before you start, the lesson, ## Key takeaways, ## Exercises.',
            pytrace=False,
        )
    placed = [(part, headings[part].line) for part in PARTS]
    for (part, line), (next_part, next_line) in itertools.pairwise(placed):
        if line > next_line:
            pytest.fail(
                f"{where}:{next_line}: ## {next_part} comes before ## {part} (line {line}). "
                f"The order is: {' < '.join(PARTS)}.",
                pytrace=False,
            )

    outcomes = [
        text for _, text in page.section(headings[PARTS[0]]) if re.match(r"^(-|\d+\.) ", text)
    ]
    if not 3 <= len(outcomes) <= 5:
        pytest.fail(
            f"{where}:{headings[PARTS[0]].line}: ## {PARTS[0]} lists {len(outcomes)} outcomes; "
            "give 3 to 5, as a list.",
            pytrace=False,
        )


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_every_exercise_has_a_tested_solution(name: str):
    page = Page(DOCS / f"{name}.md")
    where = rel(page.path)
    if "Exercises" not in (headings := _h2(page)):
        pytest.fail(f"{where}: missing the heading ## Exercises.", pytrace=False)

    exercises: list[tuple[int, str, list[tuple[int, str]]]] = []  # (line, title, block's lines)
    for number, text in page.section(headings["Exercises"]):
        if m := EXERCISE.match(text):
            exercises.append((number, m["title"], []))
        elif exercises and (text.startswith(" ") or not text.strip()):
            exercises[-1][2].append((number, text))
    if not exercises:
        pytest.fail(
            f"{where}: ## Exercises holds no exercise. Write each as "
            '!!! question "Exercise N: ..." with a ??? success "Solution" block inside.',
            pytrace=False,
        )
    problems = []
    for line, title, block in exercises:
        solutions = [number for number, text in block if SOLUTION.match(text)]
        in_block = {number for number, _ in block}
        includes = [
            include
            for include in page.includes()
            if solutions
            and include.line > solutions[0]
            and include.line in in_block
            and include.target.startswith("snippets/")
        ]
        if not includes:
            problems.append(
                f"{where}:{line}: {title!r} has no solution block that includes a snippet. Add "
                '??? success "Solution" containing a ```python title="snippets/<page>/'
                'exercise_N.py"``` fence with --8<-- "snippets/<page>/exercise_N.py".'
            )
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
