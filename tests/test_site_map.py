"""Promise: the home page is a true map of the course, and every "Where to go next" follows it.

The map (index.md, "## The course, page by page") lists every page of mkdocs.yml's nav in nav
order, each with the reading time its own page states. Each lesson's "## Where to go next"
links first to the page after it in the nav; the last lesson links first back to the map.
"""

import re

import pytest

from docsite.model import SECTION_PAGES, Page, nav_pages, rel

MAP_HEADING = "The course, page by page"
NEXT_HEADING = "Where to go next"
LINK = re.compile(r"\]\((?P<target>[\w./-]+\.md)(?:#[\w-]*)?\)")
ENTRY = re.compile(
    r"^\s*\d+\.\s+\*\*\[[^\]]+\]\((?P<target>[\w./-]+\.md)\)\*\*,\s+(?P<minutes>\d+)\b"
)
# "**Time:** about 25 minutes to read", near the top of a page.
TIME = re.compile(r"^\*\*Time:\*\* about (?P<minutes>\d+) minutes")


def _heading(page: Page, text: str):
    return next((h for h in page.headings() if h.level == 2 and h.text == text), None)


def _stated_minutes(page: Page) -> int | None:
    return next((int(m["minutes"]) for _, line in page.lines() if (m := TIME.match(line))), None)


def test_the_home_page_lists_every_page_in_nav_order_with_its_time():
    home, *course = nav_pages()
    heading = _heading(home, MAP_HEADING)
    assert heading, f"{rel(home.path)}: no '## {MAP_HEADING}' section, the map of the course."
    entries = [(number, m) for number, line in home.section(heading) if (m := ENTRY.match(line))]
    listed = [m["target"] for _, m in entries]
    expected = [page.path.name for page in course]
    assert listed == expected, (
        f"{rel(home.path)}:{heading.line}: the map lists {listed}, but mkdocs.yml's nav has "
        f"{expected}. Give every nav page one numbered entry, '1. **[Title](page.md)**, N "
        "minutes. What it teaches.', in nav order."
    )
    problems = []
    for (number, entry), page in zip(entries, course, strict=True):
        stated = _stated_minutes(page)
        if stated is None:
            problems.append(f"{rel(page.path)}: no '**Time:** about N minutes' line to map from.")
        elif int(entry["minutes"]) != stated:
            problems.append(
                f"{rel(home.path)}:{number}: the map says {entry['minutes']} minutes for "
                f"{page.path.name}, which says {stated}. Copy the page's own time."
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_where_to_go_next_leads_to_the_next_page(name: str):
    pages = nav_pages()
    position = next(i for i, page in enumerate(pages) if page.name == name)
    page = pages[position]
    heading = _heading(page, NEXT_HEADING)
    if heading is None:
        pytest.fail(f"{rel(page.path)}: no '## {NEXT_HEADING}' section.", pytrace=False)
    following = pages[position + 1] if position + 1 < len(pages) else pages[0]
    links = [m["target"] for _, line in page.section(heading) for m in LINK.finditer(line)]
    if not links or links[0] != following.path.name:
        pytest.fail(
            f"{rel(page.path)}:{heading.line}: '## {NEXT_HEADING}' links first to "
            f"{links[0] if links else 'nothing'}, but the next page in mkdocs.yml's nav is "
            f"{following.path.name}. Link it first, so a reader can follow the course.",
            pytrace=False,
        )
