"""Newest releases: do the pages still run on what a reader who ignores the pins installs today?

The site pins every package exactly (requirements.txt) and tests its pages on those versions.
A reader who types `pip install pandas scikit-learn` gets the newest releases instead, so
.github/workflows/newest.yml runs the whole suite each week on the newest release of every
direct dependency, and tells which pages broke. This module is both halves of that run:

    python -m docsite.newest requirements
        requirements.in without its ==version pins (names and extras kept, comments
        dropped), for `pip install -r <(python -m docsite.newest requirements)`
    python -m docsite.newest report JUNIT_XML [--markdown OUT.md] [--json OUT.json]
        pytest's junit XML as one result per page: passed, failed, errored and skipped
        counts, and each failure's test and the first line of its message; then each direct
        dependency's installed version beside its pin, marking the ones that moved.

A test belongs to a page when its pytest parameter id (`test_x[what-is-mlops]`) is the page's
name (the stem of docs/<page>.md) or holds it between separators
(`[snippets/what-is-mlops/app.py]`, `[notebooks/what-is-mlops]`); every other test is
"site-wide". `report` always exits 0, even without an XML file: the workflow decides whether
the run fails. `requirements` runs on the runner's bare Python before anything is installed,
so this module needs only the standard library.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import json
import platform
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docsite.model import DOCS, ROOT

REQUIREMENTS_IN = ROOT / "requirements.in"
SITE_WIDE = "site-wide"
OUTCOMES = ("passed", "failed", "errored", "skipped")
# Test ids that name a page differently: the budget calls the home page "home"
# (docsite.pagecost.page_key), the docs call it index.md.
ALIASES = {"home": "index"}

# One line of requirements.in: a name, optional [extras], then specifiers and an optional marker.
REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*"
    r"(?P<extras>\[[^\]]*\])?\s*(?P<specifiers>[^;]*?)\s*(?:;\s*(?P<marker>.+))?$"
)


@dataclass(frozen=True)
class Pin:
    """A direct dependency as requirements.in names it: `pandera[pandas,polars]==0.35.0`."""

    name: str
    extras: str  # "[pandas,polars]", or ""
    version: str | None  # the == pin, or None
    others: tuple[str, ...]  # any other specifier (>=, <, !=): kept when unpinning
    marker: str | None

    def unpinned(self) -> str:
        line = self.name + self.extras + ",".join(self.others)
        return f"{line}; {self.marker}" if self.marker else line


def read_pins(path: Path = REQUIREMENTS_IN) -> list[Pin]:
    """Every requirement of a requirements.in file, in file order. A line this cannot read
    (a pip option such as -r or -c, a direct URL `name @ https://...`) raises, naming file and
    line: dropping it silently would test something other than what the file says."""
    found = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        match = REQUIREMENT.match(text)
        if match is None or text.startswith("-") or "@" in text:
            raise ValueError(f"{path}:{number}: not a requirement this tool can unpin: {raw!r}")
        specifiers = [s.strip() for s in match["specifiers"].split(",") if s.strip()]
        exact = [s.lstrip("=").strip() for s in specifiers if s.startswith("==")]
        found.append(
            Pin(
                name=match["name"],
                extras=(match["extras"] or "").replace(" ", ""),
                version=exact[0] if exact else None,
                others=tuple(s for s in specifiers if not s.startswith("==")),
                marker=match["marker"],
            )
        )
    return found


def unpinned_requirements(path: Path = REQUIREMENTS_IN) -> str:
    """requirements.in for `pip install -r`: every name with its extras, no == pin, no comment."""
    return "".join(pin.unpinned() + "\n" for pin in read_pins(path))


def canonical(name: str) -> str:
    """A distribution name as PyPI compares them (PEP 503): `PyYAML` and `pyyaml` are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


# --- The report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    test: str  # tests.test_copy_paste::test_page_runs_when_copied_block_by_block[what-is-mlops]
    outcome: str  # "failed" or "errored"
    message: str  # the first line of pytest's message


@dataclass
class PageResult:
    passed: int = 0
    failed: int = 0
    errored: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        return bool(self.failed or self.errored)


@dataclass(frozen=True)
class Version:
    name: str
    pinned: str | None
    installed: str | None  # None: not installed

    @property
    def moved(self) -> bool:
        return self.installed != self.pinned


def page_names() -> list[str]:
    """Every page of the site: the stem of each docs/*.md file."""
    return sorted(path.stem for path in DOCS.glob("*.md"))


def page_of(test_name: str, pages: Iterable[str]) -> str:
    """The page a test concerns, from its pytest parameter id, or SITE_WIDE."""
    start, end = test_name.find("["), test_name.rfind("]")
    if start < 0 or end < start:
        return SITE_WIDE
    test_id = test_name[start + 1 : end]
    pages = set(pages)
    if test_id in pages:
        return test_id
    if ALIASES.get(test_id) in pages:
        return ALIASES[test_id]
    # The longest page name standing alone in the id: between separators (/ - [ . and so on),
    # never inside a word, so "dataset" is not found in "bench_dataset".
    found = [
        (len(page), -match.start(), page)
        for page in pages
        if (match := re.search(rf"(?<!\w){re.escape(page)}(?!\w)", test_id))
    ]
    return max(found)[2] if found else SITE_WIDE


def first_line(text: str | None, limit: int = 300) -> str:
    line = next((stripped for raw in (text or "").splitlines() if (stripped := raw.strip())), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def outcome_of(case: ET.Element) -> tuple[str, ET.Element | None]:
    """A <testcase>'s outcome, and the element that says why. A test that failed and then
    errored in teardown counts as failed: the failure is what broke first."""
    for tag, outcome in (("failure", "failed"), ("error", "errored"), ("skipped", "skipped")):
        if (element := case.find(tag)) is not None:
            return outcome, element
    return "passed", None


def read_junit(path: Path, pages: Iterable[str]) -> dict[str, PageResult]:
    """Per page, in name order with SITE_WIDE last, the results of pytest's junit XML."""
    pages = list(pages)
    results: dict[str, PageResult] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = case.get("name", "")
        test = f"{case.get('classname', '')}::{name}".lstrip(":")
        result = results.setdefault(page_of(name, pages), PageResult())
        outcome, element = outcome_of(case)
        setattr(result, outcome, getattr(result, outcome) + 1)
        if outcome in ("failed", "errored") and element is not None:
            message = first_line(element.get("message")) or first_line(element.text)
            result.failures.append(Failure(test, outcome, message or "(no message)"))
    return dict(sorted(results.items(), key=lambda item: (item[0] == SITE_WIDE, item[0])))


def installed_versions(pins: Iterable[Pin]) -> list[Version]:
    """Each direct dependency's installed version (in the running Python) beside its pin."""
    versions = []
    for pin in pins:
        try:
            installed = metadata.version(canonical(pin.name))
        except metadata.PackageNotFoundError:
            installed = None
        versions.append(Version(pin.name, pin.version, installed))
    return versions


@dataclass
class Report:
    python: str
    pages: dict[str, PageResult]
    versions: list[Version]
    problem: str | None = None  # why there are no test results, when there are none

    def totals(self) -> dict[str, int]:
        return {o: sum(getattr(r, o) for r in self.pages.values()) for o in OUTCOMES}

    def to_json(self) -> dict:
        return {
            "python": self.python,
            "problem": self.problem,
            "totals": self.totals(),
            "pages": {name: asdict(result) for name, result in self.pages.items()},
            "broken_pages": [name for name, result in self.pages.items() if result.broken],
            "versions": [{**asdict(v), "moved": v.moved} for v in self.versions],
        }

    def to_markdown(self) -> str:
        totals = self.totals()
        lines = [f"## Newest releases on Python {self.python}", ""]
        if self.problem:
            lines += [f"**No test results:** {self.problem}", ""]
        else:
            broken = [name for name, result in self.pages.items() if result.broken]
            verdict = f"**Broken: {', '.join(broken)}.**" if broken else "**Every page passed.**"
            counts = ", ".join(f"{totals[o]} {o}" for o in OUTCOMES)
            lines += [f"{verdict} {sum(totals.values())} test results: {counts}.", ""]
            lines += [
                "| page | passed | failed | errored | skipped |",
                "| --- | ---: | ---: | ---: | ---: |",
            ]
            for name, r in self.pages.items():
                shown = f"**{name}**" if r.broken else name
                lines.append(f"| {shown} | {r.passed} | {r.failed} | {r.errored} | {r.skipped} |")
            lines.append("")
            for name, r in self.pages.items():
                if r.failures:
                    lines += [f"### {name}", ""]
                    lines += [
                        f"- {f.outcome}: {code(f.test)}: {code(f.message)}" for f in r.failures
                    ]
                    lines.append("")
        moved = [v for v in self.versions if v.moved]
        lines += [
            "### Direct dependencies",
            "",
            f"{len(moved)} of {len(self.versions)} installed at another version than their pin "
            "in requirements.in.",
            "",
            "| package | pinned | installed | moved |",
            "| --- | --- | --- | --- |",
        ]
        for v in self.versions:
            installed = v.installed or "not installed"
            shown = f"**{installed}**" if v.moved else installed
            lines.append(f"| {v.name} | {v.pinned or '-'} | {shown} | {'yes' if v.moved else ''} |")
        return "\n".join(lines) + "\n"


def code(text: str) -> str:
    """Text as a Markdown code span, whatever backticks it holds."""
    if "`" not in text:
        return f"`{text}`"
    # A longer run of backticks than any inside; CommonMark drops the spaces that pad it.
    fence = "`" * (max(len(run) for run in re.findall(r"`+", text)) + 1)
    return f"{fence} {text} {fence}"


def build_report(
    junit: Path, requirements_in: Path = REQUIREMENTS_IN, pages: Iterable[str] | None = None
) -> Report:
    """The report of one run; without a readable XML file, a report that says why."""
    python = platform.python_version()
    versions = installed_versions(read_pins(requirements_in))
    try:
        results = read_junit(junit, page_names() if pages is None else pages)
    except FileNotFoundError:
        return Report(python, {}, versions, f"{junit} does not exist: pytest did not finish.")
    except ET.ParseError as error:
        return Report(python, {}, versions, f"{junit} is not valid junit XML: {error}.")
    return Report(python, results, versions)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m docsite.newest",
        description=__doc__.split("\n\n")[0],
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("requirements", help="print requirements.in without its == pins")
    report = commands.add_parser("report", help="one result per page from pytest's junit XML")
    report.add_argument("junit", type=Path, metavar="JUNIT_XML")
    report.add_argument("--markdown", type=Path, metavar="OUT.md")
    report.add_argument("--json", type=Path, metavar="OUT.json")
    args = parser.parse_args(argv)

    if args.command == "requirements":
        sys.stdout.write(unpinned_requirements())
        return 0
    result = build_report(args.junit)
    markdown = result.to_markdown()
    if args.markdown:
        args.markdown.write_text(markdown, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(result.to_json(), indent=2) + "\n", encoding="utf-8")
    if not (args.markdown or args.json):
        sys.stdout.write(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
