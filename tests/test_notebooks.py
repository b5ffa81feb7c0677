"""Promise: every section page has a notebook that runs the page's code, and it cannot drift.

docs/notebooks/<page>.ipynb is generated from docs/<page>.md (docsite/notebooks.py), then
executed on a local Jupyter kernel; the site renders it with its outputs (mkdocs-jupyter).
Its first cell installs the page's pinned set with %pip: the tests check that cell, but do not
run it (they are offline, with the packages installed).

Check:   pytest tests/test_notebooks.py   (regenerates and runs each notebook, compares)
Refresh: pytest tests/test_notebooks.py --update-examples   (or `make update-examples`)
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from docsite.model import Page, rel
from docsite.notebooks import (
    LINK_TEXT,
    NOTEBOOKS,
    SKIP_TAG,
    generate,
    notebook_pages,
    notebook_path,
    pip_command,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _execute(notebook: nbformat.NotebookNode, workdir: Path) -> nbformat.NotebookNode:
    """Run every cell on a fresh kernel; errors stay in the outputs so they can be reported."""
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        record_timing=False,
        skip_cells_with_tag=SKIP_TAG,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    for cell in notebook.cells:
        if cell.cell_type == "code":  # warnings carry temp paths: keep what the code prints
            cell.outputs = [
                o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")
            ]
    return notebook


def _printed(cell) -> str:
    return "".join(o.text for o in cell.get("outputs", []) if o.output_type == "stream")


def _first_error(notebook: nbformat.NotebookNode, where: str) -> str | None:
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                snippet = cell.source.splitlines()[0].removeprefix("# ")
                trace = ANSI.sub("", "\n".join(output.traceback[-6:]))
                return (
                    f"{where}: the cell for {snippet} raised {output.ename}: {output.evalue}\n"
                    f"{trace}\nThe snippet passes alone but not in the notebook: it probably "
                    "depends on state an earlier cell changed."
                )
    return None


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.name)
def test_notebook_matches_its_page_and_runs(page: Page, request, tmp_path: Path):
    committed_path = notebook_path(page)
    where = rel(committed_path)
    refresh = "Run `make update-examples` to regenerate it; never edit a notebook by hand."
    update = request.config.getoption("update_examples")
    generated = generate(page)
    if not update:  # the cheap check first: is the committed notebook still this page's code?
        if not committed_path.is_file():
            pytest.fail(f"{where} does not exist. {refresh}", pytrace=False)
        committed = nbformat.read(committed_path, as_version=4)
        if [c.source for c in committed.cells] != [c.source for c in generated.cells]:
            stale = f"{where} no longer matches {rel(page.path)} and its snippets. {refresh}"
            pytest.fail(stale, pytrace=False)

    notebook = _execute(generated, tmp_path)
    if error := _first_error(notebook, where):
        pytest.fail(error, pytrace=False)
    if update:
        NOTEBOOKS.mkdir(exist_ok=True)
        committed_path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
        return
    for number, (old, new) in enumerate(zip(committed.cells, notebook.cells, strict=True), 1):
        if _printed(old) != _printed(new):
            pytest.fail(
                f"{where}: cell {number} ({new.source.splitlines()[0]}) now prints something "
                f"else than the committed notebook shows. {refresh}",
                pytrace=False,
            )


@pytest.mark.parametrize("page", notebook_pages(), ids=lambda p: p.name)
def test_notebook_installs_what_its_page_needs(page: Page, built_site: Path):
    """The skipped %pip cell names the page's pinned set, at the URL the site publishes it."""
    first_code = next(c for c in generate(page).cells if c.cell_type == "code")
    assert SKIP_TAG in first_code.metadata["tags"]
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
