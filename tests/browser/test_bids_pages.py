"""The bid pages opened in a real Chromium and checked with axe (QUALITY A1): an
applicant's list, a new bid, a draft, its edit and a submission refused, each whole, with
no error logged, nothing the content security policy blocks and no serious or critical
axe violation; and a draft started through the form as an applicant would."""

from collections.abc import Iterator

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

APPLICANT = Person(
    email="ann@hackney.example", password="correct horse battery staple", full_name="Ann Applicant"
)


@pytest.fixture(scope="session")
def a_draft(site_shell: SiteShell) -> str:
    """An applicant of Hackney with a draft that lacks what a submission needs."""
    site_shell(
        "from devolution.partners.models import Organisation\n"
        "from devolution.partners.services import membership_grant, person_create\n"
        "from devolution.funding.services.bids import BidData, bid_create\n"
        f"p = person_create(actor=None, email={APPLICANT.email!r},"
        f" full_name={APPLICANT.full_name!r}, password={APPLICANT.password!r})\n"
        "membership_grant(actor=None, person=p,"
        " organisation=Organisation.objects.get(key='la-hackney'), role='applicant')\n"
        "bid_create(actor=p, data=BidData(title='Social prescribing in Hackney',"
        " category='london-transformation-funding/unallocated', level='borough',"
        " applicant='organisation:la-hackney', places=['E09000012'],"
        " amounts={'2018-19': 250000}))\n",
        "make an applicant and a draft",
    )
    return "B-"


@pytest.fixture
def applicant_page(chromium: Browser, base_url: str, a_draft: str) -> Iterator[Page]:
    context: BrowserContext = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    sign_in(page, APPLICANT.email, APPLICANT.password)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    yield page
    context.close()


def whole(page: Page, watch: Watch, h1: str, shows: str) -> None:
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_contain_text(h1)
    expect(page.locator("main")).to_contain_text(shows)
    problems = problems_on(page, watch)
    assert problems == [], f"{page.url}:\n" + "\n".join(problems)


def test_the_bid_pages_are_whole_and_accessible(applicant_page: Page) -> None:
    page = applicant_page
    watch = Watch(page)
    page.goto("/funding/bids/")
    whole(page, watch, "Bids for funding", "Social prescribing in Hackney")
    page.locator("table a").first.click()
    page.wait_for_url("**/funding/bids/B-*/")
    whole(page, watch, "Social prescribing in Hackney", "£250,000")
    draft = page.url
    watch.expect_document_status(draft + "submit/", 400)
    page.get_by_role("button", name="Submit the bid for assessment").click()
    page.wait_for_load_state()
    whole(page, watch, "Social prescribing in Hackney", "The bid cannot be submitted yet")
    page.goto(draft + "edit/")
    whole(page, watch, "Edit bid", "Evidence: Clinical support")
    page.goto("/funding/bids/new/")
    whole(page, watch, "Start a bid", "Amounts asked")


def test_an_applicant_starts_a_draft_through_the_form(applicant_page: Page) -> None:
    page = applicant_page
    watch = Watch(page)
    page.goto("/funding/bids/new/")
    page.get_by_label("Who is making the bid").select_option("organisation:la-hackney")
    page.get_by_label("Title").fill("Falls prevention in Hackney")
    page.get_by_label("Fund and category").select_option(
        "london-transformation-funding/unallocated"
    )
    page.get_by_label("Spatial level").select_option("borough")
    page.get_by_label("Amount asked for 2018-19, in whole pounds").fill("120000")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the draft").click()
    whole(page, watch, "Falls prevention in Hackney", "£120,000")
    expect(page.locator("main")).to_contain_text("is saved")
