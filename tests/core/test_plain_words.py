"""Plain words everywhere a person reads (issue 12, point 2): the crawl.

Every GET route of the site, found in the URL configuration (nothing listed by hand, so a
page added later is crawled without anyone deciding to), is requested as the public, as the
demo secretariat officer and as the demo chair, with the London data set loaded. Each page's
visible text, each PDF's text, each spreadsheet's cells and each CSV are searched for what
only the data's maintainers or the code's authors read: a seed file's name, a section sign,
a data file or path, the spec, a raw key (snake_case) or a rule's identifier. A rule's
identifier may stand in a "Rule reference" details element, for those who ask for it.

The API and the Django admin are left out: they are for programs and for the site's
keepers. The checker itself is tested on a page that leaks, so the crawl can fail.
"""

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from devolution.bench.keys import KEYS, QUERIES
from devolution.bench.routes import Route, _walk
from devolution.core.models import User
from tests.meetings.conftest import chair  # noqa: F401 - a fixture
from tests.meetings.test_pages import item, meeting  # noqa: F401 - a fixture
from tests.meetings.test_publication import record  # noqa: F401 - a fixture

REPO = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------- the checker


def rule_identifier_pattern() -> re.Pattern[str]:
    """A rule's identifier as the rules give them ("GOV-DOUBLE-DELEGATION", "MTG-QUORUM"):
    the prefixes are found in the rules' code and data, so a new area's rules are caught."""
    prefixes: set[str] = set()
    literal = re.compile(r"""["']([A-Z]{2,5})-[A-Z]{2,}(?:-[A-Z0-9]+)*["']""")
    for path in [*REPO.glob("devolution/**/rules/*.py"), *REPO.glob("devolution/**/rules.py")]:
        prefixes |= set(literal.findall(path.read_text()))
    for path in REPO.glob("devolution/*/data/*.yaml"):
        prefixes |= set(re.findall(r"(?m)^\s*-?\s*id:\s*([A-Z]{2,5})-[A-Z]", path.read_text()))
    prefixes -= {"NHS", "UTF", "SHA", "ISO"}
    assert {"GOV", "MTG"} <= prefixes, prefixes
    alternatives = "|".join(sorted(prefixes))
    return re.compile(rf"\b(?:{alternatives})-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b")


RULE_ID = rule_identifier_pattern()

# What only a maintainer or the code's author reads, each with what it is.
LEAKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a seed file's name", re.compile(r"\bseeds?\s*0\d\d", re.I)),
    ("a seed file's name", re.compile(r"\b00\d[-_][a-z0-9]")),
    ("a section sign", re.compile("§")),
    ("a data file's name", re.compile(r"\w\.ya?ml\b", re.I)),
    ("the spec", re.compile(r"\bSPEC\b")),
    ("a data path", re.compile(r"/data/|\b\w+/data\b")),
)
# A raw key: lowercase words joined by underscores, as text a person reads.
RAW_KEY = re.compile(r"(?<![\w@./:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
# What may hold underscores and is not a key: a web address, an e-mail address, a path.
NOT_WORDS = re.compile(r"\b\w+://\S+|\bwww\.\S+|\S+@\S+\.\w+|(?<!\w)/[\w/.%?=&-]+")


@dataclass(frozen=True)
class Leak:
    where: str
    what: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}: {self.text!r}"


def _around(text: str, match: re.Match[str], width: int = 50) -> str:
    start, end = max(match.start() - width, 0), min(match.end() + width, len(text))
    return " ".join(text[start:end].split())


def leaks_in(
    text: str, where: str, *, keys_allowed: bool = False, words: str | None = None
) -> list[Leak]:
    """What in `text` (as a person reads it) is for maintainers, each with its context.
    `keys_allowed`: a machine-readable file whose keys are values a re-import needs;
    `words`: the text to look for raw keys in, if not all of it (a page's, without what it
    shows as code to be typed as it is)."""
    found: list[Leak] = []
    for what, pattern in LEAKS:
        found += [Leak(where, what, _around(text, m)) for m in pattern.finditer(text)]
    found += [Leak(where, "a rule's identifier", _around(text, m)) for m in RULE_ID.finditer(text)]
    if not keys_allowed:
        words = NOT_WORDS.sub(" ", text if words is None else words)
        found += [
            Leak(where, f"a raw key {m.group(0)!r}", _around(words, m))
            for m in RAW_KEY.finditer(words)
        ]
    return found


# Elements whose content a person does not read as text of the page.
_UNREAD = re.compile(r"<(script|style|template|head)\b.*?</\1\s*>", re.S | re.I)
# A rule's reference, kept for those who ask: a details element whose summary says so.
_RULE_REFERENCE = re.compile(
    r"<details\b[^>]*>\s*<summary\b[^>]*>(?:(?!</summary>).)*Rule reference.*?</details\s*>",
    re.S | re.I,
)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


_CODE = re.compile(r"<code\b.*?</code\s*>", re.S | re.I)


def page_text(html: str, *, code: bool = True) -> str:
    """A page's visible text: no tags or attributes, no scripts or styles, and no rule
    reference (which is there for those who open it). Without `code`, no text marked as
    code either: a key to be typed as it is, as the import page lists them."""
    if not code:
        html = _CODE.sub(" ", html)
    html = _COMMENT.sub(" ", html)
    html = _UNREAD.sub(" ", html)
    html = _RULE_REFERENCE.sub(" ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    cells = [book.properties.title or ""]
    for sheet in book.worksheets:
        cells.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            cells += [str(v) for v in row if v is not None]
    return "\n".join(cells)


def csv_text(content: bytes) -> str:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return "\n".join(" | ".join(row) for row in rows)


def response_text(response) -> tuple[str, str, str] | None:
    """The response's text as a person reads it, its kind, and its text to look for raw
    keys in; None for what is not ours to read (an image, a calendar feed)."""
    kind = response.get("Content-Type", "").split(";")[0].strip()
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "text/html":
        html = content.decode()
        return page_text(html), "page", page_text(html, code=False)
    if kind == "application/pdf":
        text = pdf_text(content)
        return text, "PDF", text
    if kind == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        text = xlsx_text(content)
        return text, "spreadsheet", text
    if kind == "text/csv":
        text = csv_text(content)
        return text, "CSV", text
    return None


# ---------------------------------------------------------------- the checker can fail

LEAKING_PAGE = """<html><head><title>x</title><style>.a_b{}</style></head><body>
<p>Source: seed 004 §7, see partners/data/london.yaml and 001-integration.</p>
<p>Phase: shadow_decide. Refused by GOV-DOUBLE-DELEGATION (SPEC 5).</p>
<a href="/boards/some_key/" class="nhsuk-link_x">Board</a>
<p>Mail sam_s@example.org or see https://example.org/a_b_c.</p>
<details><summary>Rule reference</summary><p>MTG-QUORUM</p></details>
</body></html>"""


def test_the_checker_finds_each_kind_of_leak_and_names_its_text():
    found = leaks_in(page_text(LEAKING_PAGE), "/leaky/")
    whats = {leak.what for leak in found}
    assert whats == {
        "a seed file's name",
        "a section sign",
        "a data file's name",
        "a data path",
        "the spec",
        "a raw key 'shadow_decide'",
        "a rule's identifier",
    }
    assert all(leak.where == "/leaky/" for leak in found)
    assert any("GOV-DOUBLE-DELEGATION" in leak.text for leak in found)
    assert "/leaky/: a section sign: " in str(
        found[[leak.what for leak in found].index("a section sign")]
    )


def test_the_checker_passes_plain_words_and_what_is_not_read_as_text():
    plain = """<html><head><style>.a_b{}</style><script>var x_y = 1;</script></head><body>
    <p>Source: Integration: Technical pack, December 2017, slide 45 (section 75 of the
    NHS Act 2006).</p><a href="/boards/some_key/" data-x="not_started">Board</a>
    <p>Write to sam_s@example.org or see https://example.org/a_b_c and /api/x_y/.</p>
    <p>Work item AA-2018-03-EST-1; NHS-led; UTF-8.</p>
    <details class="nhsuk-details"><summary>Rule reference</summary>
    <div>GOV-DOUBLE-DELEGATION</div></details>
    <p>Write <code>not_started</code> in the status column.</p></body></html>"""
    assert leaks_in(page_text(plain), "/plain/", words=page_text(plain, code=False)) == []
    assert [leak.what for leak in leaks_in(page_text(plain), "/plain/")] == [
        "a raw key 'not_started'"
    ]


def test_a_machine_readable_file_may_hold_its_keys_but_not_the_rest():
    text = "reference,status\r\nC1,not_started\r\nC2,see seed 004"
    assert [
        leak.what for leak in leaks_in(csv_text(text.encode()), "x.csv", keys_allowed=True)
    ] == ["a seed file's name"]


def test_the_pdf_and_spreadsheet_readers_read_every_page_and_cell():
    from openpyxl import Workbook

    from devolution.core.pdfs import html_pdf

    book = Workbook()
    book.active.append(["Status", "shadow_decide"])
    book.create_sheet("Second").append(["seed 004"])
    out = io.BytesIO()
    book.save(out)
    text = xlsx_text(out.getvalue())
    assert "shadow_decide" in text and "seed 004" in text
    pdf = html_pdf(
        "<html><body><p>Plain</p><p style='page-break-before: always'>§ 7</p></body></html>"
    )
    assert "§" in pdf_text(pdf)


# ---------------------------------------------------------------- the crawl

# Machine-readable files: their columns are values a re-import needs (keys, codes), so only
# the rest of the leaks is looked for. Their sheets for people show labels (checked).
MACHINE_READABLE = frozenset(
    {
        "commitments:export-csv",
        "commitments:import-template-csv",
        "commitments:export-xlsx",
        "commitments:import-template-xlsx",
        "estates:site-export-csv",
        "estates:site-export-xlsx",
        "regulation:return-export-csv",
        "regulation:return-export-xlsx",
        "workforce:indicator-export-csv",
        "workforce:indicator-export-xlsx",
        "workforce:indicator-template-csv",
        "workforce:indicator-template-xlsx",
        # The public record's open data: its columns and values are identifiers.
        "public:decisions-csv",
        "public:decisions-json",
        "public:dataset-csv",
        "public:dataset-json",
    }
)
# Routes whose content is not the site's words, and why.
NOT_OURS = {
    "meetings:paper-download": "a paper as the person who uploaded it gave it",
    "meetings:public-paper-download": "a paper as the person who uploaded it gave it",
}


def _own_keys() -> dict[str, Callable[[], str]]:
    """The keys the bench takes from its own records (its officer's action, its uploaded
    paper, its flags), taken here from London's: the first there is, or a number naming
    nothing (the route then answers 404 and is not read)."""
    from devolution.funding.models import Allocation, BidDocument, Proposal
    from devolution.meetings.models import Action, ConflictFlag, Interest, Meeting, Paper

    def first(model: type) -> Callable[[], str]:
        return lambda: str(model.objects.order_by("pk").values_list("pk", flat=True).first() or 0)

    def minutes_meeting() -> str:
        found = Meeting.objects.filter(board__key="spb").exclude(minutes=None).first()
        return found.key if found else KEYS["meetings: key"]()

    return {
        "action_id": first(Action),
        "paper_id": first(Paper),
        "flag_id": first(ConflictFlag),
        "interest_id": first(Interest),
        "meetings:public-minutes-pdf key": minutes_meeting,
        # Funding's records: London's data holds no bid, proposal, document or allocation
        # (a key naming nothing, answered 404); test_no_funding_page_... crawls them over
        # the bench's synthetic money.
        **dict.fromkeys(
            [
                "ref",
                "funding: ref",
                *(
                    f"funding:{name} ref"
                    for name in (
                        "proposal-detail",
                        "proposal-edit",
                        "assurance-report",
                        "assurance-report-pdf",
                        "assurance-report-xlsx",
                    )
                ),
            ],
            lambda: str(
                Proposal.objects.order_by("pk").values_list("ref", flat=True).first() or "none"
            ),
        ),
        "funding: document_id": first(BidDocument),
        "funding: number": lambda: str(
            Allocation.objects.order_by("pk").values_list("number", flat=True).first() or 0
        ),
    }


# Routes not crawled, and why: a GET that changes something.
NOT_CRAWLED = {"core:sign-out": "signing out ends the person's session"}


def crawl_routes() -> list[Route]:
    """Every named route of our pages: not the API's, not the admin's."""
    from django.urls import get_resolver

    return [
        r
        for r in _walk(get_resolver().url_patterns)
        if r.namespace not in {"api", "admin"}
        and not r.pattern.startswith(("/api/", "/admin/"))
        and r.name not in NOT_CRAWLED
    ]


class MissingKey(AssertionError):
    pass


def path_for(route: Route, keys: dict[str, Callable[[], str]]) -> str:
    kwargs = {}
    for parameter, _ in route.parameters:
        for k in (f"{route.name} {parameter}", f"{route.namespace}: {parameter}", parameter):
            if k in keys:
                kwargs[parameter] = keys[k]()
                break
        else:
            raise MissingKey(
                f"route {route.name} ({route.pattern}) has no key for {parameter!r}: add one "
                "to KEYS in devolution/bench/keys.py (or to this test's own keys)"
            )
    path = reverse(route.name, kwargs=kwargs)
    query = QUERIES.get(route.name)
    return f"{path}?{urlencode(query)}" if query else path


def is_document(route: Route) -> bool:
    return route.pattern.endswith((".pdf", ".xlsx", ".csv", ".svg", ".ics"))


def crawl(
    clients: dict[str, Client],
    keys: dict[str, Callable[[], str]] | None = None,
    only: Callable[[Route], bool] = lambda route: True,
) -> Iterator[Leak | str]:
    """Each route (of those `only` keeps) as each person; a document (PDF, spreadsheet,
    CSV) once, by the first person it is given to. Yields the leaks, and a problem (a
    5xx) as a string. `keys` fill the routes' parameters before the bench's own."""
    keys = {**KEYS, **_own_keys(), **(keys or {})}
    first = next(iter(clients.values()))
    for route in filter(only, crawl_routes()):
        try:
            path = path_for(route, keys)
        except MissingKey:
            # A form's POST only (as the bench finds it) needs no key; any other route does.
            if first.get(route.dummy_path()).status_code == 405:
                continue
            raise
        for who, client in clients.items():
            response = client.get(path)
            if response.status_code >= 500:
                yield f"{path} as {who}: answered {response.status_code}"
                continue
            if response.status_code != 200 or route.name in NOT_OURS:
                continue
            read = response_text(response)
            if read is None:
                break
            text, kind, words = read
            yield from leaks_in(
                text,
                f"{kind} {path} ({route.name}) as {who}",
                keys_allowed=route.name in MACHINE_READABLE,
                words=words,
            )
            if is_document(route):
                break


@pytest.mark.django_db
def test_no_page_pdf_or_spreadsheet_shows_what_is_for_maintainers():
    call_command("demo_accounts", stdout=io.StringIO())
    clients = {}
    for who, email in (
        ("the secretariat", "secretariat@demo.devolution.example"),
        ("the chair", "chair@demo.devolution.example"),
    ):
        clients[who] = Client()
        clients[who].force_login(User.objects.get(email=email))
    clients["the public"] = Client()
    found = list(crawl(clients))
    # One line per distinct leak, naming the page and the text.
    lines = sorted({str(f) for f in found})
    assert not lines, f"{len(lines)} leaks of maintainers' words:\n" + "\n".join(lines)


@pytest.mark.django_db
def test_no_page_of_a_meetings_full_record_shows_what_is_for_maintainers(
    record,  # noqa: F811
    chair,  # noqa: F811
    secretariat,
):
    """London's meetings have no rulings, actions or minutes yet: the meetings pages are
    crawled again over a meeting with every kind of record (tests.meetings' own), its
    minutes approved."""
    from devolution.meetings.models import Action, ConflictFlag
    from devolution.meetings.services import minutes_draft
    from tests.meetings.test_publication import KEY, _approve

    minutes_draft(actor=secretariat, meeting_key=KEY)
    _approve(secretariat)
    keys: dict[str, Callable[[], str]] = {
        "meetings: key": lambda: KEY,
        "meetings:public-minutes-pdf key": lambda: KEY,
        "board": lambda: "spb",
        "item_id": lambda: str(item("nel-bid").pk),
        "flag_id": lambda: str(ConflictFlag.objects.filter(item__meeting__key=KEY).first().pk),
        "action_id": lambda: str(Action.objects.filter(item__meeting__key=KEY).first().pk),
    }
    clients = {"the secretariat": Client(), "the chair": Client(), "the public": Client()}
    clients["the secretariat"].force_login(secretariat)
    clients["the chair"].force_login(chair)
    found = list(crawl(clients, keys, only=lambda route: route.namespace == "meetings"))
    lines = sorted({str(f) for f in found})
    assert not lines, f"{len(lines)} leaks of maintainers' words:\n" + "\n".join(lines)


@pytest.mark.django_db
def test_no_funding_page_shows_what_is_for_maintainers():
    """London's data holds no bid, score, framework or allocation (the seeds record none):
    funding's pages are crawled again over the bench's synthetic money, which has each."""
    from devolution.bench.england_funding import funding_record
    from devolution.bench.england_meetings import BENCH_SECRETARIAT, meetings_record

    meetings_record()
    funding_record()
    clients = {"the secretariat": Client(), "the public": Client()}
    clients["the secretariat"].force_login(User.objects.get(email=BENCH_SECRETARIAT))
    found = list(
        crawl(
            clients,
            {k: v for k, v in KEYS.items() if k.startswith("funding")},
            only=lambda route: route.namespace == "funding",
        )
    )
    lines = sorted({str(f) for f in found})
    assert not lines, f"{len(lines)} leaks of maintainers' words:\n" + "\n".join(lines)
