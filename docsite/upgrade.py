"""Move every direct pin in requirements.in to the newest release that resolves with the rest.

    python -m docsite.upgrade          (the first step of `make upgrade`)

uv resolves requirements.in with its pins lifted (docsite.newest), for Python 3.11 and newer on
every system at once, as `make lock` does; so a release that needs a newer Python than 3.11.0, or
that conflicts with another package, is not chosen. Each `name==version` line then takes the
version uv chose, unless the comment line right above it starts with `# hold:` and says why.
It prints what moved, what was held and what is already newest. The rest of `make upgrade`
locks, reinstalls, refreshes every output, notebook and requirement set, and runs the suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import Version

from docsite.newest import REQUIREMENTS_IN, read_pins

UV = Path(sys.executable).with_name("uv")
HOLD = "# hold:"
PINNED_LINE = re.compile(r"^(?P<head>[A-Za-z0-9][^=\s;#]*)==(?P<version>[^\s;#]+)(?P<tail>.*)$")


def newest_versions(pins) -> dict[str, str]:
    """canonical name -> the version uv resolves for every direct dependency, pins lifted but
    for the held ones."""
    held = held_names()
    # Never backwards: lifted pins keep today's version as a floor (an unpinned resolution
    # can trade one package's release for another's, kfp 2.17.3 down to 2.16.1 for numpy).
    lines = [
        f"{p.name}{p.extras}=={p.version}"
        if canonicalize_name(p.name) in held
        else f"{p.name}{p.extras}>={p.version}"
        if p.version
        else p.unpinned()
        for p in pins
    ]
    with tempfile.TemporaryDirectory() as scratch:
        wanted, resolved = Path(scratch) / "newest.in", Path(scratch) / "newest.txt"
        wanted.write_text("\n".join(lines) + "\n", encoding="utf-8")
        subprocess.run(
            [
                UV,
                "pip",
                "compile",
                "--quiet",
                "--universal",
                "--python-version",
                "3.11",
                "--no-header",
                "--no-annotate",
                str(wanted),
                "-o",
                str(resolved),
            ],
            check=True,
        )
        # A release that needs a newer Python forks uv's universal resolution: one line per
        # fork (mkdocs-jupyter 0.27.0 on 3.12+, 0.26.3 on 3.11). A pin must install on all of them.
        forks: dict[str, set[Version]] = {}
        for text in resolved.read_text(encoding="utf-8").splitlines():
            if match := PINNED_LINE.match(text.strip()):
                name = canonicalize_name(match["head"].split("[")[0])
                forks.setdefault(name, set()).add(Version(match["version"]))
        versions = {name: str(min(found)) for name, found in forks.items()}
        direct = {canonicalize_name(p.name) for p in pins}
        for name, found in sorted(forks.items()):
            if len(found) > 1 and name in direct:
                print(f"note   {name}: {max(found)} installs only on a newer Python than 3.11.0")
    return versions


def held_names() -> dict[str, str]:
    """canonical name -> why, for each pin whose comment line above starts with `# hold:`."""
    held, reason = {}, None
    for text in REQUIREMENTS_IN.read_text(encoding="utf-8").splitlines():
        if text.startswith(HOLD):
            reason = text[len(HOLD) :].strip()
        elif (match := PINNED_LINE.match(text)) and reason:
            held[canonicalize_name(match["head"].split("[")[0])] = reason
            reason = None
        elif not text.startswith("#"):
            reason = None
    return held


def main(argv: list[str]) -> int:
    """`--dry-run`: print what would move, and write nothing."""
    pins = read_pins()
    newest = newest_versions(pins)
    held = held_names()
    lines = []
    for text in REQUIREMENTS_IN.read_text(encoding="utf-8").splitlines():
        match = PINNED_LINE.match(text)
        if match:
            name = canonicalize_name(match["head"].split("[")[0])
            old, new = match["version"], newest.get(name, match["version"])
            if name in held:
                print(f"held   {name} {old}: {held[name]}")
            elif new != old:
                print(f"moved  {name} {old} -> {new}")
                text = f"{match['head']}=={new}{match['tail']}"
            else:
                print(f"kept   {name} {old}: the newest that resolves with the rest")
        lines.append(text)
    if "--dry-run" not in argv:
        REQUIREMENTS_IN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
