"""One model of the docs: pages, their headings, prose, code fences, includes, snippet sections
and downloads.

Every test and tool reads the Markdown through this module, so that "what a page shows" and
"what a page offers for download" mean the same thing everywhere.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
# Figures drawn by snippets in snippets/<page>/ are shown from docs/figures/<page>/.
FIGURES = DOCS / "figures"

# A pymdownx.snippets include line: --8<-- "snippets/<page>/<file>.py[:section]"
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<target>[^"]+)"\s*$')
SECTION_MARKER = re.compile(r"^\s*(?:#|--) --8<-- \[(?P<kind>start|end):(?P<name>[\w-]+)\]\s*$")
# An ATX heading: ## Text (a line that starts with 1 to 6 #, then a space).
HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.+?)\s*$")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)(?P<attrs>.*)$")
# An output line under a print(): `#> text`, or a bare `#>` for a blank line.
OUTPUT_LINE = re.compile(r"^ *#>(?: |$)", re.MULTILINE)
# Material turns a `# (1)!` comment into a code annotation marker; the copy button leaves it out.
ANNOTATION = re.compile(r"[ \t]*# \(\d+\)!", re.MULTILINE)
# A link to a file the site publishes from snippets/ (hooks/downloads.py): [name](snippets/...)
DOWNLOAD = re.compile(r"\]\((?P<target>(?:\.\./)*snippets/[^)\s]+)\)")
# A Markdown image: ![alt text](path/relative/to/the/page.svg)
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")


def rel(path: Path) -> str:
    """A path as a contributor sees it in the repository (outside it, the absolute path)."""
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()


@dataclass(frozen=True)
class Include:
    """One `--8<--` line: the file it shows, and the section of it (None: the whole file)."""

    page: Path
    line: int
    file: Path
    section: str | None

    @property
    def where(self) -> str:
        return f"{rel(self.page)}:{self.line}"

    @property
    def target(self) -> str:
        return rel(self.file) + (f":{self.section}" if self.section else "")


def split_target(target: str) -> tuple[Path, str | None]:
    """The file and the optional section an include names."""
    file, _, section = target.partition(":")
    return ROOT / file, section or None


@dataclass
class Fence:
    """A fenced code block of a page, as written in the Markdown (includes unresolved)."""

    page: Path
    line: int  # of the opening ``` line
    lang: str
    attrs: str
    body: list[str]
    indent: str = ""  # of the opening line: a fence inside an admonition is indented
    marker: str = "```"  # the backticks or tildes that open and close it

    @property
    def where(self) -> str:
        return f"{rel(self.page)}:{self.line}"

    @property
    def end(self) -> int:
        """The line of the closing ``` line."""
        return self.line + len(self.body) + 1

    @property
    def includes(self) -> list[Include]:
        return [
            Include(self.page, self.line + offset, *split_target(m["target"]))
            for offset, text in enumerate(self.body, 1)
            if (m := INCLUDE.match(text))
        ]

    @property
    def written(self) -> list[str]:
        """The lines typed into the block itself: neither an include nor blank."""
        return [text for text in self.body if text.strip() and not INCLUDE.match(text)]

    @property
    def written_title(self) -> str | None:
        """The title="..." written on the opening line, if any."""
        match = re.search(r'title="([^"]*)"', self.attrs)
        return match[1] if match else None

    @property
    def shown_file(self) -> Path | None:
        """The one file the block's includes show, or None (no include, or several files)."""
        files = {include.file for include in self.includes}
        return files.pop() if len(files) == 1 else None

    @property
    def title(self) -> str | None:
        """The title over the block: the one written, or else the path of the file it shows
        (hooks/titles.py writes that one into the page at build time)."""
        if self.written_title or self.shown_file is None:
            return self.written_title
        return rel(self.shown_file)

    def opening_line(self) -> str:
        """The opening ``` line as the site renders it: with the title a reader sees."""
        generated = self.title and not self.written_title
        attrs = f' title="{self.title}"{self.attrs}' if generated else self.attrs
        return f"{self.indent}{self.marker}{self.lang}{attrs}"

    def resolved(self) -> str:
        """The code the reader sees: every include replaced by the file or section it names."""
        return "\n".join(text for _, _, text in self.resolved_lines())

    def resolved_lines(self) -> list[tuple[Path, int, str]]:
        """Each line of `resolved()`, with the file and line a contributor edits to change it:
        the snippet's, for an included line; the page's, for a line written in the fence."""
        found = []
        for offset, text in enumerate(self.body, 1):
            if match := INCLUDE.match(text):
                file, section = split_target(match["target"])
                found += [(file, number, shown) for number, shown in shown_lines(file, section)]
            else:
                found.append((self.page, self.line + offset, text.removeprefix(self.indent)))
        return found


@dataclass(frozen=True)
class Image:
    """One ![alt](src) of a page: its alt text, and the file it shows."""

    page: Path
    line: int
    alt: str
    file: Path

    @property
    def where(self) -> str:
        return f"{rel(self.page)}:{self.line}"


class Heading(NamedTuple):
    """One heading of a page, outside its fences."""

    line: int
    level: int  # 1 for `# Title`, 2 for `## Part`...
    text: str
    anchor: str  # Python-Markdown's slug of the text: the #anchor of the heading on the site


@dataclass(frozen=True)
class Page:
    path: Path

    @property
    def name(self) -> str:
        """docs/what-is-mlops.md -> "what-is-mlops"; the name of its snippets/ folder too."""
        return self.path.relative_to(DOCS).with_suffix("").as_posix()

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def snippet_folder(self) -> Path:
        return SNIPPETS / self.name

    def lines(self) -> list[tuple[int, str]]:
        """(line number, text) of every line of the page, as written."""
        return list(enumerate(self.text.splitlines(), 1))

    @property
    def front_matter_end(self) -> int:
        """The line of the `---` that closes the page's YAML front matter; 0 without one."""
        lines = self.lines()
        if not lines or lines[0][1] != "---":
            return 0
        return next((number for number, text in lines[1:] if text == "---"), 0)

    @property
    def title(self) -> str:
        """The text of the page's first level-1 heading (its name, without one)."""
        titles = [h.text for h in self.headings() if h.level == 1]
        return titles[0] if titles else self.name

    def fences(self) -> list[Fence]:
        found, open_fence, closing = [], None, ""
        for number, text in self.lines():
            match = FENCE.match(text)
            if open_fence is None and match:
                open_fence = Fence(
                    self.path,
                    number,
                    match["lang"],
                    match["attrs"],
                    [],
                    match["indent"],
                    match["fence"],
                )
                closing = match["indent"] + match["fence"]
            elif open_fence is not None and text.rstrip() == closing:
                found.append(open_fence)
                open_fence = None
            elif open_fence is not None:
                open_fence.body.append(text)
        return found

    def prose_lines(self, front_matter: bool = True) -> list[tuple[int, str]]:
        """(line number, text) of every line outside the page's fences and their ``` lines;
        front_matter=False leaves out the YAML front matter too, which mkdocs strips before
        rendering the page (its description is shown only to search engines)."""
        in_fence = {n for fence in self.fences() for n in range(fence.line, fence.end + 1)}
        first = 1 if front_matter else self.front_matter_end + 1
        return [
            (number, text)
            for number, text in self.lines()
            if number >= first and number not in in_fence
        ]

    def headings(self) -> list[Heading]:
        """Every heading of the page, in page order; a `#` line in a fence or the front matter
        is none."""
        return [
            Heading(number, len(m["level"]), m["text"], slugify(m["text"], "-"))
            for number, text in self.prose_lines(front_matter=False)
            if (m := HEADING.match(text))
        ]

    def section(self, heading: Heading) -> list[tuple[int, str]]:
        """(line number, text) of the lines under a heading, up to the next heading of the same
        or a higher level (or the end of the page), fenced lines included."""
        later = [h for h in self.headings() if h.line > heading.line]
        end = next((h.line for h in later if h.level <= heading.level), None)
        return [
            (number, text)
            for number, text in self.lines()
            if number > heading.line and (end is None or number < end)
        ]

    def images(self) -> list[Image]:
        """Every Markdown image of the page, with the file it shows."""
        return [
            Image(self.path, number, m["alt"], (self.path.parent / m["src"]).resolve())
            for number, text in self.lines()
            for m in IMAGE.finditer(text)
        ]

    def includes(self) -> list[Include]:
        """Every include line of the page, inside a fence or not, in page order."""
        return [
            Include(self.path, number, *split_target(m["target"]))
            for number, text in self.lines()
            if (m := INCLUDE.match(text))
        ]

    def python_fences(self) -> list[Fence]:
        """The page's Python blocks, in page order: the n-th is the built page's n-th."""
        return [fence for fence in self.fences() if fence.lang == "python"]

    def python_includes(self) -> list[Include]:
        return [include for fence in self.python_fences() for include in fence.includes]

    def downloads(self) -> dict[str, Path]:
        """Files the page links for download, by the name a reader saves them under."""
        found = {}
        for match in DOWNLOAD.finditer(self.text):
            # The link is relative to the page inside docs/; the site publishes snippets/ at
            # its root (hooks/downloads.py), so the file is the repository's snippets/... path.
            on_site = (self.path.parent / match["target"]).resolve().relative_to(DOCS)
            path = ROOT / on_site
            found[path.name] = path
        return found

    def download_lines(self) -> dict[str, int]:
        """The line of the page that links each download, for error messages."""
        return {
            Path(m["target"]).name: number
            for number, text in self.lines()
            for m in DOWNLOAD.finditer(text)
        }


def pages() -> list[Page]:
    """Every Markdown page under docs/, in a stable order."""
    return [Page(path) for path in sorted(DOCS.rglob("*.md"))]


# The lessons, in nav order: every page after the dataset and the set-up guide (ML basics
# included). A new section page joins this list when it is added to the series.
SECTION_PAGES = (
    "ml-basics",
    "why-data-science-initiatives-fail",
    "what-is-mlops",
    "what-is-ml-engineering",
    "testing-and-ci-cd",
    "from-scores-to-decisions",
    "the-production-loop",
    "scheduled-retraining",
    "releasing-models-safely",
    "how-to-become-an-ml-engineer",
    "capstone",
)


@functools.cache
def site_config() -> dict:
    """mkdocs.yml, read as data: its nav, site_url, repo_url and the rest."""
    import yaml

    class ConfigLoader(yaml.SafeLoader):
        """mkdocs.yml names Python objects (!!python/name:...) and environment variables (!ENV,
        read by mkdocs at build time); reading it as data needs neither: both become None."""

    ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    ConfigLoader.add_constructor("!ENV", lambda *_: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader)


@functools.cache
def nav_pages() -> tuple[Page, ...]:
    """The pages of mkdocs.yml's nav, in its order (the notebooks, added by a hook, are not)."""
    config = site_config()

    def walk(entries) -> list[str]:
        found = []
        for entry in entries:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            found += walk(value) if isinstance(value, list) else [value]
        return found

    return tuple(Page(DOCS / name) for name in walk(config["nav"]))


def code_pages() -> list[Page]:
    """Pages that show Python code, each with its own snippets/<page>/ folder."""
    return [page for page in pages() if page.snippet_folder.is_dir() and page.python_includes()]


def snippet_folders() -> list[Path]:
    """Every snippets/<page>/ folder, in a stable order (a folder no page shows included)."""
    return sorted(path for path in SNIPPETS.iterdir() if path.is_dir())


def python_files(folder: Path) -> list[Path]:
    """Every Python file under a folder, projects and benchmarks included: what readers copy."""
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def snippet_files(suffix: str = ".py") -> list[Path]:
    """Every snippet file of one kind, in a stable order. Benchmark scripts are not snippets,
    nor is the module they share to write their records: a page offers them for download and
    shows what they recorded (see benchmark_scripts).
    Nor are the files of a model project (see project_folders): its own tests run them."""
    projects = project_folders()
    return sorted(
        p
        for p in SNIPPETS.rglob(f"*{suffix}")
        if "__pycache__" not in p.parts
        and not p.name.startswith(BENCHMARK_PREFIX)
        and p != BENCHMARK_RECORDER
        and not any(p.is_relative_to(project) for project in projects)
    )


def project_folders() -> list[Path]:
    """Model projects a page offers whole, as <folder>.zip: snippets/<page>/<folder>/ with a
    pyproject.toml. Their files are not snippets; tests/test_model_project.py runs each
    project's own test suite."""
    return sorted(path.parent for path in SNIPPETS.glob("*/*/pyproject.toml"))


# snippets/<page>/bench_<topic>.py times something and writes bench_<topic>.json beside it.
BENCHMARK_PREFIX = "bench_"
# Every benchmark script imports write_record() from it; readers download it like subscribers.py.
BENCHMARK_RECORDER = SNIPPETS / "dataset" / "benchrecord.py"


def benchmark_scripts() -> list[Path]:
    return sorted(SNIPPETS.rglob(f"{BENCHMARK_PREFIX}*.py"))


def _source_lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def sections(path: Path) -> dict[str, tuple[int, int]]:
    """Each section a file marks, as (first line, last line) of its body, 1-based, in file order."""
    found, starts = {}, {}
    for number, text in enumerate(_source_lines(path), 1):
        if match := SECTION_MARKER.match(text):
            if match["kind"] == "start":
                starts[match["name"]] = number
            elif match["name"] in starts:
                found[match["name"]] = (starts.pop(match["name"]) + 1, number - 1)
    return found


def shown_lines(path: Path, section: str | None = None) -> list[tuple[int, str]]:
    """What an include shows, as (line in the file, text): the section's lines, or the whole
    file, without section markers."""
    lines = list(enumerate(_source_lines(path), 1))
    if section is not None:
        first, last = sections(path)[section]
        lines = lines[first - 1 : last]
    body = [(number, text) for number, text in lines if not SECTION_MARKER.match(text)]
    if section is None:
        return body
    indent = min((len(t) - len(t.lstrip()) for _, t in body if t.strip()), default=0)
    return [(number, text[indent:]) for number, text in body]  # dedent_subsections: true


def pages_showing(path: Path) -> list[Page]:
    """The pages that include a snippet file, wholly or in part."""
    return [page for page in pages() if any(i.file == path for i in page.includes())]


def downloads_for(path: Path) -> dict[str, Path]:
    """The files a reader of the snippet's page has beside its code: the downloads of every
    page that shows the file or offers it for download (a benchmark script is only offered)."""
    found = {}
    for page in pages():
        shows = any(include.file == path for include in page.includes())
        if shows or path in page.downloads().values():
            found.update(page.downloads())
    return found
