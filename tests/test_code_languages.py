"""Promise: every code block a page shows in another language than Python is proven too.

Python blocks are run by tests/test_copy_paste.py. Every other block is checked by the test for
its language: SQL is executed by a snippet and parses in DuckDB, YAML parses (a Kubernetes
object also validates against the API schema), a Dockerfile passes hadolint with every COPY
source present, and a shell block only runs commands this module can prove. A block in any
other language fails until a check for it is added here.

Check:   pytest tests/test_code_languages.py    (one page: -k <page>)
"""

import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import kubernetes_validate
import pytest
import yaml

from docsite.model import ROOT, Fence, Page, pages, rel, snippet_files
from docsite.site import CONFIG

# Languages a page may show, each kept honest by a test (python: tests/test_copy_paste.py).
CHECKED_LANGUAGES = {"python", "sql", "yaml", "bash", "dockerfile"}
PAGES = pages()
by_page = pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)


def _blocks(page: Page, lang: str) -> list[Fence]:
    return [fence for fence in page.fences() if fence.lang == lang]


def _included(page: Page, lang: str, advice: str) -> tuple[list[str], list[tuple[Fence, Path]]]:
    """(problems, (block, file) for each file a `lang` block of the page includes): a block that
    includes no file is a problem, and `advice` says where to write its code instead."""
    problems, found = [], []
    for fence in _blocks(page, lang):
        if not fence.includes:
            problems.append(f"{fence.where}: {advice}")
        found += [(fence, include.file) for include in fence.includes]
    return problems, found


def _fail(problems: list[str]) -> None:
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@by_page
def test_every_block_language_is_checked(page: Page):
    _fail(
        [
            f"{fence.where}: a ```{fence.lang or '(no language)'} block is not tested. "
            f"Pages may show {sorted(CHECKED_LANGUAGES)}; add a check in "
            "tests/test_code_languages.py before using another."
            for fence in page.fences()
            if fence.lang not in CHECKED_LANGUAGES
        ]
    )


@by_page
def test_sql_is_run_by_a_snippet_and_parses(page: Page):
    problems, shown = _included(
        page, "sql", "write SQL in a .sql file under snippets/ and include it."
    )
    for fence, path in shown:
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
    _fail(problems)


@by_page
def test_yaml_parses_and_kubernetes_objects_validate(page: Page):
    """YAML must parse; a Kubernetes object must also match the API schema (strict)."""
    problems = []
    for fence in _blocks(page, "yaml"):
        try:
            documents = [d for d in yaml.safe_load_all(fence.resolved()) if d is not None]
        except yaml.YAMLError as exc:
            problems.append(f"{fence.where}: this YAML does not parse: {exc}")
            continue
        for document in documents:
            if not (isinstance(document, dict) and {"apiVersion", "kind"} <= document.keys()):
                continue
            name = f"{document['kind']} {document.get('metadata', {}).get('name', '')}".strip()
            try:
                kubernetes_validate.validate(document, kubernetes_validate.latest_version(), True)
            except kubernetes_validate.ValidationError as exc:
                where = "/".join(map(str, exc.path)) or "(top level)"
                problems.append(
                    f"{fence.where}: {name} is not a valid Kubernetes object at {where}: "
                    f"{exc.message}"
                )
    _fail(problems)


def _indent_lines(text: str, folder: str) -> str:
    return "\n".join(f"  {folder}/{line}" for line in text.strip().splitlines())


@by_page
def test_dockerfile_passes_hadolint_and_copies_real_files(page: Page):
    """A Dockerfile is never built here (no engine); hadolint lints it, and every COPY source
    must exist beside it, so the build context the page describes is real."""
    hadolint = Path(sys.executable).parent / "hadolint"
    problems, shown = _included(
        page, "dockerfile", "write the Dockerfile under snippets/<page>/ and include it."
    )
    for fence, path in shown:
        done = subprocess.run(
            [str(hadolint), "--no-color", "--format", "tty", path.name],
            cwd=path.parent,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            problems.append(
                f"{fence.where}: hadolint found problems in {rel(path)} (file:line):\n"
                + _indent_lines(done.stdout + done.stderr, rel(path.parent))
            )
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            words = text.split()
            if words[:1] != ["COPY"] or any(w.startswith("--from") for w in words):
                continue
            for source in (w for w in words[1:-1] if not w.startswith("--")):
                if not (path.parent / source).exists():
                    problems.append(
                        f"{rel(path)}:{number}: COPY {source}, but "
                        f"{rel(path.parent / source)} does not exist."
                    )
    _fail(problems)


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
                "_check_bash in tests/test_code_languages.py how to prove this command works."
            )
    return problems


@by_page
def test_bash_runs_only_commands_the_tests_prove(page: Page):
    _fail([problem for fence in _blocks(page, "bash") for problem in _check_bash(fence)])
