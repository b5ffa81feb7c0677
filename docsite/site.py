"""mkdocs.yml as data: the URL the site is published at, and where the repository shows a file
(on GitHub, and a notebook in Google Colab)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlparse

from docsite.model import site_config

# Only plain values are needed here; mkdocs' own load_config would also import every plugin.
CONFIG = site_config()
SITE_URL = CONFIG["site_url"].rstrip("/") + "/"
# GitHub Pages serves a project site under /<repo-name>/; the tests build and serve it the same way.
SITE_PATH = urlparse(SITE_URL).path.strip("/")
# What a page says of a download next to its link: "(about 3 MB)", "(about 15 MB, 280 pages)".
_STATED = re.compile(r"about (\d+) MB(?:, (\d+) pages)?")


def download_url(name: str) -> str:
    """Where the published site serves a file `make build` writes to site/downloads/."""
    return f"{SITE_URL}downloads/{name}"


def stated_size(markdown: str, url: str) -> tuple[int, int | None] | None:
    """(MB, pages or None) that a page's Markdown states within 400 characters after its link to
    url; None when it does not link url, or says no size."""
    at = markdown.find(url)
    found = _STATED.search(markdown[at : at + 400]) if at >= 0 else None
    return (int(found[1]), int(found[2]) if found[2] else None) if found else None


def blob_url(config: Mapping = CONFIG) -> str:
    """Where the repository shows its files: <repo_url>/blob/<branch>, on the branch that
    edit_uri names (edit/main/docs/ -> main). Pass mkdocs' own config from a hook."""
    branch = config["edit_uri"].strip("/").split("/")[1]
    return f"{config['repo_url'].rstrip('/')}/blob/{branch}"


def colab_url(path: str) -> str:
    """A repository file (docs/notebooks/<page>.ipynb) opened in Google Colab, which reads it
    from GitHub: colab.research.google.com/github/<owner>/<repo>/blob/<branch>/<path>."""
    github, blob = "https://github.com/", blob_url()
    if not blob.startswith(github):
        raise ValueError(f"mkdocs.yml repo_url {CONFIG['repo_url']!r}: Colab opens GitHub only")
    return f"https://colab.research.google.com/github/{blob.removeprefix(github)}/{path}"
