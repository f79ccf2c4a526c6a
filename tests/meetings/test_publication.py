"""What the public sees of meetings (SPEC §8, §15 Transparency; QUALITY R5): public items
with their papers and decisions, minutes once approved, the agenda pack, each board's
calendar, and the central log of declarations and rulings. A confidential item carries
a marker in its title, paper, declaration, ruling, decision and action: the marker is on
the staff page, and on no page or download the public can reach."""

import re
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.test import Client
from pypdf import PdfReader

from devolution.meetings.models import AgendaItem, Minutes, Paper
from devolution.meetings.services import minutes_approve, minutes_draft
from tests.conftest import signed_in
from tests.meetings.test_pages import (  # noqa: F401 - fixtures
    KEY,
    LATER,
    MARKER,
    _action,
    _decision,
    item,
    meeting,
    rule_everything,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(meeting, chair, secretariat, alice):  # noqa: F811
    """Every kind of record on both items: rulings, decisions, actions."""
    rule_everything(chair, secretariat)
    client = signed_in(secretariat)
    for key in ("nel-bid", "estates-disposal"):
        pk = item(key).pk
        form = _decision(key)
        form[f"decision{pk}-text"] = f"Decided {MARKER}" if key == "estates-disposal" else "Done."
        assert client.post(f"/meetings/{KEY}/items/{pk}/decision/", form).status_code == 302
    pk = item("estates-disposal").pk
    action = {
        k.replace(str(item("nel-bid").pk), str(pk)): v
        for k, v in _action(alice.email, text_=f"Sell it {MARKER}").items()
    }
    assert client.post(f"/meetings/{KEY}/items/{pk}/actions/", action).status_code == 302
    return meeting


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def body(response) -> str:
    """What a response says: a PDF's text, or the content as text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"%PDF"):
        return pdf_text(content) + content.decode("latin-1")
    return content.decode("utf-8", errors="replace")


# ---------------------------------------------------------------- the staff have it all


def test_the_marker_is_on_the_staff_page_and_in_the_staff_pack(record, bob):
    client = signed_in(bob)
    secret = AgendaItem.objects.get(meeting__key=KEY, key="estates-disposal")
    page = client.get(f"/meetings/{KEY}/?item={secret.pk}").content.decode()
    for words in (
        f"Disposal of a site {MARKER}",
        f"Valuation {MARKER}",
        f"Decided {MARKER}",
        f"Sell it {MARKER}",
        f"Within the area {MARKER}",
    ):
        assert words in page, words
    assert MARKER in pdf_text(client.get(f"/meetings/{KEY}/pack.pdf").content)


# --------------------------------------------------------------------- the public page


def test_the_public_page_shows_public_items_papers_and_decisions_only(record, client):
    response = client.get(f"/public/meetings/{KEY}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert MARKER not in html
    assert "Disposal of a site" not in html and "Valuation" not in html
    page = text(response)
    assert "1. Transformation funding for a NEL bid" in page
    assert html.count('<h3 id="item-') == 1  # the confidential item is not even counted
    paper = Paper.objects.get(title="The NEL bid")
    assert f'href="/public/papers/{paper.pk}/"' in html
    assert "Recommendation to NHS England" in page
    assert "Who took part Bob Brown, Chris Chair" in page
    assert "The minutes are published here once the board approves them" in page


def test_minutes_are_public_only_once_approved(record, client, secretariat):
    minutes = minutes_draft(actor=secretariat, meeting_key=KEY)
    assert "Minutes of the meeting of" not in text(client.get(f"/public/meetings/{KEY}/"))
    minutes_approve(actor=secretariat, meeting_key=KEY, at_meeting_key=LATER, version=1)
    page = text(client.get(f"/public/meetings/{KEY}/"))
    assert "Approved at the meeting of 21 June 2018" in page
    assert "Minutes of the meeting of London Health and Care Strategic Partnership Board" in page
    assert "Alice Adams declared an interest in a confidential item." in page
    assert MARKER not in page
    assert Minutes.objects.get(pk=minutes.pk).status == "approved"


def test_the_minutes_pdf_is_published_once_approved_and_says_what_the_page_says(
    record, client, secretariat
):
    url = f"/public/meetings/{KEY}/minutes.pdf"
    assert client.get(url).status_code == 404  # not drafted
    minutes = minutes_draft(actor=secretariat, meeting_key=KEY)
    assert client.get(url).status_code == 404  # a draft is not published
    minutes_approve(actor=secretariat, meeting_key=KEY, at_meeting_key=LATER, version=1)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{KEY}-minutes.pdf"'
    words = " ".join(pdf_text(response.content).split())
    assert "Approved at the meeting of 21 June 2018" in words
    first_line = Minutes.objects.get(pk=minutes.pk).text.splitlines()[0]
    assert " ".join(first_line.split()) in words
    assert MARKER not in words


def test_a_confidential_items_paper_is_not_found_for_the_public(record, client, bob):
    secret = Paper.objects.get(title=f"Valuation {MARKER}")
    public = Paper.objects.get(title="The NEL bid")
    for who in (client, signed_in(bob)):
        assert who.get(f"/public/papers/{secret.pk}/").status_code == 404
    response = client.get(f"/public/papers/{public.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert client.get(f"/meetings/papers/{secret.pk}/").status_code == 302  # sign in first
    assert signed_in(bob).get(f"/meetings/papers/{secret.pk}/").status_code == 200


def test_the_public_pack_leaves_the_confidential_item_out(record, client):
    response = client.get(f"/public/boards/spb/meetings/{KEY}/pack.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{KEY}-agenda-pack.pdf"'
    words = pdf_text(response.content)
    assert "Transformation funding for a NEL bid" in words
    assert MARKER not in words and MARKER.encode() not in response.content


def test_a_pack_is_found_only_under_its_own_board(record, client):
    assert client.get(f"/public/boards/leb/meetings/{KEY}/pack.pdf").status_code == 404


# ------------------------------------------------------------------------ the calendar
# The calendar feeds: tests/meetings/test_feeds.py.


# ------------------------------------------------------------------- the central log


def test_the_central_log_names_public_items_and_withholds_confidential_ones(record, client):
    response = client.get("/public/conflicts/")
    assert response.status_code == 200
    assert MARKER not in response.content.decode()
    page = text(response)
    assert "Transformation funding for a NEL bid" in page
    assert "A confidential item" in page
    assert "Withheld: the item is confidential" in page
    assert "Bob is a trustee of a charity" in page
    assert (
        "Ruling: London Borough of Hackney serves North East London, which the item affects "
        "Withdraws In the area Chris Chair"
    ) in page


def test_the_central_log_downloads_as_csv(record, client):
    response = client.get("/public/conflicts.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="conflicts-of-')
    content = response.content.decode("utf-8-sig")
    assert MARKER not in content
    rows = [line.split(",") for line in content.splitlines()]
    assert rows[0] == [
        "meeting",
        "board",
        "date",
        "item",
        "kind",
        "member",
        "declared or flagged",
        "ruling",
        "reason",
        "ruled by",
    ]
    assert "A confidential item" in content
    assert f"{KEY},London Health and Care Strategic Partnership Board,2018-05-24" in content
    assert "Takes part in discussion" not in content  # every ruling here is a withdrawal
    assert content.count("Withdraws") == 2


def test_a_formula_in_the_log_is_written_as_text(record, client, bob):
    from devolution.meetings.models import Declaration

    Declaration.objects.create(meeting=record, person=bob, text='=HYPERLINK("x")')
    content = client.get("/public/conflicts.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in content


# ------------------------------------------------------- a crawl of the public site


def test_no_page_or_download_the_public_reaches_carries_the_marker(record, secretariat):
    minutes_draft(actor=secretariat, meeting_key=KEY)
    minutes_approve(actor=secretariat, meeting_key=KEY, at_meeting_key=LATER, version=1)
    client = Client()
    start = ["/meetings/", "/meetings/?board=spb", f"/public/meetings/{KEY}/", "/public/conflicts/"]
    seen, queue, fetched = set(start), list(start), 0
    while queue:
        path = queue.pop()
        response = client.get(path)
        if response.status_code != 200:
            continue
        fetched += 1
        content = body(response)
        assert MARKER not in content, path
        if response["Content-Type"].startswith("text/html"):
            for href in re.findall(r'href="([^"#]+)', content):
                link = urlsplit(href.replace("&amp;", "&"))
                target = link.path + (f"?{link.query}" if link.query else "")
                ours = not link.netloc and link.path.startswith(("/public/", "/meetings/"))
                if ours and target not in seen:
                    seen.add(target)
                    queue.append(target)
    assert fetched >= 8
    assert {"/public/boards/spb/meetings.ics", "/public/conflicts.csv"} <= seen
    assert f"/public/boards/spb/meetings/{KEY}/pack.pdf" in seen
    assert f"/public/boards/spb/meetings/{KEY}/pack/" in seen
    assert f"/public/meetings/{KEY}/minutes.pdf" in seen


# ------------------------------------------------------- the audit record's head, printed


def _approve(secretariat) -> Minutes:
    """Approve the drafted minutes at the later meeting."""
    minutes_approve(actor=secretariat, meeting_key=KEY, at_meeting_key=LATER, version=1)
    return Minutes.objects.get(meeting__key=KEY)


RECORD_CHECK = "Record check: the audit record's fingerprint when these minutes were approved:"


def test_approved_minutes_pages_print_the_audit_records_head_in_plain_words(
    record, client, secretariat
):
    minutes_draft(actor=secretariat, meeting_key=KEY)
    assert RECORD_CHECK not in text(signed_in(secretariat).get(f"/meetings/{KEY}/minutes/"))
    head = _approve(secretariat).audit_head
    assert len(head) == 64
    for response in (
        signed_in(secretariat).get(f"/meetings/{KEY}/minutes/"),
        client.get(f"/public/meetings/{KEY}/"),
    ):
        page = text(response)
        assert f"{RECORD_CHECK} {head[:16]}…" in page
        assert head in page  # the whole value, in the details below it


def test_the_minutes_pdf_prints_the_audit_records_head(record, client, secretariat):
    minutes_draft(actor=secretariat, meeting_key=KEY)
    head = _approve(secretariat).audit_head
    words = " ".join(pdf_text(client.get(f"/public/meetings/{KEY}/minutes.pdf").content).split())
    assert f"{RECORD_CHECK} {head[:16]}…" in words
    assert f"In full: {head}." in words
