"""The funds (SPEC §10; issue 13 points 1, 8 and 9): London's transformation funding with
its year and categories, the national and Greater Manchester figures as context, each
cited; amounts no source gives shown as unknown, never £0; each category's running
position; the secretariat's form for a category's amount, never below what is
allocated; and the fund position report as a page, a PDF and a spreadsheet."""

import re
from html import unescape
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from devolution.core.models import AuditEvent, Source
from devolution.funding.models import Category, CategoryYear, Fund
from devolution.funding.selectors.funds import fund_get, fund_position
from tests.conftest import signed_in
from tests.funding.conftest_funds import FUND, allocations, category_year  # noqa: F401

pytestmark = pytest.mark.django_db

DETAIL = f"/funding/funds/{FUND}/"
CATEGORIES = ("Contracts already issued", "Purpose already defined", "Unallocated")


def words(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def edit_url(category: str = "unallocated", year: str = "2018-19") -> str:
    return f"/funding/funds/{FUND}/{category}/{year}/amount/"


def version(key: str = "unallocated") -> int:
    return Category.objects.get(fund__key=FUND, key=key).version


# ------------------------------------------------------------------ the funds page


def test_the_funds_page_shows_londons_funding_its_year_and_categories_and_the_context():
    text = words(Client().get("/funding/").content.decode())
    assert "London transformation funding" in text
    assert "The whole fund in 2018-19 Available £114,000,000" in text
    assert '"£114 million in 2018-2019"' in text.replace("“", '"').replace("”", '"')
    for name in CATEGORIES:
        # No source gives a category's amount: unknown, never £0.
        assert (
            f"{name} Available unknown Recommended £0 Allocated £0 Spent to date £0 Left unknown"
            in text
        )
    # The national fund and Greater Manchester's share, each quoted from its source.
    assert "Sustainability and Transformation Fund (national) £2,100,000,000" in text
    assert "NHS England were allocated £2.1bn to invest in" in text
    assert "Greater Manchester's fair share of transformation funding £450,000,000" in text
    assert "A direct allocation of £450m has been made to Greater Manchester" in text
    assert text.count("Source: Integration: Technical pack (December 2017)") == 2


def test_an_amount_no_source_gives_is_unknown_never_nought():
    text = words(Client().get(DETAIL).content.decode())
    assert "Over all its years unknown" in text
    assert "Available £0" not in text
    assert "Left £0" not in text


def test_each_category_shows_its_restrictions_and_its_running_position(allocations):  # noqa: F811
    text = words(Client().get(DETAIL).content.decode())
    assert "Restrictions: Already committed under contracts issued: not open to bids." in text
    # Unallocated: £5m allocated, of which £3m reported spent (the latest report, not the
    # sum of reports), £2m recommended to NHS England; its amount still unknown.
    assert (
        "2018-19 Available unknown Recommended £2,000,000 Allocated £5,000,000 "
        "Spent to date £3,000,000 Left unknown"
    ) in text


def test_the_position_selector_reads_available_recommended_allocated_spent_and_left(
    allocations,  # noqa: F811
):
    CategoryYear.objects.filter(pk=category_year("unallocated").pk).update(amount=12_000_000)
    position = fund_position(fund_get(FUND))
    unallocated = next(c for c in position.categories if c.category.key == "unallocated")
    p = unallocated.years[0].position
    assert (p.amount, p.recommended, p.allocated, p.spent, p.left) == (
        12_000_000,
        2_000_000,
        5_000_000,
        3_000_000,
        7_000_000,
    )
    assert unallocated.amount == 12_000_000
    contracts = next(c for c in position.categories if c.category.key == "contracts-already-issued")
    assert contracts.amount is None
    assert contracts.years[0].position.left is None
    whole = position.years[0].position
    assert (whole.amount, whole.recommended, whole.spent) == (114_000_000, 2_000_000, 3_000_000)


def test_an_unknown_fund_is_not_found():
    assert Client().get("/funding/funds/no-such-fund/").status_code == 404


# ------------------------------------------------------------------ recording an amount


def test_the_secretariat_records_a_categorys_amount_cited_to_a_source(secretariat):
    client = signed_in(secretariat)
    page = client.get(edit_url())
    assert page.status_code == 200
    assert "Record the amount of Unallocated in 2018-19" in words(page.content.decode())
    seed = Source.objects.get(key="seed-002")
    response = client.post(
        edit_url(),
        {
            "version": version(),
            "amount": "12000000",
            "amount_note": "£12 million",
            "source": seed.pk,
            "quote": "£12 million unallocated",
        },
    )
    assert response.status_code == 302
    cy = category_year("unallocated")
    assert (cy.amount, cy.amount_note, cy.source, cy.quote) == (
        12_000_000,
        "£12 million",
        seed,
        "£12 million unallocated",
    )
    assert version() == 2
    event = AuditEvent.objects.filter(action="fund.category_year.amount").last()
    assert (event.before["amount"], event.after["amount"]) == (None, 12_000_000)
    assert event.actor == secretariat
    text = words(client.get(DETAIL).content.decode())
    assert "2018-19 Record the amount of Unallocated in 2018-19 Available £12,000,000" in text


def test_an_amount_entered_without_a_source_is_marked_as_entered_by_staff(secretariat):
    response = signed_in(secretariat).post(
        edit_url("purpose-already-defined"),
        {"version": version("purpose-already-defined"), "amount": "30000000", "source": ""},
    )
    assert response.status_code == 302
    cy = category_year("purpose-already-defined")
    assert cy.amount == 30_000_000
    assert cy.source.kind == Source.Kind.ENTERED
    assert cy.quote == ""


def test_a_cited_source_needs_its_words(secretariat):
    seed = Source.objects.get(key="seed-002")
    response = signed_in(secretariat).post(
        edit_url(), {"version": version(), "amount": "1000", "source": seed.pk, "quote": " "}
    )
    assert response.status_code == 400
    assert "Give the source's words that state the amount" in words(response.content.decode())
    assert category_year("unallocated").amount is None


def test_an_amount_below_what_is_allocated_is_refused_with_the_figures(
    secretariat,
    allocations,  # noqa: F811
):
    response = signed_in(secretariat).post(
        edit_url(), {"version": version(), "amount": "4000000", "source": ""}
    )
    assert response.status_code == 409
    text = words(response.content.decode())
    assert (
        "Unallocated (London transformation funding) 2018-19 cannot be set to £4,000,000: "
        "£5,000,000 is already allocated from it. Record at least £5,000,000."
    ) in text
    cy = category_year("unallocated")
    assert (cy.amount, version()) == (None, 1)
    # Exactly what is allocated is allowed.
    ok = signed_in(secretariat).post(
        edit_url(), {"version": version(), "amount": "5000000", "source": ""}
    )
    assert ok.status_code == 302
    assert category_year("unallocated").amount == 5_000_000


def test_the_categories_of_a_year_cannot_hold_more_than_the_fund_has_that_year(secretariat):
    client = signed_in(secretariat)
    for key, amount in [
        ("contracts-already-issued", "100000000"),
        ("purpose-already-defined", "10000000"),
    ]:
        assert (
            client.post(
                edit_url(key), {"version": version(key), "amount": amount, "source": ""}
            ).status_code
            == 302
        )
    response = client.post(edit_url(), {"version": version(), "amount": "4000001", "source": ""})
    assert response.status_code == 409
    assert (
        "London transformation funding has £114,000,000 in 2018-19: with this amount its "
        "categories would hold £114,000,001, £1 more than the fund has."
    ) in words(response.content.decode())
    assert category_year("unallocated").amount is None


def test_a_stale_amount_form_is_refused_and_nothing_is_overwritten(secretariat):
    client = signed_in(secretariat)
    assert (
        client.post(edit_url(), {"version": 1, "amount": "7000000", "source": ""}).status_code
        == 302
    )
    response = client.post(edit_url(), {"version": 1, "amount": "9000000", "source": ""})
    assert response.status_code == 409
    assert "Someone else changed Unallocated" in words(response.content.decode())
    assert category_year("unallocated").amount == 7_000_000


@pytest.mark.parametrize("amount", ["", "-1", "twelve", "1.5", "99999999999999"])
def test_a_bad_amount_is_refused_beside_its_field(secretariat, amount):
    response = signed_in(secretariat).post(edit_url(), {"version": 1, "amount": amount})
    assert response.status_code == 400
    assert 'id="id_amount-error"' in response.content.decode()
    assert category_year("unallocated").amount is None


@pytest.mark.parametrize("persona", ["alice", "bob", "reader"])
def test_only_the_secretariat_records_an_amount(persona, request):
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(edit_url()).status_code == 403
    assert client.post(edit_url(), {"version": 1, "amount": "1", "source": ""}).status_code == 403
    assert category_year("unallocated").amount is None
    assert "/amount/" not in client.get(DETAIL).content.decode()
    assert Client().get(edit_url()).status_code == 302


def test_recording_an_amount_without_the_csrf_token_is_refused(secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    response = client.post(edit_url(), {"version": 1, "amount": "1", "source": ""})
    assert response.status_code == 403
    assert category_year("unallocated").amount is None


# ------------------------------------------------------------------ the report


def test_the_fund_position_report_as_a_page_a_spreadsheet_and_a_pdf(allocations):  # noqa: F811
    page = words(Client().get("/reports/fund-position/").content.decode())
    assert "Fund position by category: London transformation funding" in page
    assert (
        "Unallocated Restrictions Not yet allocated to any purpose" in page
        and "Available unknown Recommended £2,000,000 Allocated £5,000,000 "
        "Spent to date £3,000,000 Left unknown"
        in page
    )
    assert "The whole fund Restrictions \N{EN DASH} Available £114,000,000" in page

    book = load_workbook(BytesIO(Client().get("/reports/fund-position.xlsx").content))
    rows = list(book["Position"].iter_rows(values_only=True))
    assert rows[0] == (
        "Financial year",
        "Category",
        "Restrictions",
        "Available",
        "Recommended",
        "Allocated",
        "Spent to date",
        "Left",
    )
    by_category = {r[1]: r for r in rows[1:]}
    assert by_category["Unallocated"][3:] == (
        "unknown",
        "£2,000,000",
        "£5,000,000",
        "£3,000,000",
        "unknown",
    )
    assert by_category["The whole fund"][3] == "£114,000,000"
    assert {r[0] for r in rows[1:]} == {"Financial year 2018-19"}

    pdf = Client().get("/reports/fund-position.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = re.sub(
        r"\s+", "", " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    )
    for phrase in (
        "Contractsalreadyissued",
        "£2,000,000",
        "£5,000,000",
        "£3,000,000",
        "£114,000,000",
        "unknown",
    ):
        assert phrase in text


@pytest.mark.parametrize("fund", ["no-such-fund", "greater-manchester-fair-share"])
def test_the_report_of_a_fund_the_partnership_does_not_allocate_is_a_400(fund):
    for suffix in ("/", ".pdf", ".xlsx"):
        response = Client().get(f"/reports/fund-position{suffix}?fund={fund}")
        assert response.status_code == 400
    assert "is not a fund this partnership allocates" in words(response.content.decode())


def test_the_report_chooses_its_fund_by_key():
    Fund.objects.filter(key=FUND).update(name="London's fund")
    text = words(Client().get(f"/reports/fund-position/?fund={FUND}").content.decode())
    assert "Fund position by category: London's fund" in text


def test_the_reports_index_offers_both_reports_in_every_format():
    html = Client().get("/reports/").content.decode()
    for href in (
        "/reports/fund-position/",
        "/reports/fund-position.pdf",
        "/reports/fund-position.xlsx",
        "/reports/partner-contributions/",
        "/reports/partner-contributions.pdf",
        "/reports/partner-contributions.xlsx",
    ):
        assert f'href="{href}"' in html
    assert "Fund position by category" in words(html)


# ------------------------------------------------------------------ queries (QUALITY P4)

PAGES = (
    "/funding/",
    DETAIL,
    "/funding/contributions/",
    "/reports/fund-position/",
    "/reports/partner-contributions/",
    "/api/funds",
    f"/api/funds/{FUND}",
    "/api/contributions",
)


def _queries(client) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_the_pages_read_a_fixed_number_of_queries_whatever_their_rows(secretariat):
    from devolution.funding.models import Contribution, ContributionYear

    client = signed_in(secretariat)
    before = _queries(client)
    fund = Fund.objects.get(key=FUND)
    for n in range(3):
        category = Category.objects.create(
            fund=fund, key=f"more-{n}", name=f"More {n}", order=10 + n, source=fund.source
        )
        for year in ("2018-19", "2019-20"):
            CategoryYear.objects.create(category=category, year=year)
    year = ContributionYear.objects.get(year="2017-18")
    for n in range(5):
        Contribution.objects.create(
            year=year, key=f"more-{n}", order=10 + n, partner=f"P{n}", amount=n, source=year.source
        )
    after = _queries(client)
    assert after == before
    assert max(after.values()) <= 15
