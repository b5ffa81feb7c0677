"""Promise: every picture says what it shows, and every figure is drawn by a snippet and shown.

Screen readers read an image's alt text aloud, so it must describe the picture. docs/figures/
<page>/ holds only what snippets/<page>/ draws (tests/test_copy_paste.py keeps it current), and
each figure and each hand-drawn diagram in docs/diagrams/ is shown on a page.

Check:   pytest tests/test_images.py    (one page: -k <page>)
"""

import functools
from pathlib import Path

import pytest

from docsite.model import DOCS, FIGURES, SNIPPETS, Page, pages, rel

DIAGRAMS = DOCS / "diagrams"


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


@functools.cache
def _shown() -> frozenset[Path]:
    return frozenset(image.file for page in pages() for image in page.images())


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_images_have_alt_text_that_describes_them(page: Page):
    problems = [
        f"{image.where}: alt text {image.alt!r} does not describe {image.file.name}. Write a "
        "sentence saying what the figure shows (its finding, not its file name)."
        for image in page.images()
        if len(image.alt.split()) < 4 or image.file.stem.replace("_", " ") in image.alt.lower()
    ]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# One test per page folder of docs/figures/ and docs/diagrams/.
@pytest.mark.parametrize(
    "folder", sorted({path.parent.name for path in _files(FIGURES) + _files(DIAGRAMS)})
)
def test_every_figure_is_drawn_by_a_snippet_and_shown(folder: str):
    """docs/figures/<page>/ holds only files that snippets/<page>/ draws and a page shows."""
    problems = []
    for figure in [path for path in _files(FIGURES) if path.parent.name == folder]:
        snippets = SNIPPETS / figure.parent.name
        drawers = [p for p in snippets.glob("*.py") if figure.name in p.read_text(encoding="utf-8")]
        if not drawers:
            problems.append(
                f"{rel(figure)}: no snippet in {rel(snippets)}/ saves {figure.name!r}. Figures "
                "are drawn by snippets (hand-drawn diagrams go in docs/diagrams/); delete it."
            )
        if figure.resolve() not in _shown():
            problems.append(f"{rel(figure)}: no page shows it. Add ![alt text](...) or delete it.")
    for diagram in [path for path in _files(DIAGRAMS) if path.parent.name == folder]:
        if diagram.resolve() not in _shown():
            problems.append(f"{rel(diagram)}: no page shows it. Add ![alt text](...) or delete it.")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
