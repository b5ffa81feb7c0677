"""Promise: every section page has a notebook that is the page's code, and it cannot drift.

docs/notebooks/<page>.ipynb is generated from docs/<page>.md (docsite/notebooks.py): one cell per
Python block, in page order, after a %pip cell that installs the page's pinned set and hidden
set-up cells that write its downloads. What each cell shows as printed comes from the page's one
execution, the copy-paste run in a Jupyter kernel: tests/test_copy_paste.py checks it and
refreshes it. The site renders the notebook with those outputs (mkdocs-jupyter).

Check:   pytest tests/test_notebooks.py   (a second per page: nothing is executed here)
Refresh: make update-examples
"""

from pathlib import Path

import nbformat
import pytest

from docsite.model import Page, rel
from docsite.notebooks import (
    LINK_TEXT,
    SETUP_TAG,
    generate,
    notebook_pages,
    notebook_path,
    pip_command,
)

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
    assert first_code.source.splitlines()[-1] == pip_command(page)
    published = built_site / "snippets" / page.name / "requirements.txt"
    assert published.is_file(), (
        f"{rel(page.path)}: its notebook installs snippets/{page.name}/requirements.txt, which "
        "does not exist. Run `python -m docsite.requirements` to generate it."
    )


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.name)
def test_page_links_to_its_notebook(page: Page):
    link = f"[{LINK_TEXT}](notebooks/{page.name}.ipynb)"
    assert link in page.text, f"{rel(page.path)}: add a link to its notebook near the top: {link}"
