"""Promise: docsite.model, the one reader of pages, reads fences, prose and images correctly.

Every other test reads the Markdown through docsite.model; these unit tests pin the parts of
it that the page checks rely on, on small pages written to a temp folder.

Check:   pytest tests/test_model.py
"""

from pathlib import Path

from docsite.model import Page

PAGE = """\
# Title

Accuracy is 0.764 here.

```python hl_lines="1"
--8<-- "{include}"
```

!!! note

    ```yaml
    name: demo
    steps:
      - run: make test
    ```

![Validation accuracy peaks at depth 4](figures/curve.svg) and ![two](b.png)
"""


def _page(tmp_path: Path) -> Page:
    snippet = tmp_path / "a.py"
    snippet.write_text("# --8<-- [start:one]\n    x = 1\n# --8<-- [end:one]\nprint(x)\n")
    path = tmp_path / "page.md"
    path.write_text(PAGE.format(include=f"{snippet}:one"), encoding="utf-8")
    return Page(path)


def test_fences_know_their_language_indent_and_closing_line(tmp_path: Path):
    python, yaml = _page(tmp_path).fences()
    assert (python.lang, python.title, python.indent, python.line, python.end) == (
        "python",
        str(tmp_path / "a.py"),
        "",
        5,
        7,
    )
    assert (yaml.lang, yaml.indent, yaml.line, yaml.end) == ("yaml", "    ", 11, 15)
    assert [include.section for include in python.includes] == ["one"]


def test_resolved_shows_included_sections_and_keeps_inline_indentation(tmp_path: Path):
    python, yaml = _page(tmp_path).fences()
    assert python.resolved() == "x = 1"
    assert yaml.resolved() == "name: demo\nsteps:\n  - run: make test"


def test_each_resolved_line_knows_the_file_and_line_to_edit(tmp_path: Path):
    python, yaml = _page(tmp_path).fences()
    # The section's line 2 of a.py, dedented; the YAML's lines are the page's own.
    assert python.resolved_lines() == [(tmp_path / "a.py", 2, "x = 1")]
    page = tmp_path / "page.md"
    assert [(path, line) for path, line, _ in yaml.resolved_lines()] == [
        (page, 12),
        (page, 13),
        (page, 14),
    ]


def test_prose_lines_leave_out_every_fence_and_its_markers(tmp_path: Path):
    prose = dict(_page(tmp_path).prose_lines())
    assert prose[3] == "Accuracy is 0.764 here."
    assert not {5, 6, 7, 11, 12, 13, 14, 15} & prose.keys()
    assert prose[9] == "!!! note"


def test_images_resolve_their_files_beside_the_page(tmp_path: Path):
    first, second = _page(tmp_path).images()
    assert (first.line, first.alt) == (17, "Validation accuracy peaks at depth 4")
    assert first.file == tmp_path / "figures" / "curve.svg"
    assert (second.alt, second.file) == ("two", tmp_path / "b.png")


def test_a_block_showing_one_file_is_titled_with_its_path(tmp_path: Path):
    python, yaml = _page(tmp_path).fences()
    assert python.written_title is None
    assert python.opening_line() == f'```python title="{tmp_path / "a.py"}" hl_lines="1"'
    assert yaml.title is None  # written inline: no file to name
    assert yaml.opening_line() == "    ```yaml"


def test_headings_title_and_sections_skip_front_matter_and_fences(tmp_path: Path):
    path = tmp_path / "page.md"
    path.write_text(
        "---\n# not a heading: YAML\n---\n\n# The title\n\n## Part one\n\nText.\n\n"
        "```bash\n## not a heading: a comment\n```\n\n### Detail\n\n## Part two\n",
        encoding="utf-8",
    )
    page = Page(path)
    assert [(h.line, h.level, h.text, h.anchor) for h in page.headings()] == [
        (5, 1, "The title", "the-title"),
        (7, 2, "Part one", "part-one"),
        (15, 3, "Detail", "detail"),
        (17, 2, "Part two", "part-two"),
    ]
    assert page.title == "The title"
    assert [number for number, _ in page.section(page.headings()[1])] == list(range(8, 17))
    assert page.front_matter_end == 3
    assert [n for n, _ in page.prose_lines(front_matter=False)][:2] == [4, 5]
