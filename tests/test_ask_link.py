"""Promise: every page ends with "Ask about this page", a link that opens a new GitHub issue on
the repository's question form with the page's title, address and section filled in.

The link is overrides/main.html; the form is .github/ISSUE_TEMPLATE/question-about-a-page.yml.
GitHub fills a form field from the query parameter named by the field's id, so every parameter
the link sends, other than GitHub's own (template, title, labels), must be a field of the form.

Check:   pytest tests/test_ask_link.py       (one page: -k <page>)
"""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from docsite.build import BuiltPage, built_pages, page_id, parsed
from docsite.model import ROOT, rel, site_config

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
GITHUB_PARAMETERS = {"template", "title", "labels"}  # GitHub's own, not the form's fields


def _form_fields(name: str) -> set[str]:
    form = yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))
    return {item["id"] for item in form["body"] if "id" in item}


@pytest.mark.parametrize("page", built_pages(), ids=page_id)
def test_every_page_links_a_filled_in_question(page: BuiltPage, built_site: Path):
    html = page.html(built_site)
    if not html.is_file():
        pytest.skip(f"{rel(page.source)} was not built: test_site_builds_strict says why")
    links = parsed(html).select("aside.ask-about-page a[href]")
    assert len(links) == 1, (
        f"{rel(page.source)}: the built page has {len(links)} 'Ask about this page' links, not "
        "1. The link comes from overrides/main.html: check that it still extends base.html and "
        "calls super() in its content block."
    )
    address = urlsplit(links[0]["href"])
    config = site_config()
    assert f"{address.scheme}://{address.netloc}{address.path}" == (
        f"{config['repo_url']}/issues/new"
    ), f"{rel(page.source)}: the ask link goes to {links[0]['href']}, not a new issue"
    query = {key: values[0] for key, values in parse_qs(address.query).items()}
    form = query.get("template", "")
    assert (FORMS / form).is_file(), (
        f"{rel(page.source)}: the ask link names the form {form!r}, which is not in "
        f"{rel(FORMS)}: name one of {sorted(p.name for p in FORMS.glob('*.yml'))}"
    )
    unknown = set(query) - GITHUB_PARAMETERS - _form_fields(form)
    assert not unknown, (
        f"{rel(page.source)}: the ask link fills {sorted(unknown)}, which {rel(FORMS / form)} "
        "has no field for (GitHub matches a parameter to a field's id): rename one of them"
    )
    title = parsed(html).title.get_text().split(" - ")[0].strip()
    expected = {
        "page": config["site_url"] + page.path,
        "title": f"[Question] {title}: ",
    }
    wrong = {key: query.get(key) for key, value in expected.items() if query.get(key) != value}
    assert not wrong, f"{rel(page.source)}: the ask link fills {wrong}, expected {expected}"
    assert query.get("section", "").endswith(title), (
        f"{rel(page.source)}: the ask link's section is {query.get('section')!r}, which does not "
        f"end with the page's title {title!r}"
    )


def test_the_question_form_asks_what_was_run_and_seen():
    form = yaml.safe_load((FORMS / "question-about-a-page.yml").read_text(encoding="utf-8"))
    required = {
        item["id"]
        for item in form["body"]
        if item.get("validations", {}).get("required") and "id" in item
    }
    assert {"page", "ran", "saw"} <= required, (
        f"{rel(FORMS / 'question-about-a-page.yml')}: the fields page, ran and saw must be "
        f"required; required now: {sorted(required)}"
    )
