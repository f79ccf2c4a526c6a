"""The workforce indicator pages opened in a real Chromium and checked with axe (QUALITY
A1), over London's seed figures and the invented demonstration figures: the list, a
trust's figures over time, the rates over time with their charts, and the
import for a member of a trust. Each answers 200, shows its heading and content, logs no
error, breaks no rule of the content security policy and has no serious or critical axe
violation."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MEMBER = Person(
    email="wren@barts.example",
    password="correct horse battery staple",
    full_name="Wren Workforce",
)
SETUP = """
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create
from devolution.workforce.demo import demo_indicators_fill

person = person_create(actor=None, email={email!r}, full_name="Wren Workforce",
    password={password!r})
membership_grant(actor=None, person=person,
    organisation=Organisation.objects.get(key="trust-barts-health"), role="commitment_owner")
demo_indicators_fill()
"""


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    who: Person | None = None


CASES = [
    Case("list", "/workforce/indicators/", "Workforce indicators", "(worked out)"),
    Case(
        "list-seed",
        "/workforce/indicators/?staff_group=Healthcare+assistants+in+primary+care",
        "Workforce indicators",
        "24% of Healthcare Assistant positions",
    ),
    Case(
        "list-filtered",
        "/workforce/indicators/?stp=stp-nel",
        "Workforce indicators",
        "Demonstration figures, invented",
    ),
    Case(
        "organisation",
        "/workforce/indicators/organisation/trust-barts-health/",
        "Barts",
        "All staff",
    ),
    Case("board", "/workforce/indicators/board/", "Vacancies and turnover over time", "By STP"),
    Case("import", "/workforce/indicators/import/", "Import workforce indicators", "aged_", MEMBER),
]


@pytest.fixture(scope="session")
def workforce_people(site_shell: SiteShell) -> None:
    script = SETUP.format(email=MEMBER.email, password=MEMBER.password)
    site_shell(script, "add the demonstration figures and a member of Barts Health")


@pytest.fixture
def context(chromium: Browser, base_url: str, workforce_people: None) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_workforce_indicator_page_is_whole_and_accessible(
    context: BrowserContext, case: Case
) -> None:
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
    if case.name == "board":
        expect(page.locator("main figure svg").first).to_be_visible()
    problems = problems_on(page, watch)
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)
