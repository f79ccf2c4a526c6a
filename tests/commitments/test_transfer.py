"""Import and export of the commitments register (SPEC §15): a spreadsheet's rows checked
first, every mistake named by row and column, nothing stored unless the whole file is
good, nothing changed by importing it again, and an export that imports to no change."""

import contextlib
import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from devolution.commitments import actions, transfer
from devolution.commitments.models import Commitment, Milestone, ProgressUpdate, StatusChange
from devolution.core.errors import InvalidInput, NotAllowed
from devolution.core.models import AuditEvent, Source
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

HEADER = list(transfer.NAMES)
# A good register: a new commitment with a milestone and an update, a new rating for a
# London commitment, and a milestone and update for London commitments.
GOOD = [
    {
        "record": "commitment",
        "reference": "IMP-1",
        "text": "Agree a shared estates plan for North East London",
        "theme": "estates",
        "lead_owner": "la-hackney",
        "supporting": "la-camden; gla",
        "board": "leb",
        "level": "stp",
        "kind": "collaborate",
        "status": "ongoing",
        "rag": "Amber",
    },
    {
        "record": "milestone",
        "reference": "IMP-1",
        "milestone_title": "Sites listed",
        "due": "31/03/2018",
    },
    {
        "record": "update",
        "reference": "IMP-1",
        "update_date": "2018-03-01",
        "progress_to_date": "Boroughs have listed their sites.",
        "next_steps": "Agree priorities\nat the LEB",
        "challenges": "Capacity",
    },
    {"record": "commitment", "reference": "S000-T02", "rag": "red"},
    {
        "record": "milestone",
        "reference": "S000-T02",
        "milestone_title": "Capital plan drafted",
        "due": "2018-06-30",
    },
    {
        "record": "update",
        "reference": "S000-T02",
        "update_date": "2018-03-15",
        "progress_to_date": "Capital availability clarified with NHS England.",
    },
]


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "audit": AuditEvent.objects.count(),
        "commitments": Commitment.objects.count(),
        "milestones": Milestone.objects.count(),
        "updates": ProgressUpdate.objects.count(),
        "status changes": StatusChange.objects.count(),
        "sources": Source.objects.count(),
    }


def refused(content: bytes, filename: str) -> list:
    with pytest.raises(InvalidInput) as caught:
        transfer.commitments_import(actor=None, content=content, filename=filename)
    return caught.value.problems


def where(problems) -> set[tuple[int | None, str | None]]:
    return {(p.row, p.field) for p in problems}


def assert_good_register_stored(report, actor, since: int) -> None:
    assert (report.commitments.created, report.commitments.updated) == (1, 1)
    assert (report.milestones.created, report.updates.created) == (2, 2)
    new = Commitment.objects.get(reference="IMP-1")
    assert (new.theme.key, new.lead_owner.key, new.board.key, new.level.key) == (
        "estates",
        "la-hackney",
        "leb",
        "stp",
    )
    assert sorted(o.key for o in new.supporting.all()) == ["gla", "la-camden"]
    assert (new.kind, new.status, new.rag) == ("collaborate", "ongoing", "amber")
    assert new.source.key == "user-import" and new.source.kind == "entered"
    assert new.milestones.get().due == dt.date(2018, 3, 31)
    update = new.updates.get()
    assert update.next_steps == "Agree priorities\nat the LEB"
    assert update.author == actor
    london = Commitment.objects.get(reference="S000-T02")
    # A blank cell leaves what is recorded: only the rating changed.
    assert (london.status, london.rag, london.text) == ("ongoing", "red", "Capital retention")
    assert london.status_history.get().rag == "red"
    assert london.updates.count() == 2
    audited = AuditEvent.objects.filter(
        id__gt=since,
        object_type="commitments.commitment",
        object_id__in=[str(new.pk), str(london.pk)],
    )
    # One action per kind of change, as the pages record them: the new commitment, and
    # the recorded one's new rating.
    assert {e.action for e in audited} == {actions.COMMITMENT_CREATE, actions.COMMITMENT_RATE}
    assert {e.actor_id for e in audited} == {actor.pk if actor else None}
    assert AuditEvent.objects.filter(
        object_type="commitments.progressupdate",
        object_id=str(update.pk),
        action=actions.PROGRESS_UPDATE_POST,
    ).exists()
    assert AuditEvent.objects.filter(
        object_type="commitments.milestone",
        object_label="Sites listed",
        action=actions.MILESTONE_CREATE,
    ).exists()


def test_a_good_csv_file_creates_and_updates_records_with_their_audit(secretariat):
    before = counts()
    since = AuditEvent.objects.order_by("id").last().id
    report = transfer.commitments_import(
        actor=secretariat, content=csv_bytes(GOOD), filename="register.csv"
    )
    assert_good_register_stored(report, secretariat, since)
    after = counts()
    assert after["commitments"] == before["commitments"] + 1
    assert after["milestones"] == before["milestones"] + 2
    assert after["updates"] == before["updates"] + 2
    assert after["status changes"] == before["status changes"] + 2
    assert "Imported register.csv (6 rows)" in report.summary()


def test_a_good_xlsx_workbook_with_real_dates_imports_the_same(secretariat):
    rows = [dict(r) for r in GOOD]
    rows[1]["due"] = dt.datetime(2018, 3, 31)
    rows[2]["update_date"] = dt.date(2018, 3, 1)
    since = AuditEvent.objects.order_by("id").last().id
    report = transfer.commitments_import(
        actor=secretariat, content=xlsx_bytes(rows), filename="Register.XLSX"
    )
    assert_good_register_stored(report, secretariat, since)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_importing_the_same_file_again_changes_nothing(kind):
    content = csv_bytes(GOOD) if kind == "csv" else xlsx_bytes(GOOD)
    assert transfer.commitments_import(actor=None, content=content, filename=f"r.{kind}").changed
    before = counts()
    again = transfer.commitments_import(actor=None, content=content, filename=f"r.{kind}")
    assert counts() == before
    assert not again.changed
    assert (again.commitments.unchanged, again.milestones.unchanged) == (2, 2)
    assert again.updates.unchanged == 2
    assert again.summary().startswith("Nothing to change: every row of r.")


def test_a_file_with_mistakes_is_refused_whole_with_each_named_by_row_and_column():
    rows = [
        GOOD[0],  # row 2: good, and still not stored
        {**GOOD[0], "reference": "IMP-2", "theme": "estatez"},  # row 3
        {"record": "commitment", "reference": "IMP-3", "theme": "estates"},  # row 4: no text
        {"record": "milestone", "reference": "IMP-1", "milestone_title": "X", "due": "31/02/2018"},
        {"record": "update", "reference": "NOWHERE-9", "update_date": "2018-01-01",
         "progress_to_date": "Something"},  # row 6
        {**GOOD[0], "rag": "green"},  # row 7: IMP-1 again, differently
        {**GOOD[0], "reference": "IMP-4", "supporting": "la-camden; la-hakney"},  # row 8
        {"record": "update", "reference": "S000-T02", "update_date": "2099-01-01",
         "progress_to_date": "From the future"},  # row 9
        {"record": "milestone", "reference": "S000-T02", "theme": "estates",
         "milestone_title": "Y", "due": "2018-01-01"},  # row 10
        {"record": "pledge", "reference": "S000-T02"},  # row 11
        {"record": "commitment", "reference": "S000-T02", "status": "done", "kind": "devolved"},
    ]  # fmt: skip
    before = counts()
    problems = refused(csv_bytes(rows), "mistakes.csv")
    assert counts() == before
    assert where(problems) == {
        (3, "theme"),
        (4, "text"),
        (5, "due"),
        (6, "reference"),
        (7, "rag"),
        (8, "supporting"),
        (9, "update_date"),
        (10, "theme"),
        (11, "record"),
        (12, "status"),
        (12, "kind"),
    }
    text = {(p.row, p.field): transfer.problem_text(p) for p in problems}
    assert text[(3, "theme")].startswith(
        "Row 3, column 'theme': 'estatez' is not a theme (did you mean 'estates'?); "
        "themes are: collaboration, capital_retention,"
    )
    assert text[(4, "text")] == "Row 4, column 'text': a new commitment needs its text"
    assert "'31/02/2018' is not a date" in text[(5, "due")]
    assert "no commitment 'NOWHERE-9'" in text[(6, "reference")]
    assert "also on row 2, with 'amber'" in text[(7, "rag")]
    assert (
        "'la-hakney' is not a organisation key (did you mean 'la-hackney'?)"
        in text[(8, "supporting")]
    )
    assert "cannot be in the future" in text[(9, "update_date")]
    assert "a milestone row does not use this column" in text[(10, "theme")]
    assert "'pledge' is not a kind of record" in text[(11, "record")]
    assert "not_started, ongoing, complete or blocked" in text[(12, "status")]


@pytest.mark.parametrize("reference", ["import", "dashboard"])
def test_a_new_commitment_cannot_take_a_reference_a_page_of_the_site_has(reference):
    problems = refused(csv_bytes([{**GOOD[0], "reference": reference}]), "r.csv")
    assert where(problems) == {(2, "reference")}
    assert "is the name of a page of the site" in problems[0].message


def test_a_recorded_update_is_never_changed_by_an_import():
    recorded = ProgressUpdate.objects.filter(commitment__reference="S000-T01").get()
    row = {
        "record": "update",
        "reference": "S000-T01",
        "update_date": recorded.date.isoformat(),
        "progress_to_date": recorded.progress_to_date,
        "next_steps": "Something else entirely",
    }
    before = counts()
    problems = refused(csv_bytes([row]), "u.csv")
    assert where(problems) == {(2, "next_steps")}
    assert "a recorded update is never changed" in problems[0].message
    assert counts() == before


def test_rows_can_come_in_any_order_and_blank_rows_are_skipped():
    rows = [GOOD[1], {}, GOOD[2], GOOD[0]]
    report = transfer.commitments_import(actor=None, content=csv_bytes(rows), filename="r.csv")
    assert (report.rows, report.commitments.created, report.milestones.created) == (3, 1, 1)


def test_the_header_must_name_known_columns():
    problems = refused(b"record,reference,colour\ncommitment,S000-T01,red\n", "h.csv")
    assert "'colour' is not a column the import knows" in problems[0].message
    problems = refused(b"reference,text\nS000-T01,x\n", "h.csv")
    assert "row 1 has no 'record' column" in problems[0].message
    problems = refused(b"just,some,words\n1,2,3\n", "h.csv")
    assert problems[0].row == 1 and "names none of them" in problems[0].message


@pytest.mark.parametrize(
    ("content", "filename", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "register.csv", "not a CSV"),
        (b"\x89PNG\r\n\x1a\n\xff\xfe", "register.csv", "not a CSV file in UTF-8"),
        (csv_bytes(GOOD), "register.xlsx", "not an Excel workbook"),
        (xlsx_bytes(GOOD), "register.csv", "is a zip file"),
        (b"", "register.csv", "empty"),
        (csv_bytes(GOOD), "register.txt", "CSV (.csv) and Excel workbook (.xlsx) files only"),
        (csv_bytes(GOOD), "register.xls", "Save the spreadsheet as"),
    ],
)
def test_a_disguised_or_foreign_file_is_refused(content, filename, words):
    before = counts()
    problems = refused(content, filename)
    assert words in problems[0].message
    assert counts() == before


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in refused(out.getvalue(), "r.xlsx")[0].message


def test_a_workbook_that_unpacks_too_large_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"a" * (transfer.MAX_UNZIPPED + 1))
    assert out.tell() < transfer.MAX_BYTES
    assert "unpacks to more than" in refused(out.getvalue(), "r.xlsx")[0].message


def test_an_oversized_file_is_refused():
    big = csv_bytes(GOOD) + b"x" * transfer.MAX_BYTES
    assert "the largest file the import takes is 5 MB" in refused(big, "big.csv")[0].message
    many = [{"record": "commitment", "reference": f"R-{n}"} for n in range(transfer.MAX_ROWS + 1)]
    before = counts()
    assert "at most 5,000 rows" in refused(csv_bytes(many), "many.csv")[0].message
    assert counts() == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imports_again_to_no_change(kind):
    # Texts a spreadsheet would take for formulas, and lines, survive the round trip.
    tricky = [
        {**GOOD[0], "text": '=HYPERLINK("http://example.org")'},
        {**GOOD[2], "progress_to_date": "- first\n- second", "challenges": "@risk +1"},
    ]
    transfer.commitments_import(actor=None, content=csv_bytes(tricky), filename="t.csv")
    exported = transfer.export_csv() if kind == "csv" else transfer.export_xlsx()
    before = counts()
    report = transfer.commitments_import(actor=None, content=exported, filename=f"e.{kind}")
    assert counts() == before
    assert not report.changed
    assert report.commitments.unchanged == Commitment.objects.count()
    assert report.milestones.unchanged == Milestone.objects.count()
    assert report.updates.unchanged == ProgressUpdate.objects.count()
    if kind == "csv":
        lines = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
        assert lines[0] == HEADER
        assert '\'=HYPERLINK("http://example.org")' in {c for line in lines for c in line}
    else:
        sheet = load_workbook(io.BytesIO(exported)).worksheets[0]
        texts = [c for c in sheet["C"] if c.value and "=HYPERLINK" in str(c.value)]
        assert [c.value for c in texts] == ['\'=HYPERLINK("http://example.org")']
        assert all(c.data_type == "s" for c in texts)


def test_only_a_person_of_the_secretariat_imports(alice, reader):
    before = counts()
    for person in (alice, reader):
        with pytest.raises(NotAllowed):
            transfer.commitments_import(actor=person, content=csv_bytes(GOOD), filename="r.csv")
    assert counts() == before


# ------------------------------------------------------------------------------ the page


def upload(content: bytes, name: str) -> dict:
    file = io.BytesIO(content)
    file.name = name
    return {"file": file}


def test_the_import_page_is_the_secretariats(alice, bob, reader, secretariat):
    url = "/commitments/import/"
    page = signed_in(secretariat).get(url)
    assert page.status_code == 200
    assert b"Import commitments, milestones and progress" in page.content
    assert b'type="file"' in page.content and b"estatez" not in page.content
    for person in (alice, bob, reader):
        assert signed_in(person).get(url).status_code == 403
    public = Client().get(url)
    assert public.status_code == 302 and public["Location"].startswith("/sign-in")


def test_the_secretariat_imports_a_file_from_the_page(secretariat):
    client = signed_in(secretariat)
    response = client.post("/commitments/import/", upload(csv_bytes(GOOD), "register.csv"))
    assert response.status_code == 302
    assert Commitment.objects.filter(reference="IMP-1").exists()
    page = client.get(response["Location"])
    assert b"Imported register.csv (6 rows). Commitments: 1 created, 1 updated" in page.content


def test_a_file_meeting_a_change_made_meanwhile_is_refused_whole_on_the_page(
    secretariat, monkeypatch
):
    from devolution.commitments import services
    from devolution.core.errors import StaleEdit

    def changed_meanwhile(**kwargs):
        raise StaleEdit("S000-T02 was changed by someone else meanwhile. Nothing was saved.")

    # The file's new commitment is applied first, then its change to S000-T02 meets one
    # made since the file was checked.
    monkeypatch.setattr(services, "commitment_change", changed_meanwhile)
    before = counts()
    response = signed_in(secretariat).post("/commitments/import/", upload(csv_bytes(GOOD), "r.csv"))
    assert response.status_code == 409
    assert "S000-T02 was changed by someone else meanwhile" in response.content.decode()
    assert counts() == before


def test_the_page_lists_every_problem_and_stores_nothing(secretariat):
    rows = [GOOD[0], {**GOOD[0], "reference": "IMP-2", "theme": "estatez"}, GOOD[1]]
    rows[2] = {**rows[2], "due": "someday"}
    before = counts()
    response = signed_in(secretariat).post("/commitments/import/", upload(csv_bytes(rows), "r.csv"))
    assert response.status_code == 400
    assert counts() == before
    html = response.content.decode()
    assert "The file was not imported" in html and "2 problems found in r.csv" in html
    assert "&#39;estatez&#39; is not a theme" in html
    assert "&#39;someday&#39; is not a date" in html


def test_the_page_refuses_no_file_and_a_disguised_file(secretariat, alice):
    client = signed_in(secretariat)
    assert client.post("/commitments/import/", {}).status_code == 400
    response = client.post("/commitments/import/", upload(b"\x89PNG\r\n\x1a\n\xff", "x.csv"))
    assert response.status_code == 400 and b"not a CSV file" in response.content
    before = counts()
    response = signed_in(alice).post("/commitments/import/", upload(csv_bytes(GOOD), "r.csv"))
    assert response.status_code == 403
    response = Client().post("/commitments/import/", upload(csv_bytes(GOOD), "r.csv"))
    assert response.status_code == 302
    assert counts() == before


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/commitments/export.csv", "csv"),
        ("/commitments/export.xlsx", "xlsx"),
        ("/commitments/import/template.csv", "csv"),
        ("/commitments/import/template.xlsx", "xlsx"),
    ],
)
def test_the_register_and_its_template_download_for_anyone(url, kind):
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith(f'.{kind}"')
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Register", "Columns", "Keys"]
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert list(rows[0]) == HEADER
    if "export" in url:
        references = {r[1] for r in rows[1:] if r[0] == "commitment"}
        assert references == set(Commitment.objects.values_list("reference", flat=True))
    else:
        assert len(rows) == 1


# ---------------------------------------------------------------------------- commands


def test_the_import_command_prints_its_summary(tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_bytes(GOOD))
    out = io.StringIO()
    call_command("import", "commitments", str(path), stdout=out)
    assert "Imported register.xlsx (6 rows). Commitments: 1 created, 1 updated" in out.getvalue()
    creator = AuditEvent.objects.filter(object_type="commitments.commitment").last()
    assert creator.actor_label == "system"
    out = io.StringIO()
    call_command("import", "commitments", str(path), stdout=out)
    assert out.getvalue().startswith("Nothing to change")


def test_the_import_command_lists_every_problem(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([{**GOOD[0], "theme": "estatez", "level": "planet"}]))
    before = counts()
    with pytest.raises(CommandError) as caught:
        call_command("import", "commitments", str(path))
    message = str(caught.value)
    assert "bad.csv was not imported: nothing was stored. 2 problems" in message
    assert "Row 2, column 'theme': 'estatez' is not a theme" in message
    assert "Row 2, column 'level': 'planet' is not a level" in message
    assert counts() == before
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import", "commitments", str(tmp_path / "missing.csv"))


def test_the_export_command_writes_a_file_that_imports_to_no_change(tmp_path):
    for name in ("register.csv", "register.xlsx"):
        path = tmp_path / name
        call_command("export", "commitments", str(path), stdout=io.StringIO())
        before = counts()
        call_command("import", "commitments", str(path), stdout=io.StringIO())
        assert counts() == before
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        call_command("export", "commitments", str(tmp_path / "register.pdf"))


# ----------------------------------------------------------------------------- fuzzing

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CELLS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "commitment",
            "milestone",
            "update",
            "S000-T01",
            "NEW-1",
            "estates",
            "la-hackney",
            "leb",
            "2018-01-01",
            "31/12/2017",
            "ongoing",
            "'=1+1",
            "",
        ]
    ),
)


def _import_and_roll_back(content: bytes, filename: str) -> None:
    with transaction.atomic():
        with contextlib.suppress(InvalidInput):
            transfer.commitments_import(actor=None, content=content, filename=filename)
        transaction.set_rollback(True)


@FUZZ
@given(text=st.text(max_size=400))
def test_random_text_as_csv_is_only_ever_refused_as_invalid_input(text):
    _import_and_roll_back(text.encode("utf-8"), "random.csv")


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADER), min_size=1, max_size=8),
    rows=st.lists(st.lists(CELLS, max_size=9), max_size=6),
)
def test_random_rows_under_a_header_never_raise_anything_but_invalid_input(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["record", "reference", *header])
    writer.writerows(rows)
    _import_and_roll_back(out.getvalue().encode("utf-8"), "rows.csv")


@FUZZ
@given(content=st.binary(max_size=300))
def test_random_bytes_as_xlsx_are_only_ever_refused_as_invalid_input(content):
    _import_and_roll_back(b"PK\x03\x04" + content, "random.xlsx")
