"""The meetings API: the NEL bid scenario through the API, and confidential items withheld
from the public."""

import pytest
from django.test import Client

from devolution.meetings.models import AgendaItem
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
MARKER = "CONFIDENTIAL-MARKER-api-5c1d"


def test_flags_rulings_and_a_recommendation_through_the_api(nel_bid, alice, chair, secretariat):
    base = f"/api/meetings/{nel_bid.meeting.key}/items/{nel_bid.key}"
    staff = signed_in(secretariat)
    refused = staff.post(f"{base}/decision", {"outcome": "agreed"}, content_type="application/json")
    assert refused.status_code == 409  # conflicts are detected at the decision, every time
    assert refused.json()["rule_id"] == "MTG-UNRULED-FLAG"
    flags = staff.post(f"{base}/flags", {}, content_type="application/json").json()
    assert [f["person"] for f in flags] == [alice.email]
    waiting = staff.post(f"{base}/decision", {"outcome": "agreed"}, content_type="application/json")
    assert waiting.status_code == 409 and waiting.json()["rule_id"] == "MTG-UNRULED-FLAG"
    own = signed_in(alice).post(
        f"{base}/flags/{flags[0]['person']}/ruling",
        {"outcome": "full_part", "reason": "mine"},
        content_type="application/json",
    )
    assert own.status_code == 403
    ruled = signed_in(chair).post(
        f"{base}/flags/{flags[0]['person']}/ruling",
        {"outcome": "withdraw", "reason": "Within the bidding area"},
        content_type="application/json",
    )
    assert ruled.status_code == 201
    decided = staff.post(
        f"{base}/decision",
        {"outcome": "agreed", "decision_kind": "allocate_funding"},
        content_type="application/json",
    )
    assert decided.status_code == 201
    assert decided.json()["binding"] is False
    assert decided.json()["recommendation_to"] == "NHS England"


def test_the_public_never_sees_a_confidential_item(nel_bid, secretariat):
    AgendaItem.objects.create(
        meeting=nel_bid.meeting,
        key="secret",
        title=MARKER,
        purpose="discuss",
        public=False,
        order=2,
    )
    public = Client().get(f"/api/meetings/{nel_bid.meeting.key}").content.decode()
    assert MARKER not in public and nel_bid.title in public
    staff = signed_in(secretariat).get(f"/api/meetings/{nel_bid.meeting.key}").content.decode()
    assert MARKER in staff
