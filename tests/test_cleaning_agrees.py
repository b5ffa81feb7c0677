"""Promise: every page cleans the export the same way.

The CRM export (make_messy_subscribers) is cleaned on several pages: by the series' one
function, clean_subscribers() in snippets/dataset/subscribers.py, or by teaching code that
applies the same rules step by step. Each snippet that cleans it prints the marker line

    rows after cleaning: <kept> of <exported>

and this test reads those `#>` output lines: for the same export, every page must report the
same number of rows kept. The number the dataset page prints, from clean_subscribers() itself,
is the reference; without it, the majority is.

Check:   pytest tests/test_cleaning_agrees.py
"""

import ast
import re
from collections import Counter, defaultdict
from pathlib import Path

from docsite.model import SNIPPETS, rel, snippet_files

MARKER = re.compile(r"^\s*#>.*\brows after cleaning: (?P<kept>[\d,]+) of (?P<exported>[\d,]+)")
REFERENCE = SNIPPETS / "dataset"
# A snippet that calls make_messy_subscribers() and then the cleaning function, or removes
# duplicate rows itself (pandas or Polars), cleans the export: it must say how many rows it kept.
LOADS_EXPORT = "make_messy_subscribers"
CLEANS = {"clean_subscribers", "drop_duplicates", "unique"}


def _called(source: str) -> set[str]:
    """The names of the functions and methods a file calls (comments and strings do not count)."""
    calls = (node.func for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call))
    return {f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "") for f in calls}


def _markers(path: Path) -> list[tuple[int, int, int]]:
    """(line, rows kept, rows exported) of each marker line in the file's printed output."""
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if match := MARKER.match(text):
            kept, exported = (int(match[name].replace(",", "")) for name in ("kept", "exported"))
            found.append((number, kept, exported))
    return found


def test_every_page_reports_the_same_cleaned_row_count():
    by_export = defaultdict(list)  # rows exported -> [(path, line, rows kept)]
    silent = []
    for path in snippet_files():
        markers = _markers(path)
        called = _called(path.read_text(encoding="utf-8"))
        if LOADS_EXPORT in called and called & CLEANS and not markers:
            silent.append(rel(path))
        for line, kept, exported in markers:
            by_export[exported].append((path, line, kept))

    assert not silent, (
        "These snippets clean the export but never print how many rows they kept, so nothing "
        "can compare them with the other pages:\n  "
        + "\n  ".join(silent)
        + '\nPrint it with the marker: print(f"rows after cleaning: {len(clean)} of {len(raw)}")'
    )
    assert by_export, "no snippet prints a 'rows after cleaning: <kept> of <exported>' line"
    pages = {path.parent for reports in by_export.values() for path, _, _ in reports}
    assert len(pages) >= 2, f"only {len(pages)} page(s) clean the export: nothing to compare"

    odd = []
    for exported, reports in sorted(by_export.items()):
        from_reference = {kept for path, _, kept in reports if path.is_relative_to(REFERENCE)}
        if len(from_reference) == 1:
            agreed = from_reference.pop()
            source = "clean_subscribers(), as the dataset page prints it"
        else:
            agreed = Counter(kept for _, _, kept in reports).most_common(1)[0][0]
            source = "what most pages print"
        odd += [
            f"{rel(path)}:{line}: {kept} rows after cleaning the {exported}-row export, but "
            f"{agreed} is {source}"
            for path, line, kept in reports
            if kept != agreed
        ]
    assert not odd, (
        "Pages disagree about how many rows survive cleaning the same export:\n  "
        + "\n  ".join(odd)
        + "\nApply the rules of clean_subscribers() in snippets/dataset/subscribers.py (or call "
        "it), or, if a page must differ on purpose, say why on the page and print a different "
        "marker."
    )
