"""The meetings pages opened in a real Chromium and checked with axe (QUALITY A1), as
test_governance_pages.py does: each answers with its status, shows its heading and
content, logs no error, breaks no rule of the content security policy and has no serious
or critical axe violation, its forms too once opened. A meeting's business is done
through the pages as people would: a refused decision, a ruling by the chair, the
decision as a recommendation, the minutes drafted and approved; and the public page
never shows the confidential item.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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

MARKER = "CONFIDENTIAL-MARKER-91b2"
# Meeting A keeps its flag unruled (a refused decision); meeting B is taken through its
# business; C is the board's later meeting, where B's minutes are approved.
A, B, C = "spb-2018-05-24-browser", "spb-2018-07-19-browser", "spb-2018-09-20-browser"
SECRETARIAT = Person(
    email="sue@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Sue Secretariat",
)
CHAIR = Person(
    email="chris@nhse.example", password="correct horse battery staple", full_name="Chris Chair"
)
SETUP = """
import datetime as dt
from io import BytesIO
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from devolution.core.models import User
from devolution.funding.models import Bid, BidAmount, Category, Fund, Proposal
from devolution.governance.models import Board, BoardMember, Function
from devolution.meetings.models import (
    Action, AgendaItem, Attendance, Declaration, ItemParty, Meeting)
from devolution.meetings.papers import paper_upload
from devolution.meetings.services import item_flags_refresh
from devolution.partners.models import Level, Organisation, Place
from devolution.partners.services import membership_grant, person_create

def person(email, name, org, role):
    p = person_create(actor=None, email=email, full_name=name, password={password!r})
    organisation = Organisation.objects.get(key=org)
    membership_grant(actor=None, person=p, organisation=organisation, role=role)
    return p

sec = person({sec!r}, {sec_name!r}, "london-councils", "secretariat")
chair = person({chair!r}, {chair_name!r}, "nhs-england-london", "chair")
hana = User.objects.get(email={hana!r})
spb = Board.objects.get(key="spb")
BoardMember.objects.create(board=spb, person=chair, office="co_chair",
    organisation=Organisation.objects.get(key="nhs-england-london"))
pdf = BytesIO()
writer = PdfWriter()
writer.add_blank_page(width=595, height=842)
writer.write(pdf)
for key, day, quorum in [({a!r}, dt.date(2018, 5, 24), 2), ({b!r}, dt.date(2018, 7, 19), 1)]:
    m = Meeting.objects.create(key=key, board=spb, date=day, place="City Hall", quorum=quorum,
        status="agenda_published")
    for who, org, is_chair in [(hana, "la-hackney", False), (chair, "nhs-england-london", True)]:
        Attendance.objects.create(meeting=m, person=who, kind="present",
            organisation=Organisation.objects.get(key=org), is_chair=is_chair)
    Attendance.objects.create(meeting=m, person=sec, kind="apologies",
        organisation=Organisation.objects.get(key="london-councils"))
    nel = AgendaItem.objects.create(meeting=m, order=1, key="nel-bid",
        title="Transformation funding for a NEL bid", purpose="decide",
        presenter="Director of the Healthy London Partnership",
        function=Function.objects.get(key="transformation_funding"))
    nel.places.set([Place.objects.get(code="QMF")])
    ItemParty.objects.create(item=nel, role="applicant",
        organisation=Organisation.objects.get(key="ccg-city-and-hackney"))
    # The bid the item brings, whose allocation its decision writes (funding's handler).
    fund = Fund.objects.get(key="london-transformation-funding")
    bid = Bid.objects.create(
        proposal=Proposal.objects.create(partnership_id=fund.partnership_id,
            ref="bid-" + key, kind="bid", title=nel.title, item=nel,
            organisation=Organisation.objects.get(key="ccg-city-and-hackney")),
        fund=fund, category=Category.objects.get(fund=fund, key="unallocated"),
        level=Level.objects.get(key="stp"), state="submitted")
    BidAmount.objects.create(bid=bid, year="2018-19", amount=250000)
    secret = AgendaItem.objects.create(meeting=m, order=2, key="disposal",
        title="Disposal of a site {marker}", purpose="consider", public=False)
    paper_upload(actor=sec, item_id=nel.pk, title="The NEL bid", author="HLP",
        upload=SimpleUploadedFile("bid.pdf", pdf.getvalue()))
    paper_upload(actor=sec, item_id=secret.pk, title="Valuation {marker}",
        upload=SimpleUploadedFile("valuation.pdf", pdf.getvalue()))
    Declaration.objects.create(meeting=m, person=hana, text="A governor of a school in Hackney")
    item_flags_refresh(item_id=nel.pk)
    Action.objects.create(item=nel, text="Send the bid to NHS England", owner=hana,
        due=dt.date(2018, 6, 1))
Meeting.objects.create(key={c!r}, board=spb, date=dt.date(2018, 9, 20), status="held")
"""


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    status: int = 200
    who: Person | None = None


MEETING_A = "SPB meeting, 24 May 2018"
# The link from the agenda to the item's own view, where it is worked on.
NEL_ITEM = "1. Transformation funding for a NEL bid"
CASES = [
    Case("meetings", "/meetings/", "Meetings", "Strategic Partnership Board"),
    Case("meetings-of-a-board", "/meetings/?board=spb", "Meetings", "Add SPB's meetings"),
    Case(
        "meetings-bad-filter",
        "/meetings/?board=nowhere",
        "Meetings",
        "Choose one of the boards listed",
        status=400,
    ),
    Case("public-meeting", f"/public/meetings/{A}/", MEETING_A, "Transformation funding"),
    Case(
        "conflict-log",
        "/public/conflicts/",
        "Conflicts of interest: the central log",
        "Download the log",
    ),
    Case(
        "interests-policy-report",
        "/reports/conflicts-of-interest/",
        "Conflicts of interest: the Strategic Partnership Board's approach",
        "Assuming the conflict is not a conflict of the Chair(s)",
    ),
    Case("meeting", f"/meetings/{A}/", MEETING_A, "Take the roll-call", who=SECRETARIAT),
    Case("meeting-for-the-chair", f"/meetings/{A}/", MEETING_A, NEL_ITEM, who=CHAIR),
    Case(
        "minutes-not-drafted",
        f"/meetings/{A}/minutes/",
        "Minutes: SPB, 24 May 2018",
        "not drafted yet",
        who=SECRETARIAT,
    ),
    Case("my-actions", "/my/actions/", "My actions", "Overdue", who=HACKNEY_PERSON),
    Case("schedule", "/meetings/new/", "Schedule a meeting", "Quorum", who=SECRETARIAT),
    Case(
        "item-new",
        f"/meetings/{A}/items/new/",
        "Add an item to the agenda of the SPB meeting, 24 May 2018",
        "Places affected",
        who=SECRETARIAT,
    ),
    Case(
        "public-pack",
        f"/public/boards/spb/meetings/{A}/pack/",
        "London Health and Care Strategic Partnership Board",
        "This is the public pack.",
    ),
    Case(
        "full-pack",
        f"/meetings/{A}/pack/",
        "London Health and Care Strategic Partnership Board",
        "This full pack includes items taken in private",
        who=SECRETARIAT,
    ),
]


@pytest.fixture(scope="session")
def meetings(site_shell: SiteShell) -> None:
    """The meetings, a secretariat officer and a chair, added to the running site's
    database the way conftest.py adds its Hackney board member."""
    script = SETUP.format(
        password=SECRETARIAT.password,
        sec=SECRETARIAT.email,
        sec_name=SECRETARIAT.full_name,
        chair=CHAIR.email,
        chair_name=CHAIR.full_name,
        hana=HACKNEY_PERSON.email,
        a=A,
        b=B,
        c=C,
        marker=MARKER,
    )
    site_shell(script, "add the meetings")


@pytest.fixture
def context(chromium: Browser, base_url: str, meetings: None) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url, accept_downloads=True)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


def open_every_form(page: Page) -> None:
    """The forms are in details elements: open them all, so axe checks them too."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def as_(page: Page, person: Person) -> None:
    signed_in_as(page, person.email, person.password)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_meetings_page_is_whole_and_accessible(
    context: BrowserContext, base_url: str, case: Case
) -> None:
    page = context.new_page()
    watch = Watch(page)
    if case.who:
        as_(page, case.who)
    if case.status >= 400:
        watch.expect_document_status(base_url + case.path, case.status)
    response = page.goto(case.path)

    assert response is not None
    assert response.status == case.status, f"{case.path} answered {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(case.h1)
    expect(page.locator("main")).to_contain_text(case.shows)
    open_every_form(page)
    problems = problems_on(page, watch)
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)


def test_the_public_never_sees_the_confidential_item(context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(f"/public/meetings/{A}/")
    expect(page.locator("main")).to_contain_text("The NEL bid")
    assert MARKER not in page.content()
    with page.expect_download() as pack:
        page.get_by_role("link", name="as one PDF").click()
    assert pack.value.suggested_filename == f"{A}-agenda-pack.pdf"
    content = Path(pack.value.path()).read_bytes()
    assert content.startswith(b"%PDF") and MARKER.encode() not in content
    page.goto("/meetings/?board=spb")
    page.get_by_role("link", name="24 May 2018").click()
    expect(page).to_have_url(re.compile(f"/public/meetings/{A}/$"))


def test_a_decision_before_the_ruling_is_refused_and_reads_well(
    context: BrowserContext, base_url: str
) -> None:
    page = context.new_page()
    watch = Watch(page)
    as_(page, SECRETARIAT)
    page.goto(f"/meetings/{A}/")
    # The agenda alone has no item's forms: the item's link opens its own view.
    expect(page.locator("form[action*='/items/']")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("link", name=NEL_ITEM).click()
    expect(page).to_have_url(re.compile(r"\?item=\d+#item-\d+$"))
    item = page.locator("section", has=page.get_by_role("heading", name="1. Transformation"))
    expect(page.locator("form[action*='/decision/']")).to_have_count(1)
    open_every_form(page)  # the decision's form among them
    assert problems_on(page, watch) == []  # the item's forms, open, checked by axe
    item.get_by_label("Agreed", exact=True).check()
    item.get_by_label("What kind of decision").select_option("allocate_funding")
    action = item.locator("form[action*='/decision/']").get_attribute("action")
    watch.expect_document_status(f"{base_url}{action}", 409)
    with page.expect_navigation() as navigation:
        item.get_by_role("button", name="Record the decision").click()
    assert navigation.value is not None and navigation.value.status == 409
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).not_to_contain_text("MTG-UNRULED-FLAG")
    rule = page.get_by_text("The rule that refused this change: MTG-UNRULED-FLAG.")
    expect(rule).to_be_attached()
    expect(summary).to_contain_text("have no ruling yet")
    expect(page.locator("details[open]")).to_contain_text("have no ruling yet")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)


def test_a_roll_call_line_without_its_deputy_is_refused_beside_the_line(
    context: BrowserContext, base_url: str
) -> None:
    page = context.new_page()
    watch = Watch(page)
    as_(page, SECRETARIAT)
    page.goto(f"/meetings/{A}/")
    page.get_by_text("Take the roll-call").click()
    # The first of Chris Chair's lines: the demo's seats may give him a second one, when
    # the meeting-day walk has run on this site first.
    chair = page.get_by_role("group", name=re.compile("^Chris Chair, NHS England")).first
    chair.get_by_label("Deputy attends", exact=True).check()
    watch.expect_document_status(f"{base_url}/meetings/{A}/attendance/#roll-call", 400)
    with page.expect_navigation():
        page.get_by_role("button", name="Save the roll-call").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Chris Chair, NHS England (London region): give the name of their deputy"
    )
    expect(page.locator("details#roll-call")).to_have_attribute("open", "")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)


def test_a_meetings_business_from_ruling_to_approved_minutes(
    chromium: Browser, base_url: str, meetings: None
) -> None:
    chair_context = chromium.new_context(base_url=base_url)
    chair_context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = chair_context.new_page()
    watch = Watch(page)
    as_(page, CHAIR)
    page.goto(f"/meetings/{B}/")
    with page.expect_navigation():
        page.get_by_role("link", name=NEL_ITEM).click()
    ruling = page.locator("form", has_text="Rule on Hana Hackney's potential conflict")
    ruling.get_by_label("Withdraws").check()
    ruling.get_by_label("Reason for the ruling").fill("Hackney is within the bidding area")
    with page.expect_navigation():
        ruling.get_by_role("button", name="Record the ruling").click()
    expect(page.locator("main")).to_contain_text("Withdraws: Hackney is within the bidding area")
    assert problems_on(page, watch) == []
    chair_context.close()

    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    watch = Watch(page)
    as_(page, SECRETARIAT)
    page.goto(f"/meetings/{B}/")
    with page.expect_navigation():
        page.get_by_role("link", name=NEL_ITEM).click()
    item = page.locator("section", has=page.get_by_role("heading", name="1. Transformation"))
    item.locator("summary", has_text="Record the decision").click()
    item.get_by_label("Agreed", exact=True).check()
    item.get_by_label("What kind of decision").select_option("allocate_funding")
    with page.expect_navigation():
        item.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "It is a recommendation to NHS England"
    )
    item = page.locator("section", has=page.get_by_role("heading", name="1. Transformation"))
    expect(item).to_contain_text("Recommendation to NHS England")
    took_part = item.locator(".nhsuk-summary-list__row", has_text="Who took part")
    expect(took_part).to_contain_text("Chris Chair")
    expect(took_part).not_to_contain_text("Hana")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)

    page.goto(f"/meetings/{B}/minutes/")
    with page.expect_navigation():
        page.get_by_role("button", name="Draft the minutes from the record").click()
    minutes = page.get_by_label("Minutes", exact=True)
    expect(minutes).to_contain_text("A recommendation to NHS England.")
    assert MARKER not in minutes.input_value()
    problems = problems_on(page, watch)  # the draft, with its edit and approval forms
    assert problems == [], "\n".join(problems)
    minutes.fill(minutes.input_value() + "\nThe chair thanked the members.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the draft").click()
    page.get_by_label("Approved at the meeting of").select_option(C)
    with page.expect_navigation():
        page.get_by_role("button", name="Record the approval").click()
    expect(page.locator("main")).to_contain_text("Approved minutes never change")
    expect(page.get_by_role("button", name="Save the draft")).to_have_count(0)
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)
    context.close()

    public = chromium.new_context(base_url=base_url)
    page = public.new_page()
    page.goto(f"/public/meetings/{B}/")
    expect(page.locator("main")).to_contain_text("Approved at the meeting of 20 September 2018")
    expect(page.locator("main")).to_contain_text("The chair thanked the members.")
    assert MARKER not in page.content()
    page.goto("/public/conflicts/")
    expect(page.locator("main")).to_contain_text("Hackney is within the bidding area")
    public.close()


def test_a_meeting_scheduled_and_its_agenda_kept_through_the_pages(
    context: BrowserContext, base_url: str
) -> None:
    page = context.new_page()
    watch = Watch(page)
    as_(page, SECRETARIAT)
    page.goto("/meetings/new/")
    page.get_by_label("Board").select_option("spb")
    page.get_by_label("Day").fill("22")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2018")
    page.get_by_label("Quorum (optional)").fill("0")
    watch.expect_document_status(f"{base_url}/meetings/new/", 400)
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("A quorum is at least 1")
    page.get_by_label("Quorum (optional)").fill("2")
    page.get_by_label("Starts at").fill("14:00")
    page.get_by_label("Ends at").fill("16:00")
    page.get_by_label("Place", exact=True).fill("City Hall")
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule the meeting").click()
    expect(page).to_have_url(re.compile("/meetings/spb-2018-11-22/$"))
    expect(page.locator("main")).to_contain_text("22 November 2018, 14:00 to 16:00 (London time)")
    expect(page.locator("main")).to_contain_text("1. Apologies for absence")

    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Title").fill("Transformation funding for a South West London bid")
    page.get_by_label("Decide", exact=True).check()
    choose(page, "Places affected (optional)", "South West London", typed="south west")
    choose(page, "Applicants (optional)", "NHS Croydon CCG", typed="croydon")
    choose(page, "Applicants (optional)", "London Borough of Croydon", typed="croydon")
    page.get_by_label("Function concerned (optional)").select_option("transformation_funding")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the item").click()
    main = page.locator("main")
    expect(main).to_contain_text("is added to the agenda")
    expect(main).to_contain_text("NHS Croydon CCG (applicant)")
    expect(main).to_contain_text("South West London")
    page.get_by_role("link", name="The meeting's overview").click()

    with page.expect_navigation():
        page.get_by_role("button", name="Publish the agenda").click()
    expect(main).to_contain_text("The meeting's status is now “Agenda published”")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)
