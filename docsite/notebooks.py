"""Generate docs/notebooks/<page>.ipynb from a page: its Python blocks, in page order.

A notebook leaves the repository: a reader downloads it and opens it in any Jupyter. So its
first code cell installs the page's pinned packages with %pip (and asks for a restart when it
replaced one the kernel had imported, as in Colab), the hidden set-up cells write the
files the page offers for download, and every other cell is one block of the page.

    python -m docsite.notebooks            regenerate (without outputs) every notebook
Their outputs come from the page's one execution, the copy-paste run: tests/test_copy_paste.py
checks them, and writes them under `make update-examples`.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from docsite.archive import folder_of, packed_files
from docsite.model import ANNOTATION, DOCS, OUTPUT_LINE, Page, code_pages, rel
from docsite.sandbox import OFFLINE_ENV
from docsite.site import SITE_URL, colab_url

LINK_TEXT = "Run this page as a notebook"
COLAB_TEXT = "Open in Colab"
# Cells the website hides (mkdocs.yml remove_cell_tags): the install and set-up cells.
SETUP_TAG = "setup"
# What the install cell prints when it replaced a package this kernel had already imported.
RESTART = (
    "Restart the runtime (Runtime > Restart session in Colab, Kernel > Restart in Jupyter), "
    "then run the notebook from the top; the packages are installed now."
)
# The install cell around its %pip line (install_cell). `before - versions()` holds each
# (distribution, version) the install replaced; `imported`, the distributions whose top-level
# modules the kernel had imported before it. It prints RESTART, word for word (a test runs it).
_BEFORE_INSTALL = """\
# Install the packages this page uses, at the versions its output was made with.
import importlib.metadata
import sys

def versions():
    return {(d.name, d.version) for d in importlib.metadata.distributions()}

before = versions()
owners = importlib.metadata.packages_distributions()  # top-level module -> distributions
imported = {name for module, names in owners.items() if module in sys.modules for name in names}
"""
_AFTER_INSTALL = """
# A package imported before the install keeps its old version in this kernel until a restart.
if imported & {name for name, version in before - versions()}:
    print(
        "Restart the runtime (Runtime > Restart session in Colab, Kernel > Restart in Jupyter), "
        "then run the notebook from the top; the packages are installed now."
    )"""


def pip_command(page: Page) -> str:
    """The %pip line of a page's notebook: the page's pinned set, as the site publishes it."""
    return f"%pip install --quiet -r {SITE_URL}snippets/{page.name}/requirements.txt"


def install_cell(page: Page) -> str:
    """The notebook's first code cell: %pip installs the page's pinned set. A hosted Jupyter
    (Colab) may have imported other versions of some of those packages already, and a running
    kernel keeps what it imported: then the cell asks for a restart (RESTART). Where nothing was
    imported or nothing changed (as in the tests: everything is installed), it prints nothing."""
    return _BEFORE_INSTALL + pip_command(page) + _AFTER_INSTALL


def notebook_colab_url(page: Page) -> str:
    """The page's notebook in Google Colab, as the repository's default branch holds it."""
    return colab_url(rel(notebook_path(page)))


def _code_cells(page: Page) -> list[tuple[str, str, str]]:
    """(heading, anchor, code) for each Python block of the page, in page order: one cell per
    block, so that cell n shows what block n printed in the copy-paste run."""
    # A block's cell goes under the page's last level-2 or level-3 heading above it.
    headings = [h for h in page.headings() if h.level in (2, 3)]
    cells = []
    for fence in page.python_fences():
        above = [h for h in headings if h.line < fence.line]
        heading, anchor = (above[-1].text, above[-1].anchor) if above else ("", "")
        code = "\n".join(
            line for line in fence.resolved().splitlines() if not OUTPUT_LINE.match(line)
        )
        code = re.sub(r"\n{3,}", "\n\n", ANNOTATION.sub("", code)).strip()
        cells.append((heading, anchor, f"# {fence.title}\n{code}"))
    return cells


def generate(page: Page) -> nbformat.NotebookNode:
    """The page's notebook, without outputs."""
    title = page.title
    url = f"{SITE_URL}{page.name}/"
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
            "the page shows them, under the page's headings. It is generated from the page "
            "(`make update-examples`), so it always matches it.\n\n"
            "It runs on its own in any Jupyter (Python 3.11 to 3.13): the first cell installs "
            "the page's pinned packages, and the next ones create a temporary folder, work "
            "there, and write into it the files the page offers for download. The website hides "
            "those set-up cells.\n\n"
            f"[Download this notebook]({page.name.rsplit('/', 1)[-1]}.ipynb) (on the website) "
            f"or [{COLAB_TEXT}]({notebook_colab_url(page)}) (Google's hosted Jupyter)."
        )
    )
    install = new.new_code_cell(install_cell(page))
    # The tests run offline with the packages already installed: they check this cell's text
    # and run its restart check, never its %pip line.
    install.metadata["tags"] = [SETUP_TAG]
    notebook.cells.append(install)
    settings = ", ".join(f"{k}={v!r}" for k, v in OFFLINE_ENV.items())
    setup = new.new_code_cell(
        "# Set-up: work in a fresh temporary folder, importable, with telemetry off.\n"
        "import os\nimport sys\nimport tempfile\nfrom pathlib import Path\n\n"
        'workdir = Path(tempfile.mkdtemp(prefix="intro-to-mlops-"))\n'
        "os.chdir(workdir)\nsys.path.insert(0, str(workdir))\n"
        f"os.environ.update({settings})"
    )
    setup.metadata["tags"] = [SETUP_TAG]
    notebook.cells.append(setup)
    for name, path in page.downloads().items():
        if name == "requirements.txt":  # installed by the first cell
            continue
        if not path.exists() and (folder := folder_of(path)):  # a folder offered as one zip
            cell = new.new_code_cell(_zip_cell(name, folder))
        else:
            cell = new.new_code_cell(f"%%writefile {name}\n{path.read_text(encoding='utf-8')}")
        cell.metadata["tags"] = [SETUP_TAG]
        notebook.cells.append(cell)
    last_heading = None
    for heading, anchor, code in _code_cells(page):
        if heading != last_heading:
            link = f"{url}#{anchor}" if anchor else url
            notebook.cells.append(new.new_markdown_cell(f"## {heading}\n\n[On the page]({link})"))
            last_heading = heading
        notebook.cells.append(new.new_code_cell(code))
    for number, cell in enumerate(notebook.cells, 1):  # stable ids: a refresh changes no line
        cell.id = f"cell-{number:03d}"
    return notebook


def block_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The cells that are the page's blocks, in page order (not the install and set-up cells)."""
    return [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and SETUP_TAG not in cell.metadata.get("tags", [])
    ]


def with_outputs(notebook: nbformat.NotebookNode, printed: list[str]) -> nbformat.NotebookNode:
    """The notebook showing, under block n, what block n printed in the page's copy-paste run,
    numbered as a reader who runs every cell from the top sees it."""
    blocks = block_cells(notebook)
    if len(blocks) != len(printed):
        raise ValueError(f"{len(blocks)} block cells, but {len(printed)} blocks ran")
    for cell, text in zip(blocks, printed, strict=True):
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)] if text else []
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for count, cell in enumerate(code_cells, 1):
        cell.execution_count = count
    return notebook


def printed(cell: nbformat.NotebookNode) -> str:
    """What a code cell shows as printed."""
    return "".join(
        o.text for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == "stdout"
    )


def _zip_cell(name: str, folder: Path) -> str:
    """A set-up cell that writes <folder>.zip from the text of the folder's files. Text, not
    the zip's bytes: the cell stays readable, and no compressor version can change it."""
    entries = "".join(
        f"    {name!r}: {path.read_text(encoding='utf-8')!r},\n"
        for name, path in packed_files(folder)
    )
    return (
        f"# Set-up: {name}, the folder the page offers as one download.\n"
        "import zipfile\n\n"
        f"FILES = {{\n{entries}}}\n"
        f"with zipfile.ZipFile({name!r}, 'w') as archive:\n"
        "    for path, text in FILES.items():\n"
        "        archive.writestr(path, text)"
    )


NOTEBOOKS = DOCS / "notebooks"


def notebook_pages() -> list[Page]:
    """Pages that get a notebook: every page with code but the dataset page, which only
    defines the data the others use."""
    return [page for page in code_pages() if page.name != "dataset"]


def notebook_path(page: Page) -> Path:
    return NOTEBOOKS / f"{page.name}.ipynb"


if __name__ == "__main__":
    for page in notebook_pages():
        path = notebook_path(page)
        path.parent.mkdir(exist_ok=True)
        path.write_text(nbformat.writes(generate(page)) + "\n", encoding="utf-8")
        print(f"wrote {rel(path)}")
