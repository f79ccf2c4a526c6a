"""Partner contributions (SPEC §10, §15; issue 13 points 8, 9 and 11): seed 003's table
reproduced from the data, cell by cell, as a page, a spreadsheet and a PDF; both its
stated total and its rows' sum; the later note; the shortfall unknown where the planned
costs are; and the secretariat's ledger of rows, with versions and audit."""

import re
from html import unescape
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from devolution.core.models import AuditEvent
from devolution.funding.models import Contribution, ContributionYear
from devolution.partners.models import Organisation
from tests.conftest import signed_in
from tests.seeds import SEEDS, TYPOGRAPHY

pytestmark = pytest.mark.django_db

REPORT = "/reports/partner-contributions/"
HEADER = ("Partner", "Agreed contribution", "Notes")


def seed_003_table() -> tuple[list[tuple[str, str, str]], tuple[str, str]]:
    """The seed's table as it prints it: each row's partner, contribution and notes, and
    its total row (partner column and contribution, without the bold)."""
    paths = sorted(SEEDS.glob("003_*.txt"))
    if not paths:
        pytest.skip("seed 003 is not beside the repository")
    lines = paths[0].read_text(encoding="utf-8").splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.startswith("Partner\tAgreed Contribution")
    )
    rows = []
    for line in lines[start + 1 :]:
        cells = [re.sub(r"</?b>", "", c).strip() for c in line.split("\t")]
        if cells[0] == "Total":
            return rows, (cells[0], cells[1])
        rows.append((cells[0], cells[1], cells[2]))
    raise AssertionError("seed 003's table has no total row")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(TYPOGRAPHY)).strip()


class Cells(HTMLParser):
    """The rows of a page's tables as their cells' text, without the headings the
    responsive table repeats in each cell for a phone."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = []
        elif (
            tag == "span"
            and self.cell is not None
            and ("nhsuk-table-responsive__heading" in classes or self.hidden)
        ):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(norm("".join(self.cell)))
            self.cell = None
        elif tag == "span" and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if self.cell is not None and not self.hidden:
            self.cell.append(data)


def page_tables(html: str) -> list[list[list[str]]]:
    parser = Cells()
    parser.feed(html)
    return parser.tables


def words(html: str) -> str:
    return norm(unescape(re.sub(r"<[^>]+>", " ", html)))


# ------------------------------------------------------------------ seed 003's table


def test_the_report_page_reproduces_seed_003s_table_cell_by_cell():
    rows, total = seed_003_table()
    assert len(rows) == 5
    response = Client().get(REPORT + "?year=2017-18")
    assert response.status_code == 200
    table = page_tables(response.content.decode())[0]
    assert tuple(table[0]) == HEADER
    body = table[1:]
    for (partner, amount, notes), shown in zip(rows, body, strict=False):
        assert shown == [norm(partner), norm(amount), norm(notes)]
    # Then the paper's total as it prints it, and the rows' own sum.
    assert body[5][:2] == [total[0], total[1]] == ["Total", "£1.53m"]
    assert body[6][:2] == ["Sum of the rows", "£1,528k"]
    assert len(body) == 7


def test_the_spreadsheet_reproduces_seed_003s_table_cell_by_cell():
    rows, total = seed_003_table()
    response = Client().get("/reports/partner-contributions.xlsx?year=2017-18")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    sheet = book["Contributions"]
    values = [
        tuple("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)
    ]
    assert values[0] == HEADER
    for (partner, amount, notes), row in zip(rows, values[1:], strict=False):
        assert row == (norm(partner), norm(amount), norm(notes))
    assert values[6][:2] == total == ("Total", "£1.53m")
    assert values[7][:2] == ("Sum of the rows", "£1,528k")
    about = [tuple(str(v) for v in row if v) for row in book["Sources"].iter_rows(values_only=True)]
    flat = " ".join(" ".join(r) for r in about)
    assert "Health and Care Transformation: Implementation Planning" in flat
    assert "draft and subject to further discussion" in flat


def test_the_pdf_holds_seed_003s_table_row_by_row():
    rows, _ = seed_003_table()
    response = Client().get("/reports/partner-contributions.pdf?year=2017-18")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    tokens = norm(text).split()

    def found_in_order(cell: str, start: int) -> int:
        """Where the cell's last word is, its words in order from `start` (a wrapped
        cell's lines may interleave with its neighbours')."""
        at = start
        for word in norm(cell).split():
            at = tokens.index(word, at) + 1
        return at

    at = tokens.index("Partner")
    for partner, amount, notes in rows:
        row_start = tokens.index(norm(partner).split()[0], at)
        for cell in (partner, amount, notes):
            found_in_order(cell, row_start)
        at = row_start + 1
    squeezed = re.sub(r"\s+", "", text)
    for phrase in ("£1.53m", "£1,528k", "subjectto furtherdiscussion".replace(" ", "")):
        assert phrase in squeezed
    assert "8February2018" in squeezed
    assert "thereislikelytobearesourceshortfall" in squeezed


def test_both_totals_the_later_note_and_the_source_are_on_the_page():
    text = words(Client().get(REPORT + "?year=2017-18").content.decode())
    assert "Total the paper states £1.53m" in text
    assert "Sum of the rows £1,528k" in text
    assert (
        "A note added to the paper on 8 February 2018 says: "
        '"The partner contributions in the paper were draft and subject to further discussion"'
    ) in text
    assert (
        "Health and Care Transformation: Implementation Planning (Strategic Partnership Board, "
        "10 August 2017)"
    ) in text


def test_the_ledger_shows_the_shortfall_unknown_and_what_the_paper_says_of_it():
    text = words(Client().get("/funding/contributions/").content.decode())
    assert "Planned costs of the programme unknown" in text
    assert (
        "Shortfall unknown: the programme's planned costs are not given; the paper says "
        '"there is likely to be a resource shortfall"'
    ) in text
    assert (
        "Cash £80k In kind in kind commitments to resource the prevention devolution asks" in text
    )


def test_the_shortfall_is_the_planned_costs_less_the_rows_sum_once_they_are_known():
    ContributionYear.objects.filter(year="2017-18").update(planned_costs=2_000_000)
    text = words(Client().get("/funding/contributions/?year=2017-18").content.decode())
    assert "Planned costs of the programme £2,000k" in text
    assert "Shortfall £472k" in text
    data = Client().get("/api/contributions?year=2017-18").json()
    assert (data["planned_costs"], data["shortfall"]) == (2_000_000, 472_000)


@pytest.mark.parametrize(
    ("year", "status"), [("2017", 400), ("2017-19", 400), ("17-18", 400), ("2016-17", 404)]
)
def test_a_year_malformed_is_a_400_and_one_with_nothing_a_404(year, status):
    for url in (REPORT, "/reports/partner-contributions.xlsx", "/funding/contributions/"):
        assert Client().get(f"{url}?year={year}").status_code == status
    response = Client().get(f"/api/contributions?year={year}")
    assert response.status_code == status
    assert response.json()["message"]
    if status == 400:
        assert response.json()["problems"][0]["field"] == "year"


# ------------------------------------------------------------------ the API


def test_the_api_gives_the_rows_their_sum_the_stated_total_and_the_later_note():
    rows, _ = seed_003_table()
    data = Client().get("/api/contributions?year=2017-18").json()
    assert [i["partner"] for i in data["items"]] == [norm(r[0]) for r in rows]
    assert [i["agreed_contribution"] for i in data["items"]] == [norm(r[1]) for r in rows]
    assert [i["note"] for i in data["items"]] == [norm(r[2]) for r in rows]
    assert [i["amount"] for i in data["items"]] == [300_000, 160_000, 788_000, 80_000, 200_000]
    assert data["items"][3]["in_kind"] == (
        "in kind commitments to resource the prevention devolution asks"
    )
    assert data["count"] == 5
    assert (data["total"], data["total_text"]) == (1_528_000, "£1,528k")
    assert (data["stated_total"], data["stated_total_text"]) == (1_530_000, "£1.53m")
    assert data["later_note"] == {
        "date": "2018-02-08",
        "text": (
            "The partner contributions in the paper were draft and subject to further discussion"
        ),
    }
    assert (data["planned_costs"], data["shortfall"]) == (None, None)
    assert Client().get("/api/contributions").json()["year"] == "2017-18"


# ------------------------------------------------------------------ the secretariat's ledger


def _year() -> ContributionYear:
    return ContributionYear.objects.get(year="2017-18")


def test_the_secretariat_adds_a_contribution_with_its_audit_record(secretariat):
    client = signed_in(secretariat)
    url = f"/funding/contributions/years/{_year().pk}/new/"
    assert "Add a partner" in client.get(url).content.decode()
    nhse = Organisation.objects.get(key="nhs-england")
    response = client.post(
        url,
        {
            "partner": "Health Education England",
            "organisations": [nhse.pk],
            "amount": "50000",
            "in_kind": "Two analysts",
            "notes": "Subject to confirmation.",
        },
    )
    assert response.status_code == 302
    row = Contribution.objects.get(year=_year(), partner="Health Education England")
    assert (row.amount, row.in_kind, row.notes) == (
        50_000,
        "Two analysts",
        "Subject to confirmation.",
    )
    assert list(row.organisations.all()) == [nhse]
    assert row.source.kind == "entered"
    event = AuditEvent.objects.filter(action="contribution.create").last()
    assert event.after["partner"] == "Health Education England"
    text = words(client.get("/funding/contributions/").content.decode())
    assert (
        "Health Education England Cash £50k In kind Two analysts "
        "Agreed contribution £50k + Two analysts"
    ) in text
    assert "Sum of the rows (cash) £1,578k" in text
    assert "Total the paper states £1.53m" in text


def test_a_changed_contribution_shows_what_is_recorded_not_the_papers_words(secretariat):
    row = Contribution.objects.get(year=_year(), key="london-councils")
    client = signed_in(secretariat)
    response = client.post(
        f"/funding/contributions/{row.pk}/edit/",
        {"version": row.version, "partner": row.partner, "amount": "250000", "notes": row.notes},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.amount, row.amount_text, row.version, row.source.kind) == (
        250_000,
        "",
        2,
        "entered",
    )
    event = AuditEvent.objects.filter(action="contribution.update").last()
    assert (event.before["amount"], event.after["amount"]) == (300_000, 250_000)
    table = page_tables(Client().get(REPORT).content.decode())[0]
    assert table[1][:2] == ["London Councils / London Local Authorities", "£250k"]
    assert table[-1][:2] == ["Sum of the rows", "£1,478k"]


def test_a_stale_contribution_form_is_refused_and_nothing_is_overwritten(secretariat):
    row = Contribution.objects.get(year=_year(), key="gla")
    client = signed_in(secretariat)
    data = {"partner": "GLA", "amount": "210000", "notes": row.notes}
    assert (
        client.post(f"/funding/contributions/{row.pk}/edit/", {**data, "version": 1}).status_code
        == 302
    )
    response = client.post(
        f"/funding/contributions/{row.pk}/edit/", {**data, "amount": "999000", "version": 1}
    )
    assert response.status_code == 409
    assert "Someone else changed" in words(response.content.decode())
    row.refresh_from_db()
    assert (row.amount, row.version) == (210_000, 2)


def test_bad_contribution_input_is_refused_beside_its_field_and_nothing_saved(secretariat):
    client = signed_in(secretariat)
    before = Contribution.objects.count()
    response = client.post(
        f"/funding/contributions/years/{_year().pk}/new/", {"partner": "", "amount": "lots"}
    )
    assert response.status_code == 400
    text = words(response.content.decode())
    assert "Name the partner contributing." in text
    assert "Enter the cash in whole pounds" in text
    response = client.post(f"/funding/contributions/years/{_year().pk}/new/", {"partner": "X"})
    assert response.status_code == 400
    assert "Give the cash contributed, or what is given in kind" in words(response.content.decode())
    assert Contribution.objects.count() == before


@pytest.mark.parametrize("persona", ["alice", "reader"])
def test_only_the_secretariat_adds_or_changes_contributions(persona, request):
    person = request.getfixturevalue(persona)
    client = signed_in(person)
    row = Contribution.objects.get(year=_year(), key="gla")
    new = f"/funding/contributions/years/{_year().pk}/new/"
    edit = f"/funding/contributions/{row.pk}/edit/"
    assert client.get(new).status_code == 403
    assert client.get(edit).status_code == 403
    assert client.post(new, {"partner": "X", "amount": "1"}).status_code == 403
    assert client.post(edit, {"partner": "X", "amount": "1", "version": 1}).status_code == 403
    row.refresh_from_db()
    assert (row.partner, row.amount) == ("GLA", 200_000)
    assert not Contribution.objects.filter(partner="X").exists()
    # Signed out: to the sign-in page.
    assert Client().get(new).status_code == 302
    # And the ledger offers them no way to change it.
    assert "/edit/" not in client.get("/funding/contributions/").content.decode()


def test_a_contribution_change_without_its_csrf_token_is_refused(secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    row = Contribution.objects.get(year=_year(), key="gla")
    response = client.post(
        f"/funding/contributions/{row.pk}/edit/",
        {"partner": "GLA", "amount": "1", "version": row.version},
    )
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.amount == 200_000
