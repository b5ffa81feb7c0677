"""Promise: the site builds cleanly, shows every snippet, and hides no untested code.

Every failure names the file and line a contributor has to change, and says what to do.
"""

import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import kubernetes_validate
import yaml
from bs4 import BeautifulSoup

from conftest import (
    CONFIG,
    DOCS,
    FIGURES,
    INCLUDE,
    ROOT,
    SNIPPETS,
    rel,
    snippet_files,
    split_target,
)

SECTION_START = re.compile(r"--8<-- \[start:(?P<name>[\w-]+)\]")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)(?P<attrs>.*)$")
# Languages a page may show, and how each one is kept honest (see test_code_blocks_are_checked).
CHECKED_LANGUAGES = {"python", "sql", "yaml", "bash", "dockerfile"}
# Files a page shows besides Python: each must be included somewhere (Dockerfiles have no suffix).
SHOWN_KINDS = (".py", ".sql", ".yaml", ".yml", "Dockerfile")


@dataclass
class Fence:
    page: Path
    line: int  # of the opening ``` line
    lang: str
    attrs: str
    body: list[str]

    @property
    def where(self) -> str:
        return f"{rel(self.page)}:{self.line}"

    @property
    def includes(self) -> list[str]:
        return [m["target"] for text in self.body if (m := INCLUDE.match(text))]


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def fences(page: Path) -> list[Fence]:
    found, open_fence = [], None
    for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        match = FENCE.match(text)
        if open_fence is None and match:
            open_fence = Fence(page, number, match["lang"], match["attrs"], [])
            closing = match["indent"] + match["fence"]
        elif open_fence is not None and text.rstrip() == closing:
            found.append(open_fence)
            open_fence = None
        elif open_fence is not None:
            open_fence.body.append(text)
    return found


def include_lines() -> list[tuple[str, str]]:
    """(page:line, target) for every `--8<--` include in docs/, inside a fence or not."""
    return [
        (f"{rel(page)}:{number}", m["target"])
        for page in pages()
        for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if (m := INCLUDE.match(text))
    ]


def sections(path: Path) -> set[str]:
    return set(SECTION_START.findall(path.read_text(encoding="utf-8")))


# --- the build --------------------------------------------------------------------------------


def test_site_builds_strict(built_site: Path):
    assert (built_site / "index.html").is_file()
    for page in pages():
        html = built_site / page.relative_to(DOCS).with_suffix("") / "index.html"
        if page.name == "index.md":
            html = built_site / page.relative_to(DOCS).with_name("index.html")
        assert html.is_file(), f"{rel(page)} was not built: is it in mkdocs.yml nav?"


def test_no_include_marker_reaches_the_html(built_site: Path):
    leaks = [
        f"{page.relative_to(built_site)}: ...{html[max(0, i - 60) : i + 60]}..."
        for page in built_site.rglob("*.html")
        if (i := (html := page.read_text(encoding="utf-8")).find("--8&lt;--")) >= 0
        or (i := html.find("--8<--")) >= 0
    ]
    assert not leaks, "An include was not resolved (is it inside a fence?):\n" + "\n".join(leaks)


# --- includes and snippets ----------------------------------------------------------------------


def test_every_include_resolves():
    problems = []
    for where, target in include_lines():
        path, section = split_target(target)
        if not path.is_file():
            near = [rel(p) for p in snippet_files(path.suffix) if p.name == path.name]
            hint = f" Did you mean {near[0]}?" if near else " Paths start at the repository root."
            problems.append(f"{where}: includes {target!r}, but {rel(path)} does not exist.{hint}")
        elif section and section not in sections(path):
            problems.append(
                f"{where}: includes section {section!r}, which {rel(path)} does not mark. "
                f"Its sections: {sorted(sections(path)) or 'none'}."
            )
    assert not problems, "\n".join(problems)


def test_every_snippet_is_shown_on_a_page():
    included = {split_target(t) for _, t in include_lines()}
    whole_files = {path for path, section in included if section is None}
    shown_sections = {(path, section) for path, section in included if section}
    problems = []
    for path in [p for kind in SHOWN_KINDS for p in snippet_files(kind)]:
        if path in whole_files:
            continue
        file_sections = sections(path)
        if not file_sections or not any(p == path for p, _ in shown_sections):
            problems.append(
                f"{rel(path)}:1: no page includes this file. Include it with "
                f'--8<-- "{rel(path)}" in a code block, or delete it.'
            )
            continue
        for name in sorted(file_sections - {s for p, s in shown_sections if p == path}):
            number = next(
                n
                for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if f"[start:{name}]" in text
            )
            problems.append(
                f"{rel(path)}:{number}: section {name!r} is shown on no page. Include it with "
                f'--8<-- "{rel(path)}:{name}", or remove its markers.'
            )
    assert not problems, "\n".join(problems)


def test_code_block_titles_name_their_file():
    """The title over a code block is the path of the file it shows: one hop to the source."""
    problems = []
    for page in pages():
        for fence in fences(page):
            files = {split_target(t)[0] for t in fence.includes}
            title = re.search(r'title="([^"]*)"', fence.attrs)
            if len(files) == 1 and (not title or ROOT / title[1] not in files):
                expected = rel(files.pop())
                problems.append(f'{fence.where}: give this block title="{expected}".')
    assert not problems, "\n".join(problems)


# --- every code block is tested -----------------------------------------------------------------


def test_no_inline_python_on_pages():
    problems = [
        f"{fence.where}: Python written inline in a page is never run. Move it to a file under "
        f"snippets/ and include it with --8<--."
        for page in pages()
        for fence in fences(page)
        if fence.lang in {"python", "py", "pycon"}
        and any(text.strip() and not INCLUDE.match(text) for text in fence.body)
    ]
    assert not problems, "\n".join(problems)


def _resolved_body(fence: Fence) -> str:
    parts = []
    for text in fence.body:
        if match := INCLUDE.match(text):
            path, section = split_target(match["target"])
            source = path.read_text(encoding="utf-8")
            if section:
                source = source.split(f"[start:{section}]", 1)[1].split(f"[end:{section}]")[0]
                source = source.split("\n", 1)[1].rsplit("\n", 1)[0]
            parts.append(source)
        else:
            parts.append(text)
    return "\n".join(parts)


def _check_sql(fence: Fence) -> list[str]:
    problems = []
    if not fence.includes:
        return [f"{fence.where}: write SQL in a .sql file under snippets/ and include it."]
    for target in fence.includes:
        path, _ = split_target(target)
        runners = [p for p in snippet_files() if path.name in p.read_text(encoding="utf-8")]
        if not runners:
            problems.append(
                f"{fence.where}: {rel(path)} is run by no Python snippet. Execute it from one "
                f"(for example duckdb.sql(Path(...).read_text())) so its result is checked."
            )
        try:
            duckdb.extract_statements(path.read_text(encoding="utf-8"))
        except duckdb.Error as exc:
            problems.append(f"{fence.where}: {rel(path)} does not parse: {exc}")
    return problems


def _check_yaml(fence: Fence) -> list[str]:
    """YAML must parse; a Kubernetes object must also match the API schema (strict)."""
    try:
        documents = [d for d in yaml.safe_load_all(_resolved_body(fence)) if d is not None]
    except yaml.YAMLError as exc:
        return [f"{fence.where}: this YAML does not parse: {exc}"]
    problems = []
    for document in documents:
        if not (isinstance(document, dict) and {"apiVersion", "kind"} <= document.keys()):
            continue
        name = f"{document['kind']} {document.get('metadata', {}).get('name', '')}".strip()
        try:
            kubernetes_validate.validate(document, kubernetes_validate.latest_version(), True)
        except kubernetes_validate.ValidationError as exc:
            where = "/".join(map(str, exc.path)) or "(top level)"
            problems.append(
                f"{fence.where}: {name} is not a valid Kubernetes object at {where}: {exc.message}"
            )
    return problems


def _check_dockerfile(fence: Fence) -> list[str]:
    """A Dockerfile is never built here (no engine); hadolint lints it, and every COPY source
    must exist beside it, so the build context the page describes is real."""
    if not fence.includes:
        return [f"{fence.where}: write the Dockerfile under snippets/<page>/ and include it."]
    problems = []
    hadolint = Path(sys.executable).parent / "hadolint"
    for target in fence.includes:
        path, _ = split_target(target)
        done = subprocess.run(
            [str(hadolint), "--no-color", "--format", "tty", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            problems.append(
                f"{fence.where}: hadolint found problems in {rel(path)} (file:line):\n"
                + indent_lines(done.stdout + done.stderr, rel(path.parent))
            )
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            words = text.split()
            if words[:1] != ["COPY"] or any(w.startswith("--from") for w in words):
                continue
            for source in (w for w in words[1:-1] if not w.startswith("--")):
                if not (path.parent / source).exists():
                    problems.append(
                        f"{rel(path)}:{number}: COPY {source}, but {rel(path.parent / source)} "
                        "does not exist."
                    )
    return problems


def indent_lines(text: str, folder: str) -> str:
    return "\n".join(f"  {folder}/{line}" for line in text.strip().splitlines())


def _check_bash(fence: Fence) -> list[str]:
    """Shell blocks may only run commands this test can prove: make targets, and the clone."""
    problems = []
    for offset, command in enumerate(fence.body, 1):
        where = f"{rel(fence.page)}:{fence.line + offset}"
        words = shlex.split(command, comments=True)
        if not words:
            continue
        if words[0] == "make" and len(words) >= 2:
            dry = subprocess.run(["make", "-n", *words[1:]], cwd=ROOT, capture_output=True)
            if dry.returncode != 0:
                problems.append(f"{where}: `{command}` fails `make -n`: {dry.stderr.decode()}")
            for _, _, value in (word.partition("=") for word in words[2:] if "=" in word):
                if "/" in value and not (ROOT / value).exists():
                    problems.append(f"{where}: `{command}` names {value}, which does not exist.")
        elif words[:2] == ["git", "clone"] and len(words) == 3:
            if words[2] != CONFIG["repo_url"]:
                problems.append(f"{where}: clone {CONFIG['repo_url']} (mkdocs.yml repo_url).")
        elif words[0] == "cd" and len(words) == 2:
            if words[1] != urlparse(CONFIG["repo_url"]).path.rsplit("/", 1)[-1]:
                problems.append(f"{where}: `cd` into the folder that `git clone` creates.")
        else:
            problems.append(
                f"{where}: `{command}` is not checked by any test. Use a Makefile target, or teach "
                "_check_bash in tests/test_site.py how to prove this command works."
            )
    return problems


def test_code_blocks_are_checked():
    checks = {
        "sql": _check_sql,
        "yaml": _check_yaml,
        "bash": _check_bash,
        "dockerfile": _check_dockerfile,
    }
    problems = []
    for page in pages():
        for fence in fences(page):
            if fence.lang not in CHECKED_LANGUAGES:
                problems.append(
                    f"{fence.where}: a ```{fence.lang or '(no language)'} block is not tested. "
                    f"Pages may show {sorted(CHECKED_LANGUAGES)}; add a check in "
                    "tests/test_site.py before using another."
                )
            elif fence.lang in checks:
                problems.extend(checks[fence.lang](fence))
    assert not problems, "\n".join(problems)


# Measured figures carry decimals (0.764, 14.8%); whole percentages are cited surveys (85%).
FIGURE = re.compile(r"(?<![\w.])(?P<number>\d+\.\d+(?=%)|\d+\.\d{2,})(?P<percent>%?)")
NOT_PROSE = re.compile(r"`[^`]*`|<[^>]*>|\]\([^)]*\)|https?://\S+|Python \d+\.\d+")


def _spellings(number: str, percent: str) -> set[str]:
    """How a snippet may print a figure the prose quotes: 14.8% may be 0.148 or 14.8%."""
    if not percent:
        return {number}
    fraction = float(number) / 100
    return {f"{number}%", f"{fraction:.3f}", f"{fraction:.2f}", f"{fraction:.4f}"}


def test_figures_in_prose_come_from_snippet_output():
    """A measured figure quoted in a page's text must be one its snippets print.

    Prose is not re-run, so a figure copied from an output goes stale silently when the data
    changes. Decimal figures (0.764, 14.8%) are checked against the code and `#>` output of
    the snippets the page includes; whole numbers are left alone (counts, years, sizes).
    """
    problems = []
    for page in pages():
        page_fences = fences(page)
        shown = "\n".join(
            split_target(target)[0].read_text(encoding="utf-8")
            for fence in page_fences
            for target in fence.includes
        )
        in_fence = {
            n for fence in page_fences for n in range(fence.line, fence.line + len(fence.body) + 2)
        }
        for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if number in in_fence:
                continue
            for match in FIGURE.finditer(NOT_PROSE.sub(" ", text)):
                if not any(s in shown for s in _spellings(match["number"], match["percent"])):
                    problems.append(
                        f"{rel(page)}:{number}: {match[0]} is printed by none of this page's "
                        "snippets. Quote the figure the snippet prints now (it may have changed), "
                        "or make the snippet print it."
                    )
    assert not problems, "\n".join(problems)


# --- pictures -----------------------------------------------------------------------------------

IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")


def _images() -> list[tuple[str, str, Path]]:
    """(page:line, alt text, file) for every Markdown image on a page."""
    return [
        (f"{rel(page)}:{number}", m["alt"], (page.parent / m["src"]).resolve())
        for page in pages()
        for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        for m in IMAGE.finditer(text)
    ]


def test_images_have_alt_text_that_describes_them():
    """Screen readers read the alt text aloud: it should say what the picture shows."""
    problems = [
        f"{where}: alt text {alt!r} does not describe {file.name}. Write a sentence saying what "
        "the figure shows (its finding, not its file name)."
        for where, alt, file in _images()
        if len(alt.split()) < 4 or file.stem.replace("_", " ") in alt.lower()
    ]
    assert not problems, "\n".join(problems)


def test_every_figure_is_drawn_by_a_snippet_and_shown():
    """docs/figures/<page>/ holds only files that snippets/<page>/ draws and a page shows."""
    shown = {file for _, _, file in _images()}
    problems = []
    for figure in sorted(p for p in FIGURES.rglob("*") if p.is_file()):
        folder = SNIPPETS / figure.parent.name
        drawers = [p for p in folder.glob("*.py") if figure.name in p.read_text(encoding="utf-8")]
        if not drawers:
            problems.append(
                f"{rel(figure)}: no snippet in {rel(folder)}/ saves {figure.name!r}. Figures are "
                "drawn by snippets (hand-drawn diagrams go in docs/diagrams/); delete it."
            )
        if figure.resolve() not in shown:
            problems.append(f"{rel(figure)}: no page shows it. Add ![alt text](...) or delete it.")
    for diagram in sorted(p for p in (DOCS / "diagrams").rglob("*") if p.is_file()):
        if diagram.resolve() not in shown:
            problems.append(f"{rel(diagram)}: no page shows it. Add ![alt text](...) or delete it.")
    assert not problems, "\n".join(problems)


# --- readers' privacy ---------------------------------------------------------------------------

# Tags and attributes that make a browser fetch something as the page loads (links a reader
# clicks, <a href>, are not requests).
FETCHING = {
    "script": "src",
    "link": "href",
    "img": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
# Material loads these from a third-party host when a page contains the marker.
LAZY_THIRD_PARTY = {
    'class="mermaid"': "Mermaid from unpkg.com: draw the diagram as SVG instead",
    'data-md-component="source"': "repository facts from api.github.com (see overrides/)",
}


def _is_third_party(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))


def test_no_third_party_requests(built_site: Path):
    problems = []
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for tag, attr in FETCHING.items():
            for element in soup.find_all(tag):
                url = element.get(attr) or ""
                if tag == "link" and "canonical" in element.get("rel", []):
                    continue  # metadata for search engines; the browser does not fetch it
                if _is_third_party(url) or _is_third_party(element.get("srcset", "")):
                    problems.append(f"{page.relative_to(built_site)}: <{tag} {attr}={url!r}>")
        for marker, what in LAZY_THIRD_PARTY.items():
            if marker in html:
                problems.append(f"{page.relative_to(built_site)}: would load {what}")
    for sheet in built_site.rglob("*.css"):
        for url in re.findall(r"""(?:url\(|@import\s+)['"]?([^'")\s]+)""", sheet.read_text()):
            if _is_third_party(url):
                problems.append(f"{sheet.relative_to(built_site)}: loads {url}")
    assert not problems, "The built site would fetch from another host:\n" + "\n".join(problems)


# --- publishing ---------------------------------------------------------------------------------


def test_workflows_pass_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows, "No workflow in .github/workflows: CI and publishing are not set up."
    actionlint = Path(sys.executable).parent / "actionlint"
    command = [str(actionlint), "-no-color", *map(str, workflows)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"actionlint (file:line:col):\n{done.stdout}{done.stderr}"
