"""The London meetings as people read them: an item with no purpose says so plainly, a
paper's several authors are each named apart, and the data's notes for its maintainers
are never a decision's text."""

import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from django.test import Client

from devolution.meetings import dataset
from devolution.meetings.models import AgendaItem, Decision, Paper
from devolution.meetings.services.minutes import _minutes_text
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat_client(secretariat) -> Client:
    return signed_in(secretariat)


LONDON = Path(dataset.__file__).parent / "data" / "london.yaml"


def words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def london() -> dict:
    return yaml.safe_load(LONDON.read_text(encoding="utf-8"))


def test_an_item_with_no_purpose_shows_no_empty_purpose_and_no_none(secretariat_client):
    item = AgendaItem.objects.get(
        meeting__key="croydon-hwb-2018-02-07", key="item-7-devolution-mou"
    )
    assert item.purpose == ""
    for url in (
        "/meetings/croydon-hwb-2018-02-07/",
        "/public/meetings/croydon-hwb-2018-02-07/",
        "/meetings/croydon-hwb-2018-02-07/pack/",
    ):
        client = secretariat_client if not url.startswith("/public/") else Client()
        html = client.get(url).content.decode()
        # A form's empty choice ("None" of a select) is not the item's record.
        text = words(re.sub(r"<select.*?</select>", " ", html, flags=re.S))
        assert item.title in text, url
        assert not re.search(r"\bTo (\.|;|$)", text), url
        assert not re.search(r"\bTo\s*</", html), url
        assert not re.search(r"\bNone\b(?! named)", text), url
    detail = words(
        secretariat_client.get(f"/meetings/croydon-hwb-2018-02-07/?item={item.pk}").content.decode()
    )
    assert "Purpose not given" in detail
    pack = words(secretariat_client.get("/meetings/croydon-hwb-2018-02-07/pack/").content.decode())
    assert f"{item.title} Not given" in pack


def test_a_paper_with_two_authors_names_each_apart():
    data = london()
    listed = [
        item["paper"]["author"]
        for meeting in data["meetings"]
        for item in meeting["items"]
        if item.get("paper") and isinstance(item["paper"].get("author"), list)
    ]
    assert [
        "Clive Grimshaw, London Councils",
        "Steve Pidgeon, Healthy London Partnership",
    ] in listed
    paper = Paper.objects.get(item__meeting__key="spb-2018-03-22", item__key="work-programme")
    assert (
        paper.author == "Clive Grimshaw, London Councils; Steve Pidgeon, Healthy London Partnership"
    )
    page = words(Client().get("/public/meetings/spb-2018-03-22/").content.decode())
    assert "by Clive Grimshaw, London Councils; Steve Pidgeon, Healthy London Partnership" in page
    for author in Paper.objects.values_list("author", flat=True):
        assert not re.search(r"[a-z] [A-Z][a-z]+ [A-Z][a-z]+, ", author or ""), author
        assert "Councils Steve" not in (author or "")


def test_the_data_notes_for_maintainers_are_never_a_decisions_text(secretariat_client):
    notes = {
        item["decision"]["note"]
        for meeting in london()["meetings"]
        for item in meeting["items"]
        if (item.get("decision") or {}).get("note")
    }
    assert notes
    decisions = Decision.objects.filter(item__meeting__source__kind="seed")
    assert decisions.exists()
    assert not set(decisions.values_list("text", flat=True)) & notes
    for meeting in {d.item.meeting for d in decisions}:
        page = words(secretariat_client.get(f"/meetings/{meeting.key}/").content.decode())
        minutes = _minutes_text(meeting.pk)
        for note in notes:
            assert note not in page
            assert note not in minutes
