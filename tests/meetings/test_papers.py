"""Papers are uploaded by the secretariat and checked by their content, never their name:
the wrong kinds of file, disguised ones, oversized ones, encrypted ones and unsafe
archives are refused with words a person understands, and leave nothing behind; the
kept ones are downloaded as attachments the browser will not second-guess (QUALITY S6)."""

import datetime as dt
import re
import zipfile
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from devolution.core.errors import InvalidInput, NotAllowed, NotFound
from devolution.core.models import AuditEvent
from devolution.governance.models import Board
from devolution.meetings import papers
from devolution.meetings.models import AgendaItem, Meeting, Paper
from devolution.meetings.papers import (
    paper_download,
    paper_is_public,
    paper_name_clean,
    paper_upload,
)

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- files made in the test

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(200)


def pdf_bytes(text: str = "", pages: int = 1) -> bytes:
    """A real PDF: with text, made by WeasyPrint (as the packs are); without, by pypdf."""
    if text:
        from devolution.core.reports import html_pdf

        breaks = '<p style="break-before: page">'.join([f"{text}</p>"] * pages)
        return html_pdf(f"<!DOCTYPE html><html><body><p>{breaks}</body></html>")
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def scripted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_open_action(JavaScript("app.alert('hello');"))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_a_program_inside() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("minutes.exe", EXE)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


CONTENT_TYPES_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
DOCUMENT_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>A paper</w:t></w:r></w:p></w:body></w:document>"
)


def docx_bytes(extra: list[tuple[str, bytes]] | None = None) -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES_XML),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", DOCUMENT_XML),
            *(extra or []),
        ]
    )


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["Fund", "Amount"])
    book.active.append(["Transformation", 114_000_000])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


ODT_CONTENT_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    b' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
    b"<text:p>A paper</text:p></office:text></office:body></office:document-content>"
)


def odt_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", b"<manifest/>", zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", ODT_CONTENT_XML, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_bomb() -> bytes:
    """101 MB of zeros, deflated to about 100 KB."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", DOCUMENT_XML)
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as part:
            chunk = bytes(1024 * 1024)
            for _ in range(101):
                part.write(chunk)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(path: str = "") -> set[str]:
    """Every file in the storage, wherever it is."""
    try:
        folders, files = default_storage.listdir(path)
    except FileNotFoundError:
        return set()
    found = {f"{path}/{f}" if path else f for f in files}
    for folder in folders:
        found |= stored_files(f"{path}/{folder}" if path else folder)
    return found


# -------------------------------------------------------------------------- fixtures


@pytest.fixture
def meeting(db) -> Meeting:
    return Meeting.objects.create(
        key="spb-papers",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 5, 24),
        status=Meeting.Status.AGENDA_PUBLISHED,
        place="City Hall, London",
    )


@pytest.fixture
def item(meeting) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting, order=1, key="estates", title="Estates strategy", purpose="agree"
    )


@pytest.fixture
def private_item(meeting) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting,
        order=2,
        key="bid",
        title="A bid taken in private",
        purpose="decide",
        public=False,
    )


def add(actor, item, file=None, **cover) -> Paper:
    fields = {
        "title": "Estates strategy",
        "author": "Sam Secretariat",
        "date_completed": dt.date(2018, 5, 10),
        "purpose": "For agreement",
        "executive_summary": "The strategy.",
        "action_required": "Agree the strategy.",
        **cover,
    }
    return paper_upload(actor=actor, item_id=item.pk, upload=file, **fields)


# ------------------------------------------------------------------------ accepted


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("strategy.pdf", pdf_bytes, "pdf"),
        ("strategy.docx", docx_bytes, "docx"),
        ("budget.xlsx", xlsx_bytes, "xlsx"),
        ("notes.odt", odt_bytes, "odt"),
    ],
)
def test_the_secretariat_uploads_a_paper_of_each_kind(secretariat, item, name, make, kind):
    content = make()
    paper = add(secretariat, item, upload(name, content, "application/octet-stream"))
    paper.refresh_from_db()
    assert paper.file_type == kind
    assert paper.file_size == len(content)
    assert paper.original_name == name
    assert re.fullmatch(rf"papers/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{kind}", paper.file.name)
    with paper.file.open("rb") as f:
        assert f.read() == content
    event = AuditEvent.objects.get(object_type="meetings.paper", object_id=str(paper.pk))
    assert event.action == "create"
    assert event.after["file_type"] == kind
    assert event.actor == secretariat


def test_a_paper_may_be_its_cover_sheet_alone(secretariat, item):
    paper = add(secretariat, item)
    assert not paper.file
    assert paper.file_type == ""
    assert paper.title == "Estates strategy"


def test_the_content_decides_the_kind_not_the_name(secretariat, item):
    paper = add(secretariat, item, upload("notes.docx", pdf_bytes(), "application/msword"))
    assert paper.file_type == "pdf"
    assert paper.file.name.endswith(".pdf")
    assert paper.original_name == "notes.docx"


def test_a_path_in_the_uploaded_name_is_kept_only_as_a_clean_name(secretariat, item):
    file = upload("passwd.pdf", pdf_bytes())
    # Django strips folders from upload names itself; the service must not rely on it.
    file._name = "../../etc/passwd.pdf"
    assert file.name == "../../etc/passwd.pdf"
    paper = add(secretariat, item, file)
    assert paper.original_name == "passwd.pdf"
    assert ".." not in paper.file.name
    assert "passwd" not in paper.file.name
    assert paper.file.name.startswith("papers/")


def test_a_path_in_the_name_does_not_help_a_file_of_the_wrong_kind(secretariat, item):
    file = upload("passwd.pdf", PNG)
    file._name = "../../etc/passwd.pdf"
    with pytest.raises(InvalidInput, match="its content is a PNG image"):
        add(secretariat, item, file)
    assert not item.papers.exists()


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\win.ini.docx", "win.ini.docx"),
        ("C:\\Users\\sam\\Board paper.pdf", "Board paper.pdf"),
        ("rep\x00ort\r\n.pdf", "report.pdf"),
        ("invoice\u202excod.pdf", "invoicexcod.pdf"),
        ("Bericht über Änderungen.pdf", "Bericht über Änderungen.pdf"),
        ("  .hidden.pdf  ", "hidden.pdf"),
        ("..", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_uploaded_names_are_cleaned(name, clean):
    assert paper_name_clean(name) == clean


def test_a_long_uploaded_name_is_cut_to_255_characters_keeping_its_extension():
    clean = paper_name_clean("a" * 400 + ".docx")
    assert len(clean) == 255
    assert clean.endswith("a.docx")


# ------------------------------------------------------------------------- refused

NOT_A_PAPER = "The file is not a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT)"


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("picture.png", lambda: PNG, f"{NOT_A_PAPER} document: its content is a PNG image"),
        ("strategy.pdf", lambda: PNG, "its content is a PNG image"),
        ("minutes.docx", lambda: EXE, "its content is a Windows program"),
        ("minutes.docx", lambda: ELF, "its content is a Linux program (ELF)"),
        ("notes.pdf", lambda: b"Just some notes.\n", "its content is plain text"),
        ("page.pdf", lambda: b"<!DOCTYPE html><html></html>", "a web page (HTML)"),
        (
            "budget.xlsx",
            lambda: zip_bytes([("readme.txt", b"hello")]),
            "its content is a ZIP archive that is not a Word, Excel or OpenDocument",
        ),
        ("notes.odt", lambda: odt_bytes(b"application/x-evil"), "a ZIP archive that is not"),
        ("polyglot.docx", lambda: PNG + docx_bytes(), "its content is a PNG image"),
        (
            "slip.docx",
            lambda: docx_bytes([("../evil", b"x")]),
            "a part named outside itself ('../evil')",
        ),
        ("slip.docx", lambda: docx_bytes([("word/../../evil", b"x")]), "named outside itself"),
        ("abs.docx", lambda: docx_bytes([("/etc/cron.d/evil", b"x")]), "named outside itself"),
        ("drive.docx", lambda: docx_bytes([("C:/evil.bat", b"x")]), "named outside itself"),
        ("bomb.docx", zip_bomb, "would unpack to more than 100 MB"),
        (
            "macros.docx",
            lambda: docx_bytes([("word/vbaProject.bin", b"x")]),
            "contains macros",
        ),
        ("locked.pdf", encrypted_pdf, "The PDF is encrypted"),
        ("scripted.pdf", scripted_pdf, "it contains scripts"),
        ("carrier.pdf", pdf_with_a_program_inside, "it has files attached inside it"),
        ("broken.pdf", lambda: b"%PDF-1.7\nnot really a pdf", "cannot be read as one"),
        ("broken.docx", lambda: docx_bytes()[:-30], "cannot be read as a Word"),
        ("empty.pdf", lambda: b"", "The file is empty."),
    ],
)
def test_a_file_that_is_not_a_safe_paper_is_refused_and_nothing_is_kept(
    secretariat, item, name, make, words
):
    before = (stored_files(), AuditEvent.objects.count())
    with pytest.raises(InvalidInput) as refused:
        add(secretariat, item, upload(name, make()))
    problem = refused.value.problems[0]
    assert problem.field == "file"
    assert words in problem.message
    assert not item.papers.exists()
    assert (stored_files(), AuditEvent.objects.count()) == before


def test_a_file_over_the_size_limit_is_refused(secretariat, item, settings):
    settings.MEETINGS_PAPER_MAX_BYTES = 1000
    content = pdf_bytes(pages=10)
    assert len(content) > 1000
    before = stored_files()
    with pytest.raises(InvalidInput, match="larger than the limit") as refused:
        add(secretariat, item, upload("big.pdf", content))
    assert refused.value.problems[0].field == "file"
    assert not item.papers.exists()
    assert stored_files() == before


def test_a_file_whose_declared_size_lies_is_still_measured(secretariat, item, settings):
    settings.MEETINGS_PAPER_MAX_BYTES = 1000
    file = upload("big.pdf", pdf_bytes(pages=10))
    file.size = 10
    with pytest.raises(InvalidInput, match="larger than the limit"):
        add(secretariat, item, file)
    assert not item.papers.exists()


def test_the_size_limit_is_twenty_megabytes_by_default(secretariat, item):
    file = upload("big.pdf", b"%PDF-1.7\n" + bytes(20 * 1024 * 1024))
    with pytest.raises(InvalidInput, match=r"20\.1 MB, larger than the limit of 20 MB"):
        add(secretariat, item, file)


def test_the_cover_sheet_and_the_file_are_checked_together(secretariat, item):
    with pytest.raises(InvalidInput) as refused:
        add(secretariat, item, upload("x.pdf", PNG), title="  ")
    assert {p.field for p in refused.value.problems} == {"title", "file"}
    assert not item.papers.exists()


def test_no_paper_for_an_item_that_does_not_exist(secretariat):
    with pytest.raises(InvalidInput, match="no such agenda item"):
        paper_upload(actor=secretariat, item_id=999_999, title="A paper", upload=None)


@pytest.mark.parametrize("person", ["alice", "bob", "reader"])
def test_only_the_secretariat_uploads_papers(request, item, person):
    before = stored_files()
    with pytest.raises(NotAllowed):
        add(request.getfixturevalue(person), item, upload("strategy.pdf", pdf_bytes()))
    assert not item.papers.exists()
    assert stored_files() == before


def test_a_failure_after_the_file_is_stored_leaves_no_file(secretariat, item, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("the audit chain is unavailable")

    monkeypatch.setattr(papers, "audit_record", broken_audit)
    before = stored_files()
    with pytest.raises(RuntimeError):
        add(secretariat, item, upload("strategy.pdf", pdf_bytes()))
    assert not item.papers.exists()
    assert stored_files() == before


# ------------------------------------------------------------------------ download


def test_a_paper_is_downloaded_as_an_attachment_the_browser_must_not_sniff(secretariat, item):
    content = pdf_bytes()
    paper = add(secretariat, item, upload("Estates strategy.pdf", content))
    response = paper_download(paper)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Estates strategy.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content == content


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        (
            "strategy.docx",
            docx_bytes,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            xlsx_bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("notes.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_each_kind_is_downloaded_with_its_own_content_type(
    secretariat, item, name, make, content_type
):
    paper = add(secretariat, item, upload(name, make(), "text/html"))
    response = paper_download(paper)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_download_name_with_other_letters_is_encoded_as_rfc_5987(secretariat, item):
    paper = add(secretariat, item, upload("Bericht über Ä.pdf", pdf_bytes()))
    disposition = paper_download(paper)["Content-Disposition"]
    assert disposition == "attachment; filename*=utf-8''Bericht%20%C3%BCber%20%C3%84.pdf"


def test_a_download_name_ends_in_the_extension_its_content_earned(secretariat, item):
    paper = add(secretariat, item, upload('notes"; x=".docx', pdf_bytes()))
    disposition = paper_download(paper)["Content-Disposition"]
    assert disposition == 'attachment; filename="notes\\"; x=\\".docx.pdf"'


def test_a_paper_without_a_file_has_nothing_to_download(secretariat, item):
    with pytest.raises(NotFound):
        paper_download(add(secretariat, item))


def test_a_paper_is_public_when_its_item_is(secretariat, item, private_item):
    public = add(secretariat, item, upload("a.pdf", pdf_bytes()))
    private = add(secretariat, private_item, upload("b.pdf", pdf_bytes()))
    assert paper_is_public(public) is True
    assert paper_is_public(private) is False
    assert paper_download(private)["Cache-Control"] == "no-store"
    assert paper_download(public)["Cache-Control"] == "private, max-age=0"
