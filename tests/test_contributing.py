"""Promise: CONTRIBUTING.md tells the truth about the code: it names every test module with its
promise, every test with what its failure means, and every `make` target a contributor can run.

Check:   pytest tests/test_contributing.py
"""

import ast
import re

from docsite.model import ROOT

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
TESTS = sorted((ROOT / "tests").glob("test_*.py"))
# The Makefile's commands: every target it declares .PHONY.
PHONY = re.compile(r"^\.PHONY:(?P<targets>.*)$", re.MULTILINE)


def test_contributing_names_every_test_module():
    missing = [path.name for path in TESTS if f"  {path.name} " not in CONTRIBUTING]
    assert not missing, (
        f"CONTRIBUTING.md's layout block does not list {missing}: add a line for each, with the "
        "promise the module's docstring states."
    )


def test_contributing_names_every_test():
    missing = [
        f"{path.name}::{node.name}"
        for path in TESTS
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        if node.name not in CONTRIBUTING
    ]
    assert not missing, (
        "CONTRIBUTING.md's table 'What each failing check means' does not name "
        f"{missing}: add a row for each, saying what its failure means and what to do."
    )


def test_contributing_lists_every_make_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = [t for line in PHONY.findall(makefile) for t in line.split()]
    assert targets, "the Makefile declares no .PHONY target: has its style changed?"
    missing = [target for target in targets if f"`make {target}" not in CONTRIBUTING]
    assert not missing, (
        f"CONTRIBUTING.md's command table does not list {['make ' + t for t in missing]}: add a "
        "row for each, saying what it does."
    )
