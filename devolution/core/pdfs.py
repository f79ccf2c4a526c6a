"""Every PDF the system makes is made here: PDF/UA-1 (ISO 14289-1), so a screen reader can
read it. WeasyPrint tags the document from its HTML (headings, lists, tables), takes its
language from `<html lang>` and its title from `<title>`, and shows that title, not the
file name, in the reader's window.

A print template must therefore name its language and its title; `pdf_facts` reads back
what a PDF says of itself, so the tests can check every PDF the site serves.
"""

from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint import Document

VARIANT = "pdf/ua-1"


def html_document(html: str) -> "Document":
    """The laid-out pages of a print template's HTML, for a caller that reads where things
    landed before writing the PDF. The HTML names no other file; should it ever name one,
    it is not fetched."""
    from weasyprint import HTML  # imported on use: it takes a while to load
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).render(
        pdf_variant=VARIANT
    )


def document_pdf(document: "Document") -> bytes:
    """The PDF/UA-1 file of laid-out pages."""
    pdf: bytes = document.write_pdf(pdf_variant=VARIANT)
    return pdf


def html_pdf(html: str) -> bytes:
    """The PDF/UA-1 file of a print template's HTML: tagged, with its language and title."""
    return document_pdf(html_document(html))


@dataclass(frozen=True)
class PdfFacts:
    """What a PDF says of itself to a reader's software."""

    tagged: bool  # /MarkInfo /Marked true
    structure: bool  # a /StructTreeRoot: the tags themselves
    language: str  # the catalogue's /Lang
    title: str  # the document information's /Title
    xmp_title: str  # the XMP metadata's dc:title
    shows_title: bool  # /ViewerPreferences /DisplayDocTitle true
    ua_part: str  # the PDF/UA part the XMP metadata claims, if any

    @property
    def standard(self) -> bool:
        """Tagged, with a language and a title shown in the window."""
        return (
            self.tagged
            and self.structure
            and bool(self.language)
            and bool(self.title)
            and self.title == self.xmp_title
            and self.shows_title
        )


def _true(dictionary: Any, key: str) -> bool:
    """Whether a PDF dictionary holds the boolean true at `key` (pikepdf reads booleans
    as Python's)."""
    return dictionary is not None and dictionary.get(key) is True


def pdf_facts(content: bytes) -> PdfFacts:
    import pikepdf

    with pikepdf.open(BytesIO(content)) as pdf:
        root = pdf.Root
        mark = root.get("/MarkInfo")
        preferences = root.get("/ViewerPreferences")
        meta = pdf.open_metadata()
        return PdfFacts(
            tagged=_true(mark, "/Marked"),
            structure="/StructTreeRoot" in root,
            language=str(root.get("/Lang", "")),
            title=str(pdf.docinfo.get("/Title", "")),
            xmp_title=str(meta.get("dc:title", "")),
            shows_title=_true(preferences, "/DisplayDocTitle"),
            ua_part=str(meta.get("pdfuaid:part", "")),
        )
