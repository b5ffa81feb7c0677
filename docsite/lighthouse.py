"""`make audit`: Lighthouse scores for every page, beside the same pages built with stock Material.

Two builds of the same docs are served from 127.0.0.1 under /<repo-name>/, gzipped as GitHub
Pages serves them: the site as configured, and a "stock" build with the speed settings taken out
(STOCK below: Material's defaults for what we changed for speed). Lighthouse (npm, pinned in
package.json) drives Debian's chromium on each page of both builds in turn, `--runs` times, and
the run with the median performance score is reported, as Lighthouse's docs advise. The table is
printed and written, with the date, the machine, its load and the versions, to
reports/lighthouse-<preset>.md.

Not part of `make test`: scores move by about 10 points with the machine's load. The gate is
tests/test_budget.py, which counts what a page costs (docsite/pagecost.py) instead of timing it.

Usage: python -m docsite.lighthouse [--preset mobile|desktop] [--runs 3] [--only PAGE]
       python -m docsite.lighthouse --build-stock DIR   (only build the stock site)
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import http.server
import json
import os
import platform
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from docsite.browser import CHROMIUM_FLAGS, find_browser, serve, site_pages
from docsite.model import ROOT
from docsite.pagecost import COMPRESSIBLE
from docsite.site import SITE_PATH

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# What "stock" leaves out: every setting mkdocs.yml carries for speed alone (issue 15). A new
# speed setting goes here too, so the audit keeps showing what the settings are worth.
STOCK = {
    "features": ["content.lazy"],
    "hooks": ["hooks/lighter_pages.py"],
    "extra_css": ["stylesheets/speed.css"],
}
# The other timed metrics of the performance score, beside TBT: a page that loses points with a
# low TBT lost them here, and the report's second table says which.
PAINT_METRICS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "si": "speed-index",
}


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


def build_stock(dest: Path) -> None:
    """Build the docs into dest with the speed settings (STOCK) taken out of mkdocs.yml."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.utils.yaml import yaml_load

    raw = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = dict(raw["theme"])
    theme["features"] = [f for f in theme["features"] if f not in STOCK["features"]]
    overrides = {
        "theme": theme,
        "hooks": [h for h in raw.get("hooks", []) if h not in STOCK["hooks"]],
        "extra_css": [c for c in raw.get("extra_css", []) if c not in STOCK["extra_css"]],
    }
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(dest), **overrides)
    build(config)


def _build(dest: Path, stock: bool) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", dest]
    if stock:
        command = [sys.executable, "-m", "docsite.lighthouse", "--build-stock", dest]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if stock:
        # Stock Material has no print page: without this, stock pages would carry the script and
        # stylesheets print-site adds to every page (hooks/lighter_pages.py, item 7, takes them
        # off ours), and look slower than stock Material is.
        env["PRINT_SITE"] = "false"
    subprocess.run(command, cwd=ROOT, check=True, env=env)


def audit(url: str, preset: str, chromium: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}"]
        command += [f"--chrome-flags=--headless=new {' '.join(CHROMIUM_FLAGS)}"]
        if preset == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chromium})
        return json.loads(report.read_text())


def summary(report: dict) -> dict:
    audits = report["audits"]
    found = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
    found["tbt"] = round(audits["total-blocking-time"]["numericValue"])
    for key, audit_id in PAINT_METRICS.items():
        found[key] = round(audits[audit_id]["numericValue"])
    found["cls"] = round(audits["cumulative-layout-shift"]["numericValue"], 3)
    found["bytes"] = int(audits["total-byte-weight"]["numericValue"])
    found["dom"] = int(audits["dom-size"]["numericValue"]) if "dom-size" in audits else None
    return found


def median_run(runs: list[dict]) -> dict:
    """The run whose performance score is the median (the middle one of three)."""
    ordered = sorted(runs, key=lambda r: (r["performance"], -r["tbt"]))
    return ordered[(len(ordered) - 1) // 2]


def table_head(columns: list[str], numbers: list[str]) -> list[str]:
    """A Markdown table's header and rule; the columns in `numbers` are right-aligned."""
    rule = ("---:" if column in numbers else "---" for column in columns)
    return ["| " + " | ".join(columns) + " |", "| " + " | ".join(rule) + " |"]


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    return f"{os.cpu_count()} CPUs (nproc), {model}, {platform.system()} {platform.release()}"


def versions(chromium: str) -> str:
    lighthouse = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    browser = subprocess.run([chromium, "--version"], capture_output=True, text=True)
    return (
        f"Lighthouse {lighthouse.stdout.strip()}, {browser.stdout.strip()}, "
        f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
        f"mkdocs-jupyter {version('mkdocs-jupyter')}, Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and build")
    parser.add_argument("--only", default="", help="audit only pages whose path contains this")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock build")
    parser.add_argument(
        "--report",
        help="where to write the Markdown report "
        "(default reports/lighthouse-<preset>.md; '-' for none)",
    )
    parser.add_argument("--build-stock", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_stock:
        build_stock(Path(args.build_stock))
        return 0
    chromium = find_browser()
    if not chromium or not LIGHTHOUSE.exists():
        sys.exit("needs chromium on PATH and Lighthouse in node_modules (`make audit` installs it)")

    tmp = Path(tempfile.mkdtemp())
    builds = {"site": tmp / "site" / SITE_PATH}
    if not args.no_stock:
        builds["stock"] = tmp / "stock" / SITE_PATH
    for name, dest in builds.items():
        _build(dest, stock=name == "stock")
    pages = [p for p in site_pages(builds["site"]) if args.only in p]

    started = datetime.datetime.now(datetime.UTC)
    loads = [load_average()]
    print(f"Lighthouse {args.preset}, {args.runs} runs per page and build; load {loads[0]}")
    runs: dict[tuple[str, str], list[dict]] = {}
    with (
        serve(builds["site"], GzipHandler) as base_site,
        serve(builds.get("stock", builds["site"]), GzipHandler) as base_stock,
    ):
        bases = {"site": base_site, "stock": base_stock}
        # Run after run, page after page, each build in turn: a busy spell on the machine then
        # hits both builds of a page alike, not one of them.
        for number in range(args.runs):
            for path in pages:
                for name in builds:
                    url = bases[name] + path.lstrip("/")
                    found = summary(audit(url, args.preset, chromium))
                    runs.setdefault((path, name), []).append(found)
                    print(
                        f"run {number + 1} {name:5} /{path.lstrip('/'):45} "
                        f"perf {found['performance']:>3} TBT {found['tbt']:>5} ms "
                        f"load {load_average()}",
                        flush=True,
                    )
            loads.append(load_average())

    rows, missed = [], 0
    for path in pages:
        best = median_run(runs[(path, "site")])
        stock = median_run(runs[(path, "stock")]) if "stock" in builds else None
        below = [k for k, t in TARGETS.items() if best[k] < t]
        if stock and best["performance"] < stock["performance"]:
            below.append("performance below stock")
        missed += bool(below)
        rows.append((path, best, stock, below))

    scores = ["perf", "stock perf", "TBT ms", "stock TBT", "a11y", "best pr.", "SEO", "DOM"]
    scores += ["stock DOM", "bytes", "stock bytes"]
    lines = table_head(["page", *scores, "all perf runs (stock)"], numbers=scores)
    for path, best, stock, below in rows:
        s = stock or {}
        perfs = [r["performance"] for r in runs[(path, "site")]]
        stock_perfs = [r["performance"] for r in runs.get((path, "stock"), [])]
        lines.append(
            f"| /{path.lstrip('/')} | {best['performance']} | {s.get('performance', '')} "
            f"| {best['tbt']} | {s.get('tbt', '')} | {best['accessibility']} "
            f"| {best['best-practices']} | {best['seo']} | {best['dom']} | {s.get('dom', '')} "
            f"| {best['bytes']:,} | {s.get('bytes', 0):,} | {perfs} ({stock_perfs})"
            + (f" **below: {', '.join(below)}**" if below else "")
            + " |"
        )
    paints = ["FCP ms", "stock FCP", "LCP ms", "stock LCP", "Speed Index ms", "stock SI"]
    paints += ["CLS", "stock CLS"]
    timings = table_head(["page", *paints], numbers=paints)
    for path, best, stock, _ in rows:
        s = stock or {}
        cells = [f"{best[k]} | {s.get(k, '')}" for k in (*PAINT_METRICS, "cls")]
        timings.append(f"| /{path.lstrip('/')} | " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    table += (
        "\n\nPaint timings and layout shift of the same median runs (the rest of the "
        "performance score beside TBT):\n\n" + "\n".join(timings)
    )
    print(table)

    report = Path(args.report) if args.report else ROOT / "reports" / f"lighthouse-{args.preset}.md"
    if args.report != "-":
        report.parent.mkdir(exist_ok=True)
        report.write_text(
            f"# Lighthouse, {args.preset}: this site and stock Material\n\n"
            f"Written by `make audit` (`python -m docsite.lighthouse --preset {args.preset}`); "
            "do not edit by hand.\n\n"
            f"- Date: {started:%Y-%m-%d %H:%M} UTC\n"
            f"- Machine: {machine()}\n"
            f"- Load average (1, 5, 15 min) before and after each round of runs: "
            f"{' -> '.join(loads)}\n"
            f"- Versions: {versions(chromium)}\n"
            f"- Method: both builds served gzipped from 127.0.0.1 under /{SITE_PATH}/; "
            f"{args.runs} Lighthouse runs per page and build, alternating; the table shows the "
            "run with the median performance score. *Stock* is the same docs built with the "
            f"speed settings taken out ({', '.join(sum(STOCK.values(), []))}). Targets: "
            f"{TARGETS}, and performance at least stock's.\n"
            "- Scores move by up to 10 points with the machine's load; compare the two builds "
            "of a page within one report, not across reports.\n\n" + table + "\n",
            encoding="utf-8",
        )
        print(f"written to {report.relative_to(ROOT) if report.is_relative_to(ROOT) else report}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
