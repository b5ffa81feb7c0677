"""Every use of pytest-examples' internals, in one place, pinned to the one version it fits.

pytest-examples checks that the `#>` lines under each print() are what the code printed. Two of
its behaviours do not fit this site, and the fixes reach into private names, so an upgrade must
fail loudly here rather than break the checks silently:

- It puts multi-line output in a ''' string; the site keeps the `#>` comment form for any number
  of lines, and lets a blank output line be a bare `#>` (editors strip trailing spaces).
- On Python 3.11 its rewritten traceback crashes pytest's reporter (INTERNALERROR, the whole run
  lost): it uses `co_lnotab` where 3.11 expects `co_linetable`. So callers report a snippet's
  exception themselves; see `where_it_broke`.
- After a print() call written over several lines it guesses where the call ends and can put
  the `#>` lines inside the call (upstream issue #59, fix in PR #71, unreleased); Python knows
  the end (`end_lineno`), so that is used instead.

tests/test_examples.py shows each of the three handled. One addition is ours: its print mock
swallows what it records, and a notebook must show it, so `echoing_print_checker` records each
print() and prints it too (docsite/copy_paste.py fills the notebooks' outputs that way).
"""

from __future__ import annotations

import builtins
import inspect
import re
from importlib.metadata import version
from pathlib import Path

from pytest_examples import run_code as pe_run_code
from pytest_examples.config import ExamplesConfig

from docsite.model import OUTPUT_LINE
from docsite.session import broken_line

PINNED = "0.0.18"
if version("pytest-examples") != PINNED:
    raise RuntimeError(
        f"docsite/examples.py patches private parts of pytest-examples {PINNED}, and "
        f"{version('pytest-examples')} is installed. Check that `comment_prefix_re` and "
        "`InsertPrintStatements._insert_print_args`, `expr_last_line`, `MockPrintFunction` and "
        "`parent_frame_id` still exist and mean the same, then update "
        "PINNED (requirements.txt pins the version)."
    )

LINE_LENGTH = 100


def _insert_output_as_comments(self, lines, statement, in_python, line_index, col):
    text = statement.sep.join(str(arg) for arg in statement.args)
    if "\n" in text or len(text) > self.config.line_length - col - 3:
        text = statement.sep.join(arg.format(self.config).strip("\n") for arg in statement.args)
    pad = " " * col
    out = [f"{pad}#> {line}".rstrip() if line.strip() else f"{pad}#>" for line in text.splitlines()]
    lines[line_index + 1 : line_index + 1] = out or [f"{pad}#>"]


def _end_of_call(call) -> int:
    """The last line of a print() call: its `#>` lines go right below it."""
    return call.end_lineno


pe_run_code.comment_prefix_re = OUTPUT_LINE
pe_run_code.InsertPrintStatements._insert_print_args = _insert_output_as_comments
pe_run_code.expr_last_line = _end_of_call

REAL_PRINT = builtins.print


class _EchoingPrint(pe_run_code.MockPrintFunction):
    """pytest-examples' print mock, but the text is printed as well as recorded."""

    __slots__ = ()

    def __call__(self, *args, sep: str = " ", **kwargs) -> None:
        # Upstream's __call__, one frame deep as it expects, then the real print().
        frame = inspect.stack()[pe_run_code.parent_frame_id]
        if self._include_file(frame, args):
            self.statements.append(
                pe_run_code.PrintStatement(
                    self._find_line_number(frame), sep, [pe_run_code.Arg(arg) for arg in args]
                )
            )
        REAL_PRINT(*args, sep=sep, **kwargs)


def echoing_print_checker(path: Path, include) -> pe_run_code.InsertPrintStatements:
    """A print checker for code compiled from `path` that lets the prints through."""
    config = ExamplesConfig(line_length=LINE_LENGTH)
    checker = pe_run_code.InsertPrintStatements(path, config, True, None, include)
    checker.print_func = _EchoingPrint(path, include)
    return checker


def where_it_broke(exc: BaseException, path: Path, shown_as: str | None = None) -> str:
    """`file:line: Error: message` and the source line, for the innermost frame in `path`."""
    line = broken_line(exc, path)
    source = path.read_text(encoding="utf-8").splitlines()
    code = source[line - 1].strip() if 0 < line <= len(source) else ""
    return f"{shown_as or path}:{line}: {type(exc).__name__}: {exc}\n    {code}"


def first_changed_line(diff: str) -> int:
    """The line of the example where a unified diff of it first differs."""
    line = 0
    for text in diff.splitlines():
        if hunk := re.search(r"^\s*@@ -(\d+)", text):
            line = int(hunk.group(1))
        elif line and re.match(r"^\s*[-+]", text) and not re.match(r"^\s*(---|\+\+\+)", text):
            return line
        elif line:
            line += 1
    return line
