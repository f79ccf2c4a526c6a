"""The commitments reports as page, PDF and spreadsheet, against the seeds' own tables:
progress against MoU themes (seed 000), the SPB's work programme (seed 004 Annex A), and
commitments grouped by owner and by board."""

import datetime as dt
import re
import zlib
from html import unescape
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
import yaml
from django.test import Client
from openpyxl import load_workbook

from devolution.commitments import reports
from devolution.commitments.models import Commitment, ProgressUpdate
from tests.seeds import SEEDS

pytestmark = pytest.mark.django_db

SEED_000_TITLE = (
    "Delivering London devolution: Overview of progress against MoU themes (Strategic "
    "Partnership Board, 24 May 2017)"
)

DASH = "\N{EN DASH}"  # what a page shows in an empty cell
TODAY = dt.datetime(2018, 4, 1, 12, tzinfo=dt.UTC)  # after Annex A's March meeting
LONDON = Path(reports.__file__).parent / "data" / "london.yaml"
PROGRESS_CAPTION = "Progress against MoU themes"
PROGRESS_COLUMNS = [
    "MoU theme",
    "Progress to date",
    "Available next steps",
    "Challenges facing further implementation",
]
GRID_CAPTION = "Work programme of SPB: areas against meetings"
AREAS = ["Integration", "Prevention", "Estates", "Workforce", "Digital", "Wider areas"]
MEETINGS = ["Mar", "May", "July", "Sept", "Nov"]
A4_PORTRAIT = rb"/MediaBox \[0 0 595\.\d+ 841\.\d+\]"
A4_LANDSCAPE = rb"/MediaBox \[0 0 841\.\d+ 595\.\d+\]"


# ------------------------------------------------------------------------------ helpers


def squash(text: str) -> str:
    """Text without its whitespace: the seeds' extraction spaces words around inline tags
    ("“ provide … ”", "View , NHS") where the data set does not."""
    return re.sub(r"\s+", "", text)


def squashed(lines: list[str]) -> list[str]:
    return [squash(line) for line in lines]


class Tables(HTMLParser):
    """Every table of a page by its caption: its header, and for each body row each cell
    as its lines (a list's items, or the cell's one text)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list]] = {}
        self._caption: str | None = None
        self._in: str | None = None
        self._lines: list[str] = []
        self._row: list[list[str]] = []
        self._table: dict[str, list] = {}
        self._part = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table, self._caption = {"head": [], "rows": []}, None
        elif tag in {"thead", "tbody"}:
            self._part = tag
        elif tag == "caption":
            self._in, self._lines = "caption", [""]
        elif tag == "tr":
            self._row = []
        elif tag in {"td", "th"}:
            self._in, self._lines = tag, [""]
        elif tag == "li" and self._in in {"td", "th"}:
            self._lines.append("")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption, self._in = " ".join(" ".join(self._lines).split()), None
        elif tag in {"td", "th"} and self._in == tag:
            lines = [" ".join(line.split()) for line in self._lines]
            self._row.append([line for line in lines if line])
            self._in = None
        elif tag == "tr":
            if self._part == "thead":
                self._table["head"] = [" ".join(cell) for cell in self._row]
            else:
                self._table["rows"].append(self._row)
        elif tag == "table" and self._caption is not None:
            self.tables[self._caption] = self._table

    def handle_data(self, data):
        if self._in:
            self._lines[-1] += data


RESPONSIVE_HEADING = re.compile(r'<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*</span>')


def tables(html: str) -> dict[str, dict[str, list]]:
    """The page's tables, without the column names a narrow screen repeats in each cell."""
    return Tables(RESPONSIVE_HEADING.sub("", html)).tables


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


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


def workbook(response):
    return load_workbook(BytesIO(response.content))


def sheet_lines(value) -> list[str]:
    return [line for line in (value or "").split("\n") if line]


def seed(number: str) -> str:
    found = sorted(SEEDS.glob(f"{number}_*.txt"))
    if not found:
        pytest.skip(f"seed {number} is not in {SEEDS}")
    return found[0].read_text(encoding="utf-8")


def seed_cell(html: str) -> list[str]:
    """A seed table cell's lines: one per bullet or paragraph, tags stripped."""
    html = re.sub(r"</p>|•", "\n", html)
    plain = unescape(re.sub(r"<[^>]+>", " ", html))
    return [" ".join(line.split()) for line in plain.split("\n") if line.strip()]


def seed_000_theme_rows() -> list[list[list[str]]]:
    """Seed 000's "Overview of progress against MoU themes": the rows of its four columns,
    in the seed's order (the table runs over three pages, each with its header)."""
    rows = []
    for line in seed("000").splitlines():
        cells = line.split("\t")
        if len(cells) == 4 and cells[0] != "MoU theme":
            rows.append([seed_cell(c) for c in cells])
    return rows


def seed_004_annex_a() -> dict[tuple[str, str], str]:
    """Seed 004's Annex A: (area, meeting) -> the cell's text, tags stripped. The seed's
    text runs a cell's bullets together, so a cell is compared as one text."""
    text_ = seed("004")
    annex = text_[text_.index("Annex A") :]
    grid = {}
    for line in annex.splitlines():
        cells = line.split("\t")
        if len(cells) == 6 and cells[0] in AREAS:
            for meeting, cell in zip(MEETINGS, cells[1:], strict=True):
                grid[(cells[0], meeting)] = " ".join(seed_cell(cell))
    return grid


def london() -> dict:
    return yaml.safe_load(LONDON.read_text(encoding="utf-8"))


def yaml_progress_rows() -> list[list[list[str]]]:
    """The data set's progress updates of seed 000, as the report's rows should be."""
    themes = {t["key"]: t for t in london()["themes"]}
    commitments = {c["reference"]: c for c in london()["commitments"]}
    rows = []
    for u in london()["progress_updates"]:
        theme = themes[commitments[u["commitment"]]["theme"]]
        rows.append(
            (
                theme["order"],
                u["commitment"],
                [
                    [theme["name"]],
                    *(
                        [line.strip() for line in (u[f] or "").split("\n") if line.strip()]
                        for f in ("progress_to_date", "next_steps", "challenges")
                    ),
                ],
            )
        )
    return [cells for _, _, cells in sorted(rows, key=lambda r: (r[0], r[1]))]


def assert_rows_match_seed_000(rows: list[list[list[str]]]) -> None:
    """Each row's four cells, line by line, are seed 000's, in the seed's order."""
    expected = seed_000_theme_rows()
    assert len(expected) == 9
    assert len(rows) == 9
    for got, want in zip(rows, expected, strict=True):
        # The theme is the theme's name; seed 000 ends one ("… at pace and scale.") with a stop.
        assert squash(got[0][0]).rstrip(".") == squash(" ".join(want[0])).rstrip(".")
        for column in (1, 2, 3):
            assert squashed(got[column]) == squashed(want[column])


def page_rows(html: str, caption: str) -> list[list[list[str]]]:
    return tables(html)[caption]["rows"]


# ------------------------------------------------------------------------ MoU progress


def test_progress_page_reproduces_seed_000s_nine_theme_rows():
    response = Client().get("/reports/mou-progress/")
    assert response.status_code == 200
    html = response.content.decode()
    found = tables(html)[PROGRESS_CAPTION]
    assert found["head"] == PROGRESS_COLUMNS
    rows = found["rows"]
    assert rows[0][0] == ["Collaboration, capacity and streamlined decision-making"]
    assert rows[0][1][0].startswith(
        "A London Estates Board (LEB) was established in an advisory form (phase 1) in "
        "December 2016"
    )
    assert len(rows[0][1]) == 2  # the seed's two bullets stay two items
    assert rows[0][3][0].startswith("As agreed with national partners in the LEB Operating")
    assert [r[0][0] for r in rows][-1] == "Prevention (including employment and health)"
    assert_rows_match_seed_000(rows)


def test_progress_rows_are_the_data_sets_updates_line_by_line():
    """The same check without the seeds: against the data set's own records."""
    html = Client().get("/reports/mou-progress/").content.decode()
    assert page_rows(html, PROGRESS_CAPTION) == yaml_progress_rows()


def test_progress_page_has_its_date_links_and_sources():
    response = Client().get("/reports/mou-progress/")
    html = response.content.decode()
    page = text(html)
    assert "Overview of progress against MoU themes" in page
    # The London data describes 22 March 2018: the report is as at that day, and its
    # latest update is of 24 May 2017.
    assert "As at 22 March 2018" in page
    assert "Latest update reported 24 May 2017" in page
    assert "9 with progress reported, of 46" in page
    assert "/reports/mou-progress.pdf" in html and "/reports/mou-progress.xlsx" in html
    # Each row's theme opens its commitment.
    assert 'href="/commitments/S000-T01/">Collaboration, capacity' in html
    where = page_rows(html, "Where each row comes from")
    assert [r[0][0] for r in where] == [f"S000-T0{n}" for n in range(1, 10)]
    assert all(r[2] == ["24 May 2017"] and r[4] == [SEED_000_TITLE] for r in where)
    assert SEED_000_TITLE in page


def test_progress_pdf_is_an_a4_pdf_made_from_seed_000s_rows():
    response = Client().get("/reports/mou-progress.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="mou-progress-as-at-2018-03-22-\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )
    assert response.content.startswith(b"%PDF")
    inside = pdf_objects(response.content)
    assert re.search(A4_PORTRAIT, inside)
    assert b"Overview of progress against MoU themes" in inside
    # No PDF text extractor is installed: the HTML the PDF is made from holds the table.
    html = reports.report_html(reports.progress_report())
    assert "size: A4;" in html
    assert tables(html)[PROGRESS_CAPTION]["head"] == PROGRESS_COLUMNS
    assert_rows_match_seed_000(page_rows(html, PROGRESS_CAPTION))
    assert "As at 24 May 2017" in text(html)
    assert "Delivering London devolution: Overview of progress against MoU themes" in html


def test_progress_spreadsheet_has_nine_rows_of_the_four_columns():
    response = Client().get("/reports/mou-progress.xlsx")
    assert re.fullmatch(
        r'attachment; filename="mou-progress-as-at-2018-03-22-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    book = workbook(response)
    assert book.sheetnames == ["MoU progress", "Row sources", "Sources"]
    sheet = book["MoU progress"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == PROGRESS_COLUMNS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["D"].width == 75
    assert all(cell.alignment.wrap_text for cell in sheet[2])
    assert len(rows) == 1 + 9
    assert rows[1][0] == "Collaboration, capacity and streamlined decision-making"
    # A cell's bullets are its lines.
    assert len(sheet_lines(rows[1][1])) == 2
    assert_rows_match_seed_000([[sheet_lines(v) for v in row] for row in rows[1:]])
    sources = list(book["Sources"].iter_rows(values_only=True))
    assert sources[0] == ("Source", "Reference")
    assert sources[1][0].startswith("Delivering London devolution: Overview of progress")
    assert ("As at", dt.datetime(2018, 3, 22)) in sources  # a date, not text


def test_progress_uses_each_rows_latest_update_or_the_one_as_at_a_date():
    commitment = Commitment.objects.get(reference="S000-T01")
    ProgressUpdate.objects.create(
        commitment=commitment,
        date=dt.date(2018, 3, 1),
        progress_to_date="The LEDU is set up.\nThe asset register is complete.",
        next_steps="Agree the capital plan.",
        challenges="",
    )
    rows = page_rows(Client().get("/reports/mou-progress/").content.decode(), PROGRESS_CAPTION)
    assert len(rows) == 9
    assert rows[0][1] == ["The LEDU is set up.", "The asset register is complete."]
    assert rows[0][2] == ["Agree the capital plan."]
    assert rows[0][3] == [DASH]
    earlier = Client().get("/reports/mou-progress/?as_of=2017-06-01")
    assert "As at 1 June 2017" in text(earlier.content.decode())
    assert_rows_match_seed_000(page_rows(earlier.content.decode(), PROGRESS_CAPTION))
    # Its downloads are as at the same day (the older name, as_of, is still read).
    assert "/reports/mou-progress.pdf?as_at=2017-06-01" in earlier.content.decode()
    xlsx = Client().get("/reports/mou-progress.xlsx?as_of=2017-06-01")
    assert 'filename="mou-progress-as-at-2017-06-01-' in xlsx["Content-Disposition"]
    sheet_rows = list(workbook(xlsx)["MoU progress"].iter_rows(values_only=True))
    assert sheet_lines(sheet_rows[1][1])[0].startswith("A London Estates Board (LEB)")


def test_progress_before_any_update_says_none_was_reported():
    response = Client().get("/reports/mou-progress/?as_of=2017-05-23")
    assert response.status_code == 200
    page = text(response.content.decode())
    assert f"{PROGRESS_CAPTION}: No progress was reported by 23 May 2017." in page
    xlsx = Client().get("/reports/mou-progress.xlsx?as_of=2017-05-23")
    assert list(workbook(xlsx)["MoU progress"].iter_rows(values_only=True)) == [
        tuple(PROGRESS_COLUMNS)
    ]


@pytest.mark.parametrize("path", ["/reports/mou-progress/", "/reports/mou-progress.pdf"])
@pytest.mark.parametrize("as_of", ["24/05/2017", "2017-13-01", "yesterday"])
def test_a_bad_date_says_what_is_wrong(path, as_of):
    response = Client().get(path, {"as_of": as_of})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = text(response.content.decode())
    assert "There is a problem" in page
    assert "Enter the date the report is as at as YYYY-MM-DD, for example 2018-03-22." in page
    assert f'value="{as_of}"' in response.content.decode()


# --------------------------------------------------------------------- work programme


def yaml_annex_a() -> dict[tuple[str, str], list[str]]:
    programme = london()["work_programme"][0]
    labels = {m["key"]: m["label"] for m in programme["meetings"]}
    cells: dict[tuple[str, str], list[str]] = {}
    for item in programme["items"]:
        cells.setdefault((item["area"], labels[item["meeting"]]), []).append(item["title"])
    return cells


def grid_cells(rows: list[list]) -> dict[tuple[str, str], list[str]]:
    """(area, meeting) -> the cell's items, from rows of [area, *cells]."""
    return {
        (row[0][0], meeting): [line for line in cell if line != DASH]
        for row in rows
        for meeting, cell in zip(MEETINGS, row[1:], strict=True)
    }


def assert_grid_is_annex_a(cells: dict[tuple[str, str], list[str]]) -> None:
    assert cells[("Estates", "Mar")] == ["Draft London Estates Strategy"]
    assert cells[("Wider areas", "Mar")] == [
        "Investment Framework agreed",
        "Transformation funding delegation arrangements in place",
        "SPB progression to decision-making phase",
    ]
    assert "London Digital Strategy developed" in cells[("Digital", "Nov")]
    assert cells[("Integration", "May")] == []
    assert sum(len(items) for items in cells.values()) == 22
    expected = yaml_annex_a()
    for area in AREAS:
        for meeting in MEETINGS:
            assert cells[(area, meeting)] == expected.get((area, meeting), [])


@time_machine.travel(TODAY, tick=False)
def test_work_programme_page_reproduces_annex_a_cell_by_cell():
    response = Client().get("/reports/work-programme/spb/?as_at=2018-04-01")
    html = response.content.decode()
    grid = tables(html)[GRID_CAPTION]
    assert grid["head"] == ["Area", *MEETINGS]
    assert [row[0][0] for row in grid["rows"]] == AREAS
    cells = grid_cells(grid["rows"])
    assert_grid_is_annex_a(cells)
    annex = seed_004_annex_a()
    for key, items in cells.items():
        assert squash(" ".join(items)) == squash(annex[key]), key
    page = text(html)
    assert "It is presented to the London Health Board on 19 April 2018." in page
    assert "Presented to London Health Board" in page
    assert "Presented on 19 April 2018" in page
    # March's eight
    assert "8 items of meetings past by 1 April 2018 are still planned" in page
    items = page_rows(html, "Items of the work programme of SPB")
    assert len(items) == 22
    investment = next(r for r in items if r[2] == ["Investment Framework agreed"])
    assert investment[4] == [reports.MISSED]
    assert investment[5][0].startswith("Gateway criterion: Finalised and agreed Investment")
    assert "/reports/work-programme/spb.pdf?as_at=2018-04-01" in html


def test_work_programme_spreadsheet_reproduces_annex_a_cell_by_cell():
    response = Client().get("/reports/work-programme/spb.xlsx")
    assert re.fullmatch(
        r'attachment; filename="work-programme-spb-\d{4}-\d{2}-\d{2}\.xlsx"',
        response["Content-Disposition"],
    )
    book = workbook(response)
    assert book.sheetnames == ["Work programme", "Items", "Sources"]
    sheet = book["Work programme"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Area", *MEETINGS)
    assert all(cell.font.bold for cell in sheet[1])
    assert [r[0] for r in rows[1:]] == AREAS
    assert rows[1][2] is None  # Integration in May: empty, not unknown
    assert_grid_is_annex_a(
        {
            (row[0], meeting): sheet_lines(value)
            for row in rows[1:]
            for meeting, value in zip(MEETINGS, row[1:], strict=True)
        }
    )
    assert len(list(book["Items"].iter_rows(values_only=True))) == 1 + 22
    sources = list(book["Sources"].iter_rows(values_only=True))
    assert sources[1][0].startswith("Progression of the London Health and Care Strategic")
    assert ("Presented to", "London Health Board") in sources
    assert ("Presented on", dt.datetime(2018, 4, 19)) in sources


def test_work_programme_pdf_is_an_a4_pdf_of_the_grid():
    response = Client().get("/reports/work-programme/spb.pdf")
    assert response["Content-Disposition"].startswith('attachment; filename="work-programme-spb-')
    assert response.content.startswith(b"%PDF")
    assert re.search(A4_PORTRAIT, pdf_objects(response.content))
    html = reports.report_html(reports.work_programme_report("spb"))
    assert_grid_is_annex_a(grid_cells(page_rows(html, GRID_CAPTION)))


@pytest.mark.parametrize("suffix", ["/", ".pdf", ".xlsx"])
def test_an_unknown_board_has_no_work_programme(suffix):
    assert Client().get(f"/reports/work-programme/no-such-board{suffix}").status_code == 404
    # A board without a work programme has none either.
    assert Client().get(f"/reports/work-programme/lhb{suffix}").status_code == 404


# -------------------------------------------------------- commitments by owner, board


def groups(html: str) -> dict[str, list[list[list[str]]]]:
    """Each group's rows, by its heading (the table caption is "Commitments: <group>")."""
    return {
        caption.removeprefix("Commitments: "): table["rows"]
        for caption, table in tables(html).items()
        if caption.startswith("Commitments: ")
    }


@time_machine.travel(TODAY, tick=False)
def test_commitments_by_owner_groups_each_under_its_lead_and_supporting_partners():
    html = Client().get("/reports/commitments-by-owner/").content.decode()
    found = groups(html)
    every = Commitment.objects.prefetch_related("supporting").select_related("lead_owner")
    expected: dict[str, dict[str, str]] = {}
    for c in every:
        if c.lead_owner:
            expected.setdefault(c.lead_owner.name, {})[c.reference] = "Lead"
        else:
            expected.setdefault(reports.NO_OWNER, {})[c.reference] = DASH
        for org in c.supporting.all():
            expected.setdefault(org.name, {})[c.reference] = "Supporting"
    assert {
        name: {row[0][0]: row[2][0] for row in rows} for name, rows in found.items()
    } == expected
    assert list(found)[-1] == reports.NO_OWNER
    assert len(found[reports.NO_OWNER]) == Commitment.objects.filter(lead_owner=None).count()
    assert sorted(found["NHS England"], key=lambda r: r[0][0])[0][2] == ["Lead"]
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    assert headings[: len(found)] == [unescape(h) for h in list(found)]


@time_machine.travel(TODAY, tick=False)
def test_commitments_by_board_show_status_rating_and_flags():
    response = Client().get("/reports/commitments-by-board/?as_at=2018-04-01")
    html = response.content.decode()
    found = groups(html)
    assert list(found)[-1] == reports.NO_BOARD
    for name, rows in found.items():
        board = None if name == reports.NO_BOARD else name
        expected = Commitment.objects.filter(
            **({"board__name": board} if board else {"board": None})
        )
        assert sorted(r[0][0] for r in rows) == sorted(c.reference for c in expected)
    assert len(found["London Health and Care Strategic Partnership Board"]) == 11
    head = tables(html)["Commitments: London Estates Board"]["head"]
    assert head == [
        "Reference",
        "Commitment",
        "Theme",
        "Lead owner",
        "Status",
        "RAG",
        "Blocked by",
        "Overdue milestones",
        "Stale update",
        "Last updated",
    ]
    leb = {r[0][0]: r for r in found["London Estates Board"]}
    t01 = leb["S000-T01"]
    assert t01[3] == [reports.NO_OWNER]
    assert t01[4] == ["Ongoing"] and t01[5] == ["Not rated"]
    assert t01[6] == [
        "LEB reaching Phase 2 (strategic functions)",
        "LEB reaching Phase 3 (forum for NHS capital investment decision-making)",
    ]
    assert "London partners are finalising set up of the LEDU (due June 2017)" in t01[7]
    assert "LEB progression to shadow decision-making phase (due September 2018)" not in t01[7]
    assert t01[8] == ["Last updated 312 days ago; the board meets bi-monthly"]


def test_commitments_by_owner_and_board_downloads():
    owner = Client().get("/reports/commitments-by-owner.xlsx")
    assert re.fullmatch(
        r'attachment; filename="commitments-by-owner-\d{4}-\d{2}-\d{2}\.xlsx"',
        owner["Content-Disposition"],
    )
    book = workbook(owner)
    assert book.sheetnames == ["Commitments by owner", "Sources"]
    sheet = book["Commitments by owner"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Owner", "Reference", "Commitment", "Role")
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["C"].width == 70
    unowned = [r for r in rows[1:] if r[0] == reports.NO_OWNER]
    assert len(unowned) == Commitment.objects.filter(lead_owner=None).count()
    assert {r[1] for r in rows[1:]} == set(Commitment.objects.values_list("reference", flat=True))

    board = workbook(Client().get("/reports/commitments-by-board.xlsx"))
    rows = list(board["Commitments by board"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Board", "Reference", "Commitment")
    assert len(rows) == 1 + Commitment.objects.count()  # each commitment once
    assert len([r for r in rows if r[0] == reports.NO_BOARD]) == (
        Commitment.objects.filter(board=None).count()
    )

    for path in ("/reports/commitments-by-owner.pdf", "/reports/commitments-by-board.pdf"):
        pdf = Client().get(path)
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf["Content-Disposition"].startswith('attachment; filename="commitments-by-')
        assert pdf.content.startswith(b"%PDF")
        # Ten columns: the A4 page is turned to landscape.
        assert re.search(A4_LANDSCAPE, pdf_objects(pdf.content))
    html = reports.report_html(reports.by_owner_report())
    assert "size: A4 landscape;" in html
    assert reports.NO_OWNER in html
