"""When each page's code last ran green, on which Pythons: the record behind every page's
"Tested on" stamp (hooks/stamp.py).

A test session records what it saw (tests/conftest.py calls `record_session` at its end): a page
is green when its copy-paste run (the page's code, pasted block by block as a reader does) passed
and no other test of that page failed or skipped. Its entry in .tested/python-<X.Y>.json then gets
the session's date. A page that was not green keeps the date it last was, and a run of a few pages
(`make test PAGE=...`) leaves the others as they were. The date is the test run's; the site shows
it as built, and nothing reads a clock when a reader opens the page.

CI's test jobs hand their .tested/ to the job that builds the site (.github/workflows/publish.yml),
so the published stamp says what CI ran. A build without a record says the code has not run yet.
"""

from __future__ import annotations

import datetime
import fcntl
import functools
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from docsite.imports import direct_requirements, written_distributions
from docsite.model import DOCS, ROOT, Page, code_pages, rel
from docsite.newest import SITE_WIDE, page_of

RECORD_DIR = ROOT / ".tested"
# The test that runs a page's code as a reader pastes it; its id ends in [<page>].
CODE_RUN = "test_copy_paste.py::test_page_runs_when_copied_block_by_block"


def this_python() -> str:
    return "{}.{}".format(*sys.version_info[:2])


def record_file(python: str, folder: Path = RECORD_DIR) -> Path:
    return folder / f"python-{python}.json"


def green_pages(outcomes: Mapping[str, str], names: Iterable[str]) -> set[str]:
    """Pages whose code run passed and whose every other test passed too. `outcomes` maps a test
    id to "passed", "failed" or "skipped" (the worst of its setup, call and teardown)."""
    names = list(names)
    ran, spoiled = set(), set()
    for nodeid, outcome in outcomes.items():
        page = page_of(nodeid, names)
        if page == SITE_WIDE:
            continue
        if outcome != "passed":
            spoiled.add(page)
        elif nodeid.endswith(f"{CODE_RUN}[{page}]"):
            ran.add(page)
    return ran - spoiled


def record_session(
    outcomes: Mapping[str, str],
    python: str | None = None,
    date: datetime.date | None = None,
    folder: Path = RECORD_DIR,
) -> Path:
    """Give each green page of the session `date` (today, UTC) in the record of `python`."""
    green = green_pages(outcomes, [page.name for page in code_pages()])
    date = date or datetime.datetime.now(datetime.UTC).date()
    path = record_file(python or this_python(), folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        record = json.loads(handle.read() or "{}")
        record.update({page: date.isoformat() for page in green})
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(dict(sorted(record.items())), indent=2) + "\n")
    return path


@dataclass(frozen=True)
class Stamp:
    """What a page's stamp says of its code."""

    date: datetime.date | None  # the newest date it ran green on any Python; None: never
    pythons: tuple[str, ...]  # the Pythons it ran green on, oldest first
    libraries: tuple[tuple[str, str], ...]  # (distribution, version) its code imports directly
    requirements: str  # the page's requirements file, relative to the repository


def read_records(folder: Path = RECORD_DIR) -> dict[str, dict[str, datetime.date]]:
    """python -> page -> date, from every record in `folder`."""
    records = {}
    for path in sorted(folder.glob("python-*.json")):
        python = path.stem.removeprefix("python-")
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
            records[python] = {p: datetime.date.fromisoformat(d) for p, d in entries.items()}
        except (ValueError, AttributeError) as error:
            raise ValueError(
                f"{rel(path)} is not a test record ({error}): delete it and run `make test`"
            ) from None
    return records


def pinned_versions(requirements: Path) -> dict[str, str]:
    """distribution -> version, from a requirements file of name==version lines."""
    versions = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            versions[canonicalize_name(requirement.name)] = str(requirement.specifier).lstrip("=")
    return versions


@functools.cache
def _libraries(page: str) -> tuple[tuple[str, str], ...]:
    requirements = Page(DOCS / f"{page}.md").snippet_folder / "requirements.txt"
    if not requirements.is_file():
        # A new page before `python -m docsite.requirements`: tests/test_requirements.py says so;
        # its stamp names no versions, and the site still builds for the other checks.
        return ()
    versions = pinned_versions(requirements)
    # The ones requirements.in names: what the page teaches, not what those pull in (starlette
    # under fastapi) nor the parts a namespace package comes in (mlflow-skinny under mlflow).
    main = written_distributions(page) & direct_requirements().keys()
    return tuple(sorted((name, versions[name]) for name in main))


def stamp(page: str, records: Mapping[str, Mapping[str, datetime.date]]) -> Stamp:
    """The stamp of a code page (docsite.model.code_pages)."""
    ran = {python: entries[page] for python, entries in records.items() if page in entries}
    pythons = tuple(sorted(ran, key=lambda v: tuple(map(int, v.split(".")))))
    return Stamp(
        date=max(ran.values(), default=None),
        pythons=pythons,
        libraries=_libraries(page),
        requirements=f"snippets/{page}/requirements.txt",
    )
