"""The governance pages opened in a real Chromium and checked with axe (QUALITY A1), as
test_pages_in_chromium.py does for the others: each answers with its status, shows its
heading and content, logs no error, breaks no rule of the content security policy and
has no serious or critical axe violation. The organogram must draw, a refused move
between phases must read well, and the checker must work without JavaScript.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Person, SiteShell
from playwright.sync_api import Browser, BrowserContext, expect
from test_pages_in_chromium import (
    RECORD_CSP_VIOLATIONS,
    Watch,
    problems_on,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SPB = "London Health and Care Strategic Partnership Board"
DOUBLE_DELEGATION = (
    "/governance/checker/?form=delegation&function=primary_care_commissioning"
    "&party_1_type=ccg&party_1_holds=delegated&party_2_type=ccg&region=london"
)
SECRETARIAT = Person(
    email="sol@londoncouncils.example",
    password="correct horse battery staple",
    full_name="Sol Secretariat",
)


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    h1: str
    shows: str
    status: int = 200
    secretariat: bool = False


CASES = [
    Case("boards", "/boards/", "Boards", "23 boards"),
    Case("boards-planned", "/boards/?status=planned", "Boards", "Partnership Commissioning Board"),
    Case("board", "/boards/spb/", SPB, "Gateway criteria to enter Decision-making"),
    Case("board-estates", "/boards/leb/", "London Estates Board", "Phase 1 (advisory)"),
    Case("board-without-phases", "/boards/lhb/", "London Health Board", "no phases"),
    Case(
        "board-for-the-secretariat",
        "/boards/spb/",
        SPB,
        "only by a resolution at one of its own meetings",
        secretariat=True,
    ),
    Case("organogram", "/organogram/", "Organogram", "The boards and whom they report to"),
    Case("functions", "/functions/", "Functions and arrangements", "£15.6bn"),
    Case("rules", "/governance/rules/", "The legal framework's rules", "GOV-DOUBLE-DELEGATION"),
    Case("checker", "/governance/checker/", "Check a proposed arrangement", "Parties"),
    Case("checker-refused", DOUBLE_DELEGATION, "Check a proposed arrangement", "Not allowed"),
    Case(
        "checker-allowed",
        "/governance/checker/?form=joint_committee&party_1_type=ccg&party_2_type=ccg&region=london",
        "Check a proposed arrangement",
        "Allowed",
    ),
    Case(
        "checker-bad-input",
        "/governance/checker/?form=&party_2_holds=delegated&region=london",
        "Check a proposed arrangement",
        "Choose the organisation type of party 2",
        status=400,
    ),
    Case(
        "gateway-report",
        "/reports/gateway/spb/",
        f"Gateway criteria: {SPB} to Decision-making",
        "0 of 6 criteria met",
    ),
    Case(
        "progression-report",
        "/reports/governance-progression/",
        "Governance progression",
        "Phases of SPB",
    ),
    Case(
        "progressing-governance-report",
        "/reports/progressing-governance/",
        "Progressing governance, December 2015 to May 2017",
        "Devolution Programme Board established",
    ),
    Case(
        "spectrum-report",
        "/reports/devolution-spectrum/",
        "NHS England's devolution spectrum",
        "i.e. under a s.105A transfer order.",
    ),
]


@pytest.fixture(scope="session")
def secretariat_person(site_shell: SiteShell) -> Person:
    """A secretariat officer at London Councils, added to the running site's database the
    way conftest.py adds its Hackney board member."""
    p = SECRETARIAT
    site_shell(
        "from devolution.partners.models import Organisation\n"
        "from devolution.partners.services import membership_grant, person_create\n"
        f"p = person_create(actor=None, email={p.email!r}, full_name={p.full_name!r},"
        f" password={p.password!r})\n"
        "membership_grant(actor=None, person=p,"
        " organisation=Organisation.objects.get(key='london-councils'), role='secretariat')\n",
        "add the secretariat officer",
    )
    return p


@pytest.fixture
def context(chromium: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = chromium.new_context(base_url=base_url, accept_downloads=True)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    yield context
    context.close()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_governance_page_is_whole_and_accessible(
    context: BrowserContext, base_url: str, case: Case, secretariat_person: Person
) -> None:
    page = context.new_page()
    watch = Watch(page)
    if case.secretariat:
        sign_in(page, secretariat_person.email, secretariat_person.password)
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
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


def test_organogram_draws_and_its_list_has_every_board(context: BrowserContext) -> None:
    page = context.new_page()
    watch = Watch(page)
    page.goto("/organogram/")
    image = page.get_by_role("img", name="Organogram of the partnership's 23 boards")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "it did not load"
    board_links = page.locator("#structure + p + ul a")
    expect(board_links).to_have_count(23)
    expect(page.locator("main")).to_contain_text("Partnership Delivery Group")
    assert watch.errors == [], "\n".join(watch.errors)


def test_reports_download_as_pdf_and_spreadsheet(context: BrowserContext) -> None:
    page = context.new_page()
    page.goto("/reports/gateway/spb/")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").click()
    assert pdf.value.suggested_filename.startswith("gateway-criteria-spb-")
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="spreadsheet").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")


def test_the_checker_works_without_javascript(chromium: Browser, base_url: str) -> None:
    context = chromium.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/governance/checker/")
        page.get_by_label("Form of the arrangement").select_option("delegation")
        function = page.get_by_label("Function (optional)", exact=True)
        function.select_option("primary_care_commissioning")
        page.locator("#id_party_1_type").select_option("ccg")
        page.locator("#id_party_1_holds").select_option("delegated")
        page.locator("#id_party_2_type").select_option("ccg")
        page.get_by_role("button", name="Check the arrangement").click()
        page.wait_for_url("**/governance/checker/?*form=delegation*")
        verdict = page.get_by_role("region", name="Not allowed")
        # The rule is named by a link to it on the rules page, not by its identifier.
        expect(verdict.locator('a[href="/governance/rules/#GOV-DOUBLE-DELEGATION"]')).to_have_count(
            1
        )
        page.get_by_role("link", name="Internal delegation").click()
        page.wait_for_url("**form=internal_delegation*")
        expect(page.get_by_role("heading", name="Allowed")).to_be_visible()
    finally:
        context.close()
