"""Fair share and allocations by place (issue 13, points 7 and 9): the fair-share rule,
London's STP guide from seed 002's populations, the borough guide that cannot be known
yet, and a bid's money shown under its place on the page, in the spreadsheet, the chart
and the map."""

import io
import re
from decimal import Decimal
from fractions import Fraction
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from devolution.core.models import Source
from devolution.funding.charts import places as place_charts
from devolution.funding.models import Bid
from devolution.funding.rules.fair_share import Claimant, fair_shares
from devolution.funding.selectors.places import SEVERAL_NAME, fair_share_get, map_borough_list
from devolution.partners.maps import PALETTE
from devolution.partners.models import Place
from tests.commitments.test_chart_colours import contrast
from tests.funding.conftest_places import FUND, make_bid

SEEDS = Path("/work/shared/seeds")
PAGE = f"/funding/funds/{FUND}/fair-share/"
REPORT = "/reports/allocations-by-place/"

# ------------------------------------------------------------------ the rule

populations = st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=12)
weights = st.sampled_from([Decimal(1), Decimal("0.5"), Decimal("1.25"), Decimal(2), Decimal(0)])


def claimants(pops, ws=None):
    ws = ws or [Decimal(1)] * len(pops)
    return [
        Claimant(f"p{i}", f"Place {i}", p, w) for i, (p, w) in enumerate(zip(pops, ws, strict=True))
    ]


weighted = st.lists(
    st.tuples(st.integers(min_value=0, max_value=10_000_000), weights), min_size=1, max_size=12
)


@settings(deadline=None)
@given(weighted, st.integers(min_value=0, max_value=10**10))
def test_shares_add_up_to_the_amount_exactly(pairs, amount):
    pops, ws = [p for p, _ in pairs], [w for _, w in pairs]
    guide = fair_shares(amount, claimants(pops, ws))
    if sum(p * w for p, w in pairs) == 0:
        assert not guide.known and set(guide.shares.values()) == {None}
        assert "nought" in guide.reason()
        return
    assert guide.known
    assert sum(guide.shares.values()) == amount


@settings(deadline=None)
@given(populations, st.integers(min_value=0, max_value=10**10))
def test_each_share_is_its_population_share_to_the_pound(pops, amount):
    guide = fair_shares(amount, claimants(pops))
    total = sum(pops)
    if not total:
        return
    for i, p in enumerate(pops):
        exact = Fraction(p * amount, total)
        assert abs(guide.shares[f"p{i}"] - exact) < 1  # rounded by less than a pound
    # Larger populations never get less; equal ones differ by at most the rounding pound.
    for i, p in enumerate(pops):
        for j, q in enumerate(pops):
            if p > q:
                assert guide.shares[f"p{i}"] >= guide.shares[f"p{j}"]
            if p == q:
                assert abs(guide.shares[f"p{i}"] - guide.shares[f"p{j}"]) <= 1


def test_a_weight_scales_a_place_share():
    guide = fair_shares(300, claimants([100, 100], [Decimal(2), Decimal(1)]))
    assert guide.shares == {"p0": 200, "p1": 100}


@settings(deadline=None)
@given(populations, st.integers(min_value=0, max_value=10**9), st.data())
def test_an_unknown_population_or_amount_makes_every_share_unknown(pops, amount, data):
    gone = data.draw(st.sets(st.integers(0, len(pops) - 1), min_size=1))
    places = claimants([None if i in gone else p for i, p in enumerate(pops)])
    guide = fair_shares(amount, places)
    assert not guide.known and set(guide.shares.values()) == {None}
    assert guide.missing == tuple(f"Place {i}" for i in sorted(gone))
    assert all(f"Place {i}" in guide.reason() for i in gone)
    unknown_amount = fair_shares(None, claimants(pops))
    assert set(unknown_amount.shares.values()) == {None}
    assert "amount is not known" in unknown_amount.reason()


def test_a_negative_weight_is_refused():
    with pytest.raises(ValueError, match="weight"):
        fair_shares(10, claimants([1], [Decimal(-1)]))


# ------------------------------------------------------------------ London's guide

SEED_POPULATIONS = {
    "NWL": 2_000_000,
    "NCL": 1_400_000,
    "NEL": 1_900_000,
    "SWL": 1_500_000,
    "SEL": 1_700_000,
}
STP_CODES = {"NWL": "QRV", "NCL": "QMJ", "NEL": "QMF", "SWL": "QWE", "SEL": "QKK"}


def test_the_stp_populations_are_seed_002s():
    paths = sorted(SEEDS.glob("002_*.txt"))
    if not paths:
        pytest.skip(f"seed 002 is not in {SEEDS}")
    text = paths[0].read_text()
    for short, population in SEED_POPULATIONS.items():
        assert f"## {short} (~{population / 1_000_000:.1f}m)" in text


@pytest.mark.django_db
def test_londons_stp_guide_for_2018_19_shares_114_million_by_population():
    data = fair_share_get(FUND, "stp")
    assert data.year == "2018-19" and data.amount == 114_000_000
    rows = {r.code: r for r in data.rows}
    assert set(rows) == set(STP_CODES.values())
    total = sum(SEED_POPULATIONS.values())
    for short, code in STP_CODES.items():
        row = rows[code]
        assert row.population == SEED_POPULATIONS[short]
        assert row.population_source_key == "seed-002"
        assert abs(row.share - Fraction(114_000_000 * SEED_POPULATIONS[short], total)) < 1
    # Worked by hand: 114m x 1.9/8.5 = 25,482,352.94 (rounded up, the largest remainder).
    assert rows["QMF"].share == 25_482_353 and rows["QKK"].share == 22_800_000
    assert rows["QRV"].share == 26_823_529 and rows["QMJ"].share == 18_776_471
    assert rows["QWE"].share == 20_117_647
    assert sum(r.share for r in data.rows) == 114_000_000
    assert data.totals["share"] == 114_000_000


@pytest.mark.django_db
def test_the_api_gives_each_stp_its_share():
    body = Client().get(f"/api/funds/{FUND}/fair-share?level=stp").json()
    items = {i["code"]: i for i in body["items"]}
    assert items["QMF"] == {
        "code": "QMF",
        "name": "North East London",
        "is_place": True,
        "population": 1_900_000,
        "population_note": "~1.9m",
        "population_source": "seed-002",
        "weight": 1.0,
        "share": 25_482_353,
        "bids": 0,
        "asked": 0,
        "recommended": 0,
        "allocated": 0,
    }
    assert body["share_known"] and body["amount"] == 114_000_000
    assert sum(i["share"] for i in body["items"]) == 114_000_000


@pytest.mark.django_db
def test_the_borough_guide_is_unknown_and_says_why():
    data = fair_share_get(FUND, "borough")
    assert len(data.rows) == 33 and all(r.share is None for r in data.rows)
    assert "33 places have no population recorded" in data.guide.reason()
    assert "Hackney" in data.guide.reason()
    page = unescape(Client().get(PAGE + "?level=borough").content.decode())
    assert "No place's fair share is known: the fair-share guide" not in page
    assert "No place's fair share is known: 33 places have no population recorded" in page
    assert "unknown" in page
    body = Client().get(f"/api/funds/{FUND}/fair-share?level=borough").json()
    assert not body["share_known"] and {i["share"] for i in body["items"]} == {None}
    assert len(body["places_without_population"]) == 33


@pytest.mark.django_db
def test_an_unknown_level_is_refused_naming_the_choices():
    page = Client().get(PAGE + "?level=ward")
    assert page.status_code == 400
    text = unescape(page.content.decode())
    assert "There is no fair-share level 'ward'" in text
    assert "stp (Sub-region (STP))" in text and "borough (Borough)" in text
    assert Client().get(REPORT + "?level=ward").status_code == 400
    assert Client().get("/reports/allocations-by-place.xlsx?level=ward").status_code == 400
    assert Client().get(REPORT + "?fund=no-such").status_code == 400
    assert Client().get(PAGE + "?year=1999-00").status_code == 400
    assert Client().get("/funding/funds/no-such/fair-share/").status_code == 404
    api = Client().get(f"/api/funds/{FUND}/fair-share?level=ward")
    assert api.status_code == 422 and api.json()["problems"][0]["field"] == "level"


# ------------------------------------------------------------------ a bid under its place


def _rows(xlsx: bytes) -> dict[str, tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["By place"]
    return {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}


@pytest.mark.django_db
def test_a_bid_allocated_to_nel_shows_under_nel_everywhere():
    # Hackney lies within North East London: its bid counts for NEL.
    make_bid(["E09000012"], asked=1_500_000, allocated=1_000_000)
    make_bid(["QMF"], asked=300_000, recommended=250_000)
    several = make_bid(["QMF", "QMJ"], asked=700_000, allocated=600_000)
    make_bid(["E12000007"], asked=90_000)  # London as a whole
    make_bid(["QRV"], asked=5_000, state=Bid.State.WITHDRAWN)  # not counted as asked
    make_bid(["QRV"], asked=6_000, state=Bid.State.DRAFT)  # has not asked yet

    data = fair_share_get(FUND, "stp")
    rows = {r.code: r for r in data.rows}
    nel = rows["QMF"]
    assert (nel.asked, nel.recommended, nel.allocated, nel.bids) == (
        1_800_000,
        250_000,
        1_000_000,
        2,
    )
    assert rows["QRV"].asked == 0 and rows["QMJ"].allocated == 0
    others = {r.code: r for r in data.others}
    assert (others["several"].asked, others["several"].allocated) == (700_000, 600_000)
    assert others["none"].asked == 90_000
    assert data.totals == {
        "share": 114_000_000,
        "asked": 2_590_000,
        "recommended": 250_000,
        "allocated": 1_600_000,
    }

    page = Client().get(REPORT + "?level=stp")
    assert page.status_code == 200
    html = unescape(page.content.decode())
    nel_row = re.search(
        r"<tr[^>]*>\s*<th[^>]*>(?:<span[^>]*>[^<]*</span>)?North East London.*?</tr>", html, re.S
    ).group(0)
    cells = [c.strip() for c in re.findall(r"</span>([^<]*)</td>", nel_row)]
    assert cells[-4:] == ["2", "£1,800,000", "£250,000", "£1,000,000"]
    assert "£25,482,353" in nel_row and "1,900,000" in nel_row
    assert SEVERAL_NAME in html and "counted once" in html
    # The chart: NEL's allocated bar labelled with its amount, on the page.
    chart = _svg(html, "Fair share, recommended and allocated</h2>")
    assert "£1,000,000" in chart and "£25,482,353" in chart and "North East London" in chart
    bars = place_charts.bar_values(data)
    assert {
        "place": "North East London",
        "series": "Allocated",
        "amount": 1_000_000,
        "text": "£1,000,000",
    } in bars
    assert {
        "place": "North East London",
        "series": "Fair-share guide",
        "amount": 25_482_353,
        "text": "£25,482,353",
    } in bars
    # The map: Hackney, in NEL, coloured by NEL's allocation; Camden (NCL) by nothing.
    table = html[html.index("Boroughs and what was allocated</caption>") :]
    assert re.search(r">Hackney</a></td><td>North East London: £1,000,000</td>", table)
    assert re.search(r">Camden</a></td><td>Nothing allocated</td>", table)

    xlsx = Client().get("/reports/allocations-by-place.xlsx?level=stp")
    assert xlsx.status_code == 200
    sheet = _rows(xlsx.content)
    nel_cells = sheet["North East London"]
    seed_002 = Source.objects.get(key="seed-002").title
    assert nel_cells[1] == 1_900_000 and nel_cells[2] == seed_002
    assert nel_cells[3:] == ("1", 25_482_353, 2, 1_800_000, 250_000, 1_000_000)
    assert sheet[SEVERAL_NAME][-4:] == (1, 700_000, 0, 600_000)
    assert sheet["Total"][-5:] == (114_000_000, 4, 2_590_000, 250_000, 1_600_000)
    assert several.pk


@pytest.mark.django_db
def test_at_borough_level_a_bid_counts_for_its_borough_and_the_map_colours_it():
    make_bid(["E09000012"], asked=1_500_000, allocated=1_000_000, level="borough")
    data = fair_share_get(FUND, "borough")
    assert {r.code: r.allocated for r in data.rows}["E09000012"] == 1_000_000
    boroughs = place_charts.map_rows(data, map_borough_list(data), lambda c: f"/places/{c}/")
    groups = {r["name"]: r["group"] for r in boroughs}
    assert groups["Hackney"] == "£1,000,000 allocated" and groups["Camden"] == "Nothing allocated"


# ------------------------------------------------------------------ the map and the chart


def _svg(page: str, marker: str) -> str:
    start = page.index("<svg", page.index(marker))
    return page[start : page.index("</svg>", start) + 6]


@pytest.mark.django_db
def test_the_map_has_a_labelled_linked_region_for_each_borough():
    make_bid(["E09000012"], asked=10, allocated=10)
    html = Client().get(PAGE + "?level=stp").content.decode()
    svg = _svg(html, "devolution-figure devolution-map")
    links = set(re.findall(r'xlink:href="(/places/[^"/]+/)"', svg))
    boroughs = set(Place.objects.filter(level__key="borough").values_list("code", flat=True))
    assert links == {f"/places/{c}/" for c in boroughs} and len(links) == 33
    named = re.findall(r'<a xlink:href="(/places/[^"]+)"><text', svg)
    assert len(set(named)) == 33  # every borough's name, linking to its page
    labels = {unescape(t) for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg)}
    assert {"Hackney", "Camden", "City", "Westm."} <= labels
    assert "North East London: £10" in labels and "Nothing allocated" in labels  # legend
    # The caption counts what is drawn, in words that fit any partnership's data.
    assert "Map of the 33 local authority areas drawn, each named" in html


def test_the_chart_colours_reach_3_to_1_on_white():
    for _, _, colour in place_charts.SERIES:
        assert contrast(colour, "#ffffff") >= 3, colour
    assert contrast(place_charts.TEXT, "#ffffff") >= 4.5


@pytest.mark.django_db
def test_the_pdf_holds_the_chart_and_the_map():
    from devolution.core.pdfs import pdf_facts

    make_bid(["E09000012"], asked=10, allocated=10)
    pdf = Client().get("/reports/allocations-by-place.pdf?level=stp")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    facts = pdf_facts(pdf.content)
    assert facts.tagged and facts.language == "en-GB"
    assert facts.title == "Allocations by place with the fair-share guide"
    from devolution.funding.reports import places as place_report

    html = place_report.report_html(place_report.drawn(FUND, "stp", None))
    assert html.count("<svg") >= 2 and "North East London: £10" in html


@pytest.mark.django_db
def test_the_figures_take_a_fixed_number_of_queries_however_many_bids():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_bid(["E09000012"], asked=10, allocated=10)
    with CaptureQueriesContext(connection) as one:
        fair_share_get(FUND, "stp")
    for code in ("QMJ", "QRV", "E09000001", "bhr", "E12000007"):
        make_bid([code], asked=20, allocated=5, recommended=5)
    make_bid(["QMJ", "QKK"], asked=30)
    with CaptureQueriesContext(connection) as many:
        data = fair_share_get(FUND, "stp")
    assert len(many) == len(one) <= 10
    # BHR, a named set of boroughs in North East London, counts for it.
    assert {r.code: r.bids for r in data.rows}["QMF"] == 3


@pytest.mark.django_db
def test_a_control_character_in_a_name_is_drawn_as_a_space_not_a_crash():
    # The renderer aborts the whole process on some control characters.
    Place.objects.filter(code="QMF").update(name="North\x01East\x0bLondon")
    make_bid(["QMF"], asked=10, allocated=10)
    from devolution.funding.reports import places as place_report

    d = place_report.drawn(FUND, "stp", None)
    assert "North East London" in d.chart and "North East London: £10" in d.map


@pytest.mark.django_db
def test_a_weight_in_the_data_scales_its_place_share_and_cites_its_source():
    from devolution.funding.models import FairShareBasis, FairShareWeight

    basis = FairShareBasis.objects.get(fund__key=FUND, level__key="stp")
    seed_002 = Source.objects.get(key="seed-002")
    FairShareWeight.objects.create(
        basis=basis,
        place=Place.objects.get(code="QMF"),
        weight=Decimal(2),
        source=seed_002,
        quote="a test's weight",
    )
    data = fair_share_get(FUND, "stp")
    rows = {r.code: r for r in data.rows}
    # NEL counts 3.8m of 10.4m weighted people: 114m x 3.8 / 10.4 = 41,653,846.15.
    assert rows["QMF"].weight == 2 and rows["QMF"].share == 41_653_846
    assert rows["QMF"].weight_source == seed_002.title
    assert sum(r.share for r in data.rows) == 114_000_000


@pytest.mark.django_db
def test_the_reports_index_offers_the_report_in_three_formats():
    html = unescape(Client().get("/reports/").content.decode())
    at = html.index("Allocations by place with the fair-share guide")
    listed = html[at : at + 2000]
    for href in (REPORT, "/reports/allocations-by-place.pdf", "/reports/allocations-by-place.xlsx"):
        assert f'href="{href}' in listed


@pytest.mark.django_db
def test_more_amounts_than_colours_are_coloured_in_bands_and_listed_exactly():
    boroughs = list(
        Place.objects.filter(level__key="borough").order_by("code").values_list("code", flat=True)
    )[:8]
    for n, code in enumerate(boroughs, start=1):
        make_bid([code], asked=n * 1000, allocated=n * 1000, level="borough")
    data = fair_share_get(FUND, "borough")
    rows = place_charts.map_rows(data, map_borough_list(data), lambda c: f"/places/{c}/")
    groups = {r["group"] for r in rows} - {place_charts.NOTHING}
    assert len(groups) <= len(PALETTE) - 1
    assert "£1,000 to £2,000" in groups or "£1,000 to £1,000" in groups
    texts = {r["text"] for r in rows}
    assert {f"£{n},000 allocated" for n in range(1, 9)} <= texts  # each exact beside the map
