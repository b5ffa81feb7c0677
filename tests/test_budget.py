"""Promise: every page stays fast on a phone (issue 15), counted, not timed.

For every page of the built site, one load in Chromium at a phone's viewport with the CPU slowed
4x (Lighthouse's mobile preset) is counted by docsite/pagecost.py: elements in the document,
gzipped bytes of everything the page requests on load, script and stylesheet requests, and
main-thread long tasks (over 50 ms). Each must stay within the page's entry in tests/budget.json,
written from measurements plus a margin by `python -m docsite.pagecost --write-budget`.

Lighthouse scores are not checked here: they move by 10 points with the machine's load. The
counts here move only when the site does, except long tasks, which a busy machine can add: a page
over its long-task budget is loaded again, up to three times, and fails only if every load is over.
Without a browser these tests skip with a hint; under CI (CI=true) they fail.

No page loads a script that may run before its first paint: each is `defer`, `async` or a
module (hooks/lighter_pages.py, item 6, says what a blocking one cost).
"""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from docsite.browser import site_pages
from docsite.model import DOCS, ROOT
from docsite.pagecost import BUDGET_FILE, load_budget, measure, over_budget, page_key

LONG_TASK_TRIES = 3
HOW_TO_ADD = (
    "Build and measure the site, and write the budget for every page: "
    "`python -m docsite.pagecost --write-budget` (five loads per page: 5-15 minutes), "
    "then review and commit "
    f"the change to {BUDGET_FILE.relative_to(ROOT)}."
)


def _source_pages() -> list[str]:
    """Pages as MkDocs will build them, known before the build, for the test ids."""
    found = []
    for source in sorted([*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")]):
        path = source.relative_to(DOCS).with_suffix("")
        if ".ipynb_checkpoints" in path.parts:
            continue
        found.append("" if path.as_posix() == "index" else path.as_posix() + "/")
    return found


def test_every_built_page_has_a_budget(built_site: Path):
    budget = load_budget()
    built = {page_key(p) for p in site_pages(built_site)}
    missing = sorted(built - budget.keys())
    stale = sorted(budget.keys() - built)
    problems = [
        f"/{k}: the site has this page, and {BUDGET_FILE.name} has no budget for it"
        for k in missing
    ]
    problems += [f"{BUDGET_FILE.name} budgets {k!r}, which the site no longer has" for k in stale]
    assert not problems, "\n".join(problems) + "\n" + HOW_TO_ADD


@pytest.mark.parametrize("page_path", _source_pages(), ids=lambda p: page_key(p))
def test_page_stays_within_its_budget(browser, site_url: str, built_site: Path, page_path: str):
    if page_key(page_path) not in {page_key(p) for p in site_pages(built_site)}:
        pytest.skip(f"{page_path or 'index'} is not a page of the built site (not in nav?)")
    limits = load_budget().get(page_key(page_path))
    if limits is None:
        pytest.fail(f"/{page_path}: no budget in {BUDGET_FILE.name}. {HOW_TO_ADD}", pytrace=False)
    cost = measure(browser, site_url, built_site, page_path)
    problems = over_budget(cost, limits, ("dom_nodes", "gzip_bytes", "scripts", "styles"))
    tries = [cost.long_task_ms]
    while over_budget(cost, limits, ("long_tasks",)) and len(tries) < LONG_TASK_TRIES:
        cost = measure(browser, site_url, built_site, page_path)
        tries.append(cost.long_task_ms)
    if slow := over_budget(cost, limits, ("long_tasks",)):
        problems += [f"{slow[0]} Long tasks (ms) in each of {len(tries)} loads: {tries}"]
    assert not problems, "\n".join(problems)


def test_no_script_delays_the_first_paint(built_site: Path):
    blocking = []
    for path in (p.lstrip("/") for p in site_pages(built_site)):
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        for script in BeautifulSoup(html, "html.parser").find_all("script", src=True):
            waits = script.has_attr("defer") or script.has_attr("async")
            # An empty src (mkdocs-jupyter writes one per notebook page) fetches and runs nothing.
            if script["src"] and not waits and script.get("type") != "module":
                blocking.append(f"/{path}: <script src={script['src']!r}>")
    assert not blocking, (
        "These scripts may run before the page's first paint, which delays it on a phone:\n"
        + "\n".join(blocking)
        + "\nLoad them with `defer` (mkdocs.yml: extra_javascript: - path: ...; defer: true), "
        "or, for Material's own bundle, check _BUNDLE in hooks/lighter_pages.py."
    )
