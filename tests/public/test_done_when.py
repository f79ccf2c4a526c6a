"""Issue 16's first "done when", end to end with no account: from the home page a member of
the public finds the SPB's decision to move to shadow decision-making, its meeting, and
where its minutes would be, and downloads the decisions register as CSV under the Open
Government Licence. The London data records the decision (seed 004: "At the last meeting
in January, the Board moved from the 'strategic leadership' to the 'shadow
decision-making' phase") at the meeting spb-2018-01; no seed is a set of minutes, so the
meeting has none approved and its page says they are published once approved."""

import csv
import io
import re

import pytest

from tests.meetings.test_pages import text

pytestmark = pytest.mark.django_db

SHADOW = "Move from the 'strategic leadership' to the 'shadow decision-making' phase"


def _link(html: str, words: str) -> str:
    found = re.search(r'<a href="([^"]+)"[^>]*>\s*' + re.escape(words), html)
    assert found, words
    return found.group(1).replace("&amp;", "&")


def test_from_the_home_page_to_the_shadow_decision_its_meeting_minutes_and_the_csv(client):
    home = client.get("/").content.decode()
    assert "The public record" in home
    register = _link(home, "The decisions register")
    page = client.get(register + "?board=spb&kind=phase_move")
    assert page.status_code == 200
    html = page.content.decode()
    assert SHADOW in text(page)
    meeting_url = _link(html, "London Health and Care Strategic Partnership Board, January 2018")
    assert meeting_url == "/public/meetings/spb-2018-01/"
    meeting = text(client.get(meeting_url))
    assert SHADOW in meeting
    assert "The minutes are published here once the board approves them" in meeting
    download = _link(html, "a spreadsheet (CSV)")
    response = client.get(download)
    assert response.status_code == 200
    assert "Open Government Licence v3.0" in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["meeting"] for r in rows if r["title"] == SHADOW] == ["spb-2018-01"]
    licence = _link(html, "Open Government Licence v3.0")
    assert "Open Government Licence v3.0" in text(client.get(licence.split("#")[0]))
