"""A board's gateway as at a day (issue 12): its phase then, from its dated phase history,
and the gateway into the phase after it."""

import re
from html import unescape

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def text(response) -> str:
    body = re.sub(r'nonce="[^"]*"', "", response.content.decode())
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_spb_gateway_report_opens_as_at_22_march_2018_in_shadow_decision_making():
    response = Client().get("/reports/gateway/spb/")
    page = text(response)
    assert "As at 22 March 2018" in page
    assert "before it may move from Shadow decision-making to Decision-making" in page
    assert (
        "Gateway criteria: London Health and Care Strategic Partnership Board to Decision" in page
    )


def test_before_its_move_the_spb_was_in_set_up_and_its_gateway_was_the_next():
    response = Client().get("/reports/gateway/spb/?as_at=2017-06-01")
    page = text(response)
    assert "As at 1 June 2017" in page
    assert "before it may move from Set-up / strategic leadership to Shadow decision" in page
    html = response.content.decode()
    assert "/reports/gateway/spb.pdf?as_at=2017-06-01" in html
    assert "/reports/gateway/spb.xlsx?as_at=2017-06-01" in html


def test_before_its_first_recorded_phase_the_board_had_none():
    page = text(Client().get("/reports/gateway/spb/?as_at=2016-01-01"))
    assert "to Set-up / strategic leadership" in page
    assert "before it may move to Set-up" in page


@pytest.mark.parametrize("path", ["/reports/gateway/spb/", "/reports/gateway/spb.pdf"])
def test_a_bad_day_is_a_400_saying_what_is_wrong(path):
    response = Client().get(path, {"as_at": "tomorrow"})
    assert response.status_code == 400
    assert "2018-03-22" in text(response)
