"""Promise: `make update-examples` writes each print's output where the check reads it: under
the print's own line, in the snippet or the page that line comes from, indented as that file
indents it, and changes nothing but `#>` lines (docsite/outputs.py).

Check:   pytest tests/test_outputs.py
"""

from pathlib import Path

import pytest

from docsite.examples import PrintRecorder
from docsite.model import ANNOTATION, Page
from docsite.outputs import CannotMap, output_edits, write

SNIPPET = """\
def report():
    # --8<-- [start:body]
    for n in (1, 2):
        print(n * 10)
        #> 99
    # --8<-- [end:body]
"""

PAGE = """\
# A page

!!! example "In an admonition, so the fence is indented"

    ```python
    --8<-- "{snippet}:body"
    print("written on the page")  # (1)!
    #> stale
    ```
"""


def _refresh(tmp_path: Path) -> tuple[Path, Path]:
    """The snippet and the page, after one refresh of the page's one block."""
    snippet, page = tmp_path / "snippet.py", tmp_path / "page.md"
    snippet.write_text(SNIPPET, encoding="utf-8")
    page.write_text(PAGE.format(snippet=snippet), encoding="utf-8")
    [fence] = Page(page).fences()
    shown = ANNOTATION.sub("", fence.resolved())  # as the copy button gives it
    block = tmp_path / "block.py"  # a block runs from a file of its own, as in the kernel
    block.write_text(shown + "\n", encoding="utf-8")
    with PrintRecorder(block) as prints:
        exec(compile(shown + "\n", str(block), "exec"), {})
    edits = {}
    output_edits(fence, shown, prints.rewritten(shown + "\n"), edits)
    assert sorted(write(edits)) == sorted([str(snippet), str(page)])
    return snippet, page


def test_fresh_output_goes_under_its_print_in_the_file_it_comes_from(tmp_path: Path):
    snippet, page = _refresh(tmp_path)
    assert snippet.read_text(encoding="utf-8") == SNIPPET.replace(
        "        #> 99\n", "        #> 10\n        #> 20\n"
    )
    assert page.read_text(encoding="utf-8") == PAGE.format(snippet=snippet).replace(
        "    #> stale\n", "    #> written on the page\n"
    )


def test_a_second_refresh_changes_nothing(tmp_path: Path):
    snippet, page = _refresh(tmp_path)
    [fence] = Page(page).fences()
    shown = ANNOTATION.sub("", fence.resolved())
    edits = {}
    output_edits(fence, shown, shown + "\n", edits)
    assert write(edits) == []


def test_a_block_built_from_other_files_is_refused_by_name(tmp_path: Path):
    snippet, page = _refresh(tmp_path)
    [fence] = Page(page).fences()
    with pytest.raises(CannotMap, match=r"page\.md:5: the built block is not the fence's lines"):
        output_edits(fence, "print('an older build')", "print('an older build')\n#> x\n", {})
