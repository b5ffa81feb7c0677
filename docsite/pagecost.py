"""What a page costs a phone on first load, counted so that the same site gives the same numbers.

Used by tests/test_budget.py (the budget, a gate) and `python -m docsite.pagecost` (a table, to
set or check the budget by hand). Lighthouse (`make audit`, docsite/lighthouse.py) gives the
scores; they move with the machine's load, so they are a report, and these counts are the gate:

- `dom_nodes`: elements in the document once it has loaded and Material has set it up;
- `gzip_bytes`: every file the page requests while loading (HTML, CSS, JS, the search index,
  images, fonts), gzipped at level 6 as GitHub Pages serves text, images as they are;
- `scripts`, `styles`: script and stylesheet requests;
- `long_tasks`: main-thread tasks over 50 ms that Chromium reports (PerformanceObserver
  "longtask") from navigation until the network is idle, at a phone's viewport with the CPU
  slowed down as Lighthouse's mobile preset does (4x). Their count, not their length, is
  budgeted: a task either blocks the page for longer than 50 ms or it does not.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from docsite.browser import CHROMIUM_FLAGS, find_browser, serve, site_pages
from docsite.model import ROOT
from docsite.site import SITE_PATH

PHONE = {"width": 412, "height": 823}  # Lighthouse's mobile preset (a Moto G Power)
CPU_SLOWDOWN = 4  # Lighthouse's mobile preset
# Text GitHub Pages gzips; images and fonts go as they are.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb", ".map"}
# Written by --write-budget: a record beside the tool, like runtime-imports.json; tests/ holds
# only tests.
BUDGET_FILE = ROOT / "docsite" / "budget.json"
METRICS = ("dom_nodes", "gzip_bytes", "scripts", "styles", "long_tasks")

# Registered before any of the page's own scripts run, so no long task escapes it.
_OBSERVE_LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({type: "longtask", buffered: true});
"""


@dataclass
class Cost:
    page: str
    dom_nodes: int = 0
    gzip_bytes: int = 0
    scripts: int = 0
    styles: int = 0
    long_tasks: int = 0
    long_task_ms: list[float] = field(default_factory=list)  # reported, never budgeted
    requests: list[str] = field(default_factory=list)


def gzip_size(path: Path) -> int:
    data = path.read_bytes()
    return len(gzip.compress(data, compresslevel=6)) if path.suffix in COMPRESSIBLE else len(data)


def _file_for(url: str, base: str, site: Path) -> Path | None:
    if not url.startswith(base):
        return None
    path = site / unquote(urlparse(url).path).removeprefix(urlparse(base).path)
    if path.is_dir() or url.endswith("/"):
        path = path / "index.html"
    return path if path.is_file() else None


def measure(browser, base: str, site: Path, page_path: str, slowdown: int = CPU_SLOWDOWN) -> Cost:
    """Load one page in a fresh phone-sized context (empty cache) and count what it cost."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(_OBSERVE_LONG_TASKS)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    requests: list[tuple[str, str]] = []
    page.on("request", lambda r: requests.append((r.url, r.resource_type)))
    try:
        page.goto(base + page_path.lstrip("/"), wait_until="load")
        page.wait_for_load_state("networkidle")
        # Material sets the page up after load (code blocks, tooltips, search worker): give
        # its tasks time to finish and be reported.
        page.wait_for_timeout(500)
        cost = Cost(page_path)
        cost.dom_nodes = page.evaluate("document.getElementsByTagName('*').length")
        cost.long_task_ms = [round(d) for d in page.evaluate("window.__longTasks")]
        cost.long_tasks = len(cost.long_task_ms)
    finally:
        context.close()
    seen = set()
    for url, kind in requests:
        url = url.split("#")[0]
        if url in seen:
            continue
        seen.add(url)
        cost.requests.append(url.removeprefix(base))
        cost.scripts += kind == "script"
        cost.styles += kind == "stylesheet"
        if (file := _file_for(url, base, site)) is not None:
            cost.gzip_bytes += gzip_size(file)
    return cost


@contextlib.contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    executable = find_browser()
    if executable is None:
        raise SystemExit("no Chromium or Chrome found: install chromium or set CHROMIUM=...")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


# How much a page may grow past its measured cost before the budget fails. Counts of things the
# build decides (elements, bytes, requests) move only when the content does; long tasks also move
# with the machine's load, so they get a margin in tasks. It was 2, from five loads on a busy
# machine; CI's run of 2026-12-06 then saw /notebooks/capstone/ (measured 2) take 5 in each of
# its three loads, at load averages 7.6, 2.8 and 2.7 on 2 cores (the other worker running a
# page's code), with two of the five tasks under 85 ms: 3 covers that and still fails a page
# whose scripts start blocking the thread several more times.
MARGINS = {"dom_nodes": 0.15, "gzip_bytes": 0.15, "scripts": 0, "styles": 0, "long_tasks": 3}
# What to do when a page is over budget, by metric.
ADVICE = {
    "dom_nodes": "split the page, or show less code on it (every highlighted token is an "
    "element); check that hooks/lighter_pages.py still runs",
    "gzip_bytes": "look at the page's requests (`python -m docsite.pagecost --only <page>`): "
    "a large image, a new script or stylesheet, or a much larger search index",
    "scripts": "a new <script> costs every page view on a phone: inline it in an existing file, "
    "or load it only where it is needed",
    "styles": "a new stylesheet costs every page view on a phone: add the rules to "
    "docs/stylesheets/extra.css instead",
    "long_tasks": "the page's scripts or layout block the main thread more often: profile it "
    "in Chromium's Performance panel with 4x CPU slowdown",
}


def page_key(page_path: str) -> str:
    """A page's name in the budget and in test ids: its path without slashes at the ends."""
    return page_path.strip("/") or "home"


def load_budget(path: Path = BUDGET_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["pages"]


def over_budget(cost: Cost, limits: dict, metrics=METRICS) -> list[str]:
    """One line per metric past its limit: page, metric, number, limit and what to do."""
    return [
        f"/{cost.page.lstrip('/')}: {metric} is {getattr(cost, metric):,}, over its budget of "
        f"{limits[metric]:,} ({BUDGET_FILE.relative_to(ROOT)}). {ADVICE[metric]}. If the growth "
        "is worth it, re-measure: `python -m docsite.pagecost --write-budget`."
        for metric in metrics
        if getattr(cost, metric) > limits[metric]
    ]


def limits_for(measured: dict) -> dict:
    """A page's budget: what was measured of it, plus MARGINS."""
    return {
        m: int(measured[m] + (measured[m] * k if isinstance(k, float) else k))
        for m, k in MARGINS.items()
    }


def write_budget(results: dict[str, list[Cost]], load: str) -> None:
    pages = {}
    for path, runs in results.items():
        measured = {m: max(getattr(r, m) for r in runs) for m in METRICS}
        pages[page_key(path)] = limits_for(measured) | {
            "measured": measured | {"long_task_counts": [r.long_tasks for r in runs]}
        }
    BUDGET_FILE.write_text(
        json.dumps(
            {
                "about": "What a page may cost a phone on first load; checked by "
                "tests/test_budget.py, written by `python -m docsite.pagecost --write-budget` "
                "(see docsite/pagecost.py for each metric). 'measured' is the largest of "
                f"{len(next(iter(results.values())))} loads at a load average of {load}; the "
                f"limits add {MARGINS}.",
                "pages": pages,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", help=f"a built site, <dir>/{SITE_PATH}")
    parser.add_argument("--repeat", type=int, default=1, help="loads per page")
    parser.add_argument("--only", default="", help="pages whose path contains this")
    parser.add_argument("--slowdown", type=int, default=CPU_SLOWDOWN)
    parser.add_argument("--json", help="write every measurement here")
    parser.add_argument(
        "--write-budget",
        action="store_true",
        help=f"measure 5 loads per page (or --repeat) "
        f"and write {BUDGET_FILE.relative_to(ROOT)} from the largest, plus margins",
    )
    args = parser.parse_args()
    if args.write_budget:
        args.repeat = max(args.repeat, 5)
        args.only = ""
    if args.site:
        site = Path(args.site)
    else:
        from docsite.build import build_site

        site = Path(tempfile.mkdtemp()) / SITE_PATH
        built, log = build_site(site)
        if not built:
            sys.exit(log)
    results = {}
    print(f"{'page':48} {'nodes':>6} {'gzip B':>8} {'js':>3} {'css':>3} {'long tasks (ms)'}")
    with chromium() as browser, serve(site) as base:
        for path in [p for p in site_pages(site) if args.only in p]:
            runs = [measure(browser, base, site, path, args.slowdown) for _ in range(args.repeat)]
            results[path] = runs
            first = runs[0]
            tasks = " | ".join(
                f"{r.long_tasks}: {'+'.join(map(str, r.long_task_ms))}" for r in runs
            )
            print(
                f"/{path.lstrip('/'):47} {first.dom_nodes:>6} {first.gzip_bytes:>8} "
                f"{first.scripts:>3} {first.styles:>3} {tasks}",
                flush=True,
            )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average now: {load}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({p: [asdict(r) for r in runs] for p, runs in results.items()}, indent=1)
        )
    if args.write_budget:
        write_budget(results, load)
        print(f"written: {BUDGET_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
