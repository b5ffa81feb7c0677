"""Promise: docsite/examples.py's fixes to pytest-examples 0.0.18 hold, one test each, and they
take effect only around a rewrite, never by importing the module.

Check:   pytest tests/test_examples.py
"""

import re
from pathlib import Path

from pytest_examples import run_code

from docsite.examples import PrintRecorder


def _with_output(source: str, folder: Path) -> str:
    """Run `source` as a block and return it with its `#>` lines written, as a refresh does."""
    path = folder / "block.py"
    path.write_text(source, encoding="utf-8")
    with PrintRecorder(path) as prints:
        exec(compile(source, str(path), "exec"), {})
    return prints.rewritten(source)


def test_output_goes_under_the_last_line_of_a_multi_line_print(tmp_path: Path):
    # Upstream's expr_last_line guesses one more line per nested call: here three lines too far.
    call = 'print(", ".join(f"<{word}>"\n                for word in ["one", "two"]))\n'
    after = "done = 1\ndone += 1\ndone += 1\n"
    assert _with_output(call + after, tmp_path) == call + "#> <one>, <two>\n" + after


def test_output_of_several_lines_stays_in_comment_lines(tmp_path: Path):
    # Upstream writes it as a ''' string; a blank output line is a bare `#>`.
    source = 'print("first\\n\\nthird")\n'
    assert _with_output(source, tmp_path) == source + "#> first\n#>\n#> third\n"


def test_a_recorded_print_still_prints(tmp_path: Path, capsys):
    # Upstream's print mock swallows what it records; a notebook cell must show it.
    source = 'print("shown", 1, sep=": ")\n'
    assert _with_output(source, tmp_path) == source + "#> shown: 1\n"
    assert capsys.readouterr().out == "shown: 1\n"


def test_the_fixes_are_not_left_in_pytest_examples(tmp_path: Path):
    # Importing docsite.examples (done above) and a rewrite leave upstream as it ships, so any
    # other user of pytest-examples in the process gets its own behaviour.
    _with_output('print("x")\n', tmp_path)
    assert run_code.comment_prefix_re.pattern == f"^ *{re.escape(run_code.comment_prefix)}"
    assert run_code.expr_last_line.__module__ == "pytest_examples.run_code"
    insert = run_code.InsertPrintStatements._insert_print_args
    assert insert.__module__ == "pytest_examples.run_code"
