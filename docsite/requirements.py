"""Each page's requirements file: what a reader installs to run that page's code, and no more.

    python -m docsite.requirements            write snippets/<page>/requirements.txt and
                                               snippets/requirements.txt (every page)
    python -m docsite.requirements --check    exit 1, naming each file that is stale
    python -m docsite.requirements --measure  install each set into a fresh venv and write
                                               the sizes the site states to docs/install-sizes.json

A page's set is every third-party module its snippets import (every .py file under
snippets/<page>/, plus the shared snippets/dataset/subscribers.py), and every module they run
with `python -m`, mapped to distributions with importlib.metadata, plus everything those
depend on. Dependencies are followed under Python 3.11, 3.12 and 3.13 on Linux, macOS and
Windows; a dependency that only some of them need keeps an environment marker, so one file
installs on all nine. Versions come from requirements.txt, the one place they are pinned. Run
this with the repository's .venv Python: it reads the metadata of the installed packages.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import functools
import hashlib
import importlib.metadata as metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from docsite.archive import folder_of
from docsite.model import Page

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
DATASET = SNIPPETS / "dataset"
SHARED_MODULE = DATASET / "subscribers.py"
PINS_FILE = ROOT / "requirements.txt"
DIRECT_FILE = ROOT / "requirements.in"
ALL_PAGES = "all"
ALL_PAGES_FILE = SNIPPETS / "requirements.txt"
SIZES_FILE = DOCS / "install-sizes.json"
COMMAND = "python -m docsite.requirements"

PYTHONS = ("3.11", "3.12", "3.13")
# sys_platform -> (platform_system, os_name, the machines a reader is likely to have)
PLATFORMS = {
    "linux": ("Linux", "posix", ("x86_64", "aarch64")),
    "darwin": ("Darwin", "posix", ("arm64", "x86_64")),
    "win32": ("Windows", "nt", ("AMD64", "ARM64")),
}


class RequirementsError(Exception):
    """Something the generator cannot decide for you; the message says what to do."""


# --- what a page's code imports ------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str  # top level: "sklearn" for `from sklearn.pipeline import Pipeline`
    how: str  # "import" or "python -m"

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}"


def pages() -> list[str]:
    """Every page that shows code: docs/<page>.md with a snippets/<page>/ folder."""
    return sorted(p.stem for p in DOCS.glob("*.md") if (SNIPPETS / p.stem).is_dir())


def page_title(page: str) -> str:
    for text in (DOCS / f"{page}.md").read_text(encoding="utf-8").splitlines():
        if text.startswith("# "):
            return text[2:].strip()
    return page


def _python_files(folder: Path) -> list[Path]:
    """Every .py file under `folder`, a project in a subfolder included, caches left out."""
    return sorted(
        p
        for p in folder.rglob("*.py")
        if not any(part.startswith((".", "__pycache__")) for part in p.relative_to(folder).parts)
    )


def linked_project_files(page: str) -> list[Path]:
    """The package files of a model project another page owns and this page offers as a zip
    download (`[churn-project.zip](snippets/<other page>/churn-project.zip)`): the reader runs
    that package too. Its src/ only, when it has one: its tests are the owning page's affair."""
    path = DOCS / f"{page}.md"
    if not path.is_file():
        return []
    files = []
    for download in Page(path).downloads().values():
        folder = folder_of(download)
        if folder is None or folder.is_relative_to(SNIPPETS / page):
            continue
        files += _python_files(folder / "src" if (folder / "src").is_dir() else folder)
    return sorted(set(files))


def page_files(page: str) -> list[Path]:
    """The Python files a reader of the page runs: its snippets, the shared dataset module, and
    the package of any model project it offers from another page."""
    files = [*_python_files(SNIPPETS / page), *linked_project_files(page)]
    return files if SHARED_MODULE in files else [*files, SHARED_MODULE]


def local_modules(page: str) -> set[str]:
    """Modules a reader downloads beside the snippets (subscribers, app, a project's package),
    rather than installs."""
    files = [*_python_files(SNIPPETS / page), *_python_files(DATASET), *linked_project_files(page)]
    return {p.stem for p in files} | {p.parent.name for p in files if p.stem == "__init__"}


def imports_in(path: Path) -> list[Import]:
    """Every top-level module `path` imports, anywhere in the file, and every `-m <module>`
    it passes to a subprocess (as in [sys.executable, "-m", "uvicorn", ...])."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, a.name.split(".")[0], "import") for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(Import(path, node.lineno, node.module.split(".")[0], "import"))
        elif isinstance(node, ast.List | ast.Tuple):
            words = [e.value if isinstance(e, ast.Constant) else None for e in node.elts]
            for flag, module in zip(words, words[1:], strict=False):
                if flag == "-m" and isinstance(module, str):
                    found.append(Import(path, node.lineno, module.split(".")[0], "python -m"))
    return sorted(found, key=lambda i: (i.line, i.module))


def third_party_imports(page: str) -> list[Import]:
    """The page's imports that a reader must install: not the standard library, not its files."""
    local = local_modules(page)
    return [
        found
        for path in page_files(page)
        for found in imports_in(path)
        if found.module not in sys.stdlib_module_names and found.module not in local
    ]


# --- from modules to pinned distributions ------------------------------------------------------


def _requirement_lines(path: Path) -> list[Requirement]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Requirement(t.split(" #")[0]) for t in lines if t.strip() and not t.startswith("#")]


def pins() -> dict[str, str]:
    """canonical name -> pinned version, from requirements.txt."""
    pinned = {}
    for req in _requirement_lines(PINS_FILE):
        versions = [s.version for s in req.specifier if s.operator == "=="]
        if len(versions) != 1:
            raise RequirementsError(f"requirements.txt: pin {req.name} exactly (name==version).")
        pinned[canonicalize_name(req.name)] = versions[0]
    return pinned


def direct_requirements() -> dict[str, Requirement]:
    """canonical name -> the requirement as requirements.in states it (extras included)."""
    return {canonicalize_name(r.name): r for r in _requirement_lines(DIRECT_FILE)}


def distributions_of(found: Import, listed: dict[str, Requirement]) -> list[str]:
    """The canonical names of the distributions that install `found.module`."""
    names = sorted({canonicalize_name(d) for d in _module_owners().get(found.module, [])})
    if not names:
        raise RequirementsError(
            f"{found.where}: {found.how} {found.module}, which no package installed in this "
            f"Python provides. Add its distribution to requirements.in and requirements.txt, "
            f"install them (make install), and run `{COMMAND}` with .venv/bin/python."
        )
    # A namespace shared by several distributions (google.*, mlflow): take the one we chose.
    chosen = [n for n in names if n in listed]
    return chosen or names


def direct_dependencies(page_list: list[str]) -> dict[str, frozenset[str]]:
    """canonical name -> extras, for every distribution the pages' code uses directly."""
    listed = direct_requirements()
    direct: dict[str, set[str]] = {}
    for page in page_list:
        for found in third_party_imports(page):
            for name in distributions_of(found, listed):
                extras = listed[name].extras if name in listed else set()
                direct.setdefault(name, set()).update(extras)
    return {name: frozenset(extras) for name, extras in direct.items()}


def environments() -> list[dict[str, str]]:
    """The marker environments a reader may have: 3 Pythons x 3 operating systems x machines."""
    return [
        {
            "python_version": python,
            "python_full_version": f"{python}.0",
            "sys_platform": sys_platform,
            "platform_system": system,
            "os_name": os_name,
            "platform_machine": machine,
            "platform_python_implementation": "CPython",
            "implementation_name": "cpython",
        }
        for python in PYTHONS
        for sys_platform, (system, os_name, machines) in PLATFORMS.items()
        for machine in machines
    ]


@functools.cache
def _module_owners() -> dict[str, list[str]]:
    return metadata.packages_distributions()


@functools.cache
def _requires(name: str) -> list[Requirement]:
    try:
        return [Requirement(r) for r in metadata.requires(name) or []]
    except metadata.PackageNotFoundError:
        return []  # needed only elsewhere (pywin32 on Windows): nothing here to follow


@dataclass
class Closure:
    """canonical name -> the (python, sys_platform) pairs that need it, and the versions
    its dependents accept, for some distributions and everything they require."""

    needed: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    accepted: dict[str, SpecifierSet] = field(default_factory=dict)


def closure(direct: dict[str, frozenset[str]]) -> Closure:
    """The direct distributions and everything they require, with extras, followed in each
    environment a reader may have."""
    found = Closure()
    needed = found.needed
    for env in environments():
        where = (env["python_version"], env["sys_platform"])
        seen: set[tuple[str, str]] = set()  # (distribution, extra or "")
        todo = [(name, extra) for name, extras in direct.items() for extra in ("", *extras)]
        while todo:
            name, extra = todo.pop()
            if (name, extra) in seen:
                continue
            seen.add((name, extra))
            needed.setdefault(name, set()).add(where)
            for req in _requires(name):
                if req.marker is None or req.marker.evaluate({**env, "extra": extra}):
                    child = canonicalize_name(req.name)
                    todo += [(child, e) for e in ("", *sorted(req.extras))]
                    accepted = found.accepted.get(child, SpecifierSet())
                    found.accepted[child] = accepted & req.specifier
    return found


def marker_for(where: set[tuple[str, str]]) -> str:
    """The environment marker that holds exactly in `where` (of our 3 x 3), or ""."""
    everywhere = {(p, s) for p in PYTHONS for s in PLATFORMS}
    if where >= everywhere:
        return ""
    platforms = sorted(s for s in PLATFORMS if all((p, s) in where for p in PYTHONS))
    pythons = sorted(p for p in PYTHONS if all((p, s) in where for s in PLATFORMS))
    if where == {(p, s) for p in PYTHONS for s in platforms}:
        return " or ".join(f'sys_platform == "{s}"' for s in platforms)
    if where == {(p, s) for p in pythons for s in PLATFORMS}:
        return " or ".join(f'python_version == "{p}"' for p in pythons)
    return " or ".join(
        f'(python_version == "{p}" and sys_platform == "{s}")' for p, s in sorted(where)
    )


@dataclass
class RequirementSet:
    name: str  # a page, or "all"
    path: Path
    title: str
    direct: dict[str, frozenset[str]]
    lines: list[str] = field(default_factory=list)  # "name==version[ ; marker]"
    notes: list[str] = field(default_factory=list)

    @property
    def packages(self) -> int:
        return len(self.lines)

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
                "Everything its code imports, and all that those pull in, pinned to the versions "
                "the site is tested with. It installs on Python 3.11, 3.12 and 3.13, on Linux, "
                "macOS and Windows, with:",
            ),
            "#     python -m pip install -r requirements.txt",
            *comment(
                f"Generated by `{COMMAND}` from requirements.txt; do not edit.",
                f"Direct dependencies: {direct}.",
                *self.notes,
            ),
        ]
        return "\n".join([*header, *self.lines]) + "\n"


# requirements.txt is `pip freeze` run on Linux under Python 3.11, so two kinds of package can
# never be in it: those only other systems need (tzdata on Windows), and those pip freeze hides
# because venv installs them itself (setuptools, which Python 3.12+ venvs no longer include).
FREEZE_ENVIRONMENT = ("3.11", "linux")
FREEZE_HIDES = {"pip", "setuptools", "wheel", "distribute"}


def requirement_set(name: str, page_list: list[str], path: Path, title: str) -> RequirementSet:
    direct = direct_dependencies(page_list)
    pinned = pins()
    found = closure(direct)
    result = RequirementSet(name, path, title, direct)
    missing, unpinnable = [], []
    for dist, where in sorted(found.needed.items()):
        marker = f" ; {m}" if (m := marker_for(where)) else ""
        if dist in pinned:
            installed = _installed_version(dist)
            if installed is not None and installed != pinned[dist]:
                raise RequirementsError(
                    f"{dist} {installed} is installed but requirements.txt pins {pinned[dist]}: "
                    f"run make install, then `{COMMAND}` again with .venv/bin/python."
                )
            result.lines.append(f"{dist}=={pinned[dist]}{marker}")
        elif FREEZE_ENVIRONMENT in where and dist not in FREEZE_HIDES:
            missing.append(dist)
        else:
            # No pin can exist: take the versions every dependent accepts, and say so.
            result.lines.append(f"{dist}{found.accepted.get(dist, '')}{marker}")
            unpinnable.append(dist)
    if missing:
        raise RequirementsError(
            f"{path.relative_to(ROOT)} needs {', '.join(missing)}, which requirements.txt does "
            f"not pin. Add each to requirements.in if the code imports it, reinstall and pip "
            f"freeze into requirements.txt (see its header), then run `{COMMAND}`."
        )
    if unpinnable:
        result.notes.append(
            f"Not pinned ({', '.join(unpinnable)}): requirements.txt is frozen on Linux under "
            "Python 3.11, where pip installs these itself or never needs them."
        )
    return result


@functools.cache
def _installed_version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def requirement_sets() -> list[RequirementSet]:
    """One set per page that shows code, and the union of every page's set."""
    page_list = pages()
    sets = [
        requirement_set(
            page,
            [page],
            SNIPPETS / page / "requirements.txt",
            f'Requirements for the page "{page_title(page)}" (docs/{page}.md).',
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


def stale_files(sets: list[RequirementSet]) -> list[Path]:
    return [
        s.path
        for s in sets
        if not s.path.is_file() or s.path.read_text(encoding="utf-8") != s.text()
    ]


# --- install sizes -----------------------------------------------------------------------------


def _site_packages(venv: Path) -> Path:
    return next(iter([*venv.glob("lib/python3*/site-packages"), *venv.glob("Lib/site-packages")]))


def _machine() -> str:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {round(kib / 2**20)} GiB RAM"
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{memory}"


def _measure_one(python: str, venv: Path, path: Path, modules: list[str]) -> dict:
    """A fresh venv of `python`, `pip install -r path` into it (timed), its site-packages
    weighed, and `modules` imported from it."""
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    venv_python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    started = time.monotonic()
    pip = subprocess.run(
        [str(venv_python), "-m", "pip", "install", "-q", "-r", str(path)],
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    if pip.returncode != 0:
        raise RequirementsError(
            f"{path.relative_to(ROOT)} does not install with {python}:\n{pip.stdout}{pip.stderr}"
        )
    size = sum(f.stat().st_size for f in _site_packages(venv).rglob("*") if f.is_file())
    check = (
        f"import {', '.join(modules)}\n"
        "import json, platform, pip\n"
        "print(json.dumps([platform.python_version(), pip.__version__]))"
    )
    done = subprocess.run(
        [str(venv_python), "-c", check], cwd=venv, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RequirementsError(
            f"{path.relative_to(ROOT)} installs, but its page's imports fail:\n{done.stderr}"
        )
    python_version, pip_version = json.loads(done.stdout.strip().splitlines()[-1])
    return {"bytes": size, "seconds": seconds, "python": python_version, "pip": pip_version}


def measure(python: str, scratch: Path, only: list[str] | None, write: bool) -> dict:
    """Install each set into a fresh venv of `python`; time it, weigh its site-packages, and
    import every module the page's code imports from it. With `only`, the other sets keep
    what docs/install-sizes.json has, if that was measured today in the same way."""
    sets = [s for s in requirement_sets() if not only or s.name in only]
    stale = stale_files(sets)
    if stale:
        raise RequirementsError(f"stale: {', '.join(map(str, stale))}; run `{COMMAND}` first.")
    # Taken now: pages and files may change while the installs run (minutes each).
    texts = {s.name: s.text() for s in sets}
    modules = {
        s.name: sorted(
            {i.module for p in (pages() if s.name == ALL_PAGES else [s.name])
             for i in third_party_imports(p)}
        )
        for s in sets
    }
    results, python_version, pip_version = {}, "", ""
    for req_set in sets:
        found = _measure_one(python, scratch / req_set.name, req_set.path, modules[req_set.name])
        if req_set.path.read_text(encoding="utf-8") != texts[req_set.name]:
            raise RequirementsError(f"{req_set.path} changed while it was measured: run again.")
        python_version, pip_version = found["python"], found["pip"]
        results[req_set.name] = {
            "file": req_set.path.relative_to(ROOT).as_posix(),
            "sha256": hashlib.sha256(texts[req_set.name].encode()).hexdigest(),
            "packages": req_set.packages,
            "site_packages_mb": int(round(found["bytes"] / 1e6, -1)),
            "install_seconds": round(found["seconds"]),
        }
        print(
            f"{req_set.name}: {req_set.packages} packages, {found['bytes'] / 1e6:.0f} MB, "
            f"{found['seconds']:.0f} s; {len(modules[req_set.name])} imports work on "
            f"Python {python_version}",
            flush=True,
        )
    report = {
        "measured": datetime.date.today().isoformat(),
        "machine": _machine(),
        "python": python_version,
        "pip": pip_version,
        "how": f"{COMMAND} --measure: a fresh venv per set, pip install -q -r <file>, "
        "then du of site-packages (1 MB = 10^6 bytes, rounded to 10 MB)",
        "sets": results,
    }
    if only and write:
        before = json.loads(SIZES_FILE.read_text(encoding="utf-8")) if SIZES_FILE.is_file() else {}
        same = ("measured", "machine", "python", "pip")
        if any(before.get(key) != report[key] for key in same):
            raise RequirementsError(
                f"{SIZES_FILE.relative_to(ROOT)} was not measured today on this machine with "
                f"this Python and pip, so it cannot be updated in part: measure every set."
            )
        wanted = [s.name for s in requirement_sets()]
        merged = {**before["sets"], **results}
        report["sets"] = {name: merged[name] for name in wanted if name in merged}
    if write:
        SIZES_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {SIZES_FILE.relative_to(ROOT)}")
    return report


# --- command line ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n")[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    action.add_argument("--measure", action="store_true", help="install each set; write sizes")
    parser.add_argument("--python", default="python3.11", help="for --measure (python3.11)")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/rq"), help="for --measure")
    parser.add_argument(
        "--only", nargs="*", help="for --measure: these sets (page names, all), kept with the rest"
    )
    parser.add_argument("--no-write", action="store_true", help="for --measure: report only")
    args = parser.parse_args(argv)
    try:
        if args.measure:
            measure(args.python, args.scratch, args.only, write=not args.no_write)
            return 0
        sets = requirement_sets()
        stale = stale_files(sets)
        if args.check:
            for path in stale:
                print(f"{path.relative_to(ROOT)} is stale: run `{COMMAND}`.", file=sys.stderr)
            return 1 if stale else 0
        for req_set in sets:
            if req_set.path in stale:
                req_set.path.write_text(req_set.text(), encoding="utf-8")
            print(f"{req_set.path.relative_to(ROOT)}: {req_set.packages} packages")
        return 0
    except RequirementsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
