"""Keep notebook pages out of the search index.

A notebook repeats its section page's text and code, so indexing it doubled every result and
made up 53% of search_index.json, which every page downloads (measured with all five notebooks).
Material honours `search: exclude` front matter, which a notebook cannot carry; this sets it.
"""


def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri.endswith(".ipynb"):
        page.meta.setdefault("search", {})["exclude"] = True
    return markdown
