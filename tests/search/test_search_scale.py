"""Search at England's scale (QUALITY P3, P4): a search reads at most CANDIDATES matches,
counted and ranked among themselves, so its cost does not grow with how many entries its
words match; past it the page says "more than" and asks for more words. Its board filter
offers the partnership in view's boards, not every board of the deployment."""

import pytest
from django.test import Client

from devolution.search import selectors
from devolution.search.backends import CANDIDATES
from devolution.search.models import Entry
from devolution.search.rules.scope import PUBLIC
from devolution.search.services import rebuild
from tests.meetings.test_scale import OTHER, other_partnership, queries

pytestmark = pytest.mark.django_db

WORD = "wombatquokkafest"


def many_entries(count: int, start: int = 0) -> None:
    """`count` public entries holding WORD, besides London's, written as a rebuild would."""
    Entry.objects.bulk_create(
        Entry(
            kind=Entry.Kind.ORGANISATION,
            ref=f"synthetic:{n}",
            title=f"Synthetic {n}" + (f" {WORD}" if n % 7 == 0 else ""),
            body=f"The {WORD} entry {n}",
            url=f"/synthetic/{n}/",
            public=True,
        )
        for n in range(start, start + count)
    )
    from devolution.search.backends import backend

    backend().write(
        list(Entry.objects.filter(ref__startswith="synthetic:").values_list("pk", flat=True))
    )


def test_a_search_reads_at_most_candidates_and_says_there_are_more():
    many_entries(3 * CANDIDATES)
    results = selectors.search(PUBLIC, WORD)
    assert results.count() == CANDIDATES and results.more
    hits = results[0:20]
    assert len(hits) == 20
    # Ranked among the candidates: a word in the title before one in the body only.
    in_title = [WORD in h.title for h in hits]
    assert in_title[0] and in_title == sorted(in_title, reverse=True)
    few = selectors.search(PUBLIC, "Synthetic 14")
    assert not few.more and few.count() < CANDIDATES


def test_the_page_says_more_than_and_makes_the_same_queries_whatever_matches(client: Client):
    many_entries(5)
    path = f"/search/?q={WORD}"
    few, page = queries(client, path)
    assert "5 results" in page
    many_entries(3 * CANDIDATES, start=5)
    many, page = queries(client, path)
    assert many == few <= 15
    assert f"More than {CANDIDATES} results" in page and "Add words or a filter" in page
    api = client.get("/api/search", {"q": WORD}).json()
    assert api["count"] == CANDIDATES


def test_the_board_filter_offers_the_partnership_in_views_boards_and_one_asked_for(
    client: Client,
):
    other_partnership(2)
    rebuild()
    page = client.get("/search/").content.decode()
    assert 'value="spb"' in page and f'value="{OTHER}-board-0"' not in page
    asked = client.get("/search/", {"q": "other", "board": f"{OTHER}-board-0"})
    assert asked.status_code == 200
    assert f'value="{OTHER}-board-0" selected' in asked.content.decode()
