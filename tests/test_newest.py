"""Promise: the newest-releases report says which page broke.

.github/workflows/newest.yml installs the newest release of every direct dependency, runs the
suite and reports with docsite/newest.py. These tests give it a handmade junit XML and check
that each test lands on its page with the first line of its failure, and that the unpinned
requirements install every direct dependency and pin none.

Check:   pytest tests/test_newest.py
"""

import importlib.metadata as metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest

from docsite.model import ROOT
from docsite.newest import SITE_WIDE, build_report, main, page_of, unpinned_requirements

# What pytest --junitxml writes (under xdist too): one passing and one failing page test, a test
# whose id holds a page inside a longer path, and two site-wide tests, one erroring in setup.
JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="1" skipped="1"
 tests="5" time="12.3">
<testcase classname="tests.test_copy_paste"
 name="test_page_runs_when_copied_block_by_block[what-is-mlops]" time="4.2" />
<testcase classname="tests.test_copy_paste"
 name="test_page_runs_when_copied_block_by_block[ml-basics]" time="3.1">
<failure
 message="AssertionError: split.py:14: printed output no longer matches&#10;- 0.764&#10;+ 0.771"
>Traceback (most recent call last):
AssertionError: split.py:14: printed output no longer matches</failure>
</testcase>
<testcase classname="tests.test_benchmarks"
 name="test_benchmark_runs_and_its_record_is_complete[what-is-mlops/bench_cache.py]" time="0.1">
<skipped type="pytest.skip" message="needs Java 17">skipped</skipped>
</testcase>
<testcase classname="tests.test_build" name="test_no_third_party_requests" time="0.2" />
<testcase classname="tests.test_browser" name="test_theme_toggle_switches_and_is_remembered"
 time="0.0">
<error message="failed on setup with &quot;playwright._impl._errors.Error: Browser closed&quot;">
Traceback</error>
</testcase>
</testsuite></testsuites>
"""

BROKEN = "tests.test_copy_paste::test_page_runs_when_copied_block_by_block[ml-basics]"
FIRST_LINE = "AssertionError: split.py:14: printed output no longer matches"


def test_report_counts_each_page_and_names_the_failure(tmp_path: Path):
    junit = tmp_path / "newest.xml"
    junit.write_text(JUNIT, encoding="utf-8")
    markdown, data = tmp_path / "newest.md", tmp_path / "newest.json"

    # The workflow, not the report, decides whether the run fails: exit 0 with failures.
    assert main(["report", str(junit), "--markdown", str(markdown), "--json", str(data)]) == 0
    report = json.loads(data.read_text(encoding="utf-8"))

    pages = report["pages"]
    assert list(pages) == ["ml-basics", "what-is-mlops", SITE_WIDE], "site-wide comes last"
    outcomes = ("passed", "failed", "errored", "skipped")
    counts = {name: [page[o] for o in outcomes] for name, page in pages.items()}
    assert counts == {
        "ml-basics": [0, 1, 0, 0],
        "what-is-mlops": [1, 0, 0, 1],
        SITE_WIDE: [1, 0, 1, 0],
    }
    assert pages["ml-basics"]["failures"] == [
        {"test": BROKEN, "outcome": "failed", "message": FIRST_LINE}
    ]
    assert pages[SITE_WIDE]["failures"] == [
        {
            "test": "tests.test_browser::test_theme_toggle_switches_and_is_remembered",
            "outcome": "errored",
            "message": 'failed on setup with "playwright._impl._errors.Error: Browser closed"',
        }
    ]
    assert report["broken_pages"] == ["ml-basics", SITE_WIDE]
    assert report["totals"] == {"passed": 2, "failed": 1, "errored": 1, "skipped": 1}

    summary = markdown.read_text(encoding="utf-8")
    assert "**Broken: ml-basics, site-wide.**" in summary
    assert "| **ml-basics** | 0 | 1 | 0 | 0 |" in summary
    assert "| what-is-mlops | 1 | 0 | 0 | 1 |" in summary
    assert f"- failed: `{BROKEN}`: `{FIRST_LINE}`" in summary
    assert "0.771" not in summary, "only the first line of a failure belongs in the summary"


def test_report_without_test_results_says_so_and_exits_0(tmp_path: Path):
    missing, markdown = tmp_path / "newest.xml", tmp_path / "newest.md"
    assert main(["report", str(missing), "--markdown", str(markdown)]) == 0
    assert f"**No test results:** {missing} does not exist" in markdown.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("test_name", "page"),
    [
        ("test_includes_resolve[index]", "index"),
        ("test_page_stays_within_its_budget[home]", "index"),
        ("test_page_stays_within_its_budget[notebooks/what-is-mlops]", "what-is-mlops"),
        ("test_search_finds_the_page[drift-what-is-ml-engineering/]", "what-is-ml-engineering"),
        ("test_rules[snippets/the-production-loop/bench_dataset.json]", "the-production-loop"),
        ("test_every_page_loads_cleanly_and_passes_axe[light]", SITE_WIDE),
        ("test_no_third_party_requests", SITE_WIDE),
    ],
)
def test_a_test_belongs_to_the_page_its_id_names(test_name: str, page: str):
    pages = ["index", "dataset", "what-is-mlops", "what-is-ml-engineering", "the-production-loop"]
    assert page_of(test_name, pages) == page


def test_versions_moved_from_their_pins_are_marked(tmp_path: Path):
    pytest_version, yaml_version = metadata.version("pytest"), metadata.version("pyyaml")
    requirements_in = tmp_path / "requirements.in"
    requirements_in.write_text(
        f"# a comment\npytest==0.0.1\nPyYAML=={yaml_version}  # why\nno-such-package-here==1.0\n",
        encoding="utf-8",
    )
    report = build_report(tmp_path / "absent.xml", requirements_in, pages=[])
    versions = {v.name: (v.pinned, v.installed, v.moved) for v in report.versions}
    assert versions == {
        "pytest": ("0.0.1", pytest_version, True),
        "PyYAML": (yaml_version, yaml_version, False),
        "no-such-package-here": ("1.0", None, True),
    }
    summary = report.to_markdown()
    assert f"| pytest | 0.0.1 | **{pytest_version}** | yes |" in summary
    assert f"| PyYAML | {yaml_version} | {yaml_version} |  |" in summary
    assert "| no-such-package-here | 1.0 | **not installed** | yes |" in summary


def test_unpinned_requirements_install_every_direct_dependency_and_pin_none():
    # Read requirements.in independently of docsite.newest: each line's text before == or #.
    direct = [
        line.split("#", 1)[0].split("==", 1)[0].strip()
        for line in (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    assert "pandera[pandas,polars]" in direct, "has requirements.in changed its format?"

    # The workflow's exact command, from the repository root, before anything is installed.
    done = subprocess.run(
        [sys.executable, "-m", "docsite.newest", "requirements"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == unpinned_requirements()
    assert "==" not in done.stdout and "#" not in done.stdout
    assert done.stdout.splitlines() == direct


def test_a_line_it_cannot_unpin_names_file_and_line(tmp_path: Path):
    requirements_in = tmp_path / "requirements.in"
    requirements_in.write_text("numpy==2.4.6\n-r requirements.txt\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"requirements\.in:2: not a requirement"):
        unpinned_requirements(requirements_in)
