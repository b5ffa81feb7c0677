"""Promise: docsite/examples.py's fixes to pytest-examples 0.0.18 hold, one test per upstream bug.

Check:   pytest tests/test_examples.py
"""

from pathlib import Path

from pytest_examples import CodeExample
from pytest_examples.config import ExamplesConfig
from pytest_examples.run_code import InsertPrintStatements

from docsite.examples import LINE_LENGTH, echoing_print_checker, where_it_broke


def _with_output(source: str, folder: Path) -> str:
    """Run `source` as a snippet and return it with its `#>` lines written, as --update does."""
    path = folder / "snippet.py"
    path.write_text(source, encoding="utf-8")
    example = CodeExample.create(source, path=path)
    prints = InsertPrintStatements(path, ExamplesConfig(line_length=LINE_LENGTH), True, None, None)
    with prints:
        exec(compile(source, str(path), "exec"), {})
    return prints.updated_print_statements(example) or source


def test_output_goes_under_the_last_line_of_a_multi_line_print(tmp_path: Path):
    # Upstream #59 guesses one more line per nested call: here three lines too far down.
    call = 'print(", ".join(f"<{word}>"\n                for word in ["one", "two"]))\n'
    after = "done = 1\ndone += 1\ndone += 1\n"
    assert _with_output(call + after, tmp_path) == call + "#> <one>, <two>\n" + after


def test_output_of_several_lines_stays_in_comment_lines(tmp_path: Path):
    # Upstream writes it as a ''' string; a blank output line is a bare `#>`.
    source = 'print("first\\n\\nthird")\n'
    assert _with_output(source, tmp_path) == source + "#> first\n#>\n#> third\n"


def test_an_exception_is_reported_with_file_line_and_code(tmp_path: Path):
    # Upstream re-raises with a hand-built traceback that crashes pytest's reporter on 3.11.
    path = tmp_path / "broken.py"
    path.write_text("total = 1\ntotal += missing\n", encoding="utf-8")
    try:
        exec(compile(path.read_text(), str(path), "exec"), {})
    except NameError as exc:
        message = where_it_broke(exc, path, "snippets/page/broken.py")
    assert message == (
        "snippets/page/broken.py:2: NameError: name 'missing' is not defined\n    total += missing"
    )


def test_a_notebook_run_records_each_print_and_still_prints_it(tmp_path: Path, capsys):
    # Upstream's print mock swallows what it records; a notebook cell must show it.
    path = tmp_path / "block.py"
    source = 'print("shown", 1, sep=": ")\n'
    path.write_text(source, encoding="utf-8")
    prints = echoing_print_checker(path, None)
    with prints:
        exec(compile(source, str(path), "exec"), {})
    assert capsys.readouterr().out == "shown: 1\n"
    new = prints.updated_print_statements(CodeExample.create(source, path=path))
    assert new == source + "#> shown: 1\n"
