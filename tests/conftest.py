"""Fixtures the test modules share: one strict site build, its server and one Chromium per
session (and xdist worker); and the order the two workers take the tests in.

Paths, pages, fences and includes come from docsite.model; building and browsing helpers from
docsite.build and docsite.browser.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from docsite.browser import CHROMIUM_FLAGS, find_browser, serve
from docsite.build import build_site
from docsite.sandbox import SNIPPET_ENV
from docsite.site import SITE_PATH
from docsite.tested import record_session

# The copy-paste kernels and the model projects' tests inherit these (docsite/sandbox.py says why).
os.environ.update(SNIPPET_ENV)

# Modules whose tests run a page's code, a real server or a whole pytest run: 5 to 50 s a test,
# where the other 480-odd take a few seconds at most. They go first, and `make test` hands the
# workers one test at a time (--maxschedchunk=1), so the long ones spread over both workers and
# the short ones fill in at the end; in collection order, one worker could end on a 50 s page
# while the other sat idle (CONTRIBUTING, "How long the tests take", has the measurements).
SLOW_FIRST = (
    "test_copy_paste.py",
    "test_contributor_errors.py",
    "test_prometheus_rules.py",
    "test_model_project.py",
    "test_benchmarks.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return SLOW_FIRST.index(name) if name in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: within a rank, the order pytest collected


# The worst outcome of each test's setup, call and teardown, for the "Tested on" record.
_OUTCOMES: dict[str, str] = {}
_RANK = {"passed": 0, "skipped": 1, "failed": 2}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    before = _OUTCOMES.get(report.nodeid, "passed")
    _OUTCOMES[report.nodeid] = max(before, report.outcome, key=_RANK.__getitem__)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Record which pages' code ran green (docsite/tested.py), once, in the process that sees
    every test's report: xdist's controller, or the only process without xdist."""
    if not hasattr(session.config, "workerinput") and _OUTCOMES:
        record_session(_OUTCOMES)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """`mkdocs build --strict` into <tmp>/<SITE_PATH>/, once per test session (and xdist worker)."""
    site = tmp_path_factory.mktemp("pages") / SITE_PATH
    built, log = build_site(site)
    if not built:
        pytest.fail(log, pytrace=False)
    return site


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served from 127.0.0.1 under /<repo-name>/ like GitHub Pages."""
    with serve(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Chromium, driven by Playwright. Without one the browser tests skip with a hint, except
    under CI (CI=true), where a missing browser must not pass for a checked page."""
    executable = find_browser()
    if executable is None:
        message = (
            "no Chromium or Chrome found: install one (Debian/Ubuntu: `sudo apt-get install "
            "chromium`; `make test` does it as root or with passwordless sudo) or set "
            "CHROMIUM=/path/to/chrome."
        )
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests cannot run under CI: {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
