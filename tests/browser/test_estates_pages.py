"""The estates pages opened in a real Chromium and checked with axe (QUALITY A1), over the
invented demo estate (London's seeds give no sites): the asset register, a site, its map,
the ranking, the policy, the forms of the secretariat and of an estates lead, and
capital's strategy, cases, disposals and plan, for staff and for the public. Each answers
with its status, shows its heading and content, logs no error, breaks no rule of the
content security policy and has no serious or critical axe violation."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KEEPER = Person(
    email="sam@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Sam Secretariat",
)
LEAD = Person(
    email="eve@barts.example", password="correct horse battery staple", full_name="Eve Estates"
)
SETUP = """
from devolution.capital.demo import demo_capital_fill
from devolution.estates.demo import demo_estates_fill
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create

for email, name, key, role in [
    ({keeper!r}, "Sam Secretariat", "london-councils", "secretariat"),
    ({lead!r}, "Eve Estates", "trust-barts-health", "estates_lead"),
]:
    person = person_create(actor=None, email=email, full_name=name, password={password!r})
    membership_grant(actor=None, person=person,
        organisation=Organisation.objects.get(key=key), role=role)
demo_estates_fill()
demo_capital_fill()
"""


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    who: Person | None = None


CASES = [
    Case("register", "/estates/sites/", "Asset register", "Demo data, invented", KEEPER),
    Case(
        "register-flagged",
        "/estates/sites/?flag=surplus",
        "Asset register",
        "Possibly surplus",
        KEEPER,
    ),
    Case("site", "/estates/sites/DEMO-05/", "(demo)", "History", KEEPER),
    Case("map", "/estates/map/", "Map of the sites", "Sites by status", KEEPER),
    Case("ranking", "/estates/ranking/", "Prioritised site list", "weight", KEEPER),
    Case("policy", "/estates/policy/", "Utilisation policy", "guidance", KEEPER),
    Case("site-new", "/estates/sites/new/", "", "Owner", KEEPER),
    Case("import", "/estates/sites/import/", "Import the asset register", "CSV", KEEPER),
    Case("lead-site-edit", "/estates/sites/DEMO-05/edit/", "", "Owner", LEAD),
    Case("strategy", "/estates/capital/", "Estates strategy and capital", "receipt", KEEPER),
    Case(
        "cases", "/estates/capital/cases/", "Capital business cases", "Invented demo data", KEEPER
    ),
    Case(
        "case",
        "/estates/capital/cases/demo-hub/",
        "Demo: health and wellbeing hub",
        "route",
        KEEPER,
    ),
    Case(
        "disposals",
        "/estates/capital/disposals/",
        "Disposals of surplus sites",
        "Invented demo data",
    ),
    Case("plan", "/estates/capital/plan/", "Capital plan", "Capital"),
    Case("public-strategy", "/estates/capital/", "Estates strategy and capital", "receipt"),
]


@pytest.fixture(scope="session")
def people(site_shell: SiteShell) -> None:
    script = SETUP.format(keeper=KEEPER.email, lead=LEAD.email, password=KEEPER.password)
    site_shell(script, "add the demo estate, a secretariat officer and an estates lead")


@pytest.fixture
def context(chromium: Browser, base_url: str, people: None) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_estates_page_is_whole_and_accessible(context: BrowserContext, case: Case) -> None:
    page = context.new_page()
    watch = Watch(page)
    if case.who is not None:
        signed_in_as(page, case.who.email, case.who.password)
    response = page.goto(case.path)
    assert response is not None
    assert response.status == 200, f"{case.path} answered {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text(case.h1)
    expect(page.locator("main")).to_contain_text(case.shows)
    if case.name == "map":
        expect(page.locator("main svg").first).to_be_visible()
    problems = problems_on(page, watch)
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)
