"""Promise: whatever a contributor breaks, a test fails, names the file and line, and the rest runs.

Each test copies the repository to a temp folder, breaks the copy the way a pull request might,
runs the relevant checks there in a separate pytest, and reads what a contributor would read.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docsite.browser import find_browser
from docsite.build import built_pages
from docsite.model import ROOT, Page

# Everything a check reads, nothing it rebuilds: above all no virtual environment (.venv-3.11 and
# the like hold gigabytes; copying one per test filled the disk and took minutes).
COPY_IGNORES = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "site",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".cache",
    ".mlflow",
    "node_modules",
)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORES)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run([*git, "add", "-A"], cwd=copy, check=True)
    subprocess.run([*git, "commit", "-qm", "copy"], cwd=copy, check=True)
    return copy


def run_checks(copy: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    return done.returncode, done.stdout + done.stderr


def add_line(path: Path, text: str) -> int:
    """Append a line to a file and return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, text]) + "\n", encoding="utf-8")
    return len(lines) + 1


def add_page(copy: Path, name: str, files: dict[str, str]) -> None:
    """A new page docs/<name>.md, in the nav, showing each of `files` (snippets/<name>/...)."""
    folder = copy / "snippets" / name
    folder.mkdir()
    blocks = []
    for file, code in files.items():
        (folder / file).write_text(code, encoding="utf-8")
        blocks.append(f'```python\n--8<-- "snippets/{name}/{file}"\n```\n')
    (copy / "docs" / f"{name}.md").write_text(f"# {name}\n\n" + "\n".join(blocks))
    nav = copy / "mkdocs.yml"
    capstone = '  - "Capstone: from messy data to a monitored model": capstone.md\n'
    nav.write_text(nav.read_text().replace(capstone, f"{capstone}  - {name}: {name}.md\n"))


def test_broken_stale_littering_online_drawing_and_leaking_pages_each_fail_alone(
    repo_copy: Path,
):
    # A page's run stops at its first broken block, so each breakage gets a page of its own.
    # 1. A snippet that raises, on its second line.
    add_page(repo_copy, "planted-broken", {"broken.py": "total = 1\nprint(total / 0)\n#> never\n"})
    # 2. Output typed by hand instead of produced by running the code, on a real page.
    preview = repo_copy / "snippets" / "dataset" / "preview.py"
    preview.write_text(preview.read_text().replace("#> (1000, 18)", "#> (999, 18)"))
    stale_line = preview.read_text().splitlines().index("#> (999, 18)") + 1
    # 3. A snippet that writes into the repository instead of a temp folder.
    stray = repo_copy / "stray.csv"
    littering = f'from pathlib import Path\n\nPath("{stray}").write_text("x")\n'
    add_page(repo_copy, "planted-littering", {"littering.py": littering})
    # 4. Snippets that download their data, by name and by address. (.invalid never resolves and
    # 0.0.0.1 is unroutable, so nothing could leave the machine even if a guard failed.)
    online = 'import urllib.request\n\nurllib.request.urlopen("https://data.example.invalid/x")\n'
    add_page(repo_copy, "planted-online", {"online.py": online})
    online_ip = 'import socket\n\nsocket.socket().connect(("0.0.0.1", 443))\n'
    add_page(repo_copy, "planted-online-ip", {"online_ip.py": online_ip})
    # 5. A figure that no longer matches what the page's code draws.
    drawing = 'import matplotlib.pyplot as plt\n\nplt.plot([1, 2])\nplt.savefig("line.svg")\n'
    add_page(repo_copy, "planted-drawing", {"drawing.py": drawing})
    figure = repo_copy / "docs" / "figures" / "planted-drawing" / "line.svg"
    figure.parent.mkdir()
    figure.write_text("<svg><!-- drawn by hand --></svg>\n")
    # 6. A server (here a sleep) started and never stopped.
    leaking = 'import subprocess\n\nserver = subprocess.Popen(["sleep", "300"])\n'
    add_page(repo_copy, "planted-leaking", {"leaking.py": leaking})
    # 7. Code that needs, at run time, a package its imports do not name: Polars converts a
    # pandas nullable-integer column through pyarrow, which the page's set then lacks.
    needs = (
        "import pandas as pd\nimport polars as pl\n\n"
        'frame = pd.DataFrame({"n": pd.array([1, None], dtype="Int64")})\n'
        "print(pl.from_pandas(frame).shape)\n#> (2, 1)\n"
    )
    add_page(repo_copy, "planted-runtime-import", {"needs.py": needs})
    # 8. A notebook edited by hand (checked without running anything, in the same pytest run).
    notebook = repo_copy / "docs" / "notebooks" / "capstone.ipynb"
    notebook.write_text(notebook.read_text().replace("n=3000", "n=4000"))

    tests = ["tests/test_copy_paste.py", "tests/test_notebooks.py"]
    chosen = "(test_copy_paste and (dataset or planted)) or (test_notebooks and capstone)"
    code, out = run_checks(repo_copy, *tests, "-k", chosen)

    assert code == 1, f"expected plain test failures (exit 1), got exit {code}:\n{out}"
    assert "INTERNALERROR" not in out
    assert "snippets/planted-broken/broken.py:2: ZeroDivisionError: division by zero" in out
    assert f"snippets/dataset/preview.py:{stale_line}: the printed output no longer matches" in out
    assert "make update-examples" in out
    assert "docs/planted-littering.md: the page's code changed the work tree" in out
    assert "stray.csv" in out
    assert "snippets/planted-online/online.py:3: URLError" in out
    assert "looking up 'data.example.invalid' is blocked" in out
    assert "snippets/planted-online-ip/online_ip.py:3: OSError" in out
    assert "connecting to '0.0.0.1' is blocked" in out
    assert "docs/planted-drawing.md: docs/figures/planted-drawing/line.svg is stale" in out
    assert "docs/planted-leaking.md: when the session ended, the page's code had left 1" in out
    assert "sleep 300" in out
    assert "snippets/planted-runtime-import/needs.py:5: ImportError: pyarrow is required" in out
    assert (
        "docs/planted-runtime-import.md: its code needs, at run time, pyarrow (distribution "
        "pyarrow), which snippets/planted-runtime-import/requirements.txt does not install" in out
    )
    assert "make update-examples PAGE=planted-runtime-import" in out
    assert "docs/notebooks/capstone.ipynb no longer matches docs/capstone.md" in out
    assert "9 failed" in out  # 8 planted pages and the notebook; its other checks pass


def test_missing_unused_and_inline_code_are_named(repo_copy: Path):
    page = repo_copy / "docs" / "dataset.md"
    # 1. An include whose file was deleted.
    (repo_copy / "snippets" / "dataset" / "preview.py").unlink()
    include_line = next(
        i.line for i in Page(page).includes() if i.target.endswith("preview.py:subscribers")
    )
    # 2. A snippet no page shows.
    (repo_copy / "snippets" / "dataset" / "unused.py").write_text('print("hi")\n#> hi\n')
    # 3. Python typed straight into a page, where nothing runs it.
    fence_line = add_line(page, '```python\nprint("never tested")\n```')

    code, out = run_checks(
        repo_copy,
        "tests/test_includes.py",
        "-k",
        "includes_resolve or shown_on_a_page or inline_python",
    )

    assert code == 1, out
    assert (
        f"docs/dataset.md:{include_line}: includes 'snippets/dataset/preview.py:subscribers', "
        "but snippets/dataset/preview.py does not exist" in out
    )
    assert "snippets/dataset/unused.py:1: no page includes this file" in out
    assert f"docs/dataset.md:{fence_line}: Python written inline in a page is never run" in out
    assert "3 failed" in out


def test_broken_link_names_page_and_line(repo_copy: Path):
    page = repo_copy / "docs" / "dataset.md"
    link_line = add_line(page, "See [the missing page](no-such-page.md) for more.")

    code, out = run_checks(repo_copy, "tests/test_build.py", "-k", "builds_strict and dataset")

    assert code == 1, out
    assert f"docs/dataset.md:{link_line}:" in out and "no-such-page.md" in out


def test_one_page_run_finds_a_third_party_script_and_image_on_its_page(repo_copy: Path):
    """`make test PAGE=<page>` (pytest -k <page>) finds what the full suite finds about the page:
    here a script and an image fetched from another host, which only site-wide loops caught."""
    page = repo_copy / "docs" / "dataset.md"
    script_line = add_line(page, '<script src="https://cdn.example.com/x.js"></script>')
    add_line(page, "")
    image_line = add_line(page, "![A bar chart of the subscribers](https://example.com/a.png)")

    modules = ["tests/test_build.py", "tests/test_browser.py"]
    code, out = run_checks(repo_copy, *modules, "-k", "dataset", "-rA")

    assert code == 1, f"expected plain test failures (exit 1), got exit {code}:\n{out}"
    assert "INTERNALERROR" not in out
    assert (
        f"docs/dataset.md:{script_line}: <script src='https://cdn.example.com/x.js'> makes every "
        "reader's browser fetch from another host (in dataset/index.html). Fix: save the script "
        "under docs/javascripts/ and load it from mkdocs.yml" in out
    )
    assert (
        f"docs/dataset.md:{image_line}: <img src='https://example.com/a.png'> makes every "
        "reader's browser fetch from another host (in dataset/index.html). Fix: save the image "
        "under docs/figures/<page>/" in out
    )
    assert "FAILED tests/test_build.py::test_no_third_party_requests[dataset]" in out
    if find_browser():  # the browser sees the request too, and names the same line
        for scheme in ("light", "dark"):
            failed = f"test_every_page_loads_cleanly_and_passes_axe[dataset-{scheme}]"
            assert f"FAILED tests/test_browser.py::{failed}" in out
        assert (
            f"docs/dataset.md:{script_line} (/dataset/): foreign: https://cdn.example.com/x.js"
            in out
        )
    # Only the page's own checks ran (-rA lists each): no other page's id is in the summary.
    others = [p.name for p in built_pages() if "dataset" not in p.name]
    assert not [name for name in others if f"[{name}]" in out or f"[{name}-" in out], out
