"""The meeting day walked in Chromium with the demo accounts alone (issue 12, points 5
and 11): the demo secretariat account schedules an SPB meeting, adds an item, takes the
roll-call of the board's seats in one form, publishes the agenda, records the meeting
as held, drafts its minutes, and has them approved at the board's next meeting, where
they become its "minutes of the previous meeting" item. axe checks the pages on the way.
"""

import re

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, Page, expect
from test_pages_in_chromium import RECORD_CSP_VIOLATIONS, Watch, problems_on, signed_in_as

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# The demo accounts' passwords are new each time the command runs and only printed: the
# test sets its own, as the person running the demo reads theirs off the screen.
PASSWORD = "demo day password, not a secret"
DEMO_SECRETARIAT = Person(
    email="secretariat@demo.devolution.example", password=PASSWORD, full_name="Sam Secretariat"
)
DEMO = f"""
from django.core.management import call_command
from devolution.core.models import User
from devolution.partners.services import person_set_password
call_command("demo_accounts", stdout=open("/dev/null", "w"))
person_set_password(
    actor=None,
    person=User.objects.get(email={DEMO_SECRETARIAT.email!r}),
    password={PASSWORD!r},
)
"""
FIRST, NEXT = "spb-2019-01-17", "spb-2019-02-21"


@pytest.fixture(scope="module")
def demo(site_shell: SiteShell) -> None:
    site_shell(DEMO, "make the demo accounts")


def schedule(page: Page, day: str, month: str) -> None:
    page.goto("/meetings/new/")
    page.get_by_label("Board").select_option("spb")
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill("2019")
    page.get_by_label("Starts at").fill("14:00")
    page.get_by_label("Ends at").fill("16:00")
    page.get_by_label("Place", exact=True).fill("City Hall, Committee Room 4")
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule the meeting").click()


def move(page: Page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_the_demo_secretariat_runs_an_spb_meeting_to_approved_minutes(
    chromium: Browser, base_url: str, demo: None
) -> None:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    watch = Watch(page)
    signed_in_as(page, DEMO_SECRETARIAT.email, DEMO_SECRETARIAT.password)

    schedule(page, "17", "1")
    expect(page).to_have_url(re.compile(f"/meetings/{FIRST}/$"))
    main = page.locator("main")
    expect(main).to_contain_text("17 January 2019, 14:00 to 16:00 (London time)")
    agenda = page.locator("ol.devolution-agenda-list")
    expect(agenda.locator("li")).to_have_text(
        [
            re.compile(r"^\s*1\. Apologies for absence"),
            re.compile(r"^\s*2\. Declarations of interest"),
            re.compile(r"^\s*3\. Minutes of the previous meeting"),
            re.compile(r"^\s*4\. Matters arising"),
            re.compile(r"^\s*5\. Any other business"),
        ]
    )

    page.get_by_role("link", name="Add an item").click()
    expect(page.locator("h1")).to_contain_text("Add an item to the agenda of the SPB meeting")
    page.get_by_label("Title").fill("London estates update")
    page.get_by_label("Note", exact=True).check()
    page.get_by_label("Recommendation (optional)").fill("Note the progress of the estates board.")
    move(page, "Save the item")
    # The item's own view: the agenda beside it, the item numbered before AOB.
    expect(page.locator("h1")).to_contain_text("5. London estates update")
    expect(main).to_contain_text("The Board is asked to: Note the progress of the estates board.")
    expect(page.get_by_role("navigation", name="Previous and next items")).to_contain_text(
        "6. Any other business"
    )
    assert problems_on(page, watch) == []

    page.get_by_role("link", name="The meeting's overview").click()
    page.get_by_text("Take the roll-call").click()
    roll_call = page.locator("form", has=page.get_by_role("button", name="Save the roll-call"))
    # Every line of Chris Chair's: other tests on this site may have given him a second seat.
    for chair in roll_call.get_by_role("group", name=re.compile("^Chris Chair")).all():
        chair.get_by_label("Present", exact=True).check()
    member = roll_call.get_by_role("group", name=re.compile("^Morgan Member"))
    member.get_by_label("Deputy attends", exact=True).check()
    member.get_by_label("Deputy's name (if a deputy attends)").fill("Dana Deputy")
    # Every other seat the demo fills is answered too: the roll-call asks after each.
    for seat in roll_call.get_by_role("group").all():
        name = seat.get_attribute("aria-label") or seat.locator("legend").inner_text()
        if (
            name.startswith(("Chris Chair", "Morgan Member"))
            or not seat.get_by_label("Apologies", exact=True).count()
        ):
            continue
        seat.get_by_label("Apologies", exact=True).check()
    roll_call.get_by_label("Name (in attendance, line 1)").fill("Pat Presenter")
    roll_call.get_by_label("Organisation (in attendance, line 1, optional)").fill(
        "Healthy London Partnership"
    )
    assert problems_on(page, watch) == []  # the roll-call, open, checked by axe
    move(page, "Save the roll-call")
    expect(main).to_contain_text("The roll-call is saved")
    expect(main).to_contain_text("Dana Deputy attends as their deputy")
    expect(main).to_contain_text("Pat Presenter, Healthy London Partnership")

    move(page, "Publish the agenda")
    move(page, "Record that the meeting was held")
    expect(main).to_contain_text("The meeting's status is now “Held”")

    page.get_by_role("link", name="Not drafted yet").click()
    move(page, "Draft the minutes from the record")
    minutes = page.get_by_label("Minutes", exact=True)
    expect(minutes).to_contain_text("5. London estates update")
    expect(minutes).to_contain_text("Dana Deputy, deputising for Morgan Member")
    expect(page.locator("main")).to_contain_text("no later meeting recorded as held")

    schedule(page, "21", "2")
    move(page, "Publish the agenda")
    move(page, "Record that the meeting was held")

    page.goto(f"/meetings/{FIRST}/minutes/")
    page.get_by_label("Approved at the meeting of").select_option(NEXT)
    move(page, "Record the approval")
    expect(main).to_contain_text("Approved minutes never change")
    assert problems_on(page, watch) == []

    page.goto(f"/meetings/{NEXT}/")
    page.get_by_role("link", name="3. Minutes of the previous meeting").click()
    considered = main.locator(".nhsuk-summary-list__row", has_text="Minutes considered")
    expect(considered).to_contain_text("Minutes of the meeting of 17 January 2019")
    page.get_by_role("link", name="Minutes of the meeting of 17 January 2019").click()
    expect(page.locator("h1")).to_have_text("Minutes: SPB, 17 January 2019")
    expect(main).to_contain_text("Approved at the meeting of 21 February 2019")
    context.close()

    public = chromium.new_context(base_url=base_url)
    page = public.new_page()
    page.goto(f"/public/meetings/{FIRST}/")
    expect(page.locator("main")).to_contain_text("5. London estates update")
    expect(page.locator("main")).to_contain_text("Approved at the meeting of 21 February 2019")
    public.close()
