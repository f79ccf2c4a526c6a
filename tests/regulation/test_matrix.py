"""The regulator matrix comes out of the data as seed 001 shows it (issue 15's first
done-when): the seed's two tables are read from the seed itself, cell by cell, and each
is compared with what London loaded, with the seed's qualifications word for word."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from devolution.regulation import selectors
from devolution.regulation.models import MatrixCell, TimelineEntry

pytestmark = pytest.mark.django_db

SEEDS = Path(getattr(settings, "SEEDS_DIR", "/work/shared/seeds"))


def seed_text() -> str:
    found = sorted(SEEDS.glob("001_*.txt"))
    if not found:
        pytest.skip("seed 001 is not here to read")
    return found[0].read_text()


def seed_tables() -> dict[str, tuple[list[str], dict[str, list[str]]]]:
    """Each of the seed's two regulator tables: its column headings and each regulator's
    row of cells, as the seed's text gives them (tab-separated)."""
    lines = seed_text().splitlines()
    tables = {}
    for n, line in enumerate(lines):
        if line.startswith("Regulatory body or party\t"):
            kind = line.split("\t")[1].strip()
            headings = [h.strip() for h in lines[n + 1].split("\t") if h.strip()]
            rows = {}
            for row in lines[n + 2 : n + 5]:
                name, *cells = row.split("\t")
                rows[name] = [c.strip() for c in cells]
            tables[kind] = (headings, rows)
    return tables


def parsed(cell: str) -> tuple[bool, str]:
    match = re.fullmatch(r"(✓|X)(?: \((.*)\))?", cell)
    assert match, cell
    return match.group(1) == "✓", match.group(2) or ""


def test_the_seed_has_both_tables_of_three_regulators_and_five_columns():
    tables = seed_tables()
    assert set(tables) == {"Regulatory and oversight activity category", "Regulated body"}
    for headings, rows in tables.values():
        assert len(headings) == 5
        assert set(rows) == {"NHS England", "NHS Improvement", "Care Quality Commission"}


@pytest.mark.parametrize("kind", ["Regulatory and oversight activity category", "Regulated body"])
def test_every_cell_of_the_matrix_is_the_seeds(kind):
    headings, rows = seed_tables()[kind]
    m = selectors.matrix()
    columns = m.activities if kind.startswith("Regulatory and") else m.bodies
    assert [c.label for c in columns] == headings
    assert [r.name for r in m.regulators] == list(rows)
    for r in m.regulators:
        for column, seed_cell in zip(columns, rows[r.name], strict=True):
            cell = m.cell(r, column)
            assert cell is not None, (r.name, column.label)
            assert (cell.covered, cell.qualification) == parsed(seed_cell), (r.name, column.label)
            assert cell.source.key == "seed-001"
            assert cell.quote in seed_text()


def test_the_seeds_qualifications_are_kept_word_for_word():
    qualifications = set(
        MatrixCell.objects.exclude(qualification="").values_list("qualification", flat=True)
    )
    assert qualifications == {
        "for providers of specialised services and other directly commissioned NHS England "
        "services",
        "for providers of NHS funded care",
    }


def test_regulators_are_linked_to_london_organisations_and_columns_to_types():
    m = selectors.matrix()
    assert {r.key: r.organisation.key for r in m.regulators} == {
        "nhs-england": "nhs-england",
        "nhs-improvement": "nhs-improvement",
        "cqc": "cqc",
    }
    assert [c.organisation_types for c in m.bodies] == [
        ["nhs_trust"],
        ["foundation_trust"],
        ["other_provider"],
        ["local_authority"],
        ["ccg"],
    ]


def test_a_ccg_is_covered_by_nhs_england_only_and_a_local_authority_qualified():
    from devolution.partners.models import Organisation

    ccg = Organisation.objects.filter(type="ccg").first()
    assert [c.regulator for c in selectors.covering(ccg)] == ["nhs-england"]
    la = Organisation.objects.get(key="la-hackney")
    covers = {c.regulator: c.qualification for c in selectors.covering(la)}
    assert covers == {"nhs-improvement": "for providers of NHS funded care", "cqc": ""}


def test_every_timeline_entry_quotes_the_seed_at_the_precision_it_gives():
    text = seed_text().replace("**", "")
    entries = list(TimelineEntry.objects.all())
    assert len(entries) >= 12
    for e in entries:
        assert e.quote in text, e.key
        assert e.source.key == "seed-001"
    by_key = {e.key: e for e in entries}
    tameside = by_key["quality-of-care-in-a-place-tameside"]
    assert (tameside.date.isoformat(), tameside.date_precision) == ("2015-09-01", "month")
    assert by_key["cqc-nhse-agreement-2013"].date_precision == "year"
    assert "Tameside September 2015" in tameside.quote
    assert {r.key for r in by_key["joint-regional-chief-nurse"].regulators.all()} == {
        "nhs-england",
        "nhs-improvement",
    }


def test_the_page_shows_each_cell_in_words_and_the_timeline_by_month(client):
    page = client.get("/regulation/").content.decode()
    crosses = sum(
        1
        for _, rows in seed_tables().values()
        for cells in rows.values()
        for c in cells
        if c == "X"
    )
    assert crosses == 5
    assert page.count("Not covered") == crosses
    assert (
        page.count(
            "(for providers of specialised services and other directly commissioned NHS England "
            "services)"
        )
        == 3
    )
    assert '<span aria-hidden="true">✓</span> Covered' in page
    assert "September 2015" in page and "1 September 2015" not in page
    assert "The reporting-requirements register is empty" in page


def test_the_pdf_and_spreadsheet_hold_the_same_matrix(client):
    response = client.get("/regulation/matrix.xlsx")
    book = load_workbook(BytesIO(response.content))
    sheet = book["Regulated bodies"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Regulatory body or party"
    assert rows[0][1:] == [
        "NHS Trust",
        "NHS Foundation Trust",
        "Other providers (e.g. GPs, private providers)",
        "Local authorities",
        "CCGs",
    ]
    nhsi = next(r for r in rows if r[0] == "NHS Improvement")
    assert nhsi[4] == "✓ Covered (for providers of NHS funded care)"
    assert nhsi[5] == "✗ Not covered"
    pdf = client.get("/regulation/matrix.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages).split()
    )
    assert "Not covered" in text and "for providers of NHS funded care" in text
