"""Paths and the snippet list shared by the test modules."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"


def snippet_files(suffix: str = ".py") -> list[Path]:
    """Every snippet file of one kind, in a stable order."""
    return sorted(p for p in SNIPPETS.rglob(f"*{suffix}") if "__pycache__" not in p.parts)


def rel(path: Path) -> str:
    """A path as a contributor sees it in the repository."""
    return path.relative_to(ROOT).as_posix()
