"""Fixtures the test modules share: one strict site build per session (and xdist worker).

Paths, pages, fences and includes come from docsite.model; building and browsing helpers from
docsite.build and docsite.browser.
"""

import os
from pathlib import Path

import pytest

from docsite.build import build_site
from docsite.sandbox import SNIPPET_ENV
from docsite.site import SITE_PATH

# Set before any snippet imports matplotlib or numpy: the snippet tests run in this process.
os.environ.update(SNIPPET_ENV)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """`mkdocs build --strict` into <tmp>/<SITE_PATH>/, once per test session (and xdist worker)."""
    site = tmp_path_factory.mktemp("pages") / SITE_PATH
    built, log = build_site(site)
    if not built:
        pytest.fail(log, pytrace=False)
    return site
