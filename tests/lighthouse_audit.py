"""`make audit`: Lighthouse scores and first-load weight for every page of the built site.

The site is served from 127.0.0.1 under /<repo-name>/ with gzip, as GitHub Pages serves it, and
Lighthouse (npm, pinned in package.json) drives Debian's chromium. Not part of `make test`: the
scores depend on how busy the machine is, so they are a report, with targets, not a gate.

Usage: python tests/lighthouse_audit.py [--preset mobile|desktop]
"""

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from conftest import (  # noqa: E402  (the site is served under its real path)
    CHROMIUM_FLAGS,
    ROOT,
    SITE_PATH,
    find_browser,
    site_pages,
)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95}
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped for browsers that accept it (GitHub Pages does the same)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects /page to /page/
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        return _BytesFile(body)

    def log_message(self, *args):
        pass


class _BytesFile:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def audit(url: str, preset: str, chromium: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}"]
        command += [f"--chrome-flags=--headless=new {' '.join(CHROMIUM_FLAGS)}"]
        if preset == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium})
        return json.loads(report.read_text())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument("--only", default="", help="audit only pages whose path contains this")
    args = parser.parse_args()
    chromium = find_browser()
    if not chromium or not LIGHTHOUSE.exists():
        sys.exit("needs chromium on PATH and Lighthouse in node_modules (`make audit` installs it)")

    site = Path(tempfile.mkdtemp()) / SITE_PATH
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", site]
    subprocess.run(build, cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    handler = functools.partial(GzipHandler, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/{site.name}/"

    print(f"Lighthouse ({args.preset}) on {base}; targets: {TARGETS}")
    header = f"{'page':44} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5} {'bytes':>9}"
    print(header)
    missed = 0
    for path in [p for p in site_pages(site) if args.only in p]:
        report = audit(base + path, args.preset, chromium)
        scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
        weight = int(report["audits"]["total-byte-weight"]["numericValue"])
        below = [k for k, target in TARGETS.items() if scores[k] < target]
        missed += bool(below)
        row = " ".join(f"{scores[k]:>5}" for k in TARGETS)
        print(f"/{path:43} {row} {weight:>9}" + (f"  below target: {below}" if below else ""))
        for category in below:  # what to fix first: the audits that cost this category points
            for ref in report["categories"][category]["auditRefs"]:
                found = report["audits"][ref["id"]]
                if ref["weight"] and found.get("score") is not None and found["score"] < 0.9:
                    value = found.get("displayValue", "")
                    print(f"    {category}: {found['title']} ({found['score']:.2f}) {value}")
    server.shutdown()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
