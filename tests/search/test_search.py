"""Search (SPEC §15): ranked, highlighted, stemmed, filtered; each reader finds only what
they may see, a confidential paper's words by the secretariat alone; on both databases."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Meeting
from devolution.meetings.papers import paper_upload
from devolution.search import selectors, services
from devolution.search.models import Entry
from devolution.search.rules.query import END, START, fts5_match, highlighted
from devolution.search.rules.scope import PUBLIC, Scope
from tests.conftest import signed_in
from tests.funding.conftest_bids import (  # noqa: F401 (fixtures)
    applicant_fixture,
    assessor_fixture,
    camden_applicant_fixture,
    full_data,
)
from tests.meetings.test_papers import docx_bytes, odt_bytes, pdf_bytes, zip_bytes

pytestmark = pytest.mark.django_db

# Words that appear nowhere in London's data.
PUBLIC_WORD = "zanzibarquokka"
SECRET_WORD = "xylophonewombat"
MARKER = "MARKER-CONFIDENTIAL-7f3a"


@pytest.fixture
def meeting(db) -> Meeting:
    return Meeting.objects.create(
        key="spb-search",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 5, 24),
        status=Meeting.Status.AGENDA_PUBLISHED,
        place="City Hall, London",
    )


@pytest.fixture
def items(meeting) -> tuple[AgendaItem, AgendaItem]:
    public = AgendaItem.objects.create(
        meeting=meeting, order=1, key="open", title="Estates strategy", purpose="agree"
    )
    private = AgendaItem.objects.create(
        meeting=meeting, order=2, key="private", title=f"Land deal {MARKER}", public=False
    )
    return public, private


def upload(actor, item, content: bytes, name: str, **cover):
    return paper_upload(
        actor=actor,
        item_id=item.pk,
        title=cover.get("title", "A paper"),
        author="Sam Secretariat",
        date_completed=dt.date(2018, 5, 10),
        purpose=cover.get("purpose", "For agreement"),
        upload=SimpleUploadedFile(name, content),
    )


@pytest.fixture
def papers(secretariat, items):
    public, private = items
    open_paper = upload(
        secretariat, public, pdf_bytes(f"The estates {PUBLIC_WORD} and {SECRET_WORD}"), "a.pdf"
    )
    secret_paper = upload(
        secretariat,
        private,
        pdf_bytes(f"Only in private: {SECRET_WORD} {MARKER}"),
        "b.pdf",
        title=f"Private paper {MARKER}",
    )
    return open_paper, secret_paper


def found(scope: Scope, words: str, **filters) -> list[selectors.Result]:
    return selectors.search(scope, words, **filters)[0:50]


def titles(scope: Scope, words: str, **filters) -> list[str]:
    return [r.title for r in found(scope, words, **filters)]


# ---------------------------------------------------------------- the words of papers


def test_a_word_only_in_a_public_papers_pdf_finds_that_paper_for_the_public(papers):
    open_paper, _ = papers
    assert PUBLIC_WORD in open_paper.text
    hits = found(PUBLIC, PUBLIC_WORD)
    public_download = reverse("meetings:public-paper-download", args=[open_paper.pk])
    assert [(h.kind, h.url) for h in hits] == [("paper", public_download)]
    assert f"<mark>{PUBLIC_WORD}</mark>" in hits[0].snippet


def test_each_hit_links_where_its_reader_may_open_it(client: Client, papers, secretariat, meeting):
    """The public is sent to the public pages (the meeting's public page, a paper's public
    download), staff to theirs: every public hit opens without signing in."""
    public_urls = {(h.kind, h.url) for h in found(PUBLIC, "estates")}
    item = meeting.items.get(key="open")
    assert ("paper", reverse("meetings:public-paper-download", args=[papers[0].pk])) in public_urls
    assert ("item", f"/public/meetings/{meeting.key}/#item-{item.pk}") in public_urls
    for hit in found(PUBLIC, "estates") + found(PUBLIC, "london"):
        response = client.get(hit.url.split("#")[0])
        assert response.status_code == 200, (hit.kind, hit.url, response.status_code)
    staff_urls = {(h.kind, h.url) for h in found(selectors.scope_of(secretariat), "estates")}
    assert ("paper", reverse("meetings:paper-download", args=[papers[0].pk])) in staff_urls
    assert ("item", reverse("meetings:meeting-detail", args=[meeting.key])) in staff_urls


def test_a_paper_without_a_file_is_found_on_its_item_at_its_meeting(db):
    # London's data set names the seeds' papers without holding their files.
    from devolution.meetings.models import Paper

    paper = Paper.objects.filter(file="", item__public=True).select_related("item__meeting")
    paper = paper.first()
    assert paper is not None
    services.index_rows("paper", [paper.pk])
    entry = Entry.objects.get(ref=f"paper:{paper.pk}")
    meeting = paper.item.meeting
    assert entry.url == reverse("meetings:meeting-detail", args=[meeting.key])
    assert entry.public_url == f"/public/meetings/{meeting.key}/#item-{paper.item_id}"


def test_a_meeting_known_to_the_month_is_found_with_its_month_not_an_invented_day(client):
    # London's SPB meeting of January 2018 (seed 002 gives its month, not its day).
    page = client.get("/search/", {"q": "shadow decision-making"}).content.decode()
    assert "January 2018" in page
    assert "1 January 2018" not in page
    items = client.get("/api/search", {"q": "shadow decision-making"}).json()["items"]
    assert items and {i["date_precision"] for i in items} == {"month"}


def test_a_confidential_papers_word_is_found_by_the_secretariat_and_nobody_else(
    papers, secretariat, alice, reader
):
    sec = selectors.scope_of(secretariat)
    assert f"Private paper {MARKER}" in titles(sec, SECRET_WORD)
    for scope in (PUBLIC, selectors.scope_of(alice), selectors.scope_of(reader)):
        hits = found(scope, SECRET_WORD)
        assert [h.kind for h in hits] == ["paper"]  # the public paper has the word too
        assert all(MARKER not in h.title + h.snippet_text for h in hits)
        assert found(scope, "private") == [] or all(
            MARKER not in h.title + h.snippet_text for h in found(scope, "private")
        )


def test_a_board_member_finds_their_boards_confidential_paper(papers, alice):
    _, secret_paper = papers
    board = secret_paper.item.meeting.board
    from devolution.governance.models import BoardMember

    BoardMember.objects.create(board=board, person=alice, name="Alice Adams")
    assert f"Private paper {MARKER}" in titles(selectors.scope_of(alice), SECRET_WORD)


def test_the_words_of_docx_and_odt_papers_are_read(secretariat, items):
    public, _ = items
    document = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Hospital </w:t></w:r><w:r><w:t>pelicanword</w:t></w:r></w:p>"
        b"</w:body></w:document>"
    )
    docx = docx_bytes()
    docx = zip_bytes(
        [("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<Relationships/>"),
         ("word/document.xml", document)]
    )  # fmt: skip
    word = upload(secretariat, public, docx, "w.docx")
    odt = upload(secretariat, public, odt_bytes(), "o.odt")
    assert word.text == "Hospital pelicanword"
    assert odt.text == "A paper"
    assert [h.kind for h in found(PUBLIC, "pelicanword")] == ["paper"]


def test_a_paper_whose_agenda_is_a_draft_is_not_found_by_the_public(secretariat, items, meeting):
    public, _ = items
    upload(secretariat, public, pdf_bytes(f"draft {PUBLIC_WORD}"), "c.pdf")
    meeting.status = Meeting.Status.SCHEDULED
    meeting.save()
    assert found(PUBLIC, PUBLIC_WORD) == []
    assert [h.kind for h in found(Scope(staff=True), PUBLIC_WORD)] == ["paper"]
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.save()
    assert [h.kind for h in found(PUBLIC, PUBLIC_WORD)] == ["paper"]


# ---------------------------------------------------------------- ranking and stemming


def test_meetings_finds_meeting_by_its_stem(meeting):
    assert "Strategic Partnership Board meeting" in " ".join(titles(PUBLIC, "meetings"))
    assert titles(PUBLIC, "meetings")  # "meeting" in the titles, found by "meetings"


def test_results_are_ranked_a_word_in_the_title_before_a_word_in_the_body(secretariat, items):
    public, _ = items
    upload(secretariat, public, pdf_bytes("nothing much"), "t.pdf", title="Quokkaplan review")
    upload(secretariat, public, pdf_bytes("mentions quokkaplan once"), "u.pdf", title="Other")
    assert titles(PUBLIC, "quokkaplan") == ["Quokkaplan review", "Other"]


def test_filters_by_kind_board_and_date(papers, meeting):
    assert [h.kind for h in found(PUBLIC, PUBLIC_WORD, kind="paper")] == ["paper"]
    assert found(PUBLIC, PUBLIC_WORD, kind="site") == []
    assert found(PUBLIC, PUBLIC_WORD, board_id=meeting.board_id)
    other = Board.objects.exclude(pk=meeting.board_id).first()
    assert found(PUBLIC, PUBLIC_WORD, board_id=other.pk) == []
    assert found(PUBLIC, PUBLIC_WORD, since=dt.date(2018, 5, 24), until=dt.date(2018, 5, 24))
    assert found(PUBLIC, PUBLIC_WORD, since=dt.date(2018, 5, 25)) == []


def test_a_snippet_is_escaped_but_its_marks(secretariat, items):
    public, _ = items
    upload(secretariat, public, pdf_bytes("x"), "s.pdf", title="<script>alert(1)</script> emuword")
    upload(secretariat, public, pdf_bytes("x"), "r.pdf", title="Costs & income emuword")
    hits = found(PUBLIC, "emuword")
    snippets = " ".join(hit.snippet for hit in hits)
    assert "<script>" not in snippets
    assert "&amp; income" in snippets
    assert all("<mark>emuword</mark>" in hit.snippet for hit in hits)


def test_highlighted_escapes_and_closes_marks():
    assert highlighted(f"a<b {START}word{END} & {START}open") == (
        "a&lt;b <mark>word</mark> &amp; <mark>open</mark>"
    )


def test_fts5_match_reads_nothing_as_syntax():
    assert fts5_match('NEAR(a b) "x" OR -y*') == '"near" "a" "b" "x" "or" "y"'
    assert fts5_match("!!") == ""


def test_the_index_follows_writes_and_the_rebuild(items):
    public, _ = items
    public.title = "Renamed strategy koalaword"
    public.save()
    assert titles(PUBLIC, "koalaword") == ["Renamed strategy koalaword"]
    public.delete()
    assert titles(PUBLIC, "koalaword") == []
    counts = services.rebuild(["meeting", "item"])
    assert counts["item"] == AgendaItem.objects.count()
    assert Entry.objects.filter(kind="item").count() == AgendaItem.objects.count()


# ---------------------------------------------------------------- the page and the API


def test_the_page_finds_and_highlights(client: Client, papers):
    response = client.get("/search/", {"q": PUBLIC_WORD})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<mark>{PUBLIC_WORD}</mark>" in page
    assert MARKER not in page
    assert MARKER not in client.get("/search/", {"q": SECRET_WORD}).content.decode()
    assert MARKER not in client.get("/search/", {"q": "private land deal"}).content.decode()


def test_the_secretariat_finds_the_confidential_paper_on_the_page(papers, secretariat):
    page = signed_in(secretariat).get("/search/", {"q": SECRET_WORD}).content.decode()
    assert f"Private paper {MARKER}" in page


def test_the_page_refuses_bad_filters_naming_them(client: Client):
    response = client.get("/search/", {"q": "x", "kind": "nope", "since": "2018-13-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose one of the kinds listed" in page
    assert "From must be a real date" in page
    response = client.get("/search/", {"q": "x", "board": "no-such-board"})
    assert response.status_code == 400
    assert "Choose one of the boards listed" in response.content.decode()


def test_the_page_offers_the_boards_by_name(client: Client):
    page = client.get("/search/").content.decode()
    spb = Board.objects.get(key="spb")
    assert f'<option value="spb">{spb.name}</option>' in page
    assert "Its key, as in the address" not in page


def test_the_api_answers_paged_items(client: Client, papers, secretariat):
    assert client.get("/api/search").json() == {"items": [], "count": 0}
    body = client.get("/api/search", {"q": SECRET_WORD, "limit": 10}).json()
    assert body["count"] == 1
    assert set(body["items"][0]) >= {"kind", "title", "url", "snippet"}
    assert MARKER not in json.dumps(body)
    body = signed_in(secretariat).get("/api/search", {"q": SECRET_WORD}).json()
    assert body["count"] == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"q": "x", "kind": "nope"}, "kind"),
        ({"q": "x", "board": "no-such-board"}, "board"),
        ({"q": "x", "from": "2018-02-30"}, "from"),
        ({"q": "x", "from": "2018-02-03", "to": "2018-02-01"}, "to"),
        ({"q": "x" * 201}, "q"),
        ({"q": "x", "limit": 0}, "limit"),
    ],
)
def test_the_api_refuses_bad_input_with_a_422_naming_the_field(client: Client, query, field):
    response = client.get("/api/search", query)
    assert response.status_code == 422
    assert field in json.dumps(response.json())


BID_WORD = "quokkalinkworkers"


def test_bids_are_found_by_whoever_the_bids_rule_lets_read_them(
    applicant, camden_applicant, assessor, secretariat
):
    from devolution.funding.models import Bid
    from devolution.funding.services.bids import bid_create, bid_submit

    bid = bid_create(actor=applicant, data=full_data(title=f"Link workers {BID_WORD}"))

    def finders() -> set[str]:
        people = {
            "applicant": applicant,
            "camden applicant": camden_applicant,
            "assessor": assessor,
            "secretariat": secretariat,
        }
        seen = {name for name, p in people.items() if titles(selectors.scope_of(p), BID_WORD)}
        return seen | ({"public"} if titles(selectors.scope_of(None), BID_WORD) else set())

    # A draft is its applicants' (and the secretariat's) alone.
    assert finders() == {"applicant", "secretariat"}
    # Submitted: the assessors read it too, another organisation's applicant still not.
    bid_submit(actor=applicant, ref=bid.proposal.ref)
    assert finders() == {"applicant", "assessor", "secretariat"}
    # Decided by a board: everyone may read it, so everyone finds it.
    Bid.objects.filter(pk=bid.pk).update(state=Bid.State.ALLOCATED)
    assert finders() == {"applicant", "camden applicant", "assessor", "secretariat", "public"}


def test_the_api_finds_a_decided_bid_for_the_public_and_not_a_submitted_one(
    client: Client, applicant
):
    from devolution.funding.models import Bid
    from devolution.funding.services.bids import bid_create, bid_submit

    bid = bid_create(actor=applicant, data=full_data(title=f"Link workers {BID_WORD}"))
    bid_submit(actor=applicant, ref=bid.proposal.ref)
    assert json.loads(client.get("/api/search", {"q": BID_WORD}).content)["items"] == []
    Bid.objects.filter(pk=bid.pk).update(state=Bid.State.RECOMMENDED)
    items = json.loads(client.get("/api/search", {"q": BID_WORD, "kind": "bid"}).content)["items"]
    assert [(i["kind"], i["url"]) for i in items] == [
        ("bid", reverse("funding:bid-detail", args=[bid.proposal.ref]))
    ]


def test_what_the_words_name_is_found_however_many_newer_entries_mention_them(monkeypatch):
    """Past the matches a search reads (CANDIDATES), those with the words in their title
    are still read, and ranked first: an organisation named by the words is found."""
    from devolution.search import backends

    monkeypatch.setattr(backends, "CANDIDATES", 3)
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    named = Entry.objects.create(
        kind="organisation", ref="organisation:-1", title="Quokkaborough Council", url="/o/",
        public=True,
    )  # fmt: skip
    mentions = [
        Entry.objects.create(
            kind="update",
            ref=f"update:-{n}",
            title=f"Progress {n}",
            body="In quokkaborough.",
            url=f"/u/{n}/",
            public=True,
        )
        for n in range(2, 9)
    ]
    backends.backend().write([named.pk, *(m.pk for m in mentions)])
    hits = found(PUBLIC, "quokkaborough")
    assert hits[0].title == "Quokkaborough Council"
    assert len(hits) == 3  # the title's match first, then the newest that mention it
    assert {h.title for h in hits[1:]} == {"Progress 8", "Progress 7"}
    results = selectors.search(PUBLIC, "quokkaborough")
    assert results.count() == 3 and results.more  # 4 counted: "more than 3"


def test_a_place_is_found_by_its_national_code_and_shows_no_key_of_ours(db):
    from devolution.partners.models import Place

    keyed = Place.objects.filter(code__regex=r"[a-z]").first()
    assert keyed is not None  # London's multi-boroughs have keys, not codes
    services.rebuild(["place"])
    assert keyed.code not in Entry.objects.get(ref=f"place:{keyed.pk}").body
    assert [h.title for h in found(PUBLIC, "E09000012", kind="place")] == ["Hackney"]
