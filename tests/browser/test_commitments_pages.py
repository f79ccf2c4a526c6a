"""The commitments pages opened in a real Chromium and checked with axe (QUALITY A1), as
test_governance_pages.py does for the boards: each answers with its status, shows its
heading and content, logs no error, breaks no rule of the content security policy and
has no serious or critical axe violation. The dashboard's charts must draw, and an owner
must be able to post progress and complete a milestone, with errors that read well.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_pages_in_chromium import (
    RECORD_CSP_VIOLATIONS,
    Watch,
    problems_on,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HACKNEY_COMMITMENT = "S000-T09"  # seed 000's prevention row, given to Hackney here


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    status: int = 200
    owner: bool = False


CASES = [
    Case("commitments", "/commitments/", "Commitments", "46 commitments"),
    Case(
        "commitments-estates",
        "/commitments/?theme=estates",
        "Commitments",
        "Blocked by LEB reaching Phase 2 (strategic functions)",
    ),
    Case(
        "commitments-bad-filter",
        "/commitments/?board=no-such-board",
        "Commitments",
        "Select a valid choice",
        status=400,
    ),
    Case(
        "commitment-blocked",
        "/commitments/S000-T04/",
        "Commitment S000-T04",
        "It cannot progress until SPB reaching Decision-making",
    ),
    Case(
        "commitment-with-progress",
        "/commitments/S000-T01/",
        "Commitment S000-T01",
        "Challenges facing further implementation",
    ),
    Case(
        "commitment-with-form",
        f"/commitments/{HACKNEY_COMMITMENT}/",
        f"Commitment {HACKNEY_COMMITMENT}",
        "Post a progress update",
        owner=True,
    ),
    Case(
        "themes",
        "/commitments/themes/",
        "Themes and implementation plans",
        "not recorded in the sources",
    ),
    Case(
        "work-programme",
        "/boards/spb/work-programme/",
        "Work programme",
        "Draft London Estates Strategy",
    ),
    Case("dashboard", "/commitments/dashboard/", "Commitments dashboard", "blocked"),
    Case(
        "opportunities-report",
        "/reports/opportunities/",
        "Opportunities the Strategic Partnership Board focuses on",
        "Maximising opportunities for health and care through the apprenticeship levy.",
    ),
    Case(
        "pledges-report",
        "/reports/mou-pledges/",
        "The MoU's pledges and the commitments held",
        "54 clear pledges",
    ),
    Case("commitment-missing", "/commitments/NO-SUCH/", "Page not found", "check it", 404),
]


@pytest.fixture(scope="session")
def hackney_owns_a_commitment(site_shell: SiteShell, hackney_person: Person) -> str:
    """The seeds name no owner, so the running site's Hackney board member is made one."""
    site_shell(
        "from devolution.commitments.models import Commitment\n"
        "from devolution.partners.models import Organisation\n"
        f"Commitment.objects.filter(reference={HACKNEY_COMMITMENT!r}).update("
        "lead_owner=Organisation.objects.get(key='la-hackney'))\n",
        "make Hackney an owner",
    )
    return HACKNEY_COMMITMENT


@pytest.fixture
def context(chromium: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


def owner_page(context: BrowserContext, person: Person) -> tuple[Page, Watch]:
    page = context.new_page()
    watch = Watch(page)
    sign_in(page, person.email, person.password)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page, watch


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_commitments_page_is_whole_and_accessible(
    context: BrowserContext,
    base_url: str,
    case: Case,
    hackney_person: Person,
    hackney_owns_a_commitment: str,
) -> None:
    if case.owner:
        page, watch = owner_page(context, hackney_person)
    else:
        page = context.new_page()
        watch = Watch(page)
    if case.status >= 400:
        watch.expect_document_status(base_url + case.path, case.status)
    response = page.goto(case.path)

    assert response is not None
    assert response.status == case.status, f"{case.path} answered {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(case.h1)
    expect(page.locator("main")).to_contain_text(case.shows)
    problems = problems_on(page, watch)
    assert problems == [], f"{case.path}:\n" + "\n".join(problems)


def test_the_commitments_nav_item_leads_to_the_list(context: BrowserContext) -> None:
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Commitments", exact=True).first.click()
    page.wait_for_url("**/commitments/")
    expect(page.locator("h1")).to_have_text("Commitments")


def test_dashboard_charts_draw_beside_their_tables(context: BrowserContext) -> None:
    page = context.new_page()
    watch = Watch(page)
    page.goto("/commitments/dashboard/")
    for name, table in [
        (
            "Bar chart of the number of commitments under each theme, each bar divided by status",
            "Commitments by theme and status",
        ),
        (
            "Bar chart of the number of commitments under each theme, each bar divided by red",
            "Commitments by theme and rating",
        ),
        (
            "Bar chart of the number of milestones due in each month",
            "Milestones by the month they are due",
        ),
    ]:
        image = page.get_by_role("img", name=name)
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"{name} did not load"
        expect(page.get_by_role("table", name=table)).to_contain_text("Total")
    assert watch.errors == [], "\n".join(watch.errors)


def test_an_owner_posts_an_update_and_the_earlier_one_stays(
    context: BrowserContext, hackney_person: Person, hackney_owns_a_commitment: str
) -> None:
    page, watch = owner_page(context, hackney_person)
    page.goto(f"/commitments/{HACKNEY_COMMITMENT}/")
    page.get_by_label("Progress to date").fill("Childhood obesity plan drafted with boroughs")
    page.get_by_label("Available next steps").fill("Agree the plan in May")
    page.get_by_label("Rating (optional)").select_option("amber")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Post the update").click()
    assert navigation.value is not None
    # Back on the commitment, as at the day of the update (London's pages open on 22 March
    # 2018, before it).
    assert urlsplit(navigation.value.url).path == f"/commitments/{HACKNEY_COMMITMENT}/"
    assert "as_at=" in urlsplit(navigation.value.url).query
    main = page.locator("main")
    expect(main).to_contain_text(f"on {HACKNEY_COMMITMENT} is posted")
    expect(main).to_contain_text("Posted by Hana Hackney, London Borough of Hackney")
    expect(main).to_contain_text("Childhood obesity plan drafted with boroughs")
    expect(main).to_contain_text("Update of 24 May 2017")  # seed 000's, kept
    expect(main).to_contain_text("Some initial work is ongoing at the local level")
    expect(
        page.get_by_role("table", name=f"Changes of status and rating of {HACKNEY_COMMITMENT}")
    ).to_contain_text("Amber")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)


def test_an_update_without_progress_says_what_is_wrong(
    context: BrowserContext,
    base_url: str,
    hackney_person: Person,
    hackney_owns_a_commitment: str,
) -> None:
    page, watch = owner_page(context, hackney_person)
    page.goto(f"/commitments/{HACKNEY_COMMITMENT}/")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2018")
    page.get_by_label("Available next steps").fill("Kept when the form comes back")
    watch.expect_document_status(base_url + f"/commitments/{HACKNEY_COMMITMENT}/updates/", 400)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Post the update").click()
    assert navigation.value is not None
    assert navigation.value.status == 400
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Say what progress has been made to date")
    expect(summary).to_contain_text("must be a real date")
    expect(page.locator("#id_progress_to_date-error")).to_be_visible()
    expect(page.get_by_label("Available next steps")).to_have_value("Kept when the form comes back")
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)


def test_an_owner_marks_a_milestone_complete(
    context: BrowserContext, hackney_person: Person, hackney_owns_a_commitment: str
) -> None:
    page, watch = owner_page(context, hackney_person)
    page.goto(f"/commitments/{HACKNEY_COMMITMENT}/")
    milestones = page.get_by_role("table", name=f"Milestones of {HACKNEY_COMMITMENT}")
    expect(milestones).to_contain_text("Overdue")
    with page.expect_navigation():
        milestones.get_by_role("button", name="Mark complete").first.click()
    expect(page.locator("main")).to_contain_text("is marked complete on")
    expect(milestones).to_contain_text("Complete")
    expect(milestones.get_by_role("button", name="Mark complete")).to_have_count(0)
    problems = problems_on(page, watch)
    assert problems == [], "\n".join(problems)
