"""QUALITY R5: nothing confidential or draft reaches the public. Marker strings are put in
every confidential field (a confidential item's title, paper, decision, declaration,
ruling and action: tests/meetings/test_publication.py's record) and every draft one (an
item, paper and decision of an agenda not yet published; minutes drafted, not approved);
then every public route in the URL conf is fetched with no account (those with a
parameter filled with each record that could carry a marker), every link the pages show
is followed, every download and every public API list read, the search page and API asked
for the markers' words, and no marker appears."""

import datetime as dt
import re
from collections import deque
from itertools import product
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from devolution.api import api
from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Decision, Meeting, Minutes, Paper
from devolution.meetings.services import minutes_draft
from devolution.search.selectors import KINDS
from tests.core.test_access_matrix import PAGES
from tests.meetings.test_pages import KEY, MARKER
from tests.meetings.test_publication import body

pytestmark = pytest.mark.django_db

DRAFT = "DRAFT-MARKER-5c7e"
MARKERS = (MARKER, DRAFT)
DRAFT_MEETING = "spb-2018-07-19-draft"
# How many pages the crawl follows links to, beyond the routes themselves: enough to reach
# every kind of page from every list, not every place in England.
FOLLOWED = 400
NO_MARKER_RECORD = {
    "regulation:calendar-ics",
    "regulation:calendar-pdf",
    "regulation:calendar-xlsx",
    "regulation:return-detail",
    "workforce:indicator-organisation",
    # An e-mailed link to set a password: no page links to it, and it shows no record.
    "core:password-reset-confirm",
}
LINK = re.compile(r'href="([^"#]+)')


@pytest.fixture
def drafts(record, secretariat):
    """A meeting whose agenda is a draft, with a public item, paper and decision carrying
    the draft marker; and the record meeting's minutes drafted with the marker in them."""
    meeting = Meeting.objects.create(
        key=DRAFT_MEETING,
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 7, 19),
        status=Meeting.Status.SCHEDULED,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, key="draft-item", title=f"A draft {DRAFT}", public=True, order=1
    )
    Paper.objects.create(item=item, title=f"Draft paper {DRAFT}", executive_summary=DRAFT)
    Decision.objects.create(item=item, outcome="agreed", text=f"Decided {DRAFT}", binding=True)
    minutes = minutes_draft(actor=secretariat, meeting_key=KEY)
    Minutes.objects.filter(pk=minutes.pk).update(text=f"{minutes.text}\n{DRAFT} draft words")
    return meeting


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), p


def _named_public_routes() -> dict[str, str]:
    """Every named page route the public may read (the access matrix says 200)."""
    found = {}
    for patterns in get_resolver().url_patterns:
        if isinstance(patterns, URLResolver) and patterns.app_name:
            for route, pattern in _routes(patterns.url_patterns, str(patterns.pattern)):
                name = f"{patterns.app_name}:{pattern.name}"
                if PAGES.get(name, {}).get("public") == 200:
                    found[name] = "/" + route
    return found


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _candidates() -> dict[str, list[str]]:
    """Each parameter's values worth trying: every record a marker could be on."""
    meetings = ["spb-2018-01"]  # the London record's public meeting with a phase move
    return {
        "key": [KEY, DRAFT_MEETING, *meetings[:1], "spb", "decisions"],
        "board": ["spb"],
        "paper_id": [str(pk) for pk in Paper.objects.values_list("pk", flat=True)],
        "item_id": [str(pk) for pk in AgendaItem.objects.values_list("pk", flat=True)],
    }


def _filled(route: str, candidates: dict[str, list[str]]) -> list[str]:
    names = [m.group(2) for m in PARAM.finditer(route)]
    if not names:
        return [route]
    if any(n not in candidates for n in names):
        return []
    urls = []
    for values in product(*(candidates[n] for n in names)):
        url = route
        for value in values:
            url = PARAM.sub(value, url, count=1)
        urls.append(url)
    return urls


def _api_lists() -> list[str]:
    schema = api.get_openapi_schema()
    paths = [p for p, methods in schema["paths"].items() if "get" in methods and "{" not in p]
    return [*paths, f"/api/meetings/{KEY}", f"/api/meetings/{DRAFT_MEETING}"]


# Words of the markers as search reads them (it splits at hyphens), and words beside them.
SEARCHED = (*(m.rsplit("-", 1)[1] for m in MARKERS), "marker", "confidential", "draft", "decided")


def _searches() -> list[str]:
    """The search page and API asked for the markers' words, whole and by kind."""
    urls = []
    for words in SEARCHED:
        urls += [f"/search/?q={words}", f"/api/search?q={words}&limit=100"]
        urls += [f"/api/search?q={words}&kind={kind}&limit=100" for kind in (k for k, _ in KINDS)]
    return urls


def _fetch(client, url, seen, failures, queue=None, read=None):
    read = read if read is not None else set()
    if url in seen:
        return
    seen.add(url)
    response = client.get(url)
    if response.status_code != 200:
        return
    read.add(url)
    text = body(response)
    for marker in MARKERS:
        if marker in text:
            failures.append((url, marker))
    if queue is not None and "html" in response.get("Content-Type", ""):
        for href in LINK.findall(text):
            href = href.replace("&amp;", "&")
            target = urlsplit(urljoin(url, href))
            if (
                not target.netloc
                and target.path.startswith("/")
                and not target.path.startswith(("/static/", "/admin/", "/accounts/", "/sign-in"))
            ):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))


def test_no_marker_reaches_the_public_anywhere(drafts, client):
    seen: set[str] = set()
    read: set[str] = set()
    failures: list[tuple[str, str]] = []
    queue: deque[str] = deque()
    candidates = _candidates()
    routes = _named_public_routes()
    for route in routes.values():
        for url in _filled(route, candidates):
            _fetch(client, url, seen, failures, queue, read)
    for url in _api_lists():
        _fetch(client, url + ("?limit=100" if "?" not in url else ""), seen, failures, read=read)
    for url in _searches():
        _fetch(client, url, seen, failures, queue, read)
    followed = 0
    while queue and followed < FOLLOWED:
        url = queue.popleft()
        if url not in seen:
            followed += 1
            _fetch(client, url, seen, failures, queue, read)
    assert not failures, failures[:10]
    reached = {resolve(urlsplit(u).path).view_name for u in read if not u.startswith("/api/")}
    # Every public route was read (with each record a marker could be on), but those whose
    # parameter names a record no marker is on (a regulation return or calendar, an
    # organisation's workforce indicators: not meetings' records).
    assert set(routes) - reached <= NO_MARKER_RECORD, sorted(set(routes) - reached)
    # The pages and downloads that would show a marker if the rule broke were read.
    for must in (
        f"/public/meetings/{KEY}/",
        "/decisions.csv",
        "/open-data/decisions.json",
        "/api/decisions?limit=100",
        "/public/conflicts.csv",
        *(f"/search/?q={words}" for words in SEARCHED[:2]),
    ):
        assert any(u.startswith(must) for u in read), must


def test_the_crawl_would_see_a_marker_that_leaked(drafts, client, secretariat):
    """The crawl's check is not empty: the markers are there for those who may see them."""
    from tests.conftest import signed_in

    staff = signed_in(secretariat)
    assert MARKER in staff.get(f"/meetings/{KEY}/").content.decode()
    assert DRAFT in body(staff.get("/decisions.csv"))
    assert MARKER in body(staff.get("/api/decisions?limit=100"))
    for marker in MARKERS:
        words = marker.rsplit("-", 1)[1]
        assert marker in body(staff.get(f"/api/search?q={words}&limit=100"))
        assert marker in body(staff.get(f"/search/?q={words}"))
