"""Title every code block that shows one file with that file's path, so no page types it, and
link the title to that file in the repository.

A contributor sees `snippets/what-is-mlops/pipeline.py` over a block and opens that file: one
hop from what the page shows to the code (one click on the site). pymdownx.snippets has no
option for it (an include is expanded inside the block, after the title is read), and Material
renders a title as text, hence this hook. A title written on the page wins; the title itself
comes from docsite.model (`Fence.title`), which every test reads too.
"""

import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from docsite.model import ROOT, Page
from docsite.site import blob_url

# Material's title bar over a code block: <span class="filename">snippets/page/file.py</span>
FILENAME = re.compile(r'<span class="filename">([^<]+)</span>')


def on_page_markdown(markdown, page, **kwargs):
    path = Path(page.file.abs_src_path)
    if path.suffix != ".md":
        return markdown
    source = Page(path)
    on_disk, lines = source.text.split("\n"), markdown.split("\n")
    # mkdocs hands over the page without its front matter: count the lines it took off.
    offset = len(on_disk) - len(lines)
    for fence in source.fences():
        index = fence.line - 1 - offset
        if lines[index].strip() != on_disk[fence.line - 1].strip():
            raise PluginError(f"hooks/titles.py lost its place in {fence.where}: tell a maintainer")
        lines[index] = fence.opening_line()
    return "\n".join(lines)


def on_page_content(content, page, config, **kwargs):
    """Each title that is a file of the repository becomes a link to it on the repository's
    default branch (the one edit_uri names: edit/main/docs/)."""
    blob = blob_url(config)

    def link(match: re.Match) -> str:
        path = html.unescape(match[1])
        if not (ROOT / path).is_file():
            return match[0]
        return f'<span class="filename"><a href="{blob}/{path}">{match[1]}</a></span>'

    return FILENAME.sub(link, content)
