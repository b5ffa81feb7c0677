"""Promise: every page says, under its title, when its code last ran green, on which Pythons and
with which versions of its libraries, links its requirements file, and says when it last changed.

The stamp is hooks/stamp.py; the record of test runs is docsite/tested.py, which tests/conftest.py
writes at the end of each run. Here every built page is read back: the stamp sits right under the
title; its versions are the page's own pins (snippets/<page>/requirements.txt, the file it links);
its date and Pythons are the record's; its change date is git's.

Check:   pytest tests/test_stamp.py       (one page: -k <page>)
"""

import datetime
import subprocess
from pathlib import Path

import pytest

from docsite.build import BuiltPage, built_pages, page_id, parsed
from docsite.imports import direct_requirements
from docsite.model import ROOT, code_pages, rel
from docsite.tested import green_pages, pinned_versions, read_records, record_session

CODE_PAGES = {page.name for page in code_pages()}


def _page(built: BuiltPage) -> str:
    return built.name.removeprefix("notebooks/")


@pytest.mark.parametrize("page", built_pages(), ids=page_id)
def test_every_page_is_stamped_under_its_title(page: BuiltPage, built_site: Path):
    html = page.html(built_site)
    if not html.is_file():
        pytest.skip(f"{rel(page.source)} was not built: test_site_builds_strict says why")
    soup = parsed(html)
    stamps = soup.select("p.tested-on")
    assert len(stamps) == 1, (
        f"{rel(page.source)}: the built page has {len(stamps)} 'Tested' stamps, not 1. They come "
        "from hooks/stamp.py, which needs the page to start with a # title."
    )
    stamp = stamps[0]
    title = stamp.find_previous_sibling()
    assert title is not None and title.name == "h1", (
        f"{rel(page.source)}: the stamp is not right under the page's title"
    )
    name = _page(page)
    text = stamp.get_text(" ", strip=True)
    changed = subprocess.run(
        [
            "git",
            "log",
            "-1",
            "--format=%cs",
            "--",
            f"docs/{name}.md",
            f"snippets/{name}",
            f"docs/notebooks/{name}.ipynb",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert stamp.select_one("time:last-of-type")["datetime"] == changed, (
        f"{rel(page.source)}: the stamp says the page changed on "
        f"{stamp.select('time')[-1]['datetime']}, git says {changed}"
    )
    if name not in CODE_PAGES:
        assert text.startswith("No code to test"), f"{rel(page.source)}: {text}"
        return

    pins = pinned_versions(ROOT / "snippets" / name / "requirements.txt")
    shown = [span.get_text().rsplit(" ", 1) for span in stamp.select(".tested-on__library")]
    assert shown, f"{rel(page.source)}: the stamp names no library: {text}"
    for library, version in shown:
        assert library in direct_requirements(), (
            f"{rel(page.source)}: the stamp names {library}, which requirements.in does not"
        )
        assert pins.get(library) == version, (
            f"{rel(page.source)}: the stamp says {library} {version}; the page's requirements "
            f"pin {pins.get(library)}. Run `python -m docsite.requirements` and rebuild."
        )
    link = stamp.select_one("a[href$='requirements.txt']")
    target = (html.parent / link["href"]).resolve()
    assert target == (built_site / "snippets" / name / "requirements.txt").resolve(), (
        f"{rel(page.source)}: the stamp links {link['href']}, not the page's requirements file"
    )
    assert target.read_bytes() == (ROOT / "snippets" / name / "requirements.txt").read_bytes()

    records = {python: dates[name] for python, dates in read_records().items() if name in dates}
    if not records:
        assert text.startswith("Not yet tested"), (
            f"{rel(page.source)}: no test run has recorded this page, yet the stamp says {text!r}"
        )
        return
    assert stamp.select("time")[0]["datetime"] == max(records.values()).isoformat()
    for python in records:
        assert python in text, f"{rel(page.source)}: the stamp leaves out Python {python}: {text}"


def test_a_page_is_green_only_when_its_code_ran_and_nothing_of_it_failed():
    run = "tests/test_copy_paste.py::test_page_runs_when_copied_block_by_block"
    outcomes = {
        f"{run}[dataset]": "passed",
        "tests/test_browser.py::test_page_has_no_errors[dataset]": "passed",
        f"{run}[capstone]": "passed",
        "tests/test_browser.py::test_page_has_no_errors[notebooks/capstone]": "failed",
        "tests/test_build.py::test_links[ml-basics]": "passed",  # its code did not run
        f"{run}[what-is-mlops]": "skipped",
    }
    names = ["dataset", "capstone", "ml-basics", "what-is-mlops"]
    assert green_pages(outcomes, names) == {"dataset"}


def test_a_failed_run_keeps_the_date_the_page_last_ran_green(tmp_path: Path):
    run = "tests/test_copy_paste.py::test_page_runs_when_copied_block_by_block"
    first, second = datetime.date(2026, 1, 5), datetime.date(2026, 1, 6)
    record_session(
        {f"{run}[dataset]": "passed", f"{run}[capstone]": "passed"},
        python="3.11",
        date=first,
        folder=tmp_path,
    )
    record_session(
        {f"{run}[dataset]": "passed", f"{run}[capstone]": "failed"},
        python="3.11",
        date=second,
        folder=tmp_path,
    )
    assert read_records(tmp_path) == {"3.11": {"dataset": second, "capstone": first}}
