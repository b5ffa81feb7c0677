"""Write a block's fresh `#>` lines back into the files it is made of (`make update-examples`).

The page's copy-paste run (docsite/copy_paste.py) runs each block as the copy button gives it, and
pytest-examples returns the block as it should read: the same code, with the `#>` lines under each
print() call replaced by what the call printed. A block is made of snippet lines and page lines
(`Fence.resolved_lines()` knows which line of which file each one is), so each new run of `#>`
lines goes under the file line it follows, indented as that file indents the line (an included
section is dedented on the page), and the old run goes. Nothing but `#>` lines ever changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docsite.model import ANNOTATION, OUTPUT_LINE, Fence, rel


class CannotMap(ValueError):
    """The block's lines and its fence's lines disagree: the page was built from other files."""


@dataclass
class FileEdit:
    """The `#>` lines to remove from one file, and the ones to write under given lines of it."""

    path: Path
    before: str  # the file's text the line numbers refer to
    removed: set[int] = field(default_factory=set)
    added: dict[int, list[str]] = field(default_factory=dict)  # under line n: these lines

    def after(self) -> str:
        lines = []
        for number, text in enumerate(self.before.splitlines(), 1):
            if number not in self.removed:
                lines.append(text)
            lines += self.added.get(number, [])
        return "\n".join(lines) + ("\n" if self.before.endswith("\n") else "")


def _runs(lines: list[str]) -> list[tuple[int, list[int]]]:
    """(index of a code line, indexes of the `#>` lines right under it), for each code line."""
    found: list[tuple[int, list[int]]] = [(-1, [])]
    for index, text in enumerate(lines):
        if OUTPUT_LINE.match(text):
            found[-1][1].append(index)
        else:
            found.append((index, []))
    return found


def output_edits(fence: Fence, shown: str, updated: str, edits: dict[Path, FileEdit]) -> None:
    """Add to `edits` what turns the block `shown` (as the copy button gives it) into `updated`
    (the same block with fresh `#>` lines), in the files `fence` is made of."""
    resolved = fence.resolved_lines()
    normal = [ANNOTATION.sub("", text).rstrip() for _, _, text in resolved]
    old, new = shown.splitlines(), updated.rstrip("\n").splitlines()
    # The copy button's text has no blank lines at either end; the fence may have.
    start = next((i for i, text in enumerate(normal) if text), 0)
    if normal[start : start + len(old)] != [t.rstrip() for t in old]:
        raise CannotMap(
            f"{fence.where}: the built block is not the fence's lines; build the site again"
        )
    old_runs, new_runs = _runs(old), _runs(new)
    if [old[i] for i, _ in old_runs[1:]] != [new[i] for i, _ in new_runs[1:]]:
        raise CannotMap(f"{fence.where}: the refreshed block changed more than its #> lines")
    for (anchor, old_run), (_, new_run) in zip(old_runs, new_runs, strict=True):
        if [old[i] for i in old_run] == [new[i] for i in new_run]:
            continue
        if anchor < 0:
            raise CannotMap(f"{fence.where}: #> lines above the block's first line of code")
        for index in old_run:
            path, number, _ = resolved[start + index]
            _edit(edits, path).removed.add(number)
        path, number, text = resolved[start + anchor]
        raw = _edit(edits, path).before.splitlines()[number - 1]
        indent = raw[: len(raw) - len(text)] if raw.endswith(text) else ""
        _edit(edits, path).added[number] = [f"{indent}{new[i]}".rstrip() for i in new_run]


def _edit(edits: dict[Path, FileEdit], path: Path) -> FileEdit:
    if path not in edits:
        edits[path] = FileEdit(path, path.read_text(encoding="utf-8"))
    return edits[path]


def write(edits: dict[Path, FileEdit]) -> list[str]:
    """Apply the edits; return the files changed. A file another run has already brought to
    the same text (a snippet two pages show) is left as it is."""
    changed = []
    for path, edit in edits.items():
        now, after = path.read_text(encoding="utf-8"), edit.after()
        if now == after:
            continue
        if now != edit.before:
            raise CannotMap(f"{rel(path)} changed while its page ran; run the refresh again")
        path.write_text(after, encoding="utf-8")
        changed.append(rel(path))
    return changed
