"""The search page opened in a real Chromium and checked with axe (QUALITY A1): empty, with
results (ranked, the words found marked), with no result, and refusing a bad filter, for
the public and the secretariat. Each shows its heading and content, logs no error, breaks
no rule of the content security policy and has no serious or critical axe violation."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KEEPER = Person(
    email="sam.search@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Sam Secretariat",
)
SETUP = """
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create
from devolution.search.services import rebuild

person = person_create(actor=None, email={keeper!r}, full_name="Sam Secretariat",
    password={password!r})
membership_grant(actor=None, person=person,
    organisation=Organisation.objects.get(key="london-councils"), role="secretariat")
rebuild()
"""


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    shows: str
    status: int = 200
    who: Person | None = None


CASES = [
    Case("empty", "/search/", "You find only what you may see"),
    Case("found", "/search/?q=partnership+board", "results"),
    Case("found-staff", "/search/?q=partnership+board&kind=board", "results", who=KEEPER),
    Case("nothing", "/search/?q=zzzqqqnothing", "Nothing you may see matches"),
    Case("refused", "/search/?q=board&since=2018-13-01", "must be a real date", 400),
]


@pytest.fixture(scope="session")
def searcher(site_shell: SiteShell) -> None:
    script = SETUP.format(keeper=KEEPER.email, password=KEEPER.password)
    site_shell(script, "add a secretariat officer and write the search index")


@pytest.fixture
def context(chromium: Browser, base_url: str, searcher: None) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_search_page_is_whole_and_accessible(context: BrowserContext, case: Case) -> None:
    page = context.new_page()
    watch = Watch(page)
    if case.who is not None:
        signed_in_as(page, case.who.email, case.who.password)
    response = page.goto(case.path)
    assert response is not None
    assert response.status == case.status, f"{case.path} answered {response.status}"
    expect(page.locator("h1")).to_contain_text("Search")
    expect(page.locator("main")).to_contain_text(case.shows)
    if case.name.startswith("found"):
        expect(page.locator("main mark").first).to_be_visible()
    # A refused filter answers 400, as every refused form does: the console says so.
    refused = f"status of {case.status}"
    problems = [p for p in problems_on(page, watch) if case.status == 200 or refused not in p]
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)
