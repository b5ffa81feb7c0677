"""Promise: no snippet hides every warning.

Readers copy snippets. A `warnings.filterwarnings("ignore")` copied into their own code would
also hide the next warning that matters (a deprecation, a convergence failure, a dtype change).
A snippet may silence a warning it explains, named by its message or its category; it may not
switch warnings off wholesale.

Check:   pytest tests/test_no_blanket_warning_filters.py
"""

import ast
from pathlib import Path

import pytest

from docsite.model import python_files, rel, snippet_folders

# The calls that install a filter, and the position each one takes its arguments in.
FILTER_CALLS = {
    "filterwarnings": ("action", "message", "category", "module", "lineno", "append"),
    "simplefilter": ("action", "category", "lineno", "append"),
    "catch_warnings": ("record", "module", "action", "category", "lineno", "append"),
}
# A message regex that matches everything, or a category every warning belongs to, names nothing.
MATCH_ALL_MESSAGES = {"", ".*", ".", "^"}
MATCH_ALL_CATEGORIES = {"Warning", "Exception", "BaseException"}


def _called_name(call: ast.Call) -> str | None:
    """`warnings.filterwarnings(...)` or a bare `filterwarnings(...)`: "filterwarnings"."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.attr if func.value.id == "warnings" else None
    if isinstance(func, ast.Name):
        return func.id
    return None


def _arguments(call: ast.Call, names: tuple[str, ...]) -> dict[str, ast.expr]:
    found = {name: node for name, node in zip(names, call.args, strict=False)}
    found.update({kw.arg: kw.value for kw in call.keywords if kw.arg})
    return found


def _names_something(name: str, node: ast.expr | None) -> bool:
    """Whether a message= or category= argument narrows the filter to some warnings only."""
    if node is None:
        return False
    if name == "message":
        return not (isinstance(node, ast.Constant) and node.value in MATCH_ALL_MESSAGES)
    if isinstance(node, ast.Name):
        return node.id not in MATCH_ALL_CATEGORIES
    if isinstance(node, ast.Attribute):
        return node.attr not in MATCH_ALL_CATEGORIES
    return True  # an expression we cannot judge statically: trust it, it names something


def blanket_filters(source: str) -> list[tuple[int, str]]:
    """(line, code) of every call that ignores all warnings, without a message or category."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or (name := _called_name(node)) not in FILTER_CALLS:
            continue
        args = _arguments(node, FILTER_CALLS[name])
        action = args.get("action")
        if not (isinstance(action, ast.Constant) and action.value == "ignore"):
            continue
        if not any(_names_something(arg, args.get(arg)) for arg in ("message", "category")):
            found.append((node.lineno, ast.unparse(node)))
    return found


@pytest.mark.parametrize("folder", snippet_folders(), ids=lambda folder: folder.name)
def test_no_snippet_hides_every_warning(folder: Path):
    offenders = [
        f"{rel(path)}:{line}: {code}"
        for path in python_files(folder)
        for line, code in blanket_filters(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, (
        "These lines switch off every warning, in code readers copy:\n  "
        + "\n  ".join(offenders)
        + "\nSilence only the warning you mean, and say why in a comment, e.g. "
        'warnings.filterwarnings("ignore", message="PySpark does not yet fully support", '
        'category=FutureWarning, module=r"pyspark\\.pandas").'
    )


@pytest.mark.parametrize(
    "code, blanket",
    [
        ('import warnings\nwarnings.filterwarnings("ignore")', True),
        ('import warnings\nwarnings.simplefilter("ignore")', True),
        ('from warnings import simplefilter\nsimplefilter(action="ignore")', True),
        ('import warnings\nwarnings.filterwarnings("ignore", message=".*")', True),
        ('import warnings\nwarnings.filterwarnings("ignore", category=Warning)', True),
        ('import warnings\nwith warnings.catch_warnings(action="ignore"):\n    pass', True),
        ('import warnings\nwarnings.filterwarnings("ignore", "PySpark", FutureWarning)', False),
        ('import warnings\nwarnings.filterwarnings("ignore", category=FutureWarning)', False),
        ('import warnings\nwarnings.simplefilter("ignore", UserWarning)', False),
        ('import warnings\nwarnings.simplefilter("error")', False),
    ],
)
def test_the_check_tells_a_blanket_filter_from_a_named_one(code: str, blanket: bool):
    assert bool(blanket_filters(code)) is blanket, code
