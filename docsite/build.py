"""`mkdocs build --strict`, with a failed build's log turned into page:line messages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from docsite.model import DOCS, ROOT, rel


def build_site(dest: Path) -> tuple[bool, str]:
    """Build the site into dest, strictly. Returns (built, explained log); the log says which
    page and line to fix for each warning when the build failed."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    log = done.stderr + done.stdout
    if done.returncode != 0:
        return False, explain_build_log(log)
    return True, log


def explain_build_log(log: str) -> str:
    """The build's warnings, with the page and line of each broken link added in front."""
    lines, kept = [], False
    for text in log.splitlines():
        if not re.match(r"^(WARNING|ERROR)", text):
            # A warning's own list (the pages left out of nav) is indented under it.
            if kept and text.startswith((" ", "\t")) and text.strip():
                lines.append(text)
            else:
                kept = False
            continue
        kept = True
        match = re.search(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)'", text)
        where = "mkdocs.yml or a page"
        if match:
            page = DOCS / match["page"]
            where = f"docs/{match['page']}"
            for number, source in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
                if f"({match['link']}" in source or f"]: {match['link']}" in source:
                    where = f"{rel(page)}:{number}"
                    break
        lines.append(f"{where}: {text}")
    return (
        "`mkdocs build --strict` failed. Fix each line below (a link to a missing page or "
        "anchor, an include that does not resolve, a page left out of nav):\n"
        + "\n".join(lines or log.splitlines()[-20:])
    )
