"""Every PDF the site makes is standard (issue 10, point 6): PDF/UA-1, tagged, in British
English, with its title shown in the reader's window, so a screen reader can read it.

The PDF routes are found in the URL conf itself (every route ending in `.pdf`), so a new
PDF route is checked here as soon as it exists; a route whose address needs a value this
test does not know fails until it is given one below. The uploaded papers a pack puts in
are not made here; the pack itself still says it is tagged, with its language and title.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from devolution.core.pdfs import html_pdf, pdf_facts
from devolution.meetings.services import minutes_approve, minutes_draft
from tests.conftest import signed_in
from tests.meetings.conftest import chair  # noqa: F401 - fixture
from tests.meetings.test_pages import KEY, LATER, meeting  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

# What each value in a PDF route's address is, in the London data set and this test's
# meeting (tests.meetings.test_pages: an SPB meeting with a public and a confidential
# item, each with a PDF paper, and its minutes approved here).
VALUES = {
    "meetings/<slug:key>/": f"meetings/{KEY}/",
    "calendars/<slug:key>": "calendars/trust-barts-health",  # an organisation's returns
    "<slug:board>": "spb",
    "<slug:key>": "spb",  # a board: its gateway report, its work programme
    "<slug:ref>": "ward-7",  # a proposal: its assurance report
}
PLACEHOLDER = re.compile(r"<[^>]+>")


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name, prefix + str(p.pattern)


def pdf_routes() -> dict[str, str]:
    """Every route of the site that serves a PDF the site makes, by name: its address."""
    return {
        name: "/" + route for name, route in _walk(get_resolver().url_patterns) if ".pdf" in route
    }


def address(route: str) -> str:
    for pattern, value in VALUES.items():
        route = route.replace(pattern, value)
    assert not PLACEHOLDER.search(route), f"no value for {route}: add one to VALUES"
    return route


def assert_standard(content: bytes, where: str) -> None:
    facts = pdf_facts(content)
    assert facts.tagged, f"{where} is not tagged (/MarkInfo /Marked)"
    assert facts.structure, f"{where} has no tags (/StructTreeRoot)"
    assert facts.language == "en-GB", f"{where}'s language is {facts.language!r}"
    assert facts.title, f"{where} has no title"
    assert facts.xmp_title == facts.title, f"{where}'s two titles differ"
    assert facts.shows_title, f"{where} shows its file name, not its title"


@pytest.fixture
def approved(meeting, secretariat):  # noqa: F811
    from devolution.funding.services.assurance import ProposalFacts, proposal_create

    proposal_create(actor=secretariat, facts=ProposalFacts(kind="service_change", title="Ward 7"))
    minutes_draft(actor=secretariat, meeting_key=KEY)
    minutes_approve(actor=secretariat, meeting_key=KEY, at_meeting_key=LATER, version=1)
    return meeting


def test_the_pdf_routes_are_found_in_the_url_conf():
    routes = pdf_routes()
    # the ones there are today; more may come, and are checked as they do
    assert {
        "governance:rules-report-pdf",
        "governance:gateway-report-pdf",
        "governance:progression-report-pdf",
        "commitments:mou-progress-report-pdf",
        "commitments:work-programme-report-pdf",
        "commitments:commitments-by-owner-report-pdf",
        "commitments:commitments-by-board-report-pdf",
        "meetings:meeting-pack",
        "meetings:public-pack",
        "meetings:public-minutes-pdf",
    } <= set(routes)


def test_every_pdf_the_site_serves_is_tagged_with_its_language_and_title(approved, secretariat):
    staff, public = signed_in(secretariat), Client()
    titles = {}
    for name, route in pdf_routes().items():
        url = address(route)
        client = public if url.startswith("/public/") else staff
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert response["Content-Type"] == "application/pdf", name
        assert content.startswith(b"%PDF-"), name
        assert_standard(content, name)
        titles[name] = pdf_facts(content).title
    # Each names what it is, not a generic title.
    assert titles["meetings:public-minutes-pdf"].startswith("Minutes: ")
    assert titles["meetings:meeting-pack"].startswith("Agenda pack: ")
    assert titles["meetings:meeting-pack"].endswith(" (full, confidential)")
    assert not titles["meetings:public-pack"].endswith(" (full, confidential)")
    assert len(set(titles.values())) == len(titles)


def test_a_pdf_made_from_html_is_pdf_ua_1_with_the_htmls_language_and_title():
    facts = pdf_facts(
        html_pdf(
            '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
            "<title>Gateway report: South East London</title></head>"
            "<body><h1>Gateway report</h1><table><tr><th>Criterion</th></tr>"
            "<tr><td>Met</td></tr></table></body></html>"
        )
    )
    assert facts.standard
    assert facts.ua_part == "1"
    assert facts.language == "en-GB"
    assert facts.title == facts.xmp_title == "Gateway report: South East London"


def test_a_pdf_without_tags_language_or_title_is_told_apart():
    from weasyprint import HTML

    facts = pdf_facts(HTML(string="<p>Untagged</p>").write_pdf())
    assert not facts.tagged and not facts.structure
    assert facts.language == "" and facts.title == ""
    assert not facts.standard
