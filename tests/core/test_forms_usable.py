"""Issue 12, point 6: forms people can use. Every page of the site that has a form, as the
secretariat and as a chair see it with the London data loaded: no id twice on a page, and
every form control named by a label (so a screen reader says what it is for); optional
fields say so once; a choice among organisations or places is offered as the accessible
autocomplete. The pages and their objects are the access matrix's (test_access_matrix)."""

from collections import Counter

import pytest
from django.test import Client
from lxml import html

from devolution.core.models import User
from tests.core.test_access_matrix import (  # noqa: F401 (its fixtures, autouse)
    PAGES,
    _named_routes,
    _url,
    a_bid_document,
    a_meeting,
    a_proposal,
    a_recommendation,
    alices_interest,
    hackney_owns_a_commitment,
)

pytestmark = pytest.mark.django_db

DASH = "\N{EN DASH}"  # between a page's title and the service's name
# Downloads and pictures: no forms there.
NOT_PAGES = ("-pdf", "-xlsx", "-csv", "-svg", "health")
# Forms a page opens on demand, by a link: the register's form to declare for anyone.
OPENED = ("/interests/register/?declare",)
# Controls a person fills in or chooses; hidden inputs and buttons name themselves.
UNNAMED_TYPES = {"hidden", "submit", "button", "reset", "image"}


def _controls(page: html.HtmlElement) -> list[html.HtmlElement]:
    return [
        c
        for c in page.xpath("//form//input | //form//select | //form//textarea")
        if (c.get("type") or "text").lower() not in UNNAMED_TYPES
    ]


def duplicate_ids(page: html.HtmlElement) -> list[str]:
    counts = Counter(e.get("id") for e in page.xpath("//*[@id]"))
    return sorted(i for i, n in counts.items() if n > 1)


def unnamed_controls(page: html.HtmlElement) -> list[str]:
    """The controls no label names: none with for= its id, none around it, no aria-label."""
    labelled = Counter(label.get("for") for label in page.xpath("//label[@for]"))
    ids = Counter(e.get("id") for e in page.xpath("//*[@id]"))
    unnamed = []
    for control in _controls(page):
        cid = control.get("id")
        if control.get("aria-label") or control.get("aria-labelledby"):
            continue
        if cid and ids[cid] == 1 and labelled[cid] >= 1:
            continue
        if control.xpath("ancestor::label"):
            continue
        unnamed.append(f"{control.tag} name={control.get('name')} id={cid}")
    return unnamed


def form_pages(client: Client, hackney) -> dict[str, html.HtmlElement]:
    """Every page route the client may GET that shows a form, parsed."""
    routes = _named_routes()
    pages = {}
    urls = [_url(routes[name], hackney) for name in PAGES if not name.endswith(NOT_PAGES)]
    for url in [*urls, *OPENED]:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = html.fromstring(response.content)
        if _controls(page):
            pages[url] = page
    return pages


@pytest.fixture
def crawled(secretariat: User, bob: User, hackney) -> dict[str, dict[str, html.HtmlElement]]:
    """The pages with forms as the secretariat sees them, and as Bob, the SPB meeting's
    chair (a_meeting)."""
    seen = {}
    for who, person in (("secretariat", secretariat), ("chair", bob)):
        client = Client()
        client.force_login(person)
        seen[who] = form_pages(client, hackney)
    # Sign-in, as the public sees it (signed in, it is the same form).
    seen["public"] = form_pages(Client(), hackney)
    return seen


def test_every_page_with_forms_has_unique_ids_and_a_label_for_each_control(crawled):
    """Crawled as the secretariat, the chair and the public (one crawl, for speed): no id
    twice on a page (the register of interests shows two organisation selects), every
    control named by its label, and no label saying "(optional)" twice."""
    # A crawl that found no forms would pass whatever the pages did.
    secretariat = crawled["secretariat"]
    assert "/interests/register/?declare" in secretariat
    assert any(url.endswith("/items/new/") for url in secretariat)
    assert "/sign-in/" in crawled["public"]
    assert len(secretariat) >= 15
    duplicates, unnamed, doubled = {}, {}, {}
    for who, pages in crawled.items():
        for url, page in pages.items():
            if ids := duplicate_ids(page):
                duplicates[f"{who} {url}"] = ids
            if controls := unnamed_controls(page):
                unnamed[f"{who} {url}"] = controls
            for label in page.xpath("//label | //legend"):
                if (text := label.text_content()).count("(optional)") > 1:
                    doubled[f"{who} {url}"] = text
    assert duplicates == {}
    assert unnamed == {}
    assert doubled == {}


def test_the_checks_find_what_they_look_for():
    page = html.fromstring(
        '<div><form><label for="a">A</label><select id="a"></select>'
        '<select id="a"></select><input name="q"></form></div>'
    )
    assert duplicate_ids(page) == ["a"]
    assert unnamed_controls(page) == [
        "select name=None id=a",
        "select name=None id=a",
        "input name=q id=None",
    ]


def _refusal_problems(response, url: str) -> list[str]:
    """What is wrong with a refused form's page: "Error: " not first in its title, or no
    error summary linking to what is wrong."""
    page = html.fromstring(response.content)
    problems = []
    title = page.findtext(".//title") or ""
    if not title.startswith("Error: "):
        problems.append(f"{url}: title {title!r}")
    summary = page.xpath('//*[contains(@class, "nhsuk-error-summary")]')
    listed = './/*[contains(@class, "nhsuk-error-summary__list")]//li'
    if not summary or not summary[0].xpath(listed):
        problems.append(f"{url}: no error summary")
    return problems


def _emptied(form: html.HtmlElement) -> dict[str, str]:
    """The form's fields as sent with nothing filled in or chosen: hidden ones as given."""
    data = {}
    for control in form.xpath(".//input | .//select | .//textarea"):
        name = control.get("name")
        if not name:
            continue
        kind = (control.get("type") or "text").lower()
        data[name] = control.get("value", "") if kind == "hidden" else ""
    return data


def test_every_refused_form_says_error_in_the_title_and_sums_up_the_problems(crawled, secretariat):
    """Each page's forms sent with nothing filled in (as the secretariat, and sign-in as
    the public): a form that refuses it answers with "Error: " first in the page's title
    and an error summary; a filter sent a choice it does not offer does the same."""
    problems, refused = [], 0
    for who, person in (("secretariat", secretariat), ("public", None)):
        client = Client()
        if person is not None:
            client.force_login(person)
        for url, page in crawled[who].items():
            for form in page.xpath("//form"):
                if not _controls(form):
                    continue
                action = form.get("action") or url.split("?")[0]
                if (form.get("method") or "get").lower() == "post":
                    response = client.post(action, _emptied(form))
                else:
                    selects = form.xpath(".//select[@name]")
                    if not selects:
                        continue
                    response = client.get(action, {selects[0].get("name"): "no-such-choice"})
                if response.status_code in (301, 302):
                    continue  # a form with nothing it needs (every field optional)
                if response.status_code == 404 and form.xpath('.//select[@name="partnership"]'):
                    continue  # the partnership to show, unknown: no such page
                assert 400 <= response.status_code < 500, (url, action, response.status_code)
                refused += 1
                problems += _refusal_problems(response, f"{who} {url} -> {action}")
    assert "\n".join(problems) == ""
    assert refused >= 15  # the check met the forms it is about


def _title(response) -> str:
    return html.fromstring(response.content).findtext(".//title") or ""


def test_page_titles_name_their_thing(secretariat):
    """The page adding an item names the meeting; a checker's answer is titled apart from
    its empty form; a meeting's public page apart from its full record."""
    client = Client()
    client.force_login(secretariat)
    meeting = "spb-2018-05-24-access"  # test_access_matrix's a_meeting
    assert _title(client.get(f"/meetings/{meeting}/items/new/")) == (
        f"Add an item to the agenda of the SPB meeting, 24 May 2018 {DASH} Devolution"
    )
    public = _title(client.get(f"/public/meetings/{meeting}/"))
    staff = _title(client.get(f"/meetings/{meeting}/"))
    assert "24 May 2018" in public and "24 May 2018" in staff
    assert public != staff
    assert staff == f"SPB meeting, 24 May 2018 (full record) {DASH} Devolution"
    empty = _title(client.get("/governance/checker/"))
    answered = _title(
        client.get(
            "/governance/checker/?form=joint_committee&party_1_type=ccg&party_2_type=ccg"
            "&decision_making=on&region=london"
        )
    )
    assert empty == f"Check a proposed arrangement {DASH} Devolution"
    assert answered == f"Result: allowed {DASH} Check a proposed arrangement {DASH} Devolution"
    assert answered != empty
