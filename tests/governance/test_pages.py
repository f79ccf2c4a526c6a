"""The governance pages: what they show against the seeds, the move between phases by
resolution, the organogram, the arrangement checker, the rules, and the reports as page,
PDF and spreadsheet."""

import datetime as dt
import re
import zlib
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from devolution.core.fields import DayMonthYearField
from devolution.governance import reports
from devolution.governance.legal import rule_catalogue
from devolution.governance.models import Board
from devolution.governance.views import money
from devolution.partners.models import Role
from tests.conftest import make_person, signed_in

pytestmark = pytest.mark.django_db

DASH = "\N{EN DASH}"  # what a page shows for nothing
STPS = (
    "North Central London",
    "North East London",
    "North West London",
    "South East London",
    "South West London",
)
# Seed 004 §6.1, in its order: the criteria to enter the SPB's decision-making phase.
# Seed 004 §6.1: each criterion, its status in the seed's own words, and the normalised
# status the gateway's logic reads.
SPB_GATEWAY = [
    ("Confirmation from national partners as to the scope of delegations", "Ongoing", "Ongoing"),
    (
        "Finalised and agreed Investment Framework (or similar).",
        "Ongoing. To be signed off at SPB.",
        "Ongoing",
    ),
    ("Delegation and/or devolution arrangements in place", "Ongoing", "Ongoing"),
    (
        "Representatives with delegated decision-making abilities are members",
        "Representatives in place. Delegations not yet made.",
        "Ongoing",
    ),
    (
        "Board decision-making processes agreed",
        "To be agreed in Investment Framework",
        "Not started",
    ),
    (
        "Agreement as to arrangements for delivery support",
        "To be agreed in Investment Framework",
        "Not started",
    ),
]
DOUBLE_DELEGATION = (
    "/governance/checker/?form=delegation&function=primary_care_commissioning"
    "&party_1_type=ccg&party_1_holds=delegated&party_2_type=ccg&party_2_holds="
    "&party_3_type=&party_3_holds=&region=london"
)


class Tables(HTMLParser):
    """Every table of a page by its caption: the text of each body row's cells."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._in: str | None = None
        self._text = ""
        self._row: list[str] = []
        self._rows: list[list[str]] = []
        self._body = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption" or (tag in {"td", "th"} and self._body):
            self._in, self._text = tag, ""
        elif tag == "tbody":
            self._body = True
        elif tag == "tr":
            self._row = []
        elif tag == "span" and ("aria-hidden", "true") in attrs:
            self._in = f"hidden-{self._in}"
        elif tag in {"p", "li", "br"} and self._in in {"td", "th"}:
            self._text += " "

    def handle_endtag(self, tag):
        if self._in and self._in.startswith("hidden-") and tag == "span":
            self._in = self._in.removeprefix("hidden-")
        elif tag == "caption":
            self._caption, self._in = " ".join(self._text.split()), None
        elif tag in {"td", "th"} and self._in == tag:
            self._row.append(" ".join(self._text.split()))
            self._in = None
        elif tag == "tr" and self._body:
            self._rows.append(self._row)
        elif tag == "tbody":
            self._body = False
        elif tag == "table" and self._caption is not None:
            self.tables[self._caption] = self._rows

    def handle_data(self, data):
        if self._in and not self._in.startswith("hidden-"):
            self._text += data


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def tables(response) -> dict[str, list[list[str]]]:
    return Tables(response.content.decode()).tables


@pytest.fixture
def chair(db):
    """A chair at NHS England (London region): the SPB's co-chair."""
    return make_person("chair@nhse.example", "nhs-england-london", Role.CHAIR, "Chris Chair")


def spb() -> Board:
    return Board.objects.select_related("current_phase").get(key="spb")


# ------------------------------------------------------------------------------ boards


def test_board_list_shows_every_board_and_filters_by_status():
    page = Client().get("/boards/")
    rows = tables(page)["Boards"]
    assert len(rows) == Board.objects.count()
    assert [
        "London Health and Care Strategic Partnership Board",
        "London",
        "LHB",
        "Bi-monthly",
        "Active",
        "Shadow decision-making",
    ] in rows
    planned = tables(Client().get("/boards/?status=planned"))["Boards"]
    assert [r[0] for r in planned] == ["Partnership Commissioning Board"]
    refused = Client().get("/boards/?status=dissolved")
    assert refused.status_code == 400
    assert "Select a valid choice" in text(refused)


def test_spb_page_shows_its_seats_against_seed_001():
    seats = tables(Client().get("/boards/spb/"))["Seats of SPB, against their members"]
    ccg_leads = [r for r in seats if r[0] == "STP CCG lead"]
    assert [r[1] for r in ccg_leads] == list(STPS)
    # Seed 001 gives the seats but names no one in them: their holders are not in the sources.
    assert all(r[2:] == ["1", "Not in the sources", "Not in the sources"] for r in ccg_leads)
    for label in ("STP borough lead", "STP provider lead"):
        assert [r[1] for r in seats if r[0] == label] == list(STPS)
    assert [
        "GLA representative",
        DASH,
        "2",
        "Not in the sources",
        "Not in the sources",
    ] in seats
    assert [
        "Third sector and patient groups",
        DASH,
        "to be confirmed",
        "Not in the sources",
        "Not in the sources",
    ] in seats
    page = text(Client().get("/boards/spb/"))
    assert "No member sits in a seat they do not fit." in page
    assert "No members recorded." in page


SEED_004 = (
    "Progression of the London Health and Care Strategic Partnership Board "
    "(Strategic Partnership Board, 22 March 2018)"
)


def test_spb_page_shows_its_phase_gateway_and_history():
    response = Client().get("/boards/spb/")
    page = text(response)
    assert "Now in its Shadow decision-making phase, in which it may: Advise" in page
    assert "Take shadow decisions" in page
    assert "2. Shadow decision-making Current phase" in page
    gateway = tables(response)["Gateway criteria to enter Decision-making"]
    assert len(gateway) == len(SPB_GATEWAY)
    for row, (criterion, words, status) in zip(gateway, SPB_GATEWAY, strict=True):
        assert row[0].startswith(criterion)
        assert row[1] == f"“{words}” {status}"
        assert row[5] == SEED_004  # the paper by its title, not its file
    history = tables(response)[
        "Moves between phases of London Health and Care Strategic Partnership Board"
    ]
    assert [r[0] for r in history] == ["30 March 2017", "January 2018"]
    assert history[1][1] == "Set-up / strategic leadership → Shadow decision-making (moved forward)"
    assert history[1][3].startswith(f"{SEED_004}: “At the last meeting in January")


def test_spb_page_links_its_functions_and_source():
    response = Client().get("/boards/spb/")
    placed = tables(response)[
        "Functions placed with London Health and Care Strategic Partnership Board"
    ]
    assert [r[:4] for r in placed] == [
        [
            "Transformation funding (Sustainability and Transformation Fund)",
            "Internal delegation",
            "Delegated commissioning",
            "Pending",
        ]
    ]
    assert 'href="/functions/#transformation_funding"' in response.content.decode()
    assert "Source: Integration: Technical pack (December 2017)" in text(response)


def test_a_board_without_phases_says_so():
    page = text(Client().get("/boards/lhb/"))
    assert "The board has no phases" in page
    assert "Chair Mayor of London (chair), Greater London Authority" in page


def test_an_unknown_board_is_not_found():
    assert Client().get("/boards/no-such-board/").status_code == 404


# ---------------------------------------------------------------- moving between phases


def test_no_one_moves_a_phase_from_the_board_page_the_page_points_to_its_meetings(
    secretariat, chair
):
    for client in (signed_in(secretariat), signed_in(chair), Client()):
        page = text(client.get("/boards/spb/"))
        assert "only by a resolution at one of its own meetings" in page
        assert "Record the move" not in page
    before = spb()
    assert signed_in(chair).post("/boards/spb/phase/", {"to_phase": "set_up"}).status_code == 404
    assert spb().current_phase == before.current_phase


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("", "", "", "Enter the date of the resolution"),
        ("22", "", "2018", "The date of the resolution must include a month"),
        ("", "3", "", "The date of the resolution must include a day and a year"),
        ("22", "March", "2018", "The date of the resolution must be in numbers, like 22 3 2018"),
        # Digits Python's str.isdigit takes but int() refuses (found by the forms' fuzzing).
        ("²", "3", "2018", "The date of the resolution must be in numbers, like 22 3 2018"),
        ("22", "3", "٢٠١٨", "The date of the resolution must be in numbers, like 22 3 2018"),
        ("22", "3", "18", "The year must be 4 numbers, like 2018"),
        ("30", "2", "2018", "The date of the resolution must be a real date"),
        ("1", "13", "2018", "The date of the resolution must be a real date"),
        (" 22 ", "03", "2018", None),
    ],
)
def test_the_date_input_says_what_is_wrong(day, month, year, error):
    from django.core.exceptions import ValidationError

    field = DayMonthYearField(what="the date of the resolution")
    if error is None:
        assert field.clean([day, month, year]) == dt.date(2018, 3, 22)
    else:
        with pytest.raises(ValidationError) as raised:
            field.clean([day, month, year])
        assert raised.value.messages == [error]


# -------------------------------------------------------------------------- organogram


def test_organogram_picture_names_every_board():
    response = Client().get("/organogram.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = unescape(response.content.decode())
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for name in Board.objects.values_list("name", flat=True):
        assert f'xlink:title="{name}"' in svg, name
    again = Client().get("/organogram.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


class NestedLinks(HTMLParser):
    """The depth of list nesting at which each board's link sits."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.depth, self.found, self._href = 0, {}, None
        self.feed(html[html.index('id="structure"') :])

    def handle_starttag(self, tag, attrs):
        if tag == "ul":
            self.depth += 1
        elif tag == "a":
            self._href = dict(attrs).get("href", "")

    def handle_endtag(self, tag):
        if tag == "ul":
            self.depth -= 1
        elif tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._href and self._href.startswith("/boards/") and self.depth:
            self.found[data.strip()] = self.depth


def test_organogram_page_lists_every_board_under_the_board_it_reports_to():
    response = Client().get("/organogram/")
    html = response.content.decode()
    assert '<img class="devolution-map" src="/organogram.svg"' in html
    assert "alt=\"Organogram of the partnership's 23 boards" in unescape(html)
    depth = NestedLinks(html).found
    assert set(depth) == set(Board.objects.values_list("name", flat=True))
    assert depth["London Health Board"] == 1
    assert depth["London Health and Care Strategic Partnership Board"] == 2
    assert depth["Partnership Steering Group"] == 3
    assert depth["Partnership Delivery Group"] == 4
    assert depth["London Estates Delivery Unit (LEDU) Steering Group"] == 4
    assert depth["London Prevention Board"] == 1


# ------------------------------------------------------------------ the legal framework


def test_checker_refuses_double_delegation_and_offers_lawful_alternatives():
    response = Client().get(DOUBLE_DELEGATION)
    assert response.status_code == 200
    page = text(response)
    assert "Not allowed" in page and "Allowed " not in page.replace("Not allowed", "")
    # The rule is linked in the catalogue; its identifier is for the API only.
    assert 'href="/governance/rules/#GOV-DOUBLE-DELEGATION"' in response.content.decode()
    assert "GOV-DOUBLE-DELEGATION" not in page
    assert "The CCG holds this function by delegation, so it cannot delegate it externally" in page
    assert (
        "source: Integration: Technical pack (December 2017), Commissioning levers and "
        "financial flows chapter (pages 17\N{EN DASH}24), slide “NHS England permits local "
        "areas to commission primary care”, section “Terminology”" in page
    )
    alternatives = page[page.index("Lawful alternatives") : page.index("Change the proposal")]
    assert "Internal delegation" in alternatives
    # offered in the source's own words
    synthetic = "\N{LEFT SINGLE QUOTATION MARK}synthetic\N{RIGHT SINGLE QUOTATION MARK}"
    assert f"This principle would not apply to internal {synthetic} delegations" in alternatives
    assert "Delegation " not in alternatives.replace("Internal delegation", "")
    assert "form=internal_delegation" in response.content.decode()


def test_checker_allows_a_ccg_joint_committee_and_says_under_which_power():
    response = Client().get(
        "/governance/checker/?form=joint_committee&party_1_type=ccg&party_2_type=ccg"
        "&decision_making=on&region=london"
    )
    page = text(response)
    assert "Allowed Joint committee is open to these parties" in page
    assert "Joint committee between CCG and CCG: National Health Service Act 2006, s.14Z3." in page
    assert "Warnings" not in page


def test_checker_warns_where_the_source_hedges_and_does_not_refuse():
    """Seed 001: 'Any delegations would likely exclude highly specialised services.'"""
    response = Client().get(
        "/governance/checker/?form=delegation&function=highly_specialised_commissioning"
        "&party_1_type=nhs_england&party_1_holds=original&party_2_type=ccg&region=london"
    )
    page = text(response)
    assert "Allowed, with warnings" in page and "Not allowed" not in page
    warnings = page[page.index("Warnings") :]
    assert "would likely exclude highly specialised services" in warnings
    assert "GOV-HIGHLY-SPECIALISED-LIKELY-EXCLUDED" not in warnings
    assert "#GOV-HIGHLY-SPECIALISED-LIKELY-EXCLUDED" in response.content.decode()
    assert "slide “Commissioning specialised services at a more local level" in warnings


def test_checker_says_what_is_wrong_with_the_input():
    response = Client().get("/governance/checker/?form=&party_2_holds=delegated&region=london")
    assert response.status_code == 400
    page = text(response)
    assert "Choose the form of the arrangement" in page
    assert "Choose the organisation type of party 2" in page
    assert "Not allowed" not in page


def test_checker_starts_empty_without_errors():
    response = Client().get("/governance/checker/")
    assert response.status_code == 200
    assert "There is a problem" not in text(response)


def test_rule_catalogue_lists_every_rule_the_joint_working_matrix_and_the_spectrum():
    response = Client().get("/governance/rules/")
    rules = tables(response)["Rules of the legal framework"]
    # Each rule's row is found by its identifier (the row's anchor); the identifier is
    # shown only in the row's "Rule reference" details.
    ids = re.findall(r'<tr class="nhsuk-table__row" id="([^"]+)"', response.content.decode())
    assert ids == [r["id"] for r in rule_catalogue()]
    by_id = dict(zip(ids, rules, strict=True))
    assert all(
        row[0].startswith(r["title"]) for r, row in zip(rule_catalogue(), rules, strict=True)
    )
    effects = {i: row[1].split()[0] for i, row in by_id.items()}
    assert effects["GOV-DOUBLE-DELEGATION"] == "Refuses"
    assert effects["GOV-HIGHLY-SPECIALISED-LIKELY-EXCLUDED"] == "Warns"
    assert effects["GOV-S75-MANAGEMENT-NOT-DECISION"] == "Warns"
    double = by_id["GOV-DOUBLE-DELEGATION"]
    assert double[3].startswith(
        "“\N{LEFT SINGLE QUOTATION MARK}Double-delegation\N{RIGHT SINGLE QUOTATION MARK} "
        "is a principle of law which means that an entity exercising a "
        "delegated power cannot further delegate that power” (Integration: Technical pack "
        "(December 2017), Commissioning levers and financial flows chapter (pages 17\N{EN DASH}24)"
    )
    assert "seed" not in " ".join(" ".join(r) for r in rules).lower()
    s75 = by_id["GOV-S75-EXCLUDED-SERVICES"]
    assert "endoscopy" not in " ".join(s75).lower()
    pairs = tables(response)[
        "Forms of joint working the source lists, and those not available, between "
        "organisation types"
    ]
    ccgs = next(r for r in pairs if r[0].startswith("Between CCGs "))
    assert (
        "Joint committee, binding: “Under s. 14Z3 of the NHS Act 2006, joint decision making "
        "committees can be formed between CCGs or between CCGs and NHS England.” (National "
        "Health Service Act 2006, s.14Z3)" in ccgs[1]
    )
    spectrum = tables(response)["Steps of the devolution spectrum"]
    assert [r[0].split(".")[0] for r in spectrum] == ["1", "2", "3", "4"]
    assert "An employment MoU in place as necessary" in spectrum[2][2]


def test_function_list_shows_budgets_and_arrangements():
    response = Client().get("/functions/")
    register = {r[0]: r for r in tables(response)["Functions register"]}
    assert register["Specialised services commissioning"][3] == "£15.6bn"
    assert register["Transformation funding (Sustainability and Transformation Fund)"][3] == (
        "£2.1bn"
    )
    assert register["Adult social care"][3] == "unknown"
    assert register["Highly specialised services commissioning"][4] == "No"
    primary = tables(response)["Arrangements for Primary care (general practice) commissioning"]
    assert primary[0][0] == "Each clinical commissioning group From NHS England"
    assert primary[0][1:5] == ["Delegation", "Delegated commissioning", "Active", "Borough"]


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal(15_600_000_000), "£15.6bn"),
        (Decimal(2_100_000_000), "£2.1bn"),
        (Decimal(114_000_000), "£114m"),
        (Decimal(588_000), "£588,000"),
        (None, "unknown"),
    ],
)
def test_money_is_written_as_the_seeds_write_it(amount, shown):
    assert money(amount) == shown


# ----------------------------------------------------------------------------- reports


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects, its compressed streams inflated, to look into without a PDF
    library."""
    parts = [pdf]
    for found in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[found.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_gateway_report_page_lists_seed_004s_criteria():
    response = Client().get("/reports/gateway/spb/")
    page = text(response)
    assert "Gateway criteria: London Health and Care Strategic Partnership Board to " in page
    assert "0 of 6 criteria met" in page
    rows = tables(response)["Gateway criteria for SPB to enter Decision-making"]
    assert len(rows) == len(SPB_GATEWAY)
    for row, (criterion, words, status) in zip(rows, SPB_GATEWAY, strict=True):
        assert row[1].startswith(criterion)
        assert (row[2], row[3]) == (words, status)
    assert "/reports/gateway/spb.pdf" in response.content.decode()


def test_gateway_report_pdf_is_an_a4_pdf_of_the_criteria():
    response = Client().get("/reports/gateway/spb.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="gateway-criteria-spb-\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    inside = pdf_objects(pdf)
    assert b"/MediaBox [0 0 595.2" in inside  # A4, in points
    assert b"Gateway criteria: London Health and Care Strategic Partnership Board" in inside
    # No PDF text extractor is installed: the HTML the PDF is made from holds the table.
    html = reports.report_html(reports.gateway_report("spb"))
    assert "@page" in html and "size: A4" in html
    for criterion, _, _ in SPB_GATEWAY:
        assert criterion in unescape(html)
    assert unescape(html).count("Not started") == 2
    assert "Progression of the London Health and Care Strategic Partnership Board" in html
    assert "Generated " in html


def test_gateway_report_spreadsheet_has_the_six_criteria_with_their_statuses():
    response = Client().get("/reports/gateway/spb.xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="gateway-criteria-spb-')
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Gateway criteria", "Sources"]
    sheet = book["Gateway criteria"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "No.",
        "Criterion",
        "Status in the source's words",
        "Status for the gateway",
        "Owner",
        "Evidence",
        "Note",
    )
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width == 60
    assert len(rows) == 1 + len(SPB_GATEWAY)
    for n, (row, (criterion, words, status)) in enumerate(
        zip(rows[1:], SPB_GATEWAY, strict=True), 1
    ):
        assert row[0] == n
        assert row[1].startswith(criterion)
        assert (row[2], row[3]) == (words, status)
    sources = [r[0] for r in book["Sources"].iter_rows(values_only=True)]
    assert (
        "Progression of the London Health and Care Strategic Partnership Board "
        in (sources[1][:80])
    )


def test_a_board_in_its_last_phase_or_without_phases_has_no_gateway_report():
    page = text(Client().get("/reports/gateway/lhb/"))
    assert "London Health Board has no phases recorded." in page
    assert Client().get("/reports/gateway/no-such-board/").status_code == 404


def test_progression_report_shows_each_boards_phases_current_phase_and_moves():
    response = Client().get("/reports/governance-progression/")
    found = tables(response)
    spb_phases = found["Phases of SPB"]
    assert [(r[1], r[3]) for r in spb_phases] == [
        ("Set-up / strategic leadership", ""),
        ("Shadow decision-making", "Yes"),
        ("Decision-making", ""),
    ]
    assert spb_phases[2][4].startswith("0 of 6 met")
    assert found["Phases of LEB"][0][1] == "Phase 1 (advisory)"
    # Met only by the data set's inference (the MoU's signature read as its publication):
    # not counted as met, and shown as inferred.
    assert found["Phases of LEB"][1][4].startswith("0 of 1 met")
    assert "Inferred, not stated in the sources" in found["Phases of LEB"][1][4]
    assert [r[0] for r in found["Moves between phases of SPB"]] == [
        "30 March 2017",
        "January 2018",
    ]
    assert found["Moves between phases of LEB"][0][0] == "December 2016"


def test_progression_report_downloads(db):
    pdf = Client().get("/reports/governance-progression.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert b"Governance progression" in pdf_objects(pdf.content)
    xlsx = Client().get("/reports/governance-progression.xlsx")
    book = load_workbook(BytesIO(xlsx.content))
    assert book.sheetnames == ["Phases", "History", "Sources"]
    phases = list(book["Phases"].iter_rows(values_only=True))
    assert phases[0] == (
        "Board",
        "Order",
        "Phase",
        "What the board may do",
        "Current",
        "Gateway criteria",
    )
    current = [r for r in phases[1:] if r[4] == "Yes"]
    assert [(r[0], r[2]) for r in current] == [
        ("London Estates Board", "Phase 1 (advisory)"),
        ("London Health and Care Strategic Partnership Board", "Shadow decision-making"),
    ]
    history = list(book["History"].iter_rows(values_only=True))
    # The month the source gives, as a date the spreadsheet shows as that month.
    assert history[1][:2] == ("London Estates Board", dt.datetime(2016, 12, 1))
    assert book["History"]["B2"].number_format == "mmmm yyyy"
