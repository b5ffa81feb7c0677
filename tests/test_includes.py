"""Promise: every include resolves, every snippet is shown, and no page hides untested Python.

Each `--8<--` line names a file and section that exist; each snippet file, and each section it
marks, is shown on some page; every line of Python code in a snippet is shown (or the file is a
download that the page's code imports), because the suite runs a snippet only as its page shows
it (tests/test_copy_paste.py); and no Python is typed into a page, where nothing would run it.
(The title over a block is the path of the file it shows: hooks/titles.py writes it.) Pages
are read through docsite.model, the one parser of fences, includes and sections.

Check:   pytest tests/test_includes.py    (one page: -k <page>)
"""

import ast
import functools
from pathlib import Path

import pytest

from docsite.model import SNIPPETS, Page, pages, rel, sections, snippet_files

PAGES = pages()
# Files a page shows: each must be included somewhere (Dockerfiles have no suffix).
SHOWN_KINDS = (".py", ".sql", ".yaml", ".yml", "Dockerfile")


def _shown_kinds() -> list[Path]:
    return [path for kind in SHOWN_KINDS for path in snippet_files(kind)]


def _folder(path: Path) -> str:
    """The snippets/<page>/ folder a file belongs to, named like its page."""
    return path.relative_to(SNIPPETS).parts[0]


@functools.cache
def _included() -> frozenset[tuple[Path, str | None]]:
    """(file, section or None) for every include on every page."""
    return frozenset((i.file, i.section) for page in PAGES for i in page.includes())


def _fail(problems: list[str]) -> None:
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_includes_resolve(page: Page):
    problems = []
    for include in page.includes():
        path, section = include.file, include.section
        if not path.is_file():
            near = [rel(p) for p in snippet_files(path.suffix) if p.name == path.name]
            hint = f" Did you mean {near[0]}?" if near else " Paths start at the repository root."
            problems.append(
                f"{include.where}: includes {include.target!r}, but {rel(path)} does not exist."
                f"{hint}"
            )
        elif section and section not in sections(path):
            problems.append(
                f"{include.where}: includes section {section!r}, which {rel(path)} does not "
                f"mark. Its sections: {sorted(sections(path)) or 'none'}."
            )
    _fail(problems)


@pytest.mark.parametrize("folder", sorted({_folder(path) for path in _shown_kinds()}))
def test_every_snippet_is_shown_on_a_page(folder: str):
    whole_files = {path for path, section in _included() if section is None}
    shown_sections = {(path, section) for path, section in _included() if section}
    problems = []
    for path in [p for p in _shown_kinds() if _folder(p) == folder]:
        if path in whole_files:
            continue
        file_sections = sections(path)
        if not file_sections or not any(p == path for p, _ in shown_sections):
            problems.append(
                f"{rel(path)}:1: no page includes this file. Include it with "
                f'--8<-- "{rel(path)}" in a code block, or delete it.'
            )
            continue
        for name in sorted(file_sections.keys() - {s for p, s in shown_sections if p == path}):
            start_marker = file_sections[name][0] - 1
            problems.append(
                f"{rel(path)}:{start_marker}: section {name!r} is shown on no page. Include it "
                f'with --8<-- "{rel(path)}:{name}", or remove its markers.'
            )
        if path.suffix == ".py" and path not in _downloads():
            shown = [sections(path)[s] for p, s in shown_sections if p == path]
            problems += [
                f"{rel(path)}:{line}: this line is in no section a page shows, so no test runs "
                "it (a snippet runs only as its page shows it). Move it into a shown section, "
                "or delete it."
                for line in _code_lines(path)
                if not any(first <= line <= last for first, last in shown)
            ]
    _fail(problems)


@functools.cache
def _downloads() -> frozenset[Path]:
    """Files a page links for download: its code imports them whole (subscribers.py)."""
    return frozenset(path for page in PAGES for path in page.downloads().values())


def _code_lines(path: Path) -> list[int]:
    """Lines of a Python file that hold code: neither its docstring, a comment nor blank."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstring = set()
    if ast.get_docstring(tree) is not None:
        docstring = set(range(tree.body[0].lineno, tree.body[0].end_lineno + 1))
    return [
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if number not in docstring and text.strip() and not text.lstrip().startswith("#")
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_inline_python_on_pages(page: Page):
    _fail(
        [
            f"{fence.where}: Python written inline in a page is never run. Move it to a file "
            "under snippets/ and include it with --8<--."
            for fence in page.fences()
            if fence.lang in {"python", "py", "pycon"} and fence.written
        ]
    )
