"""Promise: each page's published requirement set is current, covers every import of its code,
and the install sizes the site states are the measured ones.

A reader without git or make installs one file, snippets/<page>/requirements.txt, and runs the
page's code. These tests are offline: they compare files and metadata, and install nothing.
What a page loads at run time is held by tests/test_copy_paste.py, which runs each page seeing
only its set; `make reader-check` installs each set for real (docsite/reader_check.py) and
`python -m docsite.reader_check --write-sizes` measures the sizes.
"""

import functools
import hashlib
import importlib.metadata
import json
import re
import tomllib

import pytest

from docsite import imports, requirements
from docsite.model import DOCS, ROOT, Page, rel
from docsite.requirements import published

SIZES = json.loads((DOCS / "install-sizes.json").read_text(encoding="utf-8"))
RUN_PAGE = DOCS / "run-the-code-yourself.md"
GENERATE = "`python -m docsite.requirements`"
REMEASURE = (
    "run `python -m docsite.reader_check --write-sizes`, then copy its numbers into the table"
)


@functools.cache
def _sets() -> dict[str, requirements.RequirementSet]:
    return {s.name: s for s in requirements.requirement_sets()}


@pytest.mark.parametrize("name", [*imports.pages(), requirements.ALL_PAGES], ids=str)
def test_committed_requirement_files_are_current(name: str):
    # Per page, so that `make test PAGE=<page>` checks its set; "all" also owns the orphans.
    sets = [_sets()[name]]
    problems = [
        f"{rel(path)} is stale (or missing): run {GENERATE}, and commit what it writes."
        for path in requirements.stale_files(sets)
    ]
    expected = {s.path for s in _sets().values()}
    for extra in sorted((ROOT / "snippets").rglob("requirements.txt")):
        if name == requirements.ALL_PAGES and extra not in expected:
            problems.append(f"{rel(extra)}: no page shows code from this folder; delete it.")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", imports.pages(), ids=str)
def test_page_requirements_pin_every_import(page):
    path = ROOT / "snippets" / page / "requirements.txt"
    assert path.is_file(), f"{rel(path)} does not exist: run {GENERATE}."
    pinned = published(path)
    listed = imports.direct_requirements()
    problems = []
    for found in imports.third_party_imports(page):
        for dist in imports.distributions_of(found, listed):
            if dist not in pinned:
                problems.append(
                    f"{found.where}: imports {found.module} (distribution {dist}), which "
                    f"{rel(path)} does not pin. Run {GENERATE}."
                )
    assert not problems, "\n".join(problems)


def test_measured_sizes_are_of_the_published_files():
    """docs/install-sizes.json measured these exact files: a changed file needs a new measure."""
    problems = []
    for name, measured in SIZES["sets"].items():
        path = ROOT / measured["file"]
        if not path.is_file():
            problems.append(f"docs/install-sizes.json: {name} names {measured['file']}, missing.")
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != measured["sha256"]:
            problems.append(f"{measured['file']} changed since it was measured: {REMEASURE}.")
        if measured["packages"] != len(published(path)):
            problems.append(f"docs/install-sizes.json: {name} has a wrong package count.")
    expected = {*imports.pages(), requirements.ALL_PAGES}
    if set(SIZES["sets"]) != expected:
        problems.append(
            f"docs/install-sizes.json measures {sorted(SIZES['sets'])}, not {sorted(expected)}: "
            f"{REMEASURE}."
        )
    assert not problems, "\n".join(problems)


# A table row: | [Page](p.md) | [requirements.txt](snippets/p/requirements.txt) | 62 | 1,340 MB |
ROW = re.compile(
    r"^\|.*\]\((?P<file>snippets/[^)]*requirements\.txt)\)(\{[^}]*\})?\s*\|"
    r"\s*(?P<packages>\d+)\s*\|\s*(?P<mb>[\d,]+) MB\s*\|\s*$"
)


def test_the_page_states_the_measured_sizes():
    page = Page(RUN_PAGE)
    by_file = {m["file"]: m for m in SIZES["sets"].values()}
    stated = {}
    problems = []
    for number, line in page.prose_lines():
        if row := ROW.match(line):
            stated[row["file"]] = row["file"]
            measured = by_file.get(row["file"])
            if measured is None:
                problems.append(f"{rel(RUN_PAGE)}:{number}: {row['file']} was never measured.")
                continue
            said = (int(row["packages"]), int(row["mb"].replace(",", "")))
            if said != (measured["packages"], measured["site_packages_mb"]):
                problems.append(
                    f"{rel(RUN_PAGE)}:{number}: states {said[0]} packages, {said[1]} MB for "
                    f"{row['file']}; docs/install-sizes.json has {measured['packages']}, "
                    f"{measured['site_packages_mb']} MB. Copy the measured numbers."
                )
    for file in sorted(set(by_file) - set(stated)):
        problems.append(f"{rel(RUN_PAGE)}: the table has no row for {file}; add one.")
    for fact in (SIZES["measured"], f"Python {SIZES['python']}", SIZES["machine"]):
        if fact not in page.text:
            problems.append(f"{rel(RUN_PAGE)}: say where the sizes were measured: {fact!r}.")
    assert not problems, "\n".join(problems)


def test_the_lock_holds_every_pin_of_requirements_in():
    """requirements.txt is uv's universal lock of requirements.in: every direct pin is in it, at
    its version, and nothing is typed by hand (its header names the command that wrote it)."""
    locked = requirements.lock()
    problems = [
        f"requirements.in pins {req}, but requirements.txt locks "
        f"{[e.version for e in locked.get(name, [])] or 'nothing'} for it: run `make lock`."
        for name, req in imports.direct_requirements().items()
        if not locked.get(name) or any(e.version not in req.specifier for e in locked[name])
    ]
    header = requirements.LOCK_FILE.read_text(encoding="utf-8").splitlines()[:2]
    if header != [
        "# This file was autogenerated by uv via the following command:",
        "#    make lock",
    ]:
        problems.append("requirements.txt was not written by `make lock`: run it.")
    assert not problems, "\n".join(problems)


def test_docsite_is_installed_from_this_repository():
    """`make install` installs docsite editable: the distribution pyproject.toml declares is the
    one requirements.HARNESS keeps visible to the pasted page, and it points here."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == requirements.DOCSITE
    try:
        dist = importlib.metadata.distribution(requirements.DOCSITE)
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(f"{requirements.DOCSITE} is not installed: run `make install`.", pytrace=False)
    url = json.loads(dist.read_text("direct_url.json") or "{}")
    assert url.get("dir_info", {}).get("editable") and url["url"] == ROOT.as_uri(), (
        f"{requirements.DOCSITE} is not installed editable from {ROOT}: run `make install`."
    )
    assert requirements.DOCSITE in requirements.harness_distributions()
