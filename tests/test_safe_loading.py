"""Promise: no snippet trusts what a model file says about itself.

skops' `get_untrusted_types(file=...)` reads the types a model file declares from that same file.
Passing its answer back as `trusted=` approves whatever a tampered file asks for, which undoes
the protection skops exists to give. Snippets compare that list with an allow-list written in
the code and pass the allow-list (snippets/how-to-become-an-ml-engineer/save_pipeline.py).
"""

import ast
from pathlib import Path

import pytest

from docsite.model import SNIPPETS, python_files, rel, snippet_folders

# Keywords that tell a loader which types to build: skops' load/loads, MLflow's sklearn flavour.
TRUST_KEYWORDS = {"trusted", "skops_trusted_types"}
READS_THE_FILE = "get_untrusted_types"
# skops.io.load(file, trusted) and loads(data, trusted) also take the list as 2nd argument.
LOADERS = {"load", "loads"}
EXAMPLE = "snippets/how-to-become-an-ml-engineer/save_pipeline.py"


def _called_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Name):
            return node.func.id
        if isinstance(node.func, ast.Attribute):
            return node.func.attr
    return None


def _tainted_names(tree: ast.AST) -> set[str]:
    """Names assigned, directly or through other such names, from a get_untrusted_types call."""
    tainted: set[str] = set()
    assignments = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            assignments.append((node.targets, node.value))
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)) and node.value:
            assignments.append(([node.target], node.value))
    changed = True
    while changed:
        changed = False
        for targets, value in assignments:
            if not _from_the_file(value, tainted):
                continue
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id not in tainted:
                        tainted.add(name.id)
                        changed = True
    return tainted


def _from_the_file(expr: ast.AST, tainted: set[str]) -> bool:
    """Whether an expression is, or is built from, what get_untrusted_types read."""
    return any(
        _called_name(node) == READS_THE_FILE or (isinstance(node, ast.Name) and node.id in tainted)
        for node in ast.walk(expr)
    )


def self_trusting_loads(source: str, filename: str = "<snippet>") -> list[int]:
    """Lines where a loader's trusted types come from the model file itself."""
    tree = ast.parse(source, filename=filename)
    tainted = _tainted_names(tree)
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        given = [kw.value for kw in node.keywords if kw.arg in TRUST_KEYWORDS]
        if _called_name(node) in LOADERS and len(node.args) >= 2:
            given.append(node.args[1])
        if any(_from_the_file(value, tainted) for value in given):
            lines.append(node.lineno)
    return sorted(set(lines))


@pytest.mark.parametrize("folder", snippet_folders(), ids=lambda folder: folder.name)
def test_no_snippet_trusts_what_a_model_file_says_about_itself(folder: Path):
    problems = []
    for path in python_files(folder):
        for line in self_trusting_loads(path.read_text(encoding="utf-8"), str(path)):
            problems.append(
                f"{rel(path)}:{line}: the types this load trusts come from get_untrusted_types, "
                "that is from the model file itself, so a tampered file approves its own types. "
                "Compare get_untrusted_types(...) with an allow-list written in the code, refuse "
                f"the file if it declares anything else, and pass the allow-list (see {EXAMPLE})."
            )
    assert not problems, "\n".join(problems)


def test_the_check_catches_each_way_of_passing_the_file_its_own_list():
    """Guards the guard: if the check above is weakened, this fails."""
    unsafe = {
        "direct": "sio.load(p, trusted=sio.get_untrusted_types(file=p))",
        "through a name": "unknown = get_untrusted_types(file=p)\nsio.load(p, trusted=unknown)",
        "through two names": "a = get_untrusted_types(file=p)\nb = sorted(a)\nload(p, trusted=b)",
        "positional": "types = sio.get_untrusted_types(data=d)\nsio.loads(d, types)",
        "annotated": "t: list[str] = sio.get_untrusted_types(file=p)\nsio.load(p, trusted=t)",
        "MLflow": "mlflow.sklearn.log_model(m, skops_trusted_types=get_untrusted_types(file=p))",
    }
    for case, source in unsafe.items():
        assert self_trusting_loads(source), f"the check misses the {case} case:\n{source}"

    safe = (
        "ALLOWED = []\n"
        "unexpected = sorted(set(sio.get_untrusted_types(file=p)) - set(ALLOWED))\n"
        "if unexpected:\n    raise ValueError(unexpected)\n"
        "model = sio.load(p, trusted=ALLOWED)\n"
    )
    assert self_trusting_loads(safe) == [], "the allow-list pattern must pass"


def test_the_example_this_check_points_to_exists_and_passes():
    example = Path(SNIPPETS.parent / EXAMPLE)
    source = example.read_text(encoding="utf-8")
    assert "get_untrusted_types" in source and "trusted=ALLOWED" in source, (
        f"{EXAMPLE} no longer shows the allow-list pattern this test's message points to; "
        "update the message or restore the example"
    )
    assert self_trusting_loads(source) == []
