"""Promise: copied from the website alone, every page's Python runs, prints what it shows,
draws the figures it shows, writes nothing outside its folder and leaves nothing running; the
page's notebook shows what it printed.

For each page of the built site, every Python block is taken as the copy button copies it and
pasted, in page order, one cell each, into one fresh Jupyter kernel, in an empty folder holding
only the files the page links for download (snippets/ is not importable). Each block must run,
and print exactly the `#>` lines under its print() calls. This is the reader's experience, and
the suite's one run of each snippet: a failure names the snippet file and line to edit (through
docsite.model), and the block of the page it is in. Figures saved in the folder must be the ones
in docs/figures/<page>/. The outputs committed in docs/notebooks/<page>.ipynb must be what each
block printed here. When the session ends (the page's atexit handlers run), no process the page
started may be alive (read from /proc: Linux only).

The kernel has every package of the site installed, but the page's code sees only its own
requirements.txt: every other distribution is hidden (docsite.session.hide_all_but), so a module
that a library imports at run time (pyarrow for pandas -> Polars, httpx for FastAPI's TestClient)
and the page's set lacks fails here, named, as it would for a reader. Under --update-examples
such a module is recorded in docsite/runtime-imports.json, and the page's set follows it.

This run is also the refresh, so check and refresh cannot disagree: under --update-examples
(`make update-examples`) the same run writes each block's fresh `#>` lines into the snippet and
page lines the block is made of (docsite/outputs.py), the figures it drew into docs/figures/,
and the notebook, from one build of the site.

Check one page: make test PAGE=what-is-mlops (or pytest tests/test_copy_paste.py -k ...)
Refresh one page: make update-examples PAGE=what-is-mlops
"""

import re
from pathlib import Path

import nbformat
import pytest

from docsite.copy_paste import Block, Outcome, PageRun, page_blocks, page_downloads, run_page
from docsite.examples import first_changed_line
from docsite.imports import distributions_owning, page_distributions, record_runtime, runtime_record
from docsite.model import SNIPPETS, Fence, Page, code_pages, rel
from docsite.notebooks import (
    block_cells,
    generate,
    notebook_pages,
    notebook_path,
    printed,
    with_outputs,
)
from docsite.outputs import CannotMap, FileEdit, output_edits, write
from docsite.requirements import closure, harness_distributions
from docsite.sandbox import check_figures, missing_runtime, new_in_work_tree, work_tree_status

HINTS = {
    "NameError": "the import or set-up that defines it is not on the page above this block",
    "ModuleNotFoundError": "a module the block imports is neither in the page's requirements "
    "nor linked for download from the page",
    "FileNotFoundError": "the block reads a file the page does not link for download",
}


def _source(page: Page, fence: Fence | None, line: int) -> str:
    """`file:line` a contributor edits for a line of a block: the snippet's, or the page's."""
    if fence is None:
        return rel(page.path)
    lines = fence.resolved_lines()
    if not 0 < line <= len(lines):
        return fence.where
    path, number, _ = lines[line - 1]
    return f"{rel(path)}:{number}"


def _problems(page: Page, blocks: list[Block], outcomes: list[Outcome]) -> list[str]:
    # The n-th Python fence of the Markdown is the n-th Python block of the HTML, when the two
    # agree on the count; otherwise messages fall back to the page.
    fences = page.python_fences()
    problems = []
    for outcome in (o for o in outcomes if o.error or o.diff):
        if outcome.number > len(blocks):  # the kernel died after the last block
            problems.append(f"{rel(page.path)}: {outcome.error}")
            continue
        block = blocks[outcome.number - 1]
        fence = fences[block.number - 1] if block.number <= len(fences) else None
        order = "pasted after the blocks above it" if block.number > 1 else "pasted first"
        in_page = f"in {block.name} of {fence.where if fence else rel(page.path)}, {order}"
        if outcome.error:
            code = block.code.splitlines()[outcome.line - 1].strip() if outcome.line else ""
            hint = HINTS.get(outcome.error.split(":")[0], "")
            problems.append(
                f"{_source(page, fence, outcome.line)}: {outcome.error}\n    {code}\n"
                f"  {in_page}." + (f"\n  Likely: {hint}." if hint else "")
            )
        if outcome.diff:
            problems.append(
                f"{_source(page, fence, first_changed_line(outcome.diff))}: the printed output "
                f"no longer matches the #> lines under its print() calls ({in_page}):"
                f"\n{outcome.diff}\nIf the new output is right, refresh it with "
                f"`make update-examples PAGE={page.name}`."
            )
    return problems


def _write_outputs(page: Page, blocks: list[Block], outcomes: list[Outcome]) -> list[str]:
    """Under --update-examples: each block's fresh `#>` lines, into the files it is made of."""
    fences = page.python_fences()
    changed = [o for o in outcomes if o.updated]
    if changed and len(fences) != len(blocks):
        return [
            f"{rel(page.path)}: {len(fences)} Python fences but {len(blocks)} Python blocks on "
            "the built page, so the #> lines cannot be traced to their files; fix the page first."
        ]
    edits: dict[Path, FileEdit] = {}
    try:
        for outcome in changed:
            block = blocks[outcome.number - 1]
            output_edits(fences[block.number - 1], block.code, outcome.updated, edits)
        write(edits)
    except CannotMap as exc:
        return [str(exc)]
    return []


@pytest.mark.parametrize("page", code_pages(), ids=lambda p: p.name)
def test_page_runs_when_copied_block_by_block(page: Page, built_site: Path, request):
    update = request.config.getoption("update_examples")
    html = (built_site / page.name / "index.html").read_text(encoding="utf-8")
    blocks = page_blocks(html)
    assert blocks, f"{rel(page.path)}: the built page shows no Python block"
    code = "\n".join(block.code for block in blocks)
    if missing := missing_runtime(code, rel(page.path)):
        pytest.fail(missing, pytrace=False)  # a failure, never a skip: the page would go untested
    downloads = page_downloads(html, f"/{page.name}/", built_site)
    before = work_tree_status()
    run = _run_in_its_own_set(page, blocks, downloads, update)
    if update:  # the fresh `#>` lines are written, not reported
        problems = _write_outputs(page, blocks, run.outcomes)
        problems += _problems(page, blocks, [o for o in run.outcomes if o.error])
    else:
        problems = _problems(page, blocks, run.outcomes)
    if problems and (needed := _needed_but_hidden(run)):
        requirements = rel(SNIPPETS / page.name / "requirements.txt")
        problems.append(
            f"{rel(page.path)}: its code needs, at run time, "
            + ", ".join(f"{module} (distribution {', '.join(d)})" for module, d in needed.items())
            + f", which {requirements} does not install, so a reader who installs only that "
            f"file gets this error too. Run `make update-examples PAGE={page.name}`: it records "
            "what the page loads at run time in docsite/runtime-imports.json and regenerates "
            "the page's requirements.txt."
        )
    if run.left_running:
        problems.append(
            f"{rel(page.path)}: when the session ended, the page's code had left "
            f"{len(run.left_running)} process(es) running: {'; '.join(run.left_running)}. A "
            "forgotten server keeps its port and files: stop every process a block starts, in a "
            "`finally` (terminate(), then wait()) or with atexit.register."
        )
    problems += check_figures(page.name, run.drawn, rel(page.path), update)[0]
    # Under --update-examples this run and the other worker's write into the work tree.
    if not update and (new := new_in_work_tree(before)):
        problems.append(
            f"{rel(page.path)}: the page's code changed the work tree: {new}. Snippets may "
            "write only to temp folders (tempfile.TemporaryDirectory(), or a relative path: "
            "the page runs in a folder of its own)."
        )
    if problems:
        ran = len(run.outcomes) - sum(1 for o in run.outcomes if o.error)
        pytest.fail(
            f"{rel(page.path)}: {ran} of {len(blocks)} blocks ran; downloads offered: "
            f"{sorted(downloads) or 'none'}\n" + "\n".join(problems),
            pytrace=False,
        )
    if page in notebook_pages():
        _check_notebook(page, run.outcomes, update)


def _run_in_its_own_set(page: Page, blocks: list[Block], downloads, update: bool) -> PageRun:
    """The page's run, seeing only its set (and the kernel's own packages): the set the generator
    writes, which tests/test_requirements.py holds equal to the published file. Under
    --update-examples a distribution the run turns out to need is recorded, and the page runs
    again with it."""
    for _ in range(4 if update else 1):  # each round can find one more layer of needs
        allowed = closure(page_distributions(page.name)) | harness_distributions()
        run = run_page(blocks, downloads, allowed=allowed)
        if not update or not (needed := _needed_but_hidden(run)):
            return run
        found = runtime_record().get(page.name, {})
        for module, dists in needed.items():
            for dist in dists:
                found[dist] = sorted({*found.get(dist, []), module})
        record_runtime(page.name, found)
    return run


def _needed_but_hidden(run: PageRun) -> dict[str, list[str]]:
    """Hidden module -> its distributions, for each hidden module a failed block needed: a
    ModuleNotFoundError behind its error names it, or its error message does."""
    failed = [o for o in run.outcomes if o.error]
    needed = {}
    for module in run.hidden_asked:
        if any(module in o.missing or re.search(rf"\b{module}\b", o.error) for o in failed):
            needed[module] = distributions_owning(module)
    return needed


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
