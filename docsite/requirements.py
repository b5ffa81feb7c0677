"""Each page's requirements file: what a reader installs to run that page's code, and no more.

    python -m docsite.requirements            write snippets/<page>/requirements.txt and
                                               snippets/requirements.txt (every page)
    python -m docsite.requirements --check    exit 1, naming each file that is stale

requirements.txt is the lock. `make lock` has uv resolve requirements.in for Python 3.11 and
newer on every system at once (`uv pip compile --universal`), keeping today's pins, and uv notes
under each package which packages require it (`# via ...`). A page's set is the part of that lock
its code needs: the distributions docsite.imports finds (written in the code, or loaded at run
time), and everything they require, followed through those `# via` notes. Each line keeps the
lock's version and environment marker, so a set installs wherever the lock installs. This reads
files only: no network, no resolver.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from docsite.imports import ImportsError, direct_requirements, page_distributions, pages
from docsite.model import DOCS, ROOT, SNIPPETS, Page, rel

LOCK_FILE = ROOT / "requirements.txt"
ALL_PAGES = "all"
ALL_PAGES_FILE = SNIPPETS / "requirements.txt"
COMMAND = "python -m docsite.requirements"
# The Jupyter kernel the suite pastes pages into, with what it loads on a page's behalf
# (matplotlib's inline backend), and the print check that runs inside it: a reader in Jupyter has
# the kernel, a reader in `python` needs none of it, and no reader needs the print check.
# And docsite itself, the distribution pyproject.toml declares (`make install` installs it
# editable): the kernel imports it to paste the page. Its install is a .pth line, which
# importlib.metadata maps to no module, so nothing would hide it today; named all the same.
DOCSITE = "intro-to-mlops-docsite"
HARNESS = {"ipykernel", "pytest-examples", DOCSITE}


class RequirementsError(Exception):
    """Something the generator cannot decide for you; the message says what to do."""


@dataclass(frozen=True)
class Locked:
    name: str  # canonical
    version: str
    marker: str  # "" where every environment needs it
    via: frozenset[str]  # canonical names of the locked packages that require it

    @property
    def line(self) -> str:
        return f"{self.name}=={self.version}" + (f" ; {self.marker}" if self.marker else "")


VIA_ONE = re.compile(r"^\s+# via (?P<name>\S+)\s*$")
VIA_MANY = re.compile(r"^\s+#   (?P<name>\S+)\s*$")


@functools.cache
def lock() -> dict[str, list[Locked]]:
    """canonical name -> its entries in requirements.txt, as `uv pip compile` writes them: one,
    or one per Python range when a release needs a newer Python than 3.11.0 (a fork)."""
    entries: list[tuple[Requirement, set[str]]] = []
    current: set[str] | None = None
    for number, text in enumerate(LOCK_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip() or text.startswith("#"):
            continue
        if not text[0].isspace():
            requirement = Requirement(text)
            if [s.operator for s in requirement.specifier] != ["=="]:
                raise RequirementsError(
                    f"requirements.txt:{number}: {text!r} is not an exact pin: run `make lock`."
                )
            current = set()
            entries.append((requirement, current))
        elif (
            current is not None
            and (via := VIA_ONE.match(text) or VIA_MANY.match(text))
            and not via["name"].startswith("-")  # "-r requirements.in": asked for directly
        ):
            current.add(canonicalize_name(via["name"]))
    found: dict[str, list[Locked]] = {}
    for req, via in entries:
        name = canonicalize_name(req.name)
        version = next(iter(req.specifier)).version
        marker = str(req.marker) if req.marker else ""
        found.setdefault(name, []).append(Locked(name, version, marker, frozenset(via)))
    return found


def closure(direct: set[str]) -> set[str]:
    """`direct` and every locked package they require, however deep."""
    locked = lock()
    required_by: dict[str, set[str]] = {}
    for entry in (e for forks in locked.values() for e in forks):
        for parent in entry.via:
            required_by.setdefault(parent, set()).add(entry.name)
    found, todo = set(), list(direct)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += required_by.get(name, ())
    return found


def harness_distributions() -> set[str]:
    """What the suite's kernel and print check bring with them, which no page's set installs."""
    return closure(HARNESS)


@dataclass
class RequirementSet:
    name: str  # a page, or "all"
    path: Path
    title: str
    direct: dict[str, frozenset[str]]  # canonical name -> extras, as requirements.in asks
    lines: list[str] = field(default_factory=list)  # "name==version[ ; marker]"

    @property
    def packages(self) -> int:
        """Distinct packages: a fork (one version per Python range) installs one of its lines."""
        return len({line.split("==")[0] for line in self.lines})

    def text(self) -> str:
        direct = ", ".join(
            f"{name}[{','.join(sorted(extras))}]" if extras else name
            for name, extras in sorted(self.direct.items())
        )

        def comment(*paragraphs: str) -> list[str]:
            return [f"# {line}" for text in paragraphs for line in textwrap.wrap(text, 96)]

        header = [
            *comment(
                self.title,
                "Everything its code uses, and all that those pull in, pinned to the versions "
                "the site is tested with. It installs on Python 3.11, 3.12 and 3.13, on Linux, "
                "macOS and Windows, with:",
            ),
            "#     python -m pip install -r requirements.txt",
            *comment(
                f"Generated by `{COMMAND}` from requirements.txt (uv's universal lock); do not "
                "edit.",
                f"Direct dependencies: {direct}.",
            ),
        ]
        return "\n".join([*header, *self.lines]) + "\n"


def requirement_set(name: str, page_list: list[str], path: Path, title: str) -> RequirementSet:
    locked = lock()
    listed = direct_requirements()
    try:
        direct = set().union(*(page_distributions(page) for page in page_list))
    except ImportsError as error:
        raise RequirementsError(str(error)) from None
    if missing := sorted(direct - set(locked)):
        raise RequirementsError(
            f"{rel(path)} needs {', '.join(missing)}, which requirements.txt does not lock. Add "
            f"each to requirements.in, run `make lock` and `make install`, then `{COMMAND}`."
        )
    extras = {d: frozenset(listed[d].extras) if d in listed else frozenset() for d in direct}
    lines = [entry.line for dist in sorted(closure(direct)) for entry in locked[dist]]
    return RequirementSet(name, path, title, extras, lines)


def requirement_sets() -> list[RequirementSet]:
    """One set per page that shows code, and the union of every page's set."""
    page_list = pages()
    sets = [
        requirement_set(
            page,
            [page],
            SNIPPETS / page / "requirements.txt",
            f'Requirements for the page "{Page(DOCS / f"{page}.md").title}" (docs/{page}.md).',
        )
        for page in page_list
    ]
    sets.append(
        requirement_set(
            ALL_PAGES,
            page_list,
            ALL_PAGES_FILE,
            "Requirements for every page of the site at once (each page also has its own).",
        )
    )
    return sets


def published(path: Path) -> dict[str, str]:
    """canonical name -> the requirement line, for one committed requirements file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {
        canonicalize_name(Requirement(text).name): text
        for text in lines
        if text.strip() and not text.startswith("#")
    }


def stale_files(sets: list[RequirementSet]) -> list[Path]:
    return [
        s.path
        for s in sets
        if not s.path.is_file() or s.path.read_text(encoding="utf-8") != s.text()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    args = parser.parse_args(argv)
    try:
        sets = requirement_sets()
    except RequirementsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    stale = stale_files(sets)
    if args.check:
        for path in stale:
            print(f"{rel(path)} is stale: run `{COMMAND}`.", file=sys.stderr)
        return 1 if stale else 0
    for req_set in sets:
        if req_set.path in stale:
            req_set.path.write_text(req_set.text(), encoding="utf-8")
        print(f"{rel(req_set.path)}: {req_set.packages} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
