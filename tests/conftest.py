"""Paths and the snippet list shared by the test modules."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
# Figures drawn by snippets in snippets/<page>/ are shown from docs/figures/<page>/.
FIGURES = DOCS / "figures"

# Set before any snippet imports matplotlib: a figure file must come out byte-identical on every
# run, or the stale-figure check could never pass. SOURCE_DATE_EPOCH pins the date in SVG files.
os.environ["MATPLOTLIBRC"] = str(SNIPPETS / "matplotlibrc")
os.environ["SOURCE_DATE_EPOCH"] = "0"


def snippet_files(suffix: str = ".py") -> list[Path]:
    """Every snippet file of one kind, in a stable order."""
    return sorted(p for p in SNIPPETS.rglob(f"*{suffix}") if "__pycache__" not in p.parts)


def rel(path: Path) -> str:
    """A path as a contributor sees it in the repository."""
    return path.relative_to(ROOT).as_posix()
