"""Promise: every section page has a notebook that is the page's code, and it cannot drift.

docs/notebooks/<page>.ipynb is generated from docs/<page>.md (docsite/notebooks.py): one cell per
Python block, in page order, after a %pip cell that installs the page's pinned set and hidden
set-up cells that write its downloads. What each cell shows as printed comes from the page's one
execution, the copy-paste run in a Jupyter kernel: tests/test_copy_paste.py checks it and
refreshes it. The site renders the notebook with those outputs (mkdocs-jupyter).

Each notebook also opens in Google Colab, from the repository on GitHub: the section page's
button (hooks/notebooks.py) and the notebook's first cell link it, and the %pip cell asks for a
restart when it replaced a package the running kernel had already imported.

Check:   pytest tests/test_notebooks.py   (a second per page: only the install cell's restart check
         runs, in a subprocess)
Refresh: make update-examples
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
from bs4 import BeautifulSoup

from docsite.model import ROOT, Page, rel
from docsite.notebooks import (
    COLAB_TEXT,
    LINK_TEXT,
    RESTART,
    SETUP_TAG,
    generate,
    notebook_colab_url,
    notebook_pages,
    notebook_path,
    pip_command,
)
from docsite.site import CONFIG

REFRESH = "Run `make update-examples` to regenerate it; never edit a notebook by hand."


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.name)
def test_notebook_is_its_pages_code(page: Page):
    path = notebook_path(page)
    if not path.is_file():
        pytest.fail(f"{rel(path)} does not exist. {REFRESH}", pytrace=False)
    committed = nbformat.read(path, as_version=4)
    generated = generate(page)
    if [c.source for c in committed.cells] != [c.source for c in generated.cells]:
        pytest.fail(
            f"{rel(path)} no longer matches {rel(page.path)} and its snippets. {REFRESH}",
            pytrace=False,
        )


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.name)
def test_notebook_installs_what_its_page_needs(page: Page, built_site: Path):
    """The %pip cell names the page's pinned set, at the URL the site publishes it."""
    first_code = next(c for c in generate(page).cells if c.cell_type == "code")
    assert SETUP_TAG in first_code.metadata["tags"]
    assert pip_command(page) in first_code.source.splitlines()
    published = built_site / "snippets" / page.name / "requirements.txt"
    assert published.is_file(), (
        f"{rel(page.path)}: its notebook installs snippets/{page.name}/requirements.txt, which "
        "does not exist. Run `python -m docsite.requirements` to generate it."
    )


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.name)
def test_page_links_to_its_notebook(page: Page):
    link = f"[{LINK_TEXT}](notebooks/{page.name}.ipynb)"
    assert link in page.text, f"{rel(page.path)}: add a link to its notebook near the top: {link}"


# --- Open in Colab ------------------------------------------------------------------------------


def _owner_repo_branch() -> tuple[str, str, str]:
    """What mkdocs.yml says, read here on its own: repo_url https://github.com/<owner>/<repo> and
    edit_uri edit/<branch>/docs/."""
    repo_url = urlparse(CONFIG["repo_url"])
    assert (repo_url.scheme, repo_url.netloc) == ("https", "github.com"), CONFIG["repo_url"]
    owner, repo = repo_url.path.strip("/").split("/")
    edit = re.fullmatch(r"edit/(?P<branch>[^/]+)/docs/?", CONFIG["edit_uri"])
    assert edit, f"mkdocs.yml edit_uri {CONFIG['edit_uri']!r} is not edit/<branch>/docs/"
    return owner, repo, edit["branch"]


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.name)
def test_colab_link_is_the_notebook_on_the_repositorys_branch(page: Page):
    owner, repo, branch = _owner_repo_branch()
    expected = (
        f"https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}"
        f"/docs/notebooks/{page.name}.ipynb"
    )
    assert notebook_colab_url(page) == expected


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.name)
def test_colab_link_targets_a_file_git_tracks(page: Page):
    """Colab reads the notebook from GitHub: the path in its link must be a committed file."""
    _, _, branch = _owner_repo_branch()
    path = notebook_colab_url(page).split(f"/blob/{branch}/", 1)[1]
    assert (ROOT / path).is_file(), f"the Colab link of {rel(page.path)} opens {path}: no such file"
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", path], cwd=ROOT, capture_output=True, text=True
    )
    assert tracked.returncode == 0, f"{path} is not tracked by git: `git add` it.\n{tracked.stderr}"


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.name)
def test_page_and_notebook_page_link_to_colab(page: Page, built_site: Path):
    url = notebook_colab_url(page)
    section = BeautifulSoup((built_site / page.name / "index.html").read_text(), "html.parser")
    button = section.find("a", href=url)
    assert button is not None, f"/{page.name}/ has no link to {url} (hooks/notebooks.py adds it)"
    assert button.get_text(strip=True) == COLAB_TEXT and "md-button" in button["class"]
    # Beside the notebook button, not somewhere else on the page.
    assert button.find_previous_sibling("a", string=LINK_TEXT) is not None
    html = (built_site / "notebooks" / page.name / "index.html").read_text()
    link = BeautifulSoup(html, "html.parser").find("a", href=url)
    assert link is not None, f"/notebooks/{page.name}/ has no link to {url}"
    assert link.get_text(strip=True) == COLAB_TEXT


# --- the install cell's restart check -----------------------------------------------------------

# A package in its own folder on sys.path, installed the way pip installs one: the module and a
# restartdemo-<version>.dist-info holding its METADATA and RECORD (from which importlib.metadata
# tells which distribution a module belongs to). install("2.0") upgrades it as pip would.
_FAKE_PIP = """\
import os
import shutil
import sys
from pathlib import Path

SITE = Path(sys.argv[1])


def install(version):
    for old in SITE.glob("restartdemo-*.dist-info"):
        shutil.rmtree(old)
    info = SITE / f"restartdemo-{version}.dist-info"
    info.mkdir()
    metadata = f"Metadata-Version: 2.1\\nName: restartdemo\\nVersion: {version}\\n"
    (info / "METADATA").write_text(metadata)
    (info / "RECORD").write_text(f"restartdemo/__init__.py,,\\n{info.name}/METADATA,,\\n")
    # A real install takes seconds; importlib.metadata caches a folder's listing by its mtime.
    os.utime(SITE, (SITE.stat().st_atime, SITE.stat().st_mtime + 1))


(SITE / "restartdemo").mkdir()
(SITE / "restartdemo" / "__init__.py").write_text("")
install("1.0")
"""


def _run_install_cell(tmp_path: Path, imports: str, install: str) -> str:
    """Run the committed install cell's Python in a fresh interpreter that first runs `imports`,
    with its %pip line replaced by `install`; return what it printed (and fail on an error)."""
    page = notebook_pages()[0]
    committed = nbformat.read(notebook_path(page), as_version=4)
    cell = next(c for c in committed.cells if c.cell_type == "code").source
    assert cell.count(pip_command(page)) == 1
    script = "\n".join([_FAKE_PIP, imports, cell.replace(pip_command(page), install)])
    site = tmp_path / "site"
    site.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", script, str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_install_cell_asks_for_a_restart_when_it_replaced_an_imported_package(tmp_path: Path):
    printed = _run_install_cell(tmp_path, "import restartdemo", install='install("2.0")')
    assert printed == RESTART + "\n"


@pytest.mark.parametrize(
    "imports, install",
    [
        ("import restartdemo", "pass"),  # imported; the install changed nothing (as in the tests)
        ("", 'install("2.0")'),  # replaced, but never imported: the new version will load
        ("import numpy, pandas", "pass"),  # this environment's own packages, all installed
    ],
    ids=["imported-unchanged", "changed-not-imported", "this-environment"],
)
def test_install_cell_prints_nothing_otherwise(tmp_path: Path, imports: str, install: str):
    assert _run_install_cell(tmp_path, imports, install) == ""
