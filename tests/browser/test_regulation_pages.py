"""The regulation pages opened in a real Chromium and checked with axe (QUALITY A1), over
the invented demo register (London's seeds name no return): the matrix and timeline, the
register, a return, the data items asked twice, the calendars and a trust's calendar, and
the secretariat's import. Each answers with its status, shows its heading and content,
logs no error, breaks no rule of the content security policy and has no serious or
critical axe violation."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KEEPER = Person(
    email="reggie@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Reggie Register",
)
SETUP = """
from devolution.regulation.demo import demo_regulation_fill
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create

person = person_create(actor=None, email={keeper!r}, full_name="Reggie Register",
    password={password!r})
membership_grant(actor=None, person=person,
    organisation=Organisation.objects.get(key="london-councils"), role="secretariat")
demo_regulation_fill()
"""
YEAR = "?from=2018-04-01&to=2019-03-31"


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    who: Person | None = None


CASES = [
    Case("index", "/regulation/", "Regulation", "Not covered"),
    Case("register", "/regulation/returns/", "Reporting requirements", "Demo data, invented"),
    Case(
        "return",
        "/regulation/returns/demo-nhse-performance-monthly/",
        "Monthly performance return",
        "Asked twice",
    ),
    Case(
        "duplicates",
        "/regulation/duplicates/",
        "Data items asked for by more than one regulator",
        "A&E attendances",
    ),
    Case("calendars", "/regulation/calendars/", "Reporting calendars", "NHS trust"),
    Case(
        "calendar",
        f"/regulation/calendars/trust-barts-health/{YEAR}",
        "Barts Health",
        "Asked twice",
    ),
    Case(
        "import",
        "/regulation/returns/import/",
        "Import the reporting-requirements register",
        "CSV",
        KEEPER,
    ),
]


@pytest.fixture(scope="session")
def regulation_people(site_shell: SiteShell) -> None:
    script = SETUP.format(keeper=KEEPER.email, password=KEEPER.password)
    site_shell(script, "add the demo register and a secretariat officer")


@pytest.fixture
def context(chromium: Browser, base_url: str, regulation_people: None) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_regulation_page_is_whole_and_accessible(context: BrowserContext, case: Case) -> None:
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
    problems = problems_on(page, watch)
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)
