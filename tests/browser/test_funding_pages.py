"""The funds and partner contributions opened in a real Chromium and checked with axe
(QUALITY A1), as test_register_pages.py does: each page answers with its status, shows
its heading and content, logs no error, breaks no rule of the content security policy
and has no serious or critical axe violation; the secretariat's forms too."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KEEPER = Person(
    email="fay@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Fay Funds",
)
SETUP = """
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create

keeper = person_create(actor=None, email={email!r}, full_name={name!r}, password={password!r})
membership_grant(actor=None, person=keeper,
    organisation=Organisation.objects.get(key="london-councils"), role="secretariat")
"""
FUND = "/funding/funds/london-transformation-funding/"


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    keeper: bool = False
    status: int = 200


CASES = [
    Case("funds", "/funding/", "Funds", "Greater Manchester's fair share"),
    Case("fund", FUND, "London transformation funding", "Purpose already defined"),
    Case("contributions", "/funding/contributions/", "Partner contributions, 2017-18", "£1,528k"),
    Case(
        "fund-position",
        "/reports/fund-position/",
        "Fund position by category: London transformation funding",
        "The whole fund",
    ),
    Case(
        "partner-contributions",
        "/reports/partner-contributions/?year=2017-18",
        "Partner contributions, 2017-18",
        "£1.53m",
    ),
    Case(
        "amount-form",
        FUND + "unallocated/2018-19/amount/",
        "Record the amount of Unallocated in 2018-19",
        "Amount in pounds",
        keeper=True,
    ),
    Case(
        "contribution-edit",
        "/funding/contributions/{contribution}/edit/",
        "Change GLA's contribution, 2017-18",
        "Given in kind",
        keeper=True,
    ),
    Case(
        "amount-refused",
        FUND + "unallocated/2018-19/amount/?bad",
        "Record the amount of Unallocated in 2018-19",
        "Enter the amount in whole pounds",
        keeper=True,
        status=400,
    ),
]


@pytest.fixture(scope="session")
def keeper(site_shell: SiteShell) -> Person:
    script = SETUP.format(email=KEEPER.email, name=KEEPER.full_name, password=KEEPER.password)
    site_shell(script, "add a secretariat officer for the funds")
    return KEEPER


@pytest.fixture
def context(chromium: Browser, base_url: str, keeper: Person) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_funding_page_is_whole_and_accessible(
    context: BrowserContext, base_url: str, case: Case
) -> None:
    page = context.new_page()
    watch = Watch(page)
    if case.keeper:
        signed_in_as(page, KEEPER.email, KEEPER.password)
    path = case.path
    if "{contribution}" in path:
        page.goto("/funding/contributions/")
        href = page.get_by_role("link", name="Change GLA's contribution").get_attribute("href")
        path = href or ""
    if case.status >= 400:
        page.goto(path.replace("?bad", ""))
        page.get_by_label("Amount in pounds").fill("twelve")
        watch.expect_document_status(base_url + path.replace("?bad", ""), case.status)
        with page.expect_navigation():
            page.get_by_role("button", name="Save the amount").click()
    else:
        response = page.goto(path)
        assert response is not None
        assert response.status == case.status, f"{path} answered {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(case.h1)
    expect(page.locator("main")).to_contain_text(case.shows)
    problems = problems_on(page, watch)
    assert problems == [], f"{path}:\n" + "\n".join(problems)
