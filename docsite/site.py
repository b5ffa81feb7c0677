"""mkdocs.yml as data, and the URL the site is published at."""

from __future__ import annotations

from urllib.parse import urlparse

import yaml

from docsite.model import ROOT


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data; its !!python/name tags (emoji settings) become None."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
# Only plain values are needed here; mkdocs' own load_config would also import every plugin.
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
SITE_URL = CONFIG["site_url"].rstrip("/") + "/"
# GitHub Pages serves a project site under /<repo-name>/; the tests build and serve it the same way.
SITE_PATH = urlparse(SITE_URL).path.strip("/")
