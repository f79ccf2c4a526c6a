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
from devolution.meetings.selectors import item_numbers
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


def test_the_pack_opens_with_a_cover_and_the_contents_in_order(meeting):
    pages = pdf_text(agenda_pack_pdf(meeting, reader=PUBLIC))
    cover, agenda = pages[0], pages[1]
    assert squeeze(Board.objects.get(key="spb").name) in cover
    assert squeeze("Date 24 May 2018") in cover
    assert squeeze("Time time not given yet") in cover
    assert squeeze("Place City Hall, London") in cover
    assert agenda.startswith("Contents")
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
    # cover, contents, the welcome item, the estates sheet and its 2 pages, the workforce
    # sheet
    assert len(pages) == 7
    sheet = pages[3]
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
    assert PUBLIC_BODY in pages[4] and PUBLIC_BODY in pages[5]
    assert squeeze("Word (DOCX), Workforce plan.docx: available to download") in pages[6]
    reader = PdfReader(BytesIO(content))
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]  # A4
    assert [o.title for o in reader.outline if not isinstance(o, list)] == [
        "Cover",
        "Contents",
        "1. Welcome and declarations of interest",
        "2. Estates strategy",
        # The agenda's own number: the confidential item 3 is withheld, not renumbered.
        "4. Workforce plan",
    ]
    sheets = [o for o in reader.outline if isinstance(o, list)]
    assert [[s.title for s in sheet if not isinstance(s, list)] for sheet in sheets] == [
        ["Cover sheet: Estates strategy 2018"],
        ["Cover sheet: Workforce plan 2018/19"],
    ]


def test_both_packs_number_items_as_the_agenda_does_the_public_one_without_the_confidential(
    meeting,
):
    full = "".join(pdf_text(agenda_pack_pdf(meeting, reader=EVERYTHING)))
    public = "".join(pdf_text(agenda_pack_pdf(meeting, reader=PUBLIC)))
    assert squeeze("Item 4: Workforce plan") in full
    assert squeeze("Item 3:") in full
    # "Item 4" is the same item for everyone who reads either pack: the withheld item 3
    # leaves its number unused rather than moving the later ones up.
    assert squeeze("Item 4: Workforce plan") in public
    assert squeeze("Item 3:") not in public


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
        # cover, contents, welcome, estates sheet + 2 pages, bid sheet + 1 page, workforce
        # sheet
        assert len(pdf.pages) == 9
        tagged = [n for n, page in enumerate(pdf.pages) if "/StructParents" in page.obj]
        assert tagged == [0, 1, 2, 3, 6, 8]  # the pack's own pages, not the papers'
        parents = {int(pdf.pages[n].obj.StructParents) for n in tagged}
        assert len(parents) == len(tagged)
        with pdf.open_outline() as outline:
            estates = outline.root[3]
            assert estates.title == "2. Estates strategy"
            assert estates.destination[0] == pdf.pages[3].obj
            sheet = estates.children[0]
            assert sheet.title == "Cover sheet: Estates strategy 2018"
            assert [c.title for c in sheet.children] == ["The paper"]
            assert sheet.children[0].destination[0] == pdf.pages[4].obj
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
    assert len(pages) == 5  # cover, contents, welcome, the estates and workforce sheets
    assert PUBLIC_BODY not in "".join(pages)
    assert squeeze("available to download") in pages[3]
    facts = pdf_facts(content)
    assert facts.standard and facts.ua_part == "1"  # nothing put in: the pack's own pages
    with estates.file.storage.open(estates.file.name, "wb") as file:
        file.write(b"%PDF-1.7\nnot a PDF at all")
    assert estates.file.storage.exists(estates.file.name)
    content = agenda_pack_pdf(meeting, reader=PUBLIC)
    assert len(pdf_text(content)) == 5
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


# ---------------------------------------------- board papers as people expect them (issue 12)


def raw_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


@pytest.fixture
def numbered(secretariat) -> Meeting:
    """A meeting whose papers push its items down the pack: an item without papers after
    one with a three-page paper, two papers for one item, and a paper of two items."""
    meeting = Meeting.objects.create(
        key="spb-numbered",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 9, 20),
        starts_at=dt.time(10, 0),
        ends_at=dt.time(12, 30),
        place="Committee Room 4, City Hall",
        status="agenda_published",
    )
    titles = [
        ("apologies", "Apologies", True),
        ("estates", "Estates plan", True),
        ("matters", "Matters arising", True),
        ("bid", f"{MARKER} bid", False),
        ("digital", "Digital plan", True),
        ("digital-two", "Digital plan again", True),
        ("aob", "Any other business", True),
    ]
    for order, (key, title, public) in enumerate(titles, start=1):
        AgendaItem.objects.create(
            meeting=meeting, order=order, key=key, title=title, purpose="note", public=public
        )
    item = {i.key: i.pk for i in meeting.items.all()}

    def add(key, title, file=None, summary="A summary."):
        paper_upload(
            actor=secretariat,
            item_id=item[key],
            title=title,
            author="Ann Author",
            date_completed=dt.date(2018, 9, 1),
            purpose="For noting",
            executive_summary=summary,
            action_required="Note the paper.",
            upload=file,
        )

    add("estates", "Estates plan paper", upload("estates.pdf", pdf_bytes("ESTATES-BODY", 3)))
    add("bid", f"{MARKER} case", upload("bid.pdf", pdf_bytes(f"{MARKER} body", 2)))
    add("digital", "Digital strategy", upload("digital.pdf", pdf_bytes("DIGITAL-BODY", 2)))
    add("digital", "Digital budget")
    # The same paper given again for the next item, as the data set records such papers.
    add("digital-two", "Digital strategy", upload("digital.pdf", pdf_bytes("DIGITAL-BODY", 2)))
    return meeting


def contents_rows(
    content: bytes, titles: list[str], numbers: list[int]
) -> dict[str, tuple[str, int]]:
    """The contents' rows, by item number: (the row's text, its page number), for items of
    these titles and agenda numbers in this order (no paper's title in them ends in a
    digit)."""
    contents = next(page for page in pdf_text(content) if page.startswith("Contents"))
    starts = [contents.index(squeeze(f"{n}{t}")) for n, t in zip(numbers, titles, strict=True)]
    ends = [*starts[1:], contents.index("•")]
    rows = {}
    for n, (start, end) in zip(numbers, zip(starts, ends, strict=True), strict=True):
        found = re.fullmatch(r"(\d+?)(\D.*\D)(\d+)", contents[start:end])
        assert found, contents[start:end]
        assert found[1] == str(n)
        rows[found[1]] = (found[2], int(found[3]))
    return rows


def test_the_cover_names_the_board_the_date_the_time_and_the_place(numbered):
    cover = pdf_text(agenda_pack_pdf(numbered, reader=PUBLIC))[0]
    assert squeeze(Board.objects.get(key="spb").name) in cover
    assert squeeze("Date 20 September 2018") in cover
    assert squeeze("Time 10:00 to 12:30 (London time)") in cover
    assert squeeze("Place Committee Room 4, City Hall") in cover


def test_a_meeting_from_the_sources_without_a_time_says_the_time_is_not_in_them():
    meeting = Meeting.objects.get(key="spb-2017-08-10")
    assert meeting.starts_at is None and meeting.source_id is not None
    cover = pdf_text(agenda_pack_pdf(meeting, reader=PUBLIC))[0]
    assert squeeze("Time time not in the sources") in cover
    assert "time not in the sources" in agenda_pack_html(meeting, reader=PUBLIC)


@pytest.mark.parametrize("reader", [PUBLIC, EVERYTHING], ids=["public", "full"])
def test_the_contents_give_the_page_each_numbered_item_starts_on(numbered, reader):
    content = agenda_pack_pdf(numbered, reader=reader)
    pages = pdf_text(content)
    items = list(AgendaItem.objects.visible_to(reader).filter(meeting=numbered).order_by("order"))
    numbers = item_numbers(numbered)
    rows = contents_rows(
        content, [item.title for item in items], [numbers[item.pk] for item in items]
    )
    assert list(rows) == [str(numbers[item.pk]) for item in items]
    for (number, (row, page)), item in zip(rows.items(), items, strict=True):
        assert row.startswith(squeeze(item.title))
        heading = squeeze(f"Item {number}: {item.title}")
        # The page the contents give is the first the item's heading is on.
        first = next(n for n, text in enumerate(pages, start=1) if heading in text)
        assert page == first, (item.title, page, first)
    # The papers put in before an item count: the estates paper's three pages and the
    # full pack's confidential paper push the later items down.
    if reader is PUBLIC:
        at = [page for _, page in rows.values()]  # the public's items in their order
        assert at[2] == at[1] + 4  # its heading and sheet, the paper's three
        # the digital plan's heading and sheet, its two pages, the budget's sheet
        assert at[4] == at[3] + 4
        assert at[5] == at[4]  # items without papers share a page


def test_every_page_says_page_n_of_m_the_papers_pages_too(numbered):
    for reader in (PUBLIC, EVERYTHING):
        pages = pdf_text(agenda_pack_pdf(numbered, reader=reader))
        assert any("ESTATES-BODY" in page for page in pages)
        for n, page in enumerate(pages, start=1):
            assert squeeze(f"Page {n} of {len(pages)}") in page, n
            assert page.count(f"of{len(pages)}") == 1


def test_a_papers_pages_keep_their_text_under_the_page_number_stamped_on_them(numbered):
    pages = pdf_text(agenda_pack_pdf(numbered, reader=PUBLIC))
    body = [n for n, page in enumerate(pages) if "ESTATES-BODY" in page]
    assert len(body) == 3 and body == list(range(body[0], body[0] + 3))
    assert squeeze("Estates plan paper") in pages[body[0] - 1]  # its sheet comes first


def test_a_paper_given_for_two_items_has_its_cover_sheet_once(numbered):
    for reader in (PUBLIC, EVERYTHING):
        pages = pdf_text(agenda_pack_pdf(numbered, reader=reader))
        sheets = [p for p in pages if squeeze("Digital strategy Author Ann Author") in p]
        assert len(sheets) == 1
        assert sum("DIGITAL-BODY" in page for page in pages) == 2
        digital = next(i for i in AgendaItem.objects.visible_to(reader).filter(key="digital"))
        number = item_numbers(numbered)[digital.pk]
        assert squeeze(f"Paper: Digital strategy, with its cover sheet at item {number}") in (
            "".join(pages)
        )
    html = agenda_pack_html(numbered, reader=PUBLIC)
    assert html.count("<h3") == html.count('class="pack-sheet"') == 3
    assert html.count(">Digital strategy</h3>") == 1


def test_the_london_paper_given_for_three_items_has_one_cover_sheet():
    meeting = Meeting.objects.get(key="spb-2017-08-10")
    pages = pdf_text(agenda_pack_pdf(meeting, reader=PUBLIC))
    author = squeeze("Author Healthy London Partnership")
    assert sum(page.count(author) for page in pages) == 1
    html = agenda_pack_html(meeting, reader=PUBLIC)
    assert html.count('<th scope="row">Author</th><td>Healthy London Partnership') == 1
    assert html.count("with its cover sheet at item 1") == 2


def test_the_public_pack_says_nothing_of_confidentiality(numbered):
    from devolution.core.pdfs import pdf_facts

    content = agenda_pack_pdf(numbered, reader=PUBLIC)
    text = "".join(raw_pages(content))
    assert "confidential" not in text.lower()
    assert MARKER not in text
    assert "in private" not in text.replace("Items the board takes in private", "")
    assert "confidential" not in pdf_facts(content).title.lower()
    html = agenda_pack_html(numbered, reader=PUBLIC)
    assert "confidential" not in html.lower()


def test_the_full_pack_marks_itself_and_its_private_items_on_every_page(numbered):
    from devolution.core.pdfs import pdf_facts

    content = agenda_pack_pdf(numbered, reader=EVERYTHING)
    pages = raw_pages(content)
    assert "Confidential. This full pack includes items taken in private" in pages[0]
    own = [p for p in pages if "Agenda pack (full, confidential)" in p]
    # every page but the papers' own (stamped with their page number only)
    assert len(own) == len(pages) - 3 - 2 - 2
    bid = next(p for p in pages if f"Item 4: {MARKER} bid" in p)
    assert "In private: not for publication." in bid
    assert pdf_facts(content).title.endswith("(full, confidential)")


def test_the_public_pack_page_says_nothing_of_confidentiality(numbered, client):
    page = client.get(f"/public/boards/spb/meetings/{numbered.key}/pack/").content.decode()
    assert "Apologies" in page
    assert MARKER not in page
    assert "confidential" not in page.lower()


def test_the_staff_pack_page_calls_itself_confidential_only_when_it_is(
    numbered, reader, secretariat
):
    from tests.conftest import signed_in

    page = signed_in(reader).get(f"/meetings/{numbered.key}/pack/").content.decode()
    assert "Apologies" in page
    assert MARKER not in page
    assert "confidential" not in page.lower()
    full = signed_in(secretariat).get(f"/meetings/{numbered.key}/pack/").content.decode()
    assert MARKER in full
    assert "Agenda pack (full, confidential)" in full
    assert "(full, with confidential items)" in full
