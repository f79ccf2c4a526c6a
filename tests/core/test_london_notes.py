"""Notes for the data's maintainers stay in the data files: no page shows a commitment's,
theme's or plan's maintainer note, and the notes the pages do show speak a reader's language
(no file names, data paths, raw keys or "null")."""

import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from devolution.commitments.models import Commitment
from devolution.governance.models import (
    Arrangement,
    Board,
    Function,
    GatewayCriterion,
    Phase,
    SeatRule,
)
from devolution.partners.models import Organisation, Partnership

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
# What only a maintainer reads: a data file or path, a snake_case key, "null".
MAINTAINERS_WORDS = re.compile(
    r"\w+\.(yaml|md)\b|\b\w+/data\b|\bnull\b|\b[a-z]+_[a-z]+(_[a-z]+)*\b"
)


def record_keys() -> set[str]:
    """The data set's own keys that no reader would use (those with a hyphen)."""
    keys = set(Organisation.objects.values_list("key", flat=True))
    keys |= set(Partnership.objects.values_list("key", flat=True))
    keys |= set(Arrangement.objects.values_list("key", flat=True))
    return {k for k in keys if "-" in k}


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style|select|form)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def main(response) -> str:
    """The page's own content, without the layout around it."""
    page = text(response)
    start = page.find("Skip to main content")
    return page[start:] if start >= 0 else page


def commitments_notes() -> list[str]:
    data = yaml.safe_load((REPO / "devolution/commitments/data/london.yaml").read_text())
    notes = [c["note"] for c in data["commitments"] if c.get("note")]
    notes += [t["note"] for t in data["themes"] if t.get("note")]
    notes += [p["note"] for p in data["implementation_plans"] if p.get("note")]
    notes += [
        m["note"] for c in data["commitments"] for m in c.get("milestones") or [] if m.get("note")
    ]
    return notes


def test_no_maintainer_note_of_the_commitments_data_is_on_a_page():
    notes = commitments_notes()
    assert len(notes) > 40
    assert not Commitment.objects.exclude(note="").exists()
    pages = [main(Client().get("/commitments/themes/"))]
    pages += [main(Client().get(f"/commitments/{c.reference}/")) for c in Commitment.objects.all()]
    for page in pages:
        for note in notes:
            assert note not in page


def test_the_notes_the_pages_show_speak_a_readers_language():
    shown = []
    for board in Board.objects.all():
        page = main(Client().get(f"/boards/{board.key}/"))
        shown += [(f"board {board.key}", board.note), (f"board {board.key}", board.cadence_note)]
        assert not re.search(r"\.yaml\b|/data\b", page), board.key
    for model in (SeatRule, Phase, GatewayCriterion, Arrangement, Function):
        shown += [(model.__name__, n) for n in model.objects.values_list("note", flat=True)]
    shown += [("Phase", d) for d in Phase.objects.values_list("description", flat=True)]
    for org in Organisation.objects.exclude(note=""):
        shown.append((f"organisation {org.key}", org.note))
    keys = record_keys()
    for where, note in shown:
        found = MAINTAINERS_WORDS.search(note or "")
        assert found is None, f"{where}: {found.group(0)!r} in {note!r}"
        named = {k for k in keys if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", note or "")}
        assert not named, f"{where}: {named} in {note!r}"


def test_an_organisations_page_shows_its_note_in_plain_words():
    org = Organisation.objects.get(key="bridge-renewal-trust")
    page = main(Client().get(reverse("partners:organisation-detail", args=[org.pk])))
    assert "Its charity number is not in the sources" in page
    assert "null" not in page
