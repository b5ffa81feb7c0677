"""Promise: every page stays fast on a phone (issue 15), counted, not timed.

For every page of the built site, one load in Chromium at a phone's viewport with the CPU slowed
4x (Lighthouse's mobile preset) is counted by docsite/pagecost.py: elements in the document,
gzipped bytes of everything the page requests on load, script and stylesheet requests, and
main-thread long tasks (over 50 ms). Each must stay within the page's entry in docsite/budget.json,
written from measurements plus a margin by `python -m docsite.pagecost --write-budget`.

Lighthouse scores are not checked here: they move by 10 points with the machine's load. The
counts here move only when the site does, except long tasks, which a busy machine can add: a page
over its long-task budget is loaded again, up to three times, each after the machine has quietened
(the other worker may be running a page's code; at most 60 s of waiting), and fails only if every
load is over. The failure gives the load average of each try.
Without a browser these tests skip with a hint; under CI (CI=true) they fail.

No page loads a script that may run before its first paint: each is `defer`, `async` or a
module (hooks/lighter_pages.py, item 6, says what a blocking one cost).

Every check is parametrized by page, with the page's name as its id (the home page is `index`,
its budget entry "home"), so `make test PAGE=<page>` runs them; what no page owns (a stale entry
in the budget) is checked under rest-of-site.
"""

import os
import time
from pathlib import Path

import pytest

from docsite.browser import site_pages
from docsite.build import REST, BuiltPage, built_pages, page_id, page_params, parsed, unowned_pages
from docsite.model import ROOT, rel
from docsite.pagecost import BUDGET_FILE, load_budget, measure, over_budget, page_key

LONG_TASK_TRIES = 3
QUIET_WAIT_S = 60  # the longest a retry waits for the machine to quieten


def _wait_until_quieter() -> float:
    """Wait, up to QUIET_WAIT_S, until the 1-minute load average is below the number of cores;
    return it. Long tasks on a slowed CPU grow when another process takes the cores."""
    deadline = time.monotonic() + QUIET_WAIT_S
    while os.getloadavg()[0] >= (os.cpu_count() or 1) and time.monotonic() < deadline:
        time.sleep(2)
    return round(os.getloadavg()[0], 1)


HOW_TO_ADD = (
    "Build and measure the site, and write the budget for every page: "
    "`python -m docsite.pagecost --write-budget` (five loads per page: 5-15 minutes), "
    "then review and commit "
    f"the change to {BUDGET_FILE.relative_to(ROOT)}."
)


def _is_built(page: BuiltPage, built_site: Path) -> None:
    if not page.html(built_site).is_file():
        pytest.skip(
            f"/{page.path} is not a page of the built site: test_site_builds_strict says why"
        )


@pytest.mark.parametrize("page", page_params(), ids=page_id)
def test_every_built_page_has_a_budget(page: BuiltPage | str, built_site: Path):
    """The page has an entry in the budget; under rest-of-site, no entry is for a page the site
    no longer has, and no page built from no source lacks one."""
    budget = load_budget()
    if page != REST:
        _is_built(page, built_site)
        assert page_key(page.path) in budget, (
            f"{rel(page.source)}: the site has the page /{page.path}, and {BUDGET_FILE.name} has "
            f"no budget for it ({page_key(page.path)!r}).\n{HOW_TO_ADD}"
        )
        return
    built = {page_key(p) for p in site_pages(built_site)}
    missing = sorted({page_key(p) for p in unowned_pages(built_site)} - budget.keys())
    stale = sorted(budget.keys() - built)
    problems = [
        f"/{k}: the site has this page, and {BUDGET_FILE.name} has no budget for it"
        for k in missing
    ]
    problems += [f"{BUDGET_FILE.name} budgets {k!r}, which the site no longer has" for k in stale]
    assert not problems, "\n".join(problems) + "\n" + HOW_TO_ADD


@pytest.mark.parametrize("page", built_pages(), ids=page_id)
def test_page_stays_within_its_budget(browser, site_url: str, built_site: Path, page: BuiltPage):
    _is_built(page, built_site)
    page_path = page.path
    limits = load_budget().get(page_key(page_path))
    if limits is None:
        pytest.fail(f"/{page_path}: no budget in {BUDGET_FILE.name}. {HOW_TO_ADD}", pytrace=False)
    cost = measure(browser, site_url, built_site, page_path)
    problems = over_budget(cost, limits, ("dom_nodes", "gzip_bytes", "scripts", "styles"))
    tries, loads = [cost.long_task_ms], [round(os.getloadavg()[0], 1)]
    while over_budget(cost, limits, ("long_tasks",)) and len(tries) < LONG_TASK_TRIES:
        loads.append(_wait_until_quieter())
        cost = measure(browser, site_url, built_site, page_path)
        tries.append(cost.long_task_ms)
    if slow := over_budget(cost, limits, ("long_tasks",)):
        problems += [
            f"{slow[0]} Long tasks (ms) in each of {len(tries)} loads: {tries}, at load "
            f"averages {loads}"
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", page_params(), ids=page_id)
def test_no_script_delays_the_first_paint(page: BuiltPage | str, built_site: Path):
    if page == REST:
        paths = unowned_pages(built_site)
    else:
        _is_built(page, built_site)
        paths = [page.path]
    blocking = []
    for path in paths:
        for script in parsed(built_site / path / "index.html").find_all("script", src=True):
            waits = script.has_attr("defer") or script.has_attr("async")
            # An empty src (mkdocs-jupyter writes one per notebook page) fetches and runs nothing.
            if script["src"] and not waits and script.get("type") != "module":
                found = page.where(script["src"]) if page != REST else ""
                where = f"{found} (/{path})" if ":" in found else f"/{path}"
                blocking.append(f"{where}: <script src={script['src']!r}>")
    assert not blocking, (
        "These scripts may run before the page's first paint, which delays it on a phone:\n"
        + "\n".join(blocking)
        + "\nLoad them with `defer` (mkdocs.yml: extra_javascript: - path: ...; defer: true), "
        "or, for Material's own bundle, check _BUNDLE in hooks/lighter_pages.py."
    )
