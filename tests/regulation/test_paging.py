"""The regulation lists a page at a time (QUALITY P3, P4): a trust's calendar shown a month
(and a page of entries) at a time, the API's calendar by limit and offset, the data items
asked twice found in SQL a page at a time; each agreeing with the whole-register rules
(rules/calendar.py), which the documents still use."""

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader

from devolution.bench.england_regulation import regulation_grow
from devolution.core.models import Source
from devolution.partners.models import Organisation
from devolution.regulation import selectors
from devolution.regulation.demo import demo_regulation_fill
from devolution.regulation.reports import calendar_print_report
from devolution.regulation.views.calendars import ENTRIES_PER_PAGE
from devolution.regulation.views.duplicates import PAGE_SIZE
from devolution.regulation.views.register import PAGE_SIZE as RETURNS_PER_PAGE

pytestmark = pytest.mark.django_db

TRUST = "trust-barts-health"
YEAR = "?from=2018-04-01&to=2019-03-31"


@pytest.fixture
def demo():
    demo_regulation_fill()


@pytest.fixture
def england(demo):
    Source.objects.get_or_create(key="bench-synthetic", defaults={"title": "Synthetic"})
    regulation_grow()


def test_the_calendar_page_shows_one_month_with_links_to_the_others(client, demo):
    page = client.get(f"/regulation/calendars/{TRUST}/{YEAR}&month=2018-06").content.decode()
    assert "Returns due in June 2018, in date order" in page
    # June's returns, none of May's or July's.
    assert "15 June 2018" in page and "15 May 2018" not in page and "15 July 2018" not in page
    assert '<strong aria-current="page">June 2018</strong>' in page
    assert 'href="?from=2018-04-01&amp;to=2019-03-31&amp;month=2018-05"' in page
    assert 'href="?from=2018-04-01&amp;to=2019-03-31&amp;month=2018-07"' in page
    assert "Previous month" in page and "Next month" in page
    # By default the range's first month, with no month before it.
    first = client.get(f"/regulation/calendars/{TRUST}/{YEAR}").content.decode()
    assert "Returns due in April 2018" in first and "Previous month" not in first


@pytest.mark.parametrize(
    ("month", "message"),
    [("June", "Give the month as year-month"), ("2020-01", "one of the calendar&#39;s dates")],
)
def test_a_bad_or_distant_month_is_refused(client, demo, month, message):
    response = client.get(f"/regulation/calendars/{TRUST}/{YEAR}&month={month}")
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "The first month is shown." in page
    assert "Returns due in April 2018" in page


def test_a_long_month_is_shown_a_page_of_entries_at_a_time(client, england):
    url = f"/regulation/calendars/{TRUST}/{YEAR}&month=2018-06"
    first = client.get(url).content.decode()
    due = [
        e
        for e in selectors.organisation_calendar(
            Organisation.objects.get(key=TRUST), dt.date(2018, 6, 1), dt.date(2018, 6, 30)
        ).entries
    ]
    assert len(due) > ENTRIES_PER_PAGE
    pages = -(-len(due) // ENTRIES_PER_PAGE)
    assert f"{len(due)} returns due in June 2018, page 1 of {pages}" in first
    second = client.get(url + "&page=2").content.decode()
    assert f"page 2 of {pages}" in second
    # The second page starts where the first ended, in date order.
    assert f">{due[ENTRIES_PER_PAGE].ret.name}</a>" in second


def test_the_api_calendar_is_read_a_part_at_a_time_and_agrees_with_the_whole(client, england):
    whole = selectors.organisation_calendar(
        Organisation.objects.get(key=TRUST), dt.date(2018, 4, 1), dt.date(2019, 3, 31)
    ).entries
    data = client.get(f"/api/regulation/calendars/{TRUST}{YEAR}&limit=30&offset=60").json()
    assert data["count"] == len(whole)
    assert [(e["due"], e["return_key"]) for e in data["entries"]] == [
        (e.due.isoformat(), e.ret.key) for e in whole[60:90]
    ]
    for got, expected in zip(data["entries"], whole[60:90], strict=True):
        assert got["items"] == [i.item.key for i in expected.items]
        assert got["asked_twice"] == [i.item.key for i in expected.items if i.duplicate]
    default = client.get(f"/api/regulation/calendars/{TRUST}{YEAR}").json()
    assert len(default["entries"]) == 20
    refused = client.get(f"/api/regulation/calendars/{TRUST}{YEAR}&limit=0")
    assert refused.status_code == 422


def test_the_items_asked_twice_found_in_sql_are_the_rules_own(client, england):
    expected = selectors.register_duplicates()
    pages = selectors.DuplicatePages()
    assert pages.count() == len(expected) > PAGE_SIZE
    assert pages[0 : len(expected)] == expected
    data = client.get("/api/regulation/duplicates?limit=10&offset=20").json()
    assert data["count"] == len(expected)
    assert [d["item"]["key"] for d in data["items"]] == [d.item.key for d in expected[20:30]]
    assert data["items"][0]["returns"] == [a.__dict__ for a in expected[20].askers]


def test_the_duplicates_page_is_paged(client, england):
    total = len(selectors.register_duplicates())
    pages = -(-total // PAGE_SIZE)
    first = client.get("/regulation/duplicates/").content.decode()
    assert f"{total} data items, page 1 of {pages}" in first
    last = client.get(f"/regulation/duplicates/?page={pages}").content.decode()
    assert f"page {pages} of {pages}" in last
    name = selectors.register_duplicates()[-1].item.name
    assert f"<td>{name}</td>" in last or f">{name}<" in last
    assert f">{name}<" not in first


def test_a_returns_page_names_the_other_regulators_asking_its_items(client, england):
    everywhere = {d.item.key: d for d in selectors.register_duplicates()}
    ret = selectors.return_get("bench-return-0003")
    assert ret is not None
    mine = selectors.return_duplicates(ret)
    assert mine == {i.key: everywhere[i.key] for i in ret.items.all() if i.key in everywhere}
    assert mine
    page = client.get("/regulation/returns/demo-cqc-safe-staffing/").content.decode()
    assert (
        "<strong>Asked twice:</strong> Care Quality Commission (Provider information request "
        "(demo)), NHS Improvement (Quarterly oversight framework return (demo))" in page
    )


def test_the_register_list_counts_each_returns_items(client, england):
    page = client.get("/regulation/returns/").content.decode()
    # The six demo returns and the 200 synthetic ones, twelve items each.
    assert f"206 returns, page 1 of {-(-206 // RETURNS_PER_PAGE)}" in page
    assert page.count('aria-hidden="true">Data items </span>12</td>') > RETURNS_PER_PAGE - 6


def test_the_calendar_pdf_holds_every_due_date_once_and_each_returns_items_once(england):
    trust = Organisation.objects.get(key=TRUST)
    cal = selectors.organisation_calendar(trust, dt.date(2018, 4, 1), dt.date(2019, 3, 31))
    report = calendar_print_report(cal)
    *months, annex, twice = report.sections
    assert [m.heading for m in months][:2] == ["April 2018", "May 2018"] and len(months) == 12
    listed = [r for m in months for row in m.tables[0].rows for r in row[1].split("; ")]
    assert len(listed) == len(cal.entries)
    assert len(annex.tables[0].rows) == len({e.ret.key for e in cal.entries}) == 205
    assert sum(len(row[1].split("; ")) for row in twice.tables[0].rows) == len(cal.duplicate_items)


def test_the_calendar_pdf_is_a_few_pages_at_englands_size(client, england):
    response = client.get(f"/regulation/calendars/{TRUST}.pdf{YEAR}")
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(BytesIO(response.content))
    assert len(pdf.pages) < 60
    assert "Synthetic return 200" in "".join(p.extract_text() for p in pdf.pages)


def test_the_api_calendar_gives_one_month_when_asked(client, england):
    whole = selectors.organisation_calendar(
        Organisation.objects.get(key=TRUST), dt.date(2018, 4, 1), dt.date(2019, 3, 31)
    ).entries
    june = [e for e in whole if e.due.month == 6]
    data = client.get(f"/api/regulation/calendars/{TRUST}{YEAR}&month=2018-06&limit=1000").json()
    assert data["count"] == len(june) == len(data["entries"])
    assert [(e["due"], e["return_key"]) for e in data["entries"]] == [
        (e.due.isoformat(), e.ret.key) for e in june
    ]
    for bad in ("2019-06", "June"):
        refused = client.get(f"/api/regulation/calendars/{TRUST}{YEAR}&month={bad}")
        assert refused.status_code == 422
        assert refused.json()["problems"][0]["field"] == "month"


def test_an_import_keeps_the_count_of_regulators_asking_each_item(client, secretariat):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import signed_in
    from tests.regulation.test_pages import GOOD

    api = signed_in(secretariat)

    def imported(text):
        response = api.post(
            "/api/regulation/returns/import", {"file": SimpleUploadedFile("r.csv", text.encode())}
        )
        assert response.status_code == 200, response.content
        return {d["item"]["key"] for d in client.get("/api/regulation/duplicates").json()["items"]}

    assert imported(GOOD) == {"ae"}
    # The finance return moves to NHS England: "ae" is then asked by one regulator only.
    assert (
        imported(GOOD.replace("finance,Finance,nhs-improvement", "finance,Finance,nhs-england"))
        == set()
    )
