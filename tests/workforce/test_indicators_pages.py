"""The indicator pages and API: the seeds' figures with their quotes, the rates and their
definitions, filters, the board's aggregate by STP (rate-only rows left out and counted),
the demonstration notice, and the API's filters and refusals."""

import datetime as dt
from decimal import Decimal

import pytest

from devolution.workforce.demo import demo_indicators_fill
from devolution.workforce.models import Indicator
from devolution.workforce.selectors.indicators import Filters, board, latest_pay_bills
from devolution.workforce.transfer import indicators_import

pytestmark = pytest.mark.django_db

CSV = (
    "organisation,period_end,staff_in_post,vacancies,leavers,pay_bill\n"
    "trust-hillingdon-hospitals,2017-06-30,90,10,9,100000000\n"
    "trust-beh-mental-health,2017-06-30,450,450,45,\n"
    "trust-royal-free,2017-06-30,,,,\n"
)


@pytest.fixture
def figures(secretariat):
    indicators_import(actor=secretariat, content=CSV.encode(), filename="f.csv")
    Indicator.objects.filter(organisation__key="trust-royal-free").update(vacancy_rate=Decimal(30))


def test_list_shows_the_seed_figures_with_quotes_and_unknowns(client):
    page = client.get("/workforce/indicators/").content.decode()
    assert "24% of Healthcare Assistant positions in primary care are vacant" in page
    assert "24.00%" in page or "24%" in page
    assert "(as given)" in page
    assert "Vacancy rate = vacancies ÷ (staff in post + vacancies)" in page
    assert "unknown" in page
    assert "Demonstration figures, invented" not in page


def test_list_filters_by_stp_and_worked_out_rates(client, figures):
    nwl = client.get("/workforce/indicators/?stp=stp-nwl").content.decode()
    assert "Hillingdon" in nwl and "Healthcare Assistant" not in nwl
    assert "10.0%" in nwl and "(worked out)" in nwl
    bad = client.get("/workforce/indicators/?stp=nowhere")
    assert bad.status_code == 400


def test_organisation_page_over_time(client, figures):
    page = client.get("/workforce/indicators/organisation/trust-hillingdon-hospitals/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "30 June 2017" in text and "£100,000,000" in text
    assert client.get("/workforce/indicators/organisation/nobody/").status_code == 404


def test_board_aggregates_counts_by_stp_and_counts_rate_only_rows(figures):
    result = board(Filters())
    [overall] = result.overall
    # (10 + 450) / (100 + 900): summed counts, not the mean of 10% and 50%.
    assert overall.result.vacancy_rate.value == Decimal("46.0")
    assert result.rate_only == 1  # Royal Free: a rate without counts
    by_stp = {p.group: p.result.vacancy_rate.value for p in result.by_stp}
    assert by_stp["North West London STP"] == Decimal("10.0")
    assert by_stp["North Central London STP"] == Decimal("50.0")


def test_board_page_has_charts_and_tables_and_says_what_is_left_out(client, figures):
    page = client.get("/workforce/indicators/board/").content.decode()
    assert page.count("<svg") >= 2
    assert "46.0%" in page and "North West London STP" in page
    assert "1 row</strong> giving only a rate" in page
    pdf = client.get("/workforce/indicators/board.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get("/workforce/indicators/board.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_demo_fill_is_marked_invented_and_gives_pay_bills(client):
    demo_indicators_fill()
    assert demo_indicators_fill() == [
        "Workforce demo: the invented demonstration figures are already there."
    ]
    rows = Indicator.objects.filter(is_demo=True)
    assert rows.count() == 7 * 8
    assert all("invented" in r.note for r in rows)
    page = client.get("/workforce/indicators/").content.decode()
    assert "Demonstration figures, invented" in page
    board_page = client.get("/workforce/indicators/board/").content.decode()
    assert "Demonstration figures, invented" in board_page
    ids = list(rows.values_list("organisation_id", flat=True).distinct())
    bills = latest_pay_bills(ids, dt.date(2018, 3, 31))
    assert len(bills) == 7 and all(b.period_end == dt.date(2018, 3, 31) for b in bills.values())


def test_api_lists_filters_and_refuses_unknown_filters(client, figures):
    body = client.get("/api/workforce/indicators?stp=stp-nwl").json()
    assert body["count"] == 1
    [row] = body["items"]
    assert row["organisation"] == "trust-hillingdon-hospitals"
    assert row["vacancy_rate"] == {"value": "10.0", "how": "worked out"}
    lewisham = client.get(
        "/api/workforce/indicators?staff_group=Healthcare assistants in primary care"
    ).json()
    assert lewisham["items"][0]["vacancy_rate"] == {"value": "24.00", "how": "as given"}
    assert lewisham["items"][0]["period_end"] is None
    refused = client.get("/api/workforce/indicators?stp=nowhere")
    assert refused.status_code == 422 and "stp" in refused.content.decode()


def test_api_stp_aggregates_and_organisation(client, figures):
    body = client.get("/api/workforce/indicators/stp").json()
    assert body["rate_only"] == 1
    assert body["overall"][0]["vacancy_rate"] == "46.0"
    mine = client.get("/api/workforce/indicators/organisation/trust-beh-mental-health").json()
    assert mine["name"] and mine["indicators"][0]["vacancies"] == "450.00"
    assert client.get("/api/workforce/indicators/organisation/nobody").status_code == 404


def test_api_import_refuses_another_organisations_row_naming_it(client, barts_member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(barts_member)
    upload = SimpleUploadedFile(
        "w.csv", b"organisation,period_end,staff_in_post\ntrust-royal-free,2018-03-31,5\n"
    )
    response = client.post("/api/workforce/indicators/import", {"file": upload})
    assert response.status_code == 400
    body = response.json()
    assert [(p["row"], p["field"]) for p in body["problems"]] == [(2, "organisation")]
    assert not Indicator.objects.filter(organisation__key="trust-royal-free").exists()


def test_import_page_lists_every_problem_and_stores_nothing(client, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretariat)
    upload = SimpleUploadedFile(
        "w.csv", b"organisation,period_end,staff_in_post\nR1H,2018-03-31,5\nR1H,31/03/2018,x\n"
    )
    response = client.post("/workforce/indicators/import/", {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was imported: the file has 2 problems" in text
    assert "Row 3, column &#39;period_end&#39;: &#39;31/03/2018&#39; is not a date" in text
    assert text.count("Error: ") == 1  # the title's, once
    assert not Indicator.objects.filter(period_end="2018-03-31").exists()


def test_an_organisations_counts_and_age_shares_show_as_written_never_in_exponent_form(
    client, secretariat
):
    # Whole hundreds and thousands stored as decimals normalise to 9E+2 and 1.39E+3.
    csv = (
        "organisation,period_end,staff_in_post,vacancies,leavers,aged_60_and_over\n"
        "trust-barts-health,2017-06-30,9420.00,1390,900,20\n"
    )
    indicators_import(actor=secretariat, content=csv.encode(), filename="f.csv")
    page = client.get("/workforce/indicators/organisation/trust-barts-health/").content.decode()
    assert "9,420" in page and "1,390" in page and ">900<" in page
    assert "60 and over: 20%" in page
    assert "E+" not in page
