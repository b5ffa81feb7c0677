"""Promise: CONTRIBUTING.md and README.md tell the truth about the code: CONTRIBUTING names every
test module with its promise, every test with what its failure means, every `make` target a
contributor can run, and every tool and hook (README's tour every hook); no line of the
documents, mkdocs.yml, the Makefile or requirements.in names a file that does not exist.

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


# A repository path a document names: docsite/x.py, hooks/x.py, tests/test_x.py, .ci/run...
NAMED_PATH = re.compile(r"(?<![\w/.-])((?:docsite|hooks|tests|\.ci|\.github/workflows)/[\w./-]+)")
DOCUMENTS = ["README.md", "CONTRIBUTING.md", "mkdocs.yml", "Makefile", "requirements.in"]


def test_every_path_the_documents_name_exists():
    # A module that is deleted or renamed leaves a line that points nowhere (docsite/refresh.py).
    missing = [
        f"{document}:{number}: {path}"
        for document in DOCUMENTS
        for number, text in enumerate((ROOT / document).read_text(encoding="utf-8").splitlines(), 1)
        for path in NAMED_PATH.findall(text)
        if not (ROOT / path.rstrip(".,:;)")).exists() and "<" not in path
    ]
    assert not missing, (
        "these lines name a file that does not exist: " + "; ".join(missing) + ". Name the file "
        "that does the work now, or drop the line."
    )


def test_every_tool_and_hook_is_in_the_layout():
    # README's tour and CONTRIBUTING's layout are how a contributor finds the code.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        f"{path.relative_to(ROOT).as_posix()} in {document}"
        for folder, document, text in [
            ("docsite", "CONTRIBUTING.md", CONTRIBUTING),
            ("hooks", "CONTRIBUTING.md", CONTRIBUTING),
            ("hooks", "README.md", readme),
        ]
        for path in sorted((ROOT / folder).glob("*.py"))
        if path.name != "__init__.py" and path.name not in text
    ]
    assert not missing, (
        f"not named: {missing}. Add a line saying what the module does to the layout block of "
        "CONTRIBUTING.md (and, for a hook, to README.md's tour)."
    )
