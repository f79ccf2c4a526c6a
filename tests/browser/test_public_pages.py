"""The public record's pages opened in a real Chromium and checked with axe (QUALITY A1),
over the London data with no account (and the register as the secretariat): the home
page's public record, the decisions register (filtered and refused), and the open data
catalogue. Each answers with its status, shows its heading and content, logs no error,
breaks no rule of the content security policy and has no serious or critical axe
violation."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KEEPER = Person(
    email="dora@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Dora Decisions",
)
SETUP = """
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create

person = person_create(actor=None, email={keeper!r}, full_name="Dora Decisions",
    password={password!r})
membership_grant(actor=None, person=person,
    organisation=Organisation.objects.get(key="london-councils"), role="secretariat")
"""
SHADOW = "shadow decision-making"


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    status: int = 200
    who: Person | None = None


CASES = [
    Case("home", "/", "London health and care devolution partnership", "The public record"),
    Case("register", "/decisions/", "The decisions register", SHADOW),
    Case("register-phase-moves", "/decisions/?kind=phase_move&board=spb", "decisions", SHADOW),
    Case("register-refused", "/decisions/?from=soon", "decisions", "Enter the from", 400),
    Case(
        "register-secretariat", "/decisions/", "The decisions register", "confidential", 200, KEEPER
    ),
    Case("open-data", "/open-data/", "Open data", "Open Government Licence v3.0"),
]


@pytest.fixture(scope="session")
def people(site_shell: SiteShell) -> None:
    site_shell(
        SETUP.format(keeper=KEEPER.email, password=KEEPER.password), "add a secretariat officer"
    )


@pytest.fixture
def context(chromium: Browser, base_url: str, people: None) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_public_page_is_whole_and_accessible(context: BrowserContext, case: Case) -> None:
    page = context.new_page()
    watch = Watch(page)
    if case.who is not None:
        signed_in_as(page, case.who.email, case.who.password)
    response = page.goto(case.path)
    assert response is not None
    assert response.status == case.status, f"{case.path} answered {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text(case.h1)
    expect(page.locator("main")).to_contain_text(case.shows)
    problems = problems_on(page, watch)
    if case.status != 200:
        problems = [p for p in problems if "status of 400" not in p]
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)
