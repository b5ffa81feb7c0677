"""What a page's code imports: the modules a reader must install to run it.

Two sources, one answer (`page_distributions`):
- written in the code: every import in the page's snippet files (and the shared dataset module,
  and the package of a model project the page offers from another page), and every module they
  run with `python -m`, read with `ast` (`third_party_imports`);
- loaded at run time by a library, which no import statement shows: pandas imports pyarrow to
  hand a DataFrame to Polars, FastAPI's TestClient imports httpx. The page's copy-paste run
  records every distribution its session loaded (docsite/session.py), and under
  `--update-examples` tests/test_copy_paste.py keeps those that the written imports do not
  already bring in RUNTIME_FILE, a generated record: never edit it by hand.

docsite/requirements.py turns these distributions into the page's pinned requirements.txt.
"""

from __future__ import annotations

import ast
import fcntl
import functools
import importlib.metadata as metadata
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from docsite.archive import folder_of
from docsite.model import DOCS, ROOT, SNIPPETS, Page, rel

DATASET = SNIPPETS / "dataset"
SHARED_MODULE = DATASET / "subscribers.py"
DIRECT_FILE = ROOT / "requirements.in"
RUNTIME_FILE = ROOT / "docsite" / "runtime-imports.json"


class ImportsError(Exception):
    """Something the generator cannot decide for you; the message says what to do."""


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str  # top level: "sklearn" for `from sklearn.pipeline import Pipeline`
    how: str  # "import" or "python -m"

    @property
    def where(self) -> str:
        return f"{rel(self.path)}:{self.line}"


def pages() -> list[str]:
    """Every page that shows code: docs/<page>.md with a snippets/<page>/ folder."""
    return sorted(p.stem for p in DOCS.glob("*.md") if (SNIPPETS / p.stem).is_dir())


def _python_files(folder: Path) -> list[Path]:
    """Every .py file under `folder`, a project in a subfolder included, caches left out."""
    return sorted(
        p
        for p in folder.rglob("*.py")
        if not any(part.startswith((".", "__pycache__")) for part in p.relative_to(folder).parts)
    )


def linked_code_files(page: str) -> list[Path]:
    """Python another page owns and this page offers for download, which the reader runs too:
    a module (`[service.py](snippets/<other page>/service.py)`), or the package files of a model
    project offered as a zip (`[churn-project.zip](snippets/<other page>/churn-project.zip)`),
    its src/ only when it has one (its tests are the owning page's affair)."""
    path = DOCS / f"{page}.md"
    if not path.is_file():
        return []
    files = []
    for download in Page(path).downloads().values():
        if download.is_relative_to(SNIPPETS / page) or download.is_relative_to(DATASET):
            continue
        if download.suffix == ".py":
            files.append(download)
        elif folder := folder_of(download):
            files += _python_files(folder / "src" if (folder / "src").is_dir() else folder)
    return sorted(set(files))


def page_files(page: str) -> list[Path]:
    """The Python files a reader of the page runs: its snippets, the shared dataset module, and
    the package of any model project it offers from another page."""
    files = [*_python_files(SNIPPETS / page), *linked_code_files(page)]
    return files if SHARED_MODULE in files else [*files, SHARED_MODULE]


def local_modules(page: str) -> set[str]:
    """Modules a reader downloads beside the snippets (subscribers, app, a project's package),
    rather than installs."""
    files = [*_python_files(SNIPPETS / page), *_python_files(DATASET), *linked_code_files(page)]
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


def _requirement_lines(path: Path) -> list[Requirement]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Requirement(t.split(" #")[0]) for t in lines if t.strip() and not t.startswith("#")]


def direct_requirements() -> dict[str, Requirement]:
    """canonical name -> the requirement as requirements.in states it (extras included)."""
    return {canonicalize_name(r.name): r for r in _requirement_lines(DIRECT_FILE)}


@functools.cache
def _module_owners() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def distributions_owning(module: str) -> list[str]:
    """The canonical names of the installed distributions that provide top-level `module`."""
    return sorted({canonicalize_name(d) for d in _module_owners().get(module, [])})


def distributions_of(found: Import, listed: dict[str, Requirement]) -> list[str]:
    """The canonical names of the distributions that install `found.module`."""
    names = distributions_owning(found.module)
    if not names:
        raise ImportsError(
            f"{found.where}: {found.how} {found.module}, which no package installed in this "
            "Python provides. Add its distribution to requirements.in, run `make lock` and "
            "`make install`, then `python -m docsite.requirements`."
        )
    # A namespace shared by several distributions (google.*, mlflow): take the one we chose.
    chosen = [n for n in names if n in listed]
    return chosen or names


def written_distributions(page: str) -> set[str]:
    """The distributions the import statements of the page's code name."""
    listed = direct_requirements()
    return {d for found in third_party_imports(page) for d in distributions_of(found, listed)}


def runtime_record() -> dict[str, dict[str, list[str]]]:
    """page -> distribution -> its modules: what the page's copy-paste run loaded at run time
    beyond what its written imports bring in (RUNTIME_FILE)."""
    if not RUNTIME_FILE.is_file():
        return {}
    return json.loads(RUNTIME_FILE.read_text(encoding="utf-8"))


def record_runtime(page: str, found: dict[str, list[str]]) -> bool:
    """Set the page's entry of RUNTIME_FILE to `found`; True when that changed the file. Two
    test workers may refresh two pages at once, hence the lock."""
    with open(RUNTIME_FILE, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        record = json.loads(handle.read() or "{}")
        before = record.get(page, {})
        if found:
            record[page] = found
        else:
            record.pop(page, None)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(dict(sorted(record.items())), indent=2) + "\n")
    return before != found


def page_distributions(page: str) -> set[str]:
    """Every distribution the page's code uses directly: written, or recorded at run time."""
    return written_distributions(page) | {
        canonicalize_name(d) for d in runtime_record().get(page, {})
    }
