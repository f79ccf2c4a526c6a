"""The register of interests and a meeting's declarations opened in a real Chromium and
checked with axe (QUALITY A1), as test_meetings_pages.py does: each page answers with its
status, shows its heading and content, logs no error, breaks no rule of the content
security policy and has no serious or critical axe violation, its forms too once opened.
Then a member declares and ends an interest, a refused entry reads well, and the
secretariat records a declaration that reaches the central log."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from conftest import HACKNEY_PERSON, Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_choices_in_chromium import choose
from test_pages_in_chromium import (
    RECORD_CSP_VIOLATIONS,
    Watch,
    problems_on,
    signed_in_as,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

MEETING = "spb-2018-04-26-register"
KEEPER = Person(
    email="rita@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Rita Register",
)
DECLARED = "A director of NHS City and Hackney CCG"
SETUP = """
import datetime as dt
from devolution.core.models import User
from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Attendance, Declaration, Interest, Meeting
from devolution.partners.models import Organisation
from devolution.partners.services import membership_grant, person_create

keeper = person_create(actor=None, email={keeper!r}, full_name={keeper_name!r},
    password={password!r})
membership_grant(actor=None, person=keeper,
    organisation=Organisation.objects.get(key="london-councils"), role="secretariat")
hana = User.objects.get(email={hana!r})
m = Meeting.objects.create(key={meeting!r}, board=Board.objects.get(key="spb"),
    date=dt.date(2018, 4, 26), place="City Hall", status="held")
Attendance.objects.create(meeting=m, person=hana, kind="present",
    organisation=Organisation.objects.get(key="la-hackney"))
item = AgendaItem.objects.create(meeting=m, order=1, key="nel-bid", title="A NEL bid")
ccg = Interest.objects.create(person=hana, kind="directorship",
    organisation=Organisation.objects.get(key="ccg-city-and-hackney"),
    description="Non-executive director", start=dt.date(2017, 4, 1))
Interest.objects.create(person=hana, kind="employment",
    organisation=Organisation.objects.get(key="la-hackney"),
    start=dt.date(2010, 1, 1), end=dt.date(2016, 12, 31))
Declaration.objects.create(meeting=m, person=hana, item=item, interest=ccg, text={declared!r})
"""


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    who: Person
    status: int = 200


CASES = [
    Case("my-interests", "/interests/", "My interests", "Non-executive director", HACKNEY_PERSON),
    Case(
        "interest-register",
        "/interests/register/",
        "Register of interests",
        "Hana Hackney",
        KEEPER,
    ),
    Case(
        "interest-register-filtered",
        "/interests/register/?person=hana@hackney.example&organisation=la-hackney",
        "Register of interests",
        "1 entries",
        KEEPER,
    ),
    Case(
        "interest-register-bad-filter",
        "/interests/register/?organisation=nowhere",
        "Register of interests",
        "Choose one of the organisations listed",
        KEEPER,
        status=400,
    ),
    Case(
        "declarations",
        f"/meetings/{MEETING}/declarations/",
        "Declarations of interest",
        "Record a declaration",
        KEEPER,
    ),
    Case(
        "declarations-for-a-member",
        f"/meetings/{MEETING}/declarations/",
        "Declarations of interest",
        DECLARED,
        HACKNEY_PERSON,
    ),
]


@pytest.fixture(scope="session")
def register_data(site_shell: SiteShell) -> None:
    """A secretariat officer, a meeting and Hana's register entries, added to the running
    site's database the way conftest.py adds Hana herself."""
    script = SETUP.format(
        keeper=KEEPER.email,
        keeper_name=KEEPER.full_name,
        password=KEEPER.password,
        hana=HACKNEY_PERSON.email,
        meeting=MEETING,
        declared=DECLARED,
    )
    site_shell(script, "add the register's data")


@pytest.fixture
def context(chromium: Browser, base_url: str, register_data: None) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


def as_(page: Page, person: Person) -> None:
    signed_in_as(page, person.email, person.password)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_register_page_is_whole_and_accessible(
    context: BrowserContext, base_url: str, case: Case
) -> None:
    page = context.new_page()
    watch = Watch(page)
    as_(page, case.who)
    if case.status >= 400:
        watch.expect_document_status(base_url + case.path, case.status)
    response = page.goto(case.path)

    assert response is not None
    assert response.status == case.status, f"{case.path} answered {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(case.h1)
    expect(page.locator("main")).to_contain_text(case.shows)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    problems = problems_on(page, watch)
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)


def test_a_member_declares_and_ends_an_interest(context: BrowserContext) -> None:
    page = context.new_page()
    watch = Watch(page)
    as_(page, HACKNEY_PERSON)
    page.goto("/interests/")
    form = page.locator("form[action='/interests/declare/']")
    form.get_by_label("Kind of interest").select_option("shareholding")
    choose(form, "Organisation concerned (optional)", "London Borough of Camden", typed="camden")
    form.get_by_label("Description (optional)").fill("Shares held by the browser test")
    form.get_by_label("Day").first.fill("1")
    form.get_by_label("Month").first.fill("5")
    form.get_by_label("Year").first.fill("2018")
    with page.expect_navigation():
        form.get_by_role("button", name="Declare the interest").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Your interest is on the register: Shareholding: London Borough of Camden."
    )
    row = page.locator("tr", has_text="Shares held by the browser test")
    expect(row).to_contain_text("1 May 2018")
    row.locator("summary").click()
    row.get_by_label("Day").fill("30")
    row.get_by_label("Month").fill("6")
    row.get_by_label("Year").fill("2018")
    with page.expect_navigation():
        row.get_by_role("button", name="End it").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "the interest is recorded as ended on 30 June 2018"
    )
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)


def test_an_entry_naming_nothing_is_refused_and_reads_well(
    context: BrowserContext, base_url: str
) -> None:
    page = context.new_page()
    watch = Watch(page)
    as_(page, HACKNEY_PERSON)
    page.goto("/interests/")
    form = page.locator("form[action='/interests/declare/']")
    form.get_by_label("Kind of interest").select_option("membership")
    watch.expect_document_status(f"{base_url}/interests/declare/", 400)
    with page.expect_navigation() as navigation:
        form.get_by_role("button", name="Declare the interest").click()
    assert navigation.value is not None and navigation.value.status == 400
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Name one organisation or one partnership"
    )
    expect(page.locator("#declare-organisation-error")).to_contain_text(
        "Name one organisation or one partnership"
    )
    expect(page.get_by_label("Kind of interest")).to_have_value("membership")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)


def test_the_secretariat_records_a_declaration_that_reaches_the_central_log(
    context: BrowserContext,
) -> None:
    page = context.new_page()
    watch = Watch(page)
    as_(page, KEEPER)
    page.goto(f"/meetings/{MEETING}/declarations/")
    page.get_by_label("Email address of the member").fill(HACKNEY_PERSON.email)
    page.get_by_label("On an item (optional)").select_option(label="1. A NEL bid")
    page.get_by_label("Register entry (optional)").select_option(
        label="Hana Hackney: Directorship: NHS City and Hackney CCG"
    )
    page.get_by_label("What was declared").fill("Declared again, through the browser")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the declaration").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Hana Hackney's declaration on “A NEL bid” is recorded."
    )
    expect(page.locator("main")).to_contain_text("Declared again, through the browser")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)
    page.goto("/public/conflicts/")
    expect(page.locator("main")).to_contain_text("Declared again, through the browser")
