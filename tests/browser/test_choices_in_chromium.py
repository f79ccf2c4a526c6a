"""Choosing organisations and places in a real Chromium (issue 12, point 6): the accessible
autocomplete over each select of them (core/static/core/autocomplete.js), one choice and
several, typed to find, the chosen ones listed with buttons to remove them; checked with
axe; and without JavaScript the plain selects still do the job."""

import re
from collections.abc import Iterator

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MEETING = "spb-2018-10-18-choices"
KEEPER = Person(
    email="cora@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Cora Choices",
)
SETUP = """
import datetime as dt
from devolution.governance.models import Board
from devolution.meetings.models import Meeting
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create

keeper = person_create(actor=None, email={email!r}, full_name={name!r}, password={password!r})
membership_grant(actor=None, person=keeper,
    organisation=Organisation.objects.get(key="london-councils"), role="secretariat")
Meeting.objects.create(key={meeting!r}, board=Board.objects.get(key="spb"),
    date=dt.date(2018, 10, 18), status="scheduled")
"""


def choose(scope: Page | Locator, label: str, text: str, typed: str | None = None) -> None:
    """Choose `text` in the autocomplete labelled `label`: type (some of) it, pick it. In a
    field of several choices, wait until it is listed as chosen and the box is emptied for
    the next, as a person would before typing again."""
    box = scope.get_by_role("combobox", name=label, exact=True)
    box.fill(typed or text)
    scope.get_by_role("option", name=text, exact=True).click()
    noun = label.removesuffix(" (optional)")
    chosen = scope.get_by_role("list", name=re.compile(rf"^{re.escape(noun)}, chosen \("))
    if chosen.count():
        expect(chosen).to_contain_text(text)
        expect(box).to_have_value("")


@pytest.fixture(scope="session")
def keeper(site_shell: SiteShell) -> Person:
    script = SETUP.format(
        email=KEEPER.email, name=KEEPER.full_name, password=KEEPER.password, meeting=MEETING
    )
    site_shell(script, "add a meeting and its secretariat officer")
    return KEEPER


@pytest.fixture
def context(chromium: Browser, base_url: str, keeper: Person) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


def test_places_and_parties_are_chosen_by_typing_and_listed_with_remove_buttons(
    context: BrowserContext, keeper: Person
) -> None:
    page = context.new_page()
    watch = Watch(page)
    signed_in_as(page, keeper.email, keeper.password)
    page.goto(f"/meetings/{MEETING}/items/new/")
    # No list box to Ctrl-click: the select is hidden, a combobox takes its label.
    expect(page.locator("select[multiple]:visible")).to_have_count(0)
    expect(page.get_by_text("Hold Ctrl").filter(visible=True)).to_have_count(0)
    page.get_by_label("Title").fill("Transformation funding for two bids")
    page.get_by_label("Decide", exact=True).check()

    choose(page, "Places affected (optional)", "South West London", typed="south west")
    choose(page, "Places affected (optional)", "North East London", typed="north east")
    places = page.get_by_role("list", name="Places affected, chosen (2):")
    expect(places).to_contain_text("South West London")
    expect(places).to_contain_text("North East London")
    # Removed by its own button, named for what it removes; focus stays in the list.
    page.get_by_role("button", name="Remove North East London").click()
    expect(page.get_by_role("list", name="Places affected, chosen (1):")).not_to_contain_text(
        "North East London"
    )
    expect(page.get_by_role("button", name="Remove South West London")).to_be_focused()
    choose(page, "Applicants (optional)", "NHS Croydon CCG", typed="croydon")
    choose(page, "Applicants (optional)", "London Borough of Croydon", typed="croydon")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)

    with page.expect_navigation():
        page.get_by_role("button", name="Save the item").click()
    main = page.locator("main")
    expect(main).to_contain_text("is added to the agenda")
    expect(main).to_contain_text("NHS Croydon CCG (applicant)")
    expect(main).to_contain_text("London Borough of Croydon (applicant)")
    expect(main).to_contain_text("South West London")
    expect(main).not_to_contain_text("North East London")


def test_one_organisation_is_chosen_by_typing(context: BrowserContext, keeper: Person) -> None:
    page = context.new_page()
    watch = Watch(page)
    signed_in_as(page, keeper.email, keeper.password)
    page.goto("/interests/register/?declare=1")
    form = page.locator("form[action='/interests/declare/']")
    form.get_by_label("Email address of the member (optional)").fill(keeper.email)
    form.get_by_label("Kind of interest").select_option("membership")
    choose(form, "Organisation concerned (optional)", "London Borough of Camden", typed="camden")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)
    form.get_by_label("Description (optional)").fill("Chosen through the autocomplete")
    with page.expect_navigation():
        form.get_by_role("button", name="Declare the interest").click()
    expect(page.get_by_role("status").first).to_contain_text("London Borough of Camden")


def test_without_javascript_the_selects_still_work(
    chromium: Browser, base_url: str, keeper: Person
) -> None:
    context = chromium.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    signed_in_as(page, keeper.email, keeper.password)
    page.goto(f"/meetings/{MEETING}/items/new/")
    expect(page.locator(".autocomplete__wrapper")).to_have_count(0)
    expect(page.get_by_text("Hold Ctrl (or Cmd) to choose more than one.").first).to_be_visible()
    page.get_by_label("Title").fill("An item chosen without JavaScript")
    page.get_by_label("Decide", exact=True).check()
    page.get_by_label("Places affected (optional)").select_option(["QMF"])
    page.get_by_role("button", name="Save the item").click()
    expect(page.locator("main")).to_contain_text("North East London")
    context.close()
