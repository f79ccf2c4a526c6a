"""A meeting's agenda pack: a cover, the agenda, each paper's cover sheet and the PDF
papers themselves, as one PDF and as HTML; the public pack leaves confidential items and
their papers out entirely (SPEC §8, QUALITY R5 and P7)."""

import datetime as dt
import re
import time
from io import BytesIO

import pytest
from pypdf import PdfReader

from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Meeting
from devolution.meetings.pack import agenda_pack_html, agenda_pack_pdf
from devolution.meetings.papers import paper_upload
from devolution.meetings.visibility import EVERYTHING, PUBLIC
from tests.meetings.test_papers import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

MARKER = "CONFIDENTIAL-MARKER-7f3a"
PUBLIC_BODY = "PUBLIC-PAPER-BODY-91c2"


def pdf_text(content: bytes) -> list[str]:
    """Each page's text, without white space: WeasyPrint may break a long word at a
    hyphen, and pypdf reads the break as a new line."""
    return [re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(BytesIO(content)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def meeting(secretariat) -> Meeting:
    meeting = Meeting.objects.create(
        key="spb-pack",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 5, 24),
        place="City Hall, London",
        status="agenda_published",
    )
    items = [
        ("welcome", "Welcome and declarations of interest", "note", "The chairs", True),
        ("estates", "Estates strategy", "agree", "Director of Estates", True),
        ("bid", f"{MARKER} bid for transformation funding", "decide", "NEL STP lead", False),
        ("workforce", "Workforce plan", "consider", "Workforce lead", True),
    ]
    for order, (key, title, purpose, presenter, public) in enumerate(items, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            key=key,
            title=title,
            purpose=purpose,
            presenter=presenter,
            public=public,
        )
    item = {i.key: i.pk for i in meeting.items.all()}

    def add(key, title, file, **cover):
        return paper_upload(
            actor=secretariat,
            item_id=item[key],
            title=title,
            author=cover.pop("author", "Sam Secretariat"),
            date_completed=dt.date(2018, 5, 10),
            purpose=cover.pop("purpose", "For agreement"),
            executive_summary=cover.pop("executive_summary", "A summary."),
            action_required="Agree the recommendations.",
            upload=file,
        )

    add("estates", "Estates strategy 2018", upload("estates.pdf", pdf_bytes(PUBLIC_BODY, 2)))
    add(
        "bid",
        f"{MARKER} business case",
        upload("bid.pdf", pdf_bytes(f"{MARKER} the bid itself")),
        executive_summary=f"Summary naming {MARKER}.",
    )
    add("workforce", "Workforce plan 2018/19", upload("Workforce plan.docx", docx_bytes()))
    return meeting


def test_the_public_pack_has_no_confidential_item_or_paper(meeting):
    pages = pdf_text(agenda_pack_pdf(meeting, reader=PUBLIC))
    text = "".join(pages)
    assert MARKER not in text
    assert "(inprivate" not in text
    assert squeeze("Estates strategy 2018") in text
    assert PUBLIC_BODY in text
    html = agenda_pack_html(meeting, reader=PUBLIC)
    assert MARKER not in html
    assert "Estates strategy 2018" in html


def test_the_full_pack_has_the_confidential_item_its_paper_and_the_paper_itself(meeting):
    pages = pdf_text(agenda_pack_pdf(meeting, reader=EVERYTHING))
    text = "".join(pages)
    assert squeeze(f"{MARKER} bid for transformation funding") in text
    assert squeeze(f"{MARKER} business case") in text
    assert squeeze(f"{MARKER} the bid itself") in text
    assert squeeze(f"Summary naming {MARKER}.") in text
    assert squeeze("Confidential. This full pack includes items taken in private") in text
    html = agenda_pack_html(meeting, reader=EVERYTHING)
    assert f"{MARKER} business case" in html


def test_the_pack_opens_with_a_cover_and_the_agenda_in_order(meeting):
    pages = pdf_text(agenda_pack_pdf(meeting, reader=PUBLIC))
    cover, agenda = pages[0], pages[1]
    assert squeeze(Board.objects.get(key="spb").name) in cover
    assert squeeze("24 May 2018") in cover
    assert squeeze("City Hall, London") in cover
    assert agenda.startswith("Agenda")
    positions = [
        agenda.index(squeeze(s))
        for s in ("Welcome and declarations", "Estates strategy", "Workforce plan")
    ]
    assert positions == sorted(positions)
    assert squeeze("Estates strategy Agree Director of Estates") in agenda
    assert squeeze("Workforce plan Consider Workforce lead") in agenda


def test_each_cover_sheet_is_followed_by_its_pdf_paper(meeting):
    content = agenda_pack_pdf(meeting, reader=PUBLIC)
    pages = pdf_text(content)
    # cover, agenda, the estates sheet and its 2 pages, the workforce sheet
    assert len(pages) == 6
    sheet = pages[2]
    for words in (
        "Estates strategy 2018",
        "Author Sam Secretariat",
        "Date completed 10 May 2018",
        "Purpose For agreement",
        "Executive summary A summary.",
        "Action required Agree the recommendations.",
        "PDF, follows this sheet (2 pages)",
    ):
        assert squeeze(words) in sheet
    assert PUBLIC_BODY in pages[3] and PUBLIC_BODY in pages[4]
    assert squeeze("Word (DOCX), Workforce plan.docx: available to download") in pages[5]
    reader = PdfReader(BytesIO(content))
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]  # A4
    assert [o.title for o in reader.outline if not isinstance(o, list)] == [
        "Cover",
        "Agenda",
        "2. Estates strategy 2018",
        "3. Workforce plan 2018/19",
    ]


def test_the_full_pack_numbers_every_item_and_the_public_pack_only_its_own(meeting):
    full = "".join(pdf_text(agenda_pack_pdf(meeting, reader=EVERYTHING)))
    public = "".join(pdf_text(agenda_pack_pdf(meeting, reader=PUBLIC)))
    assert squeeze("Item 4: Workforce plan") in full
    assert squeeze("Item 3: Workforce plan") in public


def test_the_html_pack_links_papers_to_download_when_told_where(meeting):
    html = agenda_pack_html(meeting, reader=PUBLIC, paper_url=lambda p: f"/papers/{p.pk}/file")
    workforce = meeting.items.get(key="workforce").papers.get()
    assert f'href="/papers/{workforce.pk}/file"' in html
    assert "available to download" in html


def test_a_twenty_item_pack_renders(secretariat):
    meeting = Meeting.objects.create(
        key="spb-twenty",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 7, 19),
        status=Meeting.Status.AGENDA_PUBLISHED,
    )
    paper = pdf_bytes("A paper of two pages.", 2)
    for n in range(1, 21):
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=n,
            key=f"item-{n}",
            title=f"Item number {n}",
            purpose="note",
            presenter="A presenter",
        )
        paper_upload(
            actor=secretariat,
            item_id=item.pk,
            title=f"Paper for item {n}",
            author="Sam Secretariat",
            date_completed=dt.date(2018, 7, 1),
            purpose="For noting",
            executive_summary="A summary of the paper. " * 20,
            action_required="Note the paper.",
            upload=upload(f"paper-{n}.pdf", paper),
        )
    started = time.perf_counter()
    html = agenda_pack_html(meeting, reader=PUBLIC)
    html_seconds = time.perf_counter() - started
    started = time.perf_counter()
    content = agenda_pack_pdf(meeting, reader=PUBLIC)
    pdf_seconds = time.perf_counter() - started
    print(
        f"\n20-item pack: PDF {pdf_seconds:.2f} s, HTML {html_seconds * 1000:.0f} ms, "
        f"ratio {pdf_seconds / html_seconds:.0f}x"
    )
    assert html.count("Paper for item") == 40  # in the agenda and on each sheet
    pages = pdf_text(content)
    assert sum(squeeze("A paper of two pages.") in page for page in pages) == 40
    assert sum(page.startswith(squeeze("Item ")) for page in pages) == 20
    assert pdf_seconds < 30


@pytest.mark.django_db
def test_a_meeting_without_papers_still_has_a_pack():
    import datetime as dt

    from devolution.governance.models import Board
    from devolution.meetings.models import AgendaItem, Meeting
    from devolution.meetings.pack import agenda_pack_pdf

    meeting = Meeting.objects.create(
        key="no-papers", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
    )
    AgendaItem.objects.create(meeting=meeting, key="only", title="Only item", purpose="note")
    assert agenda_pack_pdf(meeting, reader=PUBLIC).startswith(b"%PDF")


# ------------------------------------------------- a standard PDF, papers and all (issue 10)


def test_the_pack_with_papers_put_in_stays_tagged_with_its_language_and_title(meeting):
    import pikepdf

    from devolution.core.pdfs import pdf_facts

    content = agenda_pack_pdf(meeting, reader=EVERYTHING)
    facts = pdf_facts(content)
    assert facts.standard
    assert facts.language == "en-GB"
    assert facts.title == f"Agenda pack: {Board.objects.get(key='spb').name}: 24 May 2018 " + (
        "(full, confidential)"
    )
    # The papers' own tags are not carried over, so the pack claims no PDF/UA conformance.
    assert facts.ua_part == ""
    with pikepdf.open(BytesIO(content)) as pdf:
        # cover, agenda, estates sheet + 2 pages, bid sheet + 1 page, workforce sheet
        assert len(pdf.pages) == 8
        tagged = [n for n, page in enumerate(pdf.pages) if "/StructParents" in page.obj]
        assert tagged == [0, 1, 2, 5, 7]  # the pack's own pages, not the papers'
        parents = {int(pdf.pages[n].obj.StructParents) for n in tagged}
        assert len(parents) == len(tagged)
        with pdf.open_outline() as outline:
            estates = outline.root[2]
            assert estates.title == "2. Estates strategy 2018"
            assert [c.title for c in estates.children] == ["The paper"]
            assert estates.children[0].destination[0] == pdf.pages[3].obj
        assert pdf.Root.PageMode == "/UseOutlines"


def test_a_pack_of_the_packs_own_pages_only_is_pdf_ua_1():
    from devolution.core.pdfs import pdf_facts

    meeting = Meeting.objects.create(
        key="ua-only", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
    )
    AgendaItem.objects.create(meeting=meeting, key="only", title="Only item", purpose="note")
    facts = pdf_facts(agenda_pack_pdf(meeting, reader=PUBLIC))
    assert facts.standard
    assert facts.ua_part == "1"
    assert facts.title.startswith("Agenda pack: ")


def test_a_paper_whose_file_is_gone_or_damaged_is_left_out_and_the_pack_stays_standard(meeting):
    from devolution.core.pdfs import pdf_facts
    from devolution.meetings.models import Paper

    estates = Paper.objects.get(item__meeting=meeting, title="Estates strategy 2018")
    estates.file.storage.delete(estates.file.name)
    content = agenda_pack_pdf(meeting, reader=PUBLIC)
    pages = pdf_text(content)
    assert len(pages) == 4  # cover, agenda, the estates sheet, the workforce sheet
    assert PUBLIC_BODY not in "".join(pages)
    assert squeeze("available to download") in pages[2]
    facts = pdf_facts(content)
    assert facts.standard and facts.ua_part == "1"  # nothing put in: the pack's own pages
    with estates.file.storage.open(estates.file.name, "wb") as file:
        file.write(b"%PDF-1.7\nnot a PDF at all")
    assert estates.file.storage.exists(estates.file.name)
    content = agenda_pack_pdf(meeting, reader=PUBLIC)
    assert len(pdf_text(content)) == 4
    assert pdf_facts(content).standard


def test_a_papers_page_put_in_keeps_its_links_but_not_its_place_in_its_own_tags():
    import pikepdf

    from devolution.meetings.pack import _untag

    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    link = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, StructParent=3)
    )
    page.obj.StructParents = 0
    page.obj.Annots = pikepdf.Array([link])
    _untag(page)
    assert "/StructParents" not in page.obj
    assert len(page.obj.Annots) == 1
    assert "/StructParent" not in page.obj.Annots[0]
    assert page.obj.Annots[0].Subtype == "/Link"
