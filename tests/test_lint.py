"""Promise: the snippets and the site's own Python pass ruff, and the GitHub workflows pass
actionlint.

Both name file:line:col. Snippets are linted, never formatted: a formatter rewrites `#>` into
`# >` and breaks the output checks.

Check:   pytest tests/test_lint.py    (one page's snippets: -k <page>)
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docsite.model import ROOT, SNIPPETS, rel


def _is_page_folder(path: Path) -> bool:
    return path.is_dir() and not path.name.startswith((".", "__"))


# One run per snippets/<page>/ folder (and one for loose files in snippets/, if any), and one
# for the code that builds and checks the site: docsite/, hooks/ and tests/.
LINTED = [
    (folder.name, [folder]) for folder in sorted(SNIPPETS.iterdir()) if _is_page_folder(folder)
]
if loose := sorted(SNIPPETS.glob("*.py")):
    LINTED.append(("snippets", loose))
LINTED.append(("site-code", [ROOT / "docsite", ROOT / "hooks", ROOT / "tests"]))


@pytest.mark.parametrize("paths", [paths for _, paths in LINTED], ids=[n for n, _ in LINTED])
def test_snippets_pass_ruff(paths: list[Path]):
    ruff = [sys.executable, "-m", "ruff", "check", "--output-format=concise", "--no-cache"]
    done = subprocess.run(
        [*ruff, *map(rel, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, (
        f"ruff found problems (file:line:col):\n{done.stdout}{done.stderr}"
        "Fix them by hand or with `ruff check --fix <path>`. Never run a formatter over "
        "snippets/: it rewrites `#>` into `# >` and breaks the output checks."
    )


def test_workflows_pass_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "No workflow in .github/workflows: CI and publishing are not set up."
    actionlint = Path(sys.executable).parent / "actionlint"
    command = [str(actionlint), "-no-color", *map(str, workflows)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"actionlint (file:line:col):\n{done.stdout}{done.stderr}"
