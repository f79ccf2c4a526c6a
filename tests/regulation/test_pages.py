"""The regulation pages and API with the demo register: a trust's consolidated calendar
shows every return due to each regulator and flags the data items asked for twice (issue
15's second done-when), as a page, an iCalendar feed and a spreadsheet; the register, its
import (all or nothing) and the duplicates page; the demo register marked everywhere."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from icalendar import Calendar
from openpyxl import load_workbook

from devolution.regulation.demo import demo_regulation_fill
from devolution.regulation.models import DataItem, Return
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

TRUST = "trust-barts-health"
YEAR = "?from=2018-04-01&to=2019-03-31"


@pytest.fixture
def demo():
    demo_regulation_fill()


def test_london_loads_no_return_and_the_pages_say_so_and_invite_an_import(client, secretariat):
    assert not Return.objects.exists()
    page = client.get("/regulation/returns/").content.decode()
    assert "The register is empty: the seeds name no return" in page
    assert "Demo data, invented" not in page
    assert (
        "import a register" in signed_in(secretariat).get("/regulation/returns/").content.decode()
    )
    calendar = client.get(f"/regulation/calendars/{TRUST}/").content.decode()
    assert "No return in the register is due" in calendar


def test_the_demo_register_is_invented_marked_and_made_once(client, demo):
    assert Return.objects.count() == 6 and all(r.is_demo for r in Return.objects.all())
    assert demo_regulation_fill() == [
        "Regulation demo: the invented demo returns are already there."
    ]
    for page in (
        "/regulation/",
        "/regulation/returns/",
        "/regulation/returns/demo-cqc-safe-staffing/",
        "/regulation/duplicates/",
        "/regulation/calendars/",
        f"/regulation/calendars/{TRUST}/",
    ):
        assert "Demo data, invented" in client.get(page).content.decode(), page
    export = client.get("/regulation/returns/export.csv").content.decode()
    assert export.count(',"Demo data, invented"\r\n') == 6


def test_a_trusts_calendar_shows_every_return_to_each_regulator_and_flags_items_asked_twice(
    client, demo
):
    data = client.get(f"/api/regulation/calendars/{TRUST}{YEAR}&limit=100").json()
    entries = data["entries"]
    assert {e["regulator"] for e in entries} == {"nhs-england", "nhs-improvement", "cqc"}
    # 12 monthly NHSE, 12 monthly NHSI, 4 quarterly NHSI, 1 annual CQC, 4 quarterly CQC.
    assert len(entries) == 33
    assert [e["due"] for e in entries] == sorted(e["due"] for e in entries)
    assert entries[0] == {
        **entries[0],
        "due": "2018-04-10",
        "return_key": "demo-nhsi-finance-monthly",
    }
    twice = {(e["return_key"], key) for e in entries for key in e["asked_twice"]}
    assert ("demo-nhse-performance-monthly", "ae-four-hour") in twice
    assert ("demo-cqc-safe-staffing", "safe-staffing") in twice
    assert ("demo-nhsi-finance-monthly", "cash-balance") not in twice
    items = {i["key"]: i for i in data["items"]}
    assert items["ae-four-hour"]["regulators"] == ["NHS England", "NHS Improvement"]
    assert items["safe-staffing"]["regulators"] == ["Care Quality Commission", "NHS Improvement"]
    assert not items["cash-balance"]["duplicate"]
    # Serious incidents and agency spend are asked twice, but each by one regulator.
    assert set(data["duplicate_items"]) == {
        "ae-four-hour",
        "rtt-18-weeks",
        "staff-sickness",
        "safe-staffing",
    }
    assert [c["regulator"] for c in data["regulated_by"]] == [
        "nhs-england",
        "nhs-improvement",
        "cqc",
    ]

    # The page shows the year a month at a time: each month's page flags the items of the
    # returns due that month, and together they hold every entry.
    for month in range(1, 13):
        year = 2018 if month >= 4 else 2019
        due = [e for e in entries if e["due"].startswith(f"{year}-{month:02d}")]
        page = client.get(
            f"/regulation/calendars/{TRUST}/{YEAR}&month={year}-{month:02d}"
        ).content.decode()
        assert f"{len(due)} return{'s' if len(due) != 1 else ''} due in" in page
        assert page.count('nhsuk-tag--orange">Asked twice</strong>') == sum(
            len(e["asked_twice"]) for e in due
        )
    page = client.get(f"/regulation/calendars/{TRUST}/{YEAR}").content.decode()
    assert page.index("10 April 2018") < page.index("15 April 2018")
    assert (
        "(for providers of specialised services and other directly commissioned NHS England "
        "services)" in page
    )


def test_the_calendar_feed_parses_back_with_an_event_for_each_return_due(client, demo):
    response = client.get(f"/regulation/calendars/{TRUST}.ics{YEAR}")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert len(events) == 33
    first = events[0]
    assert first.decoded("DTSTART") == dt.date(2018, 4, 10)
    assert "NHS Improvement" in str(first["SUMMARY"])
    assert "Invented demo data" in str(first["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events}) == 33
    assert any("also asked by" in str(e["DESCRIPTION"]) for e in events)


def test_the_calendar_spreadsheet_and_pdf_hold_the_same_returns(client, demo):
    book = load_workbook(BytesIO(client.get(f"/regulation/calendars/{TRUST}.xlsx{YEAR}").content))
    rows = list(book["Calendar"].iter_rows(values_only=True))
    assert len(rows) == 34 and rows[0][0] == "Due"
    assert rows[1][2].startswith("Invented demo data: ")
    assert (
        client.get(f"/regulation/calendars/{TRUST}.pdf{YEAR}")["Content-Type"] == "application/pdf"
    )


def test_a_bad_range_is_refused_naming_the_field(client, demo):
    response = client.get(f"/api/regulation/calendars/{TRUST}?from=2019-01-01&to=2018-01-01")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "to"
    response = client.get(f"/api/regulation/calendars/{TRUST}?from=soon")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "from"
    page = client.get(f"/regulation/calendars/{TRUST}/?from=2018-01-01&to=2025-01-01")
    assert page.status_code == 400
    assert "A calendar covers at most three years" in page.content.decode()
    assert client.get("/api/regulation/calendars/no-such-body").status_code == 404


def test_the_duplicates_page_lists_each_item_with_its_regulators_and_returns(client, demo):
    found = {d["item"]["key"]: d for d in client.get("/api/regulation/duplicates").json()["items"]}
    assert found["ae-four-hour"]["regulators"] == ["NHS England", "NHS Improvement"]
    assert "cash-balance" not in found
    page = client.get("/regulation/duplicates/").content.decode()
    assert "Care Quality Commission: Provider information request (demo)" in page
    # The returns' own source is cited, on the page and in the calendar's.
    # Items are named in words; their keys are for the API and the import, not the page.
    assert ">ae-four-hour<" not in page and ">Key<" not in page
    sources = page[page.index(">Sources</h") :]
    assert "Demo data, invented to show the regulation pages" in sources
    calendar = load_workbook(
        BytesIO(client.get("/regulation/calendars/trust-barts-health.xlsx").content)
    )
    cited = [c for row in calendar["Sources"].iter_rows(values_only=True) for c in row if c]
    assert any("Demo data, invented to show the regulation pages" in str(c) for c in cited)
    book = load_workbook(BytesIO(client.get("/regulation/duplicates.xlsx").content))
    assert len(list(book["Asked twice"].iter_rows())) == len(found) + 1


def test_the_matrix_and_register_as_json(client, demo):
    matrix = client.get("/api/regulation/matrix").json()
    cqc = next(r for r in matrix["regulators"] if r["regulator"] == "cqc")
    assert [c["covered"] for c in cqc["activities"]] == [True, False, False, True, True]
    returns = client.get("/api/regulation/returns?limit=2").json()
    assert returns["count"] == 6 and len(returns["items"]) == 2
    one = client.get("/api/regulation/returns/demo-cqc-provider-information").json()
    assert one["due"] == "Due each year on 30 June" and one["is_demo"]
    assert client.get("/api/regulation/returns/nothing").status_code == 404
    assert client.get("/api/regulation/timeline").json()["count"] >= 12
    bodies = client.get("/api/regulation/matrix?table=body").json()
    assert bodies["activities"] == [] and len(bodies["bodies"]) == 5
    refused = client.get("/api/regulation/matrix?table=rows")
    assert refused.status_code == 422 and refused.json()["problems"][0]["field"] == "table"


GOOD = (
    "key,name,regulator,frequency,due_rule,due_day,months_after,due_month,due_dates,items,"
    "submitted_by,note\n"
    "ae-monthly,A&E monthly,NHS England,monthly,after_period,15,1,,,"
    "ae: A&E four hours; beds: Beds,nhs_trust; foundation_trust,\n"
    "finance,Finance,nhs-improvement,quarterly,after_period,31,1,,,ae; cash: Cash,nhs_trust,"
    "Working day 15\n"
)


def test_an_import_stores_all_then_changes_nothing_the_second_time(client, secretariat):
    api = signed_in(secretariat)
    first = api.post(
        "/api/regulation/returns/import", {"file": SimpleUploadedFile("r.csv", GOOD.encode())}
    )
    assert first.status_code == 200, first.content
    assert first.json()["created"] == ["ae-monthly", "finance"]
    assert set(DataItem.objects.values_list("key", flat=True)) == {"ae", "beds", "cash"}
    again = api.post(
        "/api/regulation/returns/import", {"file": SimpleUploadedFile("r.csv", GOOD.encode())}
    )
    assert again.json()["unchanged"] == 2 and not again.json()["updated"]
    found = {d["item"]["key"] for d in client.get("/api/regulation/duplicates").json()["items"]}
    assert found == {"ae"}


def test_a_bad_import_stores_nothing_and_names_each_row_and_column(secretariat):
    bad = GOOD + (
        "finance,Again,cqc,monthly,after_period,15,1,,,,nhs_trust,\n"
        "x,X,Monitor,weekly,after_period,40,1,,,new-item,hospital,\n"
    )
    page = signed_in(secretariat).post(
        "/regulation/returns/import/", {"file": SimpleUploadedFile("r.csv", bad.encode())}
    )
    assert page.status_code == 400
    text = page.content.decode()
    for expected in (
        "Row 4, column &#39;key&#39;: the key &#39;finance&#39; is also on row 3",
        "Row 5, column &#39;regulator&#39;",
        "Row 5, column &#39;due_day&#39;",
        "Row 5, column &#39;submitted_by&#39;",
    ):
        assert expected in text, expected
    assert not Return.objects.exists() and not DataItem.objects.exists()


def test_only_the_secretariat_imports(client, alice):
    file = SimpleUploadedFile("r.csv", GOOD.encode())
    assert (
        signed_in(alice).post("/api/regulation/returns/import", {"file": file}).status_code == 403
    )
    assert signed_in(alice).get("/regulation/returns/import/").status_code == 403
    assert client.get("/regulation/returns/import/").status_code == 302
    assert not Return.objects.exists()
