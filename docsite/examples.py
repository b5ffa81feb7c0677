"""pytest-examples, the engine that records print() calls and writes `#>` lines, behind one door.

Nothing else imports pytest-examples but its public `CodeExample`. Its public runner,
`EvalExample.run_print_check` / `run_print_update` (pydantic's tests/test_docs.py uses them),
runs one example as one module inside a pytest test; the site's check runs a page's blocks one
cell each in a Jupyter kernel, in the namespace the earlier cells left (docsite/copy_paste.py).
So the check uses the recorder and the rewriter under that runner, `InsertPrintStatements`, and
`code_diff`, which are not in pytest-examples' `__all__`: this module is the only one that
touches them, and it refuses any other version than the one it was checked against.

Two of pytest-examples' choices do not fit this site. The fixes are applied only inside
`site_format()`, around the rewrite, never by importing this module (tests/test_examples.py
holds both, and that importing patches nothing):

- It writes output of several lines (or one long line) as a ''' string under the call; the site
  keeps the `#>` comment form for any number of lines, with a bare `#>` for a blank line
  (editors strip trailing spaces). A matter of style, not a bug: nothing upstream to wait for.
- `expr_last_line` guesses where a print() call written over several lines ends, and can put
  the `#>` lines inside the call (tests/test_examples.py shows one case, three lines off).
  Python knows the end (`end_lineno`). We found no upstream issue for it (searched 2026-12-05;
  issue #59 and PR #71 are about the indent of the inserted lines, not their line).

To drop a fix: delete it from `site_format()`, run `make update-examples`, and review the diff
of snippets/ (`git diff`): every `#>` line it moves is what the fix was holding.

One addition is ours: upstream's print recorder swallows what it records, and a notebook cell
must show it, so `PrintRecorder` records each print() and prints it too.
"""

from __future__ import annotations

import builtins
import contextlib
import inspect
import re
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from unittest import mock

from pytest_examples import CodeExample
from pytest_examples import run_code as pe_run_code
from pytest_examples.config import ExamplesConfig
from pytest_examples.lint import code_diff

from docsite.model import OUTPUT_LINE

PINNED = "0.0.18"
if version("pytest-examples") != PINNED:
    raise RuntimeError(
        f"docsite/examples.py uses parts of pytest-examples {PINNED} outside its public API, and "
        f"{version('pytest-examples')} is installed. Check that `InsertPrintStatements` (its "
        "`_insert_print_args` and `updated_print_statements`), `MockPrintFunction`, "
        "`parent_frame_id`, `comment_prefix_re`, `expr_last_line` and `lint.code_diff` still "
        "exist and mean the same, run tests/test_examples.py, then update PINNED "
        "(requirements.txt pins the version)."
    )

LINE_LENGTH = 100
CONFIG = ExamplesConfig(line_length=LINE_LENGTH)
REAL_PRINT = builtins.print


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


@contextlib.contextmanager
def site_format() -> Iterator[None]:
    """pytest-examples writing `#>` lines as this site does, for the duration only."""
    with (
        mock.patch.object(pe_run_code, "comment_prefix_re", OUTPUT_LINE),
        mock.patch.object(
            pe_run_code.InsertPrintStatements, "_insert_print_args", _insert_output_as_comments
        ),
        mock.patch.object(pe_run_code, "expr_last_line", _end_of_call),
    ):
        yield


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


class PrintRecorder:
    """While entered, print() calls made from code compiled from `path` (or, with `include`,
    from any frame it accepts) are recorded and still printed. Then `rewritten(source)` is
    `source` with the `#>` lines under each call set to what it printed."""

    def __init__(self, path: Path, include: Callable | None = None):
        self.path = path
        self._checker = pe_run_code.InsertPrintStatements(path, CONFIG, True, None, include)
        self._checker.print_func = _EchoingPrint(path, include)

    def __enter__(self) -> PrintRecorder:
        self._checker.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._checker.__exit__(*exc)

    def rewritten(self, source: str) -> str:
        example = CodeExample.create(source, path=self.path)
        with site_format():
            return self._checker.updated_print_statements(example) or source


def output_diff(source: str, rewritten: str, path: Path) -> str:
    """A unified diff of the block's `#>` lines against what its prints printed."""
    return code_diff(CodeExample.create(source, path=path), rewritten, CONFIG)


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
