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
# mlflow.sklearn.load_model hands skops the list in the model's own MLmodel file, the same
# self-trust by another road; the churn project's load_logged checks that list against its
# reviewed one first, and is the one place allowed to call it.
REVIEWED_LOADER = SNIPPETS / "testing-and-ci-cd/churn-project/src/churn/model.py"


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


def unreviewed_mlflow_loads(source: str, filename: str = "<snippet>") -> list[int]:
    """Lines that call mlflow.sklearn.load_model (or sklearn.load_model) directly."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source, filename=filename))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "load_model"
        and isinstance(node.func.value, (ast.Attribute, ast.Name))
        and getattr(node.func.value, "attr", getattr(node.func.value, "id", None)) == "sklearn"
    )


@pytest.mark.parametrize("folder", snippet_folders(), ids=lambda folder: folder.name)
def test_logged_models_load_only_through_the_reviewed_loader(folder: Path):
    problems = []
    for path in python_files(folder):
        if path.resolve() == REVIEWED_LOADER.resolve():
            continue
        for line in unreviewed_mlflow_loads(path.read_text(encoding="utf-8"), str(path)):
            problems.append(
                f"{rel(path)}:{line}: mlflow.sklearn.load_model trusts the skops types listed in "
                "the model's own MLmodel file. Load with churn.model.load_logged, which checks "
                f"them against the reviewed TRUSTED_TYPES first ({rel(REVIEWED_LOADER)})."
            )
    assert not problems, "\n".join(problems)


def test_the_mlflow_check_finds_direct_loads_and_the_loader_exists():
    assert unreviewed_mlflow_loads("m = mlflow.sklearn.load_model(uri)") == [1]
    assert unreviewed_mlflow_loads("from mlflow import sklearn\nsklearn.load_model(u)") == [2]
    assert unreviewed_mlflow_loads("m = load_logged(uri)") == []
    assert "def load_logged" in REVIEWED_LOADER.read_text(encoding="utf-8")


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
