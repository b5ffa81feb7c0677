"""Promise: copied from the website alone, every page's Python runs, prints what it shows and
leaves nothing running; the page's notebook shows what it printed.

For each page of the built site, every Python block is taken as the copy button copies it and
pasted, in page order, one cell each, into one fresh Jupyter kernel, in an empty folder holding
only the files the page links for download (snippets/ is not importable). Each block must run,
and print exactly the `#>` lines under its print() calls. This is the reader's experience;
tests/test_snippets.py is the fast per-file check. This run is also the page's notebook run:
the outputs committed in docs/notebooks/<page>.ipynb must be what each block printed here.
When the session ends (the page's atexit handlers run), no process the page started may be alive
(read from /proc: Linux only).

Check one page: pytest tests/test_copy_paste.py -k what-is-mlops
Refresh the notebooks' outputs: pytest tests/test_copy_paste.py --update-examples
"""

from pathlib import Path

import nbformat
import pytest

from docsite.copy_paste import Outcome, page_blocks, page_downloads, run_page
from docsite.model import Page, code_pages, rel
from docsite.notebooks import (
    block_cells,
    generate,
    notebook_pages,
    notebook_path,
    printed,
    with_outputs,
)

HINTS = {
    "NameError": "the import or set-up that defines it is not on the page above this block",
    "ModuleNotFoundError": "a module the block imports is neither in the page's requirements "
    "nor linked for download from the page",
    "FileNotFoundError": "the block reads a file the page does not link for download",
}


def _where(page: Page, number: int) -> str:
    """The page line of the n-th Python block, when the Markdown and the HTML agree on count."""
    fences = [f for f in page.fences() if f.lang == "python"]
    return fences[number - 1].where if number <= len(fences) else rel(page.path)


@pytest.mark.parametrize("page", code_pages(), ids=lambda p: p.name)
def test_page_runs_when_copied_block_by_block(page: Page, built_site: Path, request):
    html = (built_site / page.name / "index.html").read_text(encoding="utf-8")
    blocks = page_blocks(html)
    assert blocks, f"{rel(page.path)}: the built page shows no Python block"
    downloads = page_downloads(html, f"/{page.name}/", built_site)
    run = run_page(blocks, downloads)
    outcomes = run.outcomes
    problems = []
    for outcome in outcomes:
        block = blocks[outcome.number - 1]
        where = _where(page, outcome.number)
        if outcome.error:
            kind = outcome.error.split(": ", 2)[1] if ": " in outcome.error else ""
            hint = HINTS.get(kind.split(":")[0].strip(), "")
            problems.append(
                f"{where}: {block.name} fails when pasted after the blocks above it:\n"
                f"  {outcome.error}" + (f"\n  Likely: {hint}." if hint else "")
            )
        if outcome.diff:
            problems.append(
                f"{where}: {block.name} prints something else than its #> lines show when "
                f"pasted after the blocks above it:\n{outcome.diff}\nThe snippet passes alone "
                "(tests/test_snippets.py) but not in page order: an earlier block changed state "
                "it relies on."
            )
    if run.left_running:
        problems.append(
            f"{rel(page.path)}: when the session ended, the page's code had left "
            f"{len(run.left_running)} process(es) running: {'; '.join(run.left_running)}. A "
            "forgotten server keeps its port and files: stop every process a block starts, in a "
            "`finally` (terminate(), then wait()) or with atexit.register."
        )
    ran = len(outcomes) - sum(1 for o in outcomes if o.error)
    if problems:
        pytest.fail(
            f"{rel(page.path)}: {ran} of {len(blocks)} blocks ran; downloads offered: "
            f"{sorted(downloads) or 'none'}\n" + "\n".join(problems),
            pytrace=False,
        )
    if page in notebook_pages():
        _check_notebook(page, outcomes, request.config.getoption("update_examples"))


def _check_notebook(page: Page, outcomes: list[Outcome], update: bool) -> None:
    """The committed notebook shows, under each block's cell, what that block printed here."""
    path = notebook_path(page)
    refresh = "Run `make update-examples` to refresh it; never edit a notebook by hand."
    if update:
        notebook = with_outputs(generate(page), [o.printed for o in outcomes])
        path.parent.mkdir(exist_ok=True)
        path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"{rel(path)} does not exist. {refresh}", pytrace=False)
    cells = block_cells(nbformat.read(path, as_version=4))
    if len(cells) != len(outcomes):
        pytest.fail(
            f"{rel(path)} has {len(cells)} block cells, the page {len(outcomes)} blocks. {refresh}",
            pytrace=False,
        )
    for number, (cell, outcome) in enumerate(zip(cells, outcomes, strict=True), 1):
        if printed(cell) != outcome.printed:
            pytest.fail(
                f"{rel(path)}: block {number}'s cell ({cell.source.splitlines()[0]}) shows other "
                f"output than the block printed when pasted. {refresh}",
                pytrace=False,
            )
