"""The offline copy: the whole site as one zip that works from file://, for a train or a plane.

    python -m docsite.offline SITE_DIR     build it into SITE_DIR/downloads/OFFLINE_ZIP

`make build` runs it after building the site, so the copy is published beside it. Material's
offline plugin (on in mkdocs.yml when OFFLINE=true) makes every link point at an index.html file
and inlines the search index, since a browser fetches nothing from file://. Everything the
site offers is inside: pages, notebooks, figures and every download (snippets/). The copy is
built separately from the published site because its links differ (page.html, not page/).
tests/test_offline.py opens it from file://.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from docsite.archive import make_zip
from docsite.build import build_site
from docsite.model import ROOT

OFFLINE_ZIP = "intro-to-mlops-offline.zip"
# The folder the zip unpacks into: the reader opens <FOLDER>/index.html.
FOLDER = "intro-to-mlops"
# The search shim the copy needs (hooks/offline.py): package.json pins its npm package.
SHIM_NEEDED = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"


def build_offline_zip(destination: Path) -> Path:
    """Build the offline copy and pack it into destination (a .zip), under FOLDER/."""
    with tempfile.TemporaryDirectory(prefix="offline-") as work:
        copy = Path(work) / FOLDER
        built, log = build_site(copy, offline=True)
        if not built:
            raise SystemExit(f"The offline copy did not build:\n{log}")
        # Only a web server shows 404.html, and its links start at the server's root.
        (copy / "404.html").unlink()
        destination.parent.mkdir(parents=True, exist_ok=True)
        return make_zip(copy, destination)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="the built site, where downloads/ goes")
    args = parser.parse_args(argv)
    zip_path = build_offline_zip(args.site / "downloads" / OFFLINE_ZIP)
    print(f"{zip_path}: {zip_path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
