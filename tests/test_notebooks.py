"""Promise: every section page has a notebook that runs the page's code, and it cannot drift.

docs/notebooks/<page>.ipynb is generated from docs/<page>.md and the snippets it includes, then
executed on a local Jupyter kernel; the site renders it with its outputs (mkdocs-jupyter).

Check:   pytest tests/test_notebooks.py   (regenerates and runs each notebook, compares)
Refresh: pytest tests/test_notebooks.py --update-examples   (or `make update-examples`)
"""

import re
from pathlib import Path

import nbformat
import pytest
from markdown.extensions.toc import slugify
from nbclient import NotebookClient

from conftest import CONFIG, DOCS, INCLUDE, OFFLINE_ENV, SNIPPETS, rel, split_target

NOTEBOOKS = DOCS / "notebooks"
HEADING = re.compile(r"^(?P<level>#{1,3})\s+(?P<text>.+?)\s*$")
OUTPUT_LINE = re.compile(r"^\s*#>( |$)")
SECTION_MARKER = re.compile(r"^\s*# --8<-- \[(start|end):[\w-]+\]\s*\n", re.MULTILINE)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
LINK_TEXT = "Run this page as a notebook"


def section_pages() -> list[Path]:
    """Pages with a snippets/<page>/ folder of their own; the dataset page only defines data."""
    return sorted(
        page
        for page in DOCS.glob("*.md")
        if (SNIPPETS / page.stem).is_dir() and page.stem != "dataset"
    )


def _includes(page: Path) -> list[tuple[str, str, Path, str | None]]:
    """(heading, anchor, file, section) for each Python include of the page, in page order."""
    heading, anchor, found = "", "", []
    for text in page.read_text(encoding="utf-8").splitlines():
        if (match := HEADING.match(text)) and len(match["level"]) > 1:
            heading, anchor = match["text"], slugify(match["text"], "-")
        elif include := INCLUDE.match(text):
            path, section = split_target(include["target"])
            if path.suffix == ".py":
                found.append((heading, anchor, path, section))
    return found


def _split(path: Path) -> tuple[str, dict[str, str]] | None:
    """A file's code before its first section, and each section's code; None when code also
    sits between or after sections (then the file can only run as one cell)."""
    outside, sections, current = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if marker := re.match(r"^\s*# --8<-- \[(start|end):([\w-]+)\]", line):
            current = marker[2] if marker[1] == "start" else None
            sections.setdefault(marker[2], [])
        elif current:
            sections[current].append(line)
        elif sections and line.strip():
            return None
        elif not sections:
            outside.append(line)
    return "\n".join(outside), {name: "\n".join(body) for name, body in sections.items()}


def _runnable(path: Path, code: str, part: str = "") -> str:
    """Code as a reader runs it, headed by the file it comes from; #> lines are dropped
    because the cell shows the output itself."""
    lines = [line for line in code.splitlines() if not OUTPUT_LINE.match(line)]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return f"# {rel(path)}{part}\n{body}"


def _code_cells(page: Path) -> list[tuple[str, str, str]]:
    """(heading, anchor, code) in page order. A file the page shows section by section becomes
    one cell per section (after one for its set-up lines); any other file is one cell."""
    includes = _includes(page)
    shown_whole = {path for _, _, path, section in includes if section is None}
    cells, done = [], set()
    for heading, anchor, path, section in includes:
        parts = _split(path) if path not in shown_whole else None
        if parts and section:
            prelude, sections = parts
            if path not in done and prelude.strip():
                cells.append((heading, anchor, _runnable(path, prelude, " (set-up)")))
            if (path, section) not in done:
                cells.append((heading, anchor, _runnable(path, sections[section], f":{section}")))
            done |= {path, (path, section)}
        elif path not in done:
            source = SECTION_MARKER.sub("", path.read_text(encoding="utf-8"))
            cells.append((heading, anchor, _runnable(path, source)))
            done.add(path)
    return cells


def _support_files(folder: str, code: str) -> dict[str, Path]:
    """Files the page's code reads, by the path it reads them at, relative to its working folder:
    the dataset module (imported), the folder's data files (read by bare name, as in the tests),
    and any of the folder's .py files that another snippet runs as a file (by its folder path)."""
    files = {}
    if "from dataset" in code:
        files["dataset/subscribers.py"] = SNIPPETS / "dataset" / "subscribers.py"
    for path in sorted(p for p in (SNIPPETS / folder).iterdir() if p.is_file()):
        if path.suffix not in {".py", ".pyc"}:
            files[path.name] = path
        elif re.search(rf"['\"]{re.escape(path.stem)}[:.'\"]", code):
            files[f"{folder}/{path.name}"] = path
    return files


def generate_notebook(page: Path) -> nbformat.NotebookNode:
    """The page's code, in page order, with headings that link back to the page."""
    title = next(m["text"] for line in page.read_text().splitlines() if (m := HEADING.match(line)))
    url = f"{CONFIG['site_url'].rstrip('/')}/{page.stem}/"
    cells = _code_cells(page)
    support = _support_files(page.stem, "\n".join(code for _, _, code in cells))
    new = nbformat.v4
    notebook = new.new_notebook()
    notebook.metadata.update(
        kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"},
        language_info={"name": "python"},
    )
    notebook.cells.append(
        new.new_markdown_cell(
            f"# Notebook: {title}\n\n"
            f"This notebook runs every code example of the page [{title}]({url}) in the order "
            "the page shows them, with the page's headings. It is generated from the page and "
            "its snippets (`make update-examples`), so it always matches them: to change it, "
            "edit the snippet files named at the top of each cell.\n\n"
            "Install the requirements first (`make install` in a clone of the repository). The "
            "first cells create a temporary folder, work there, and write into it the small files "
            "the examples read (the synthetic dataset module, SQL files); the website hides those "
            "set-up cells.\n\n"
            f"[Download this notebook]({page.stem}.ipynb) (on the website)."
        )
    )
    settings = ", ".join(f"{k}={v!r}" for k, v in OFFLINE_ENV.items())
    folders = {name.rsplit("/", 1)[0] for name in support if "/" in name}
    setup = new.new_code_cell(
        "# Set-up: work in a fresh temporary folder, importable, with telemetry off.\n"
        "import os\nimport sys\nimport tempfile\nfrom pathlib import Path\n\n"
        'workdir = Path(tempfile.mkdtemp(prefix="intro-to-mlops-"))\n'
        "os.chdir(workdir)\nsys.path.insert(0, str(workdir))\n"
        f"os.environ.update({settings})\n"
        + "".join(f'Path("{folder}").mkdir()\n' for folder in sorted(folders)).rstrip()
    )
    setup.metadata["tags"] = ["setup"]
    notebook.cells.append(setup)
    for name, path in support.items():
        cell = new.new_code_cell(f"%%writefile {name}\n{path.read_text(encoding='utf-8')}")
        cell.metadata["tags"] = ["setup"]
        notebook.cells.append(cell)
    last_heading = None
    for heading, anchor, code in cells:
        if heading != last_heading:
            link = f"{url}#{anchor}" if anchor else url
            notebook.cells.append(new.new_markdown_cell(f"## {heading}\n\n[On the page]({link})"))
            last_heading = heading
        notebook.cells.append(new.new_code_cell(code))
    return notebook


def _execute(notebook: nbformat.NotebookNode, workdir: Path) -> nbformat.NotebookNode:
    """Run every cell on a fresh kernel; errors stay in the outputs so they can be reported."""
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        record_timing=False,
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
                    "depends on its own folder or on state an earlier cell changed."
                )
    return None


@pytest.mark.parametrize("page", section_pages(), ids=lambda p: p.stem)
def test_notebook_matches_its_page_and_runs(page: Path, request, tmp_path: Path):
    committed_path = NOTEBOOKS / f"{page.stem}.ipynb"
    where = rel(committed_path)
    refresh = "Run `make update-examples` to regenerate it; never edit a notebook by hand."
    update = request.config.getoption("update_examples")
    generated = generate_notebook(page)
    if not update:  # the cheap check first: is the committed notebook still this page's code?
        if not committed_path.is_file():
            pytest.fail(f"{where} does not exist. {refresh}", pytrace=False)
        committed = nbformat.read(committed_path, as_version=4)
        if [c.source for c in committed.cells] != [c.source for c in generated.cells]:
            pytest.fail(f"{where} no longer matches {rel(page)} and its snippets. {refresh}", False)

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


@pytest.mark.parametrize("page", section_pages(), ids=lambda p: p.stem)
def test_page_links_to_its_notebook(page: Path):
    text = page.read_text(encoding="utf-8")
    link = f"[{LINK_TEXT}](notebooks/{page.stem}.ipynb)"
    assert link in text, f"{rel(page)}: add a link to its notebook near the top: {link}"
