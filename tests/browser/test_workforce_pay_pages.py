"""The workforce calculators' pages opened in a real Chromium and checked with axe
(QUALITY A1): the area's front page, the levy for one employer and for a partnership's
employers (listed, then worked out through the form), the supplement, the boroughs'
zones and the pay comparison, for the public and the secretariat. Each answers with its
status, shows its heading and content, logs no error, breaks no rule of the content
security policy and has no serious or critical axe violation."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KEEPER = Person(
    email="pat@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Pat Secretariat",
)
SETUP = """
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create

person = person_create(actor=None, email={keeper!r}, full_name="Pat Secretariat",
    password={password!r})
membership_grant(actor=None, person=person,
    organisation=Organisation.objects.get(key="london-councils"), role="secretariat")
"""
ONE = "/workforce/levy/?date_day=1&date_month=6&date_year=2018&name=A+trust&pay_bill=10000000"
SUPPLEMENT = (
    "/workforce/supplement/?date_day=1&date_month=6&date_year=2017&zone=outer&basic_salary=40000"
)


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    who: Person | None = None
    status: int = 200


CASES = [
    Case("index", "/workforce/", "Workforce", "apprenticeship levy"),
    Case("levy", "/workforce/levy/", "Apprenticeship levy for one employer", "allowance"),
    Case("levy-result", ONE, "Apprenticeship levy for one employer", "£35,000"),
    Case(
        "levy-too-early",
        ONE.replace("2018", "2016"),
        "Apprenticeship levy for one employer",
        "No apprenticeship levy rate is known before 6 April 2017",
        status=400,
    ),
    Case(
        "levy-partnership",
        "/workforce/levy/partnership/?partnership=stp-nel",
        "Apprenticeship levy for a partnership's employers",
        "public body",
    ),
    Case("supplement", SUPPLEMENT, "High cost area supplement", "£4,483"),
    Case("zones", "/workforce/zones/", "High cost area zones", "unknown"),
    Case("zones-keeper", "/workforce/zones/", "High cost area zones", "Record", KEEPER),
    Case("pay", "/workforce/pay/", "Health and care pay against the living wages", "£19,409"),
]


@pytest.fixture(scope="session")
def people(site_shell: SiteShell) -> None:
    script = SETUP.format(keeper=KEEPER.email, password=KEEPER.password)
    site_shell(script, "add a secretariat officer")


@pytest.fixture
def context(chromium: Browser, base_url: str, people: None) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_workforce_page_is_whole_and_accessible(context: BrowserContext, case: Case) -> None:
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
    if case.status == 400:  # the refusal's own status, which the console reports
        problems = [p for p in problems if "status of 400" not in p]
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)


def test_a_partnerships_levy_worked_out_through_the_form(context: BrowserContext) -> None:
    page = context.new_page()
    watch = Watch(page)
    page.goto("/workforce/levy/partnership/?partnership=stp-nel")
    page.fill("#id_date_day", "1")
    page.fill("#id_date_month", "6")
    page.fill("#id_date_year", "2018")
    page.fill("#pay_bill_0", "10000000")
    page.fill("#id_pasted", "Care Co A,2000000,care,no\nCare Co B,2000000,care,no")
    page.get_by_role("button", name="Work out the levy").click()
    expect(page.locator("main")).to_contain_text("Each employer's levy")
    expect(page.locator("main")).to_contain_text("Pay bill unknown: not counted")
    expect(page.locator("main")).to_contain_text("shared in proportion to pay bill")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)
