"""Papers for agenda items (SPEC §8): the cover sheet of seed 003 and the paper's file,
checked by its content, never by its name (QUALITY S6).

A paper's file is a PDF, or a Word (DOCX), Excel (XLSX) or OpenDocument text (ODT)
document. What the upload says it is (its name, its content type) is never believed:
the bytes decide. The stored name is generated; the uploaded name is kept, cleaned, only
to name the download. These checks refuse the wrong kinds of file and the unsafe shapes of
the right kinds; they are not a virus scanner:

- a PDF is read with pikepdf (qpdf), never searched as a string: refused if damaged or
  encrypted, and if any of its objects is a script, an action that starts a program,
  imports data or sends a form elsewhere, an attached file, embedded media or an XFA
  form; the refusal says where (on opening, on a page, in a link, in a form field);
- a DOCX, XLSX or ODT is read with the zip reader and its XML parts with defusedxml:
  refused if it is encrypted, a zip bomb, names a part outside itself (zip-slip), or
  carries macros, ActiveX controls, embedded (OLE) objects, DDE fields, or links that
  fetch something from elsewhere when it is opened (a remote template, a linked object,
  frame or picture, another workbook). A link a reader clicks (a hyperlink) is allowed.
"""

import datetime as dt
import math
import posixpath
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.etree import ElementTree

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from devolution.core.errors import InvalidInput, NotFound, Problem
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of
from devolution.partners.rules import may_keep_registers

from .models import AgendaItem, Paper

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
MAX_NAME = 255

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
KINDS = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "xlsx": "Excel (XLSX)",
    "odt": "OpenDocument text (ODT)",
}
ODT_MIMETYPE = CONTENT_TYPES["odt"].encode()
NOT_A_PAPER = (
    "The file is not a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) "
    "document: its content is {}."
)
# What the first bytes of some common files say they are, for the refusal's words.
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"MZ", "a Windows program (EXE or DLL)"),
    (b"\x7fELF", "a Linux program (ELF)"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"#!", "a script"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (DOC, XLS or PPT)"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
    (b"PK\x03\x04", "a ZIP archive that is not a Word, Excel or OpenDocument text document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)
# Characters a name must not carry: controls, and the invisible formatting characters
# (such as the right-to-left override) that make "cod.exe" look like "exe.doc".
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    extension: str  # a key of CONTENT_TYPES


def _refuse(message: str) -> InvalidInput:
    return InvalidInput([Problem(message, field="file")])


def _megabytes(size: int) -> str:
    """The size in megabytes to a tenth, rounded up, so that a file just over a limit
    never reads as the limit itself."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths // 10} MB" if tenths % 10 == 0 else f"{tenths / 10:.1f} MB"


def _described(content: bytes) -> str:
    """What the content looks like, in words, for a refusal."""
    for signature, words in SIGNATURES:
        if content.startswith(signature):
            return words
    head = content[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "a web page (HTML)"
    if head.startswith((b"<?xml", b"<svg")):
        return "XML or an SVG image"
    try:
        content[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "of a kind it does not recognise"
    return "plain text"


def _read(upload: UploadedFile, limit: int) -> bytes:
    """The upload's bytes, reading stopped as soon as they pass the limit: the size the
    upload declares is not believed either."""
    if upload.size is not None and upload.size > limit:
        raise _refuse(
            f"The file is {_megabytes(upload.size)}, larger than the limit of {_megabytes(limit)}."
        )
    chunks, total = [], 0
    for chunk in upload.chunks():
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _refuse(f"The file is larger than the limit of {_megabytes(limit)}.")
    return b"".join(chunks)


# PDF actions a board paper never needs, that a reader may run: by the name of the
# action's type (its /S), the words for a refusal.
PDF_ACTIONS = {
    "/JavaScript": "scripts (JavaScript)",
    "/Launch": "an action that starts another program (Launch)",
    "/ImportData": "an action that imports data from another file (ImportData)",
    "/SubmitForm": "an action that sends what is typed in it elsewhere (SubmitForm)",
}
# Annotations that play or run content: Flash, video, sound, 3D.
PDF_MEDIA = {"/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}


def _pdf_name(value: Any) -> str:
    return str(value) if value is not None else ""


def _pdf_action(action: Any) -> str | None:
    """What an action (and any it runs next, through /Next) does that a paper must not,
    in words; None when it does nothing of the kind (a link to a page or a web page)."""
    import pikepdf

    stack, seen = [action], 0
    while stack and seen < 1000:
        current = stack.pop()
        seen += 1
        if isinstance(current, pikepdf.Array):
            stack.extend(current)
            continue
        if not isinstance(current, pikepdf.Dictionary):
            continue
        kind = _pdf_name(current.get("/S"))
        if kind in PDF_ACTIONS:
            return PDF_ACTIONS[kind]
        if "/JS" in current:
            return PDF_ACTIONS["/JavaScript"]
        following = current.get("/Next")
        if following is not None:
            stack.append(following)
    return None


def _pdf_triggers(triggers: Any) -> str | None:
    """The first unsafe action of an /AA dictionary (actions run on events)."""
    import pikepdf

    if not isinstance(triggers, pikepdf.Dictionary):
        return None
    for _, action in triggers.items():
        found = _pdf_action(action)
        if found:
            return found
    return None


def _pdf_field_name(field: Any) -> str:
    title = field.get("/T")
    return _name_clean(str(title))[:80] if title is not None else ""


def _pdf_in_places(pdf: Any) -> str | None:
    """Where the places a reader runs things from hold something unsafe: the catalogue's
    open action and events, its named scripts and attached files, its form (fields and
    XFA), and each page's events and annotations. Words for the refusal, or None."""
    import pikepdf

    root = pdf.Root
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        if "/JavaScript" in names:
            return "it contains scripts (JavaScript) that run when it is opened"
        if "/EmbeddedFiles" in names:
            return "it has files attached inside it"
    found = _pdf_action(root.get("/OpenAction"))
    if found:
        return f"it contains {found}, run when it is opened"
    found = _pdf_triggers(root.get("/AA"))
    if found:
        return f"it contains {found}, run when it is opened, saved, printed or closed"
    form = root.get("/AcroForm")
    if isinstance(form, pikepdf.Dictionary):
        if "/XFA" in form:
            return "it has an XFA form, which can carry scripts"
        fields, seen = list(form.get("/Fields", [])), set()
        while fields:
            field = fields.pop()
            if not isinstance(field, pikepdf.Dictionary) or field.objgen in seen:
                continue
            if field.objgen != (0, 0):
                seen.add(field.objgen)
            found = _pdf_action(field.get("/A")) or _pdf_triggers(field.get("/AA"))
            if found:
                name = _pdf_field_name(field)
                return f"it contains {found}, in its form field {name!r}".replace(" ''", "")
            fields.extend(field.get("/Kids", []))
    for number, page in enumerate(pdf.pages, start=1):
        found = _pdf_triggers(page.obj.get("/AA"))
        if found:
            return f"it contains {found}, run when page {number} is opened or closed"
        for annotation in page.obj.get("/Annots", []):
            if not isinstance(annotation, pikepdf.Dictionary):
                continue
            subtype = _pdf_name(annotation.get("/Subtype"))
            if subtype == "/FileAttachment":
                return f"it has a file attached inside it, on page {number}"
            if subtype in PDF_MEDIA:
                return f"it has embedded media (video, sound, Flash or 3D), on page {number}"
            found = _pdf_action(annotation.get("/A")) or _pdf_triggers(annotation.get("/AA"))
            if found:
                return f"it contains {found}, in a link or note on page {number}"
    return None


def _direct(values: Any) -> list[Any]:
    """The dictionaries and arrays held directly in an object (those held by reference
    are objects of the file of their own, each looked at in turn)."""
    import pikepdf

    return [v for v in values if isinstance(v, pikepdf.Object) and not v.is_indirect]


def _pdf_in_objects(pdf: Any) -> str | None:
    """Whether any object of the file, reachable or not, is a script, an unsafe action, an
    attached file, embedded media or an XFA form: the places above may be reached by
    other routes (an action's /Next, a name tree's kids, an object a later update uses)."""
    import pikepdf

    for obj in pdf.objects:
        stack = [obj]
        while stack:
            current = stack.pop()
            if isinstance(current, pikepdf.Array):
                stack.extend(_direct(current))
                continue
            if isinstance(current, pikepdf.Stream):
                current = current.stream_dict
            if not isinstance(current, pikepdf.Dictionary):
                continue
            kind = _pdf_name(current.get("/S"))
            if kind in PDF_ACTIONS:
                return f"it contains {PDF_ACTIONS[kind]}"
            if "/JS" in current:
                return f"it contains {PDF_ACTIONS['/JavaScript']}"
            if "/EF" in current or _pdf_name(current.get("/Type")) == "/EmbeddedFile":
                return "it has files attached inside it"
            if _pdf_name(current.get("/Subtype")) in PDF_MEDIA:
                return "it has embedded media (video, sound, Flash or 3D)"
            if "/XFA" in current:
                return "it has an XFA form, which can carry scripts"
            stack.extend(_direct(v for _, v in current.items()))
    return None


def _check_pdf(content: bytes) -> None:
    """Read with pikepdf (qpdf): refused if it cannot be read, is encrypted, has no pages,
    or holds anything a reader may run or open (every object is looked at)."""
    import pikepdf  # imported on use, as WeasyPrint is in core.reports

    damaged = (
        "The file begins as a PDF but cannot be read as one: it may be damaged. Save it "
        "again as PDF and upload that copy."
    )
    encrypted = (
        "The PDF is encrypted (protected by a password or permissions): upload a copy "
        "without protection, so that every member can open it."
    )
    try:
        with pikepdf.open(BytesIO(content)) as pdf:
            if pdf.is_encrypted:
                raise _refuse(encrypted)
            pages = len(pdf.pages)
            active = _pdf_in_places(pdf) or _pdf_in_objects(pdf)
    except InvalidInput:
        raise
    except pikepdf.PasswordError as exc:
        raise _refuse(encrypted) from exc
    except Exception as exc:  # qpdf reports a damaged file through many kinds of error
        raise _refuse(damaged) from exc
    if pages == 0:
        raise _refuse("The PDF has no pages.")
    if active:
        raise _refuse(
            f"The PDF is refused as unsafe: {active}. Print or export it again as a plain "
            "PDF, without them, and upload that copy."
        )


def _unsafe_member(name: str) -> bool:
    """A part named outside the archive (an absolute path, a drive, or a step up with
    ".."): unpacked carelessly, it would write anywhere (zip-slip)."""
    if name.startswith(("/", "\\")) or DRIVE.match(name):
        return True
    return ".." in re.split(r"[\\/]", name)


def _zip_kind(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], names: set[str]
) -> str | None:
    """docx, xlsx or odt, by the parts the archive holds; None if none of them."""
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    first = members[0] if members else None
    if first is not None and first.filename == "mimetype":
        # ZipExtFile stops at the size the part declares: a short read, whatever the
        # archive claims.
        with archive.open(first) as part:
            mimetype = part.read(len(ODT_MIMETYPE) + 1)
        if mimetype == ODT_MIMETYPE:
            return "odt"
    return None


RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# What a relationship to a place outside the document fetches, by the end of its type.
EXTERNAL_TYPES = {
    "attachedTemplate": "it takes its template from another place",
    "oleObject": "it links to an object kept in another place",
    "frame": "it shows a frame fetched from another place",
    "externalLinkPath": "it links to another workbook",
    "externalLink": "it links to another workbook",
    "subDocument": "it includes another document kept in another place",
    "image": "it shows a picture fetched from another place",
}
EMBEDDED = (
    "it has another document or program embedded inside it (an embedded object, such as "
    "an OLE object or a chart's workbook); paste it as a picture or a table instead"
)
ODF_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
ODF_OBJECTS = {f"{{{ODF_DRAW}}}{tag}" for tag in ("object", "object-ole", "applet", "plugin")}
ODF_DDE = {
    "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}dde-connection-decl",
    "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}dde-link",
}
ODF_SCRIPT = "{urn:oasis:names:tc:opendocument:xmlns:script:1.0}event-listener"
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DDE_FIELD = re.compile(r"\bDDE(AUTO)?\b", re.IGNORECASE)


def _xml(archive: zipfile.ZipFile, name: str) -> Iterator[ElementTree.Element]:
    """Each element of an XML part as it is read, the part never held whole; read by
    defusedxml, refusing a document type declaration (which no Office or OpenDocument
    part has, and which can define entities that expand without end or fetch files)."""
    try:
        with archive.open(name) as part:
            for _, element in iterparse(part, forbid_dtd=True):
                yield element
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise _refuse(
            f"The document's part {_name_clean(name)!r} declares a document type: it is "
            "refused as unsafe."
        ) from exc


def _external_relationship(archive: zipfile.ZipFile, name: str) -> str | None:
    """Words for a relationship of this part to something outside the document that is
    fetched when it is opened (a link a reader clicks is allowed)."""
    for element in _xml(archive, name):
        if element.tag != RELATIONSHIPS or element.get("TargetMode") != "External":
            continue
        kind = (element.get("Type") or "").rsplit("/", 1)[-1]
        if kind == "hyperlink":
            continue
        target = _name_clean(element.get("Target") or "")[:80]
        words = EXTERNAL_TYPES.get(kind, "it links to content fetched from another place")
        return f"{words} ({target})" if target else words
    return None


def _zip_active_content(archive: zipfile.ZipFile, names: set[str], kind: str) -> str | None:
    """Why a Word, Excel or OpenDocument text document carries what a board paper never
    needs: embedded objects, ActiveX controls, links that fetch content from elsewhere
    when it is opened (a remote template, a linked object or workbook), DDE. None when it
    carries none of these. Macros are refused before."""
    lowered = {n.lower(): n for n in names}
    for low in lowered:
        if "/embeddings/" in f"/{low}" or re.search(r"oleobject\d*\.bin$", low):
            return EMBEDDED
        if "/activex/" in f"/{low}":
            return "it contains ActiveX controls"
        if low.startswith("xl/externallinks/"):
            return "it links to other workbooks (external links)"
    if kind == "odt":
        if any(n.startswith(("Object ", "ObjectReplacements/")) for n in names):
            return EMBEDDED
        if "META-INF/manifest.xml" in names:
            with archive.open("META-INF/manifest.xml") as part:
                if b"oleobject" in part.read(1024 * 1024).lower():
                    return EMBEDDED
        if "content.xml" in names:
            for element in _xml(archive, "content.xml"):
                if element.tag in ODF_OBJECTS:
                    return EMBEDDED
                if element.tag in ODF_DDE:
                    return "it links to another program's data (DDE)"
                if element.tag == ODF_SCRIPT:
                    return "it runs scripts on events"
                element.clear()
        return None
    for name in sorted(n for n in names if n.lower().endswith(".rels")):
        found = _external_relationship(archive, name)
        if found:
            return found
    if kind == "docx":
        instructions: list[str] = []
        for element in _xml(archive, "word/document.xml"):
            if element.tag == f"{WORD}instrText" and element.text:
                instructions.append(element.text)
            elif element.tag == f"{WORD}fldSimple":
                instructions.append(element.get(f"{WORD}instr") or "")
            element.clear()
        if DDE_FIELD.search("".join(instructions)) or DDE_FIELD.search(" ".join(instructions)):
            return "it has a field that runs another program (DDE)"
    return None


def _check_zip(content: bytes) -> str:
    """Which zip-based document this is (docx, xlsx or odt), or refuse it."""
    not_a_document = NOT_A_PAPER.format(
        "a ZIP archive that is not a Word, Excel or OpenDocument text document"
    )
    damaged = (
        "The file cannot be read as a Word, Excel or OpenDocument document: it may be "
        "damaged. Save it again and upload that copy."
    )
    if not zipfile.is_zipfile(BytesIO(content)):
        raise _refuse(damaged)
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise _refuse(
                    f"The document has more than {MAX_ZIP_MEMBERS:,} parts: it is refused "
                    "as unsafe."
                )
            for member in members:
                if _unsafe_member(member.filename):
                    raise _refuse(
                        f"The document has a part named outside itself "
                        f"({_name_clean(member.filename)!r}): it is refused as unsafe."
                    )
                if member.flag_bits & 0x1:
                    raise _refuse(
                        "The document is encrypted (protected by a password): upload a copy "
                        "without a password, so that every member can open it."
                    )
            limit = getattr(settings, "MEETINGS_PAPER_MAX_UNZIPPED_BYTES", MAX_UNZIPPED_BYTES)
            if sum(m.file_size for m in members) > limit:
                raise _refuse(
                    f"The document would unpack to more than {_megabytes(limit)}: it is "
                    "refused as unsafe."
                )
            names = {m.filename for m in members}
            if any(n.lower().endswith("vbaproject.bin") for n in names) or any(
                n.startswith(("Basic/", "Scripts/")) for n in names
            ):
                raise _refuse(
                    "The document contains macros: save it without them (as DOCX, XLSX or "
                    "ODT) and upload that copy."
                )
            kind = _zip_kind(archive, members, names)
            if kind is None:
                raise _refuse(not_a_document)
            unsafe = _zip_active_content(archive, names, kind)
            if unsafe:
                raise _refuse(
                    f"The document is refused as unsafe: {unsafe}. Save a copy without it "
                    "(or as PDF) and upload that copy."
                )
            return kind
    except InvalidInput:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        ElementTree.ParseError,
    ) as exc:
        raise _refuse(damaged) from exc


def paper_file_check(upload: UploadedFile) -> CheckedFile:
    """The upload's content and the extension its content earns; or InvalidInput naming
    the field "file", with words a person understands."""
    limit = getattr(settings, "MEETINGS_PAPER_MAX_BYTES", MAX_BYTES)
    content = _read(upload, limit)
    if not content:
        raise _refuse("The file is empty.")
    if content.startswith(b"%PDF-"):
        _check_pdf(content)
        return CheckedFile(content, "pdf")
    # A zip-based document starts with its first part: a file merely ending in a zip
    # (a picture with an archive appended) is not one.
    if content.startswith(b"PK\x03\x04"):
        return CheckedFile(content, _check_zip(content))
    raise _refuse(NOT_A_PAPER.format(_described(content)))


def _name_clean(name: str) -> str:
    text = unicodedata.normalize("NFC", name)
    return "".join(c for c in text if unicodedata.category(c) not in UNSAFE_CATEGORIES)


def paper_name_clean(name: str | None) -> str:
    """The uploaded name fit to show and to name a download: its last part only (no
    folders, whichever slash they use), no control or invisible formatting characters,
    at most 255 characters with its extension kept. Empty when nothing fit is left."""
    text = _name_clean(name or "").replace("\\", "/")
    text = posixpath.basename(text).strip().strip(".").strip()
    if len(text) > MAX_NAME:
        stem, dot, extension = text.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            text = f"{stem[: MAX_NAME - len(extension) - 1].rstrip()}.{extension}"
        else:
            text = text[:MAX_NAME].rstrip()
    return text


def _text(value: str | None) -> str:
    return (value or "").strip()


def _cover_problems(
    *, title: str, author: str, purpose: str, date_completed: dt.date | None
) -> list[Problem]:
    problems = []
    if not title:
        problems.append(Problem("give the paper's title", field="title"))
    limits = {"title": (title, 300), "author": (author, 200), "purpose": (purpose, 300)}
    for field, (value, limit) in limits.items():
        if len(value) > limit:
            problems.append(Problem(f"at most {limit} characters", field=field))
    if date_completed is not None and not isinstance(date_completed, dt.date):
        problems.append(Problem("give the date the paper was completed", field="date_completed"))
    return problems


PAPER_FIELDS = [
    "item",
    "title",
    "author",
    "date_completed",
    "purpose",
    "executive_summary",
    "action_required",
    "file",
    "file_type",
    "file_size",
    "original_name",
]


def paper_upload(
    *,
    actor: User,
    item_id: int,
    title: str,
    author: str = "",
    date_completed: dt.date | None = None,
    purpose: str = "",
    executive_summary: str = "",
    action_required: str = "",
    upload: UploadedFile | None = None,
) -> Paper:
    """The secretariat adds a paper to an agenda item: its cover sheet, and its file if
    any, checked by content. Refused, nothing is kept: no row, no file, no audit event."""
    enforce(may_keep_registers(memberships_of(actor)))
    item = AgendaItem.objects.select_related("meeting").filter(pk=item_id).first()
    if item is None:
        raise InvalidInput([Problem("no such agenda item", field="item")])
    title, author, purpose = _text(title), _text(author), _text(purpose)
    problems = _cover_problems(
        title=title, author=author, purpose=purpose, date_completed=date_completed
    )
    checked: CheckedFile | None = None
    file_problems: list[Problem] = []
    if upload is not None:
        try:
            checked = paper_file_check(upload)
        except InvalidInput as exc:
            file_problems = exc.problems
    if problems or file_problems:
        raise InvalidInput(problems + file_problems)
    paper = Paper(
        item=item,
        title=title,
        author=author,
        date_completed=date_completed,
        purpose=purpose,
        executive_summary=_text(executive_summary),
        action_required=_text(action_required),
        uploaded_by=actor,
    )
    if checked is not None and upload is not None:
        paper.file_type = checked.extension
        paper.file_size = len(checked.content)
        paper.original_name = paper_name_clean(upload.name)
        paper.text = paper_text(checked)
    stored = ""
    try:
        with transaction.atomic():
            if checked is not None:
                paper.file.save(
                    f"{uuid.uuid4().hex}.{checked.extension}",
                    ContentFile(checked.content),
                    save=False,
                )
                stored = paper.file.name or ""
            paper.save()
            audit_record(
                actor=actor,
                action="create",
                obj=paper,
                before=None,
                after=snapshot(paper, PAPER_FIELDS),
            )
    except BaseException:
        if stored:
            paper.file.storage.delete(stored)
        raise
    return paper


# The most of a file's words kept for search: a long report's first few hundred pages.
MAX_TEXT = 1_000_000
WORD_XML = "word/document.xml"
ODT_XML = "content.xml"
XLSX_XML = "xl/sharedStrings.xml"
# The elements whose text is a paragraph: a Word or ODT paragraph, an ODT heading, an
# Excel shared string.
PARAGRAPHS = {"p", "h", "si"}


def _xml_text(archive: zipfile.ZipFile, part: str) -> str:
    """The text of one XML part, read with defusedxml: each paragraph's words a line."""
    lines: list[str] = []
    size = 0
    with archive.open(part) as stream:
        for _, element in iterparse(stream, events=("end",)):
            if element.tag.rsplit("}", 1)[-1] in PARAGRAPHS:
                line = "".join(element.itertext())
                lines.append(line)
                size += len(line)
                element.clear()  # read once, and the memory given back
                if size > MAX_TEXT:
                    break
    return "\n".join(lines)


def paper_text(checked: CheckedFile) -> str:
    """The words of a checked paper, for search (SPEC §15): a PDF's text read with pypdf,
    a DOCX's, ODT's or XLSX's from its XML parts. A file whose words cannot be read is
    kept all the same, with none: reading is a help to finding, not a check."""
    content, kind = checked.content, checked.extension
    try:
        if kind == "pdf":
            from pypdf import PdfReader  # imported on use, as pikepdf is above

            pages, size = [], 0
            for page in PdfReader(BytesIO(content)).pages:
                words = page.extract_text() or ""
                pages.append(words)
                size += len(words)
                if size > MAX_TEXT:
                    break
            text = "\n".join(pages)
        else:
            part = {"docx": WORD_XML, "odt": ODT_XML, "xlsx": XLSX_XML}[kind]
            with zipfile.ZipFile(BytesIO(content)) as archive:
                text = _xml_text(archive, part) if part in archive.namelist() else ""
    except Exception:  # a damaged part, or a PDF pypdf reads less well than qpdf
        return ""
    # NUL is refused by PostgreSQL in text; runs of blank space say nothing.
    text = re.sub(r"[ \t\r\f\v]+", " ", text.replace("\x00", " "))
    return re.sub(r"\n\s*\n+", "\n", text).strip()[:MAX_TEXT]


def paper_is_public(paper: Paper) -> bool:
    """Whether the public may see the paper: the one rule, Paper.objects.published()."""
    return Paper.objects.published().filter(pk=paper.pk).exists()


def paper_download_name(paper: Paper) -> str:
    """The name a download is saved under: the cleaned uploaded name, ending in the
    extension its content earned."""
    extension = paper.file_type or "bin"
    name = paper_name_clean(paper.original_name) or f"paper-{paper.pk}"
    if not name.lower().endswith(f".{extension}"):
        name = f"{name[: MAX_NAME - len(extension) - 1]}.{extension}"
    return name


def paper_download(paper: Paper) -> HttpResponse:
    """The paper's file as a download, never shown in the page: an attachment with the
    content type its content earned, which the browser must not second-guess. Who may
    download it is the caller's to check (see paper_is_public)."""
    if not paper.file or paper.file_type not in CONTENT_TYPES:
        raise NotFound("This paper has no file to download.")
    with paper.file.open("rb") as file:
        content = file.read()
    response = HttpResponse(content, content_type=CONTENT_TYPES[paper.file_type])
    response["Content-Disposition"] = (
        content_disposition_header(True, paper_download_name(paper)) or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened in a tab after all, it runs nothing and fetches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0" if paper_is_public(paper) else "no-store"
    return response
