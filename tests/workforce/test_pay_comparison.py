"""Seed 001's pay table: kept verbatim (each cell found in the seed), reproduced cell by
cell from the rates, the differences explained; page, PDF and spreadsheet."""

import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from django.test import Client
from openpyxl import load_workbook

from devolution.workforce.selectors.pay import pay_comparison
from tests.seeds import SEEDS

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "devolution/workforce/data/pay.yaml"


def seed_text() -> str:
    paths = sorted(SEEDS.glob("001_*.txt"))
    if not paths:
        pytest.skip(f"seed 001 is not in {SEEDS}")
    text = paths[0].read_text(encoding="utf-8")
    return re.sub(r"</?u>", "", text)


def test_every_cell_is_the_seeds_own_words():
    seed = seed_text()
    table = yaml.safe_load(DATA.read_text(encoding="utf-8"))["source_tables"][0]
    assert table["title"] in seed
    for row in table["rows"]:
        for cell in row["cells"]:
            assert cell in seed, cell


BAND_5 = (
    "Agenda for Change Band 5, newly qualified nurse's starting salary, "
    "with the high cost area supplement"
)
# (role, zone): (calculated hourly, calculated annual), from the rates of 1 April 2016
EXPECTED = {
    ("National Living Wage (2016/17)", None): ("7.20", "14040.00"),
    ("Care worker in London (average)", None): ("8.81", "17175"),
    ("Senior care worker in London (average)", None): ("10.56", "20600"),
    ("London Living Wage (2016/17)", None): ("9.75", "19012.50"),
    ("Agenda for Change Band 1, minimum point, with the high cost area supplement", "inner"): (
        "9.95",
        "19409",
    ),
    ("Agenda for Change Band 1, minimum point, with the high cost area supplement", "outer"): (
        "9.63",
        "18769",
    ),
    (
        BAND_5,
        "inner",
    ): ("13.48", "26290.80"),
    (
        BAND_5,
        "outer",
    ): ("13.04", "25427"),
}


def test_the_seeds_table_reproduced_cell_by_cell():
    data = pay_comparison()
    got = {(c.line.role, c.line.zone): (c.hourly, c.annual) for _, c in data.lines}
    assert got == {k: (Decimal(h), Decimal(a)) for k, (h, a) in EXPECTED.items()}
    for _, c in data.lines:
        # every hourly rate the seed gives agrees, but Band 5's outer (its minimum unapplied)
        if c.line.seed_hourly is not None and (c.line.zone != "outer" or "Band 1" in c.line.role):
            assert c.line.seed_hourly == c.hourly, c.line.role


def test_the_differences_are_explained():
    by_role = {(c.line.role, c.line.zone): c for _, c in pay_comparison().lines}
    care = by_role[("Care worker in London (average)", None)]
    assert "average salary (NMDS-SC), not an hourly rate x 1,950 hours" in care.difference
    assert "£17,179.50, £4.50 more than the average given" in care.difference
    nurse = by_role[
        (
            BAND_5,
            "inner",
        )
    ]
    assert "£26,290, is the calculated £26,290.80 with the pence dropped" in nurse.difference
    assert "annual figure over 1,950 hours, to the penny" in nurse.difference
    outer = by_role[
        (
            BAND_5,
            "outer",
        )
    ]
    assert (
        "is the basic salary plus the zone's percentage (£21,909 + £3,286.35), without the "
        "minimum payment the supplement is held to: with it, the supplement is £3,518 and the "
        "salary £25,427, £232 more than the paper's"
    ) in outer.difference
    nlw = by_role[("National Living Wage (2016/17)", None)]
    assert nlw.against_nlw == 0 and nlw.against_llw == Decimal("-2.55")


def test_page_pdf_and_spreadsheet():
    client = Client()
    page = client.get("/workforce/pay/").content.decode()
    assert "£17,175 (senior care worker average was £20,600)" in page
    assert (
        "£4.00 an hour above the National Living Wage" in page
        or "above the National Living Wage" in page
    )
    pdf = client.get("/workforce/pay.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    book = load_workbook(BytesIO(client.get("/workforce/pay.xlsx").content))
    assert "Calculated" in book.sheetnames
    cells = [c for row in book["Calculated"].iter_rows(values_only=True) for c in row]
    assert "£26,290.80" in cells


def test_the_page_reads_every_rate_it_needs_in_a_fixed_few_queries(django_assert_max_num_queries):
    """Each rate of the comparison is a parameter: read together, two queries for them
    all, not two for each (QUALITY P4)."""
    client = Client()
    client.get("/workforce/pay/")
    with django_assert_max_num_queries(6):
        page = client.get("/workforce/pay/").content.decode()
    assert "£17,175 (senior care worker average was £20,600)" in page
