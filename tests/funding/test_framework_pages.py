"""The investment framework's pages and API: what London's board shows (no framework,
as seed 004 says), a secretariat's draft and its edit, an agreed version refused an edit,
a bid's scores by named assessors and the weighted total."""

import json

from devolution.funding.models import Framework, Score
from devolution.funding.services.framework import framework_draft, score_set
from tests.conftest import signed_in
from tests.funding.conftest_framework import draft_with_criteria

pytest_plugins = ["tests.funding.conftest_framework"]


def test_londons_board_shows_no_framework_citing_seed_004(client, db):
    page = client.get("/funding/frameworks/spb/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "has not agreed an investment framework" in text
    assert "Ongoing. To be signed off at SPB." in text
    assert "Source: Progression of the London Health and Care Strategic Partnership Board" in text
    # The gateway criteria it meets, with their status now and their source's words.
    assert "Finalised and agreed Investment Framework (or similar)." in text
    assert "To be agreed in Investment Framework" in text
    assert "Ongoing" in text and "Not started" in text


def test_the_board_page_links_to_its_framework(client, db):
    page = client.get("/boards/spb/")
    assert page.status_code == 200
    assert "/funding/frameworks/spb/" in page.content.decode()


def test_the_agreed_framework_shows_its_weights_as_shares_and_the_criteria_met(client, agreed):
    text = client.get("/funding/frameworks/spb/").content.decode()
    assert "SPB investment framework" in text and "version 1" in text
    # Weights 3, 2, 1: shares 50%, 33.3%, 16.7%.
    for share in ("50%", "33.3%", "16.7%"):
        assert share in text
    assert text.count(">Met</strong>") == 3


def test_the_public_does_not_see_a_draft(client, secretariat):
    draft_with_criteria(secretariat)
    assert "Draft: version" not in client.get("/funding/frameworks/spb/").content.decode()
    seen = signed_in(secretariat).get("/funding/frameworks/spb/").content.decode()
    assert "Draft: version 1" in seen and "Edit the draft" in seen


def test_the_secretariat_drafts_and_edits_a_version(secretariat):
    client = signed_in(secretariat)
    response = client.post("/funding/frameworks/spb/draft/")
    assert response.status_code == 302 and response["Location"].endswith("/draft/edit/")
    page = client.get("/funding/frameworks/spb/draft/edit/")
    assert page.status_code == 200
    response = client.post(
        "/funding/frameworks/spb/draft/edit/",
        {
            "revision": "1",
            "title": "SPB investment framework",
            "scale_max": "4",
            "c1_key": "outcomes",
            "c1_text": "Outcomes for Londoners",
            "c1_weight": "2",
            "c2_key": "",
            "c2_text": "",
            "c2_weight": "",
            "c3_key": "value",
            "c3_text": "Value for money",
            "c3_weight": "1",
        },
    )
    assert response.status_code == 302
    draft = Framework.objects.get(board__key="spb", status="draft")
    assert draft.scale_max == 4
    assert [(c.key, c.weight) for c in draft.criteria.all()] == [("outcomes", 2), ("value", 1)]


def test_a_bad_weight_is_shown_beside_its_row(secretariat):
    client = signed_in(secretariat)
    client.post("/funding/frameworks/spb/draft/")
    response = client.post(
        "/funding/frameworks/spb/draft/edit/",
        {
            "revision": "1",
            "title": "T",
            "scale_max": "5",
            "c1_key": "a",
            "c1_text": "A",
            "c1_weight": "1",
            "c2_key": "b",
            "c2_text": "B",
            "c2_weight": "0",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="id_c2_weight-error"' in text or "id_c2_weight" in text
    assert "a weight is a whole number" in text.lower()
    assert not Framework.objects.get(status="draft").criteria.exists()


def test_an_agreed_version_cannot_be_edited_by_the_api_or_the_page(secretariat, agreed):
    client = signed_in(secretariat)
    # The edit page edits the draft; with only an agreed version there is none to edit.
    assert client.get("/funding/frameworks/spb/draft/edit/").status_code == 404


def test_only_the_secretariat_edits(alice, secretariat):
    framework_draft(actor=secretariat, board_key="spb")
    assert signed_in(alice).get("/funding/frameworks/spb/draft/edit/").status_code == 403
    assert signed_in(alice).post("/funding/frameworks/spb/draft/").status_code == 403


# ------------------------------------------------------------------ scores


def test_an_assessor_scores_on_the_page_and_sees_the_weighted_total(
    agreed, bid, assessor, assessor2
):
    score_set(actor=assessor2, bid_ref="bid-1", criterion_key="outcomes", score=5)
    client = signed_in(assessor)
    page = client.get("/funding/bids/bid-1/scores/")
    assert page.status_code == 200 and "Your scores" in page.content.decode()
    response = client.post(
        "/funding/bids/bid-1/scores/",
        {
            "score_outcomes": "4",
            "comment_outcomes": "Strong case",
            "score_value": "3",
            "score_readiness": "5",
        },
    )
    assert response.status_code == 302
    text = client.get("/funding/bids/bid-1/scores/").content.decode()
    assert "Weighted score: 81.7%" in text
    assert "Ash Assessor" in text and "Bea Assessor" in text and "Strong case" in text


def test_the_page_refuses_a_score_beyond_the_scale(agreed, bid, assessor):
    response = signed_in(assessor).post("/funding/bids/bid-1/scores/", {"score_outcomes": "9"})
    assert response.status_code == 400
    assert "from 0 to 5" in response.content.decode()
    assert not Score.objects.exists()


def test_an_applicant_sees_no_scoring_form(agreed, bid, applicant):
    client = signed_in(applicant)
    assert "Your scores" not in client.get("/funding/bids/bid-1/scores/").content.decode()
    assert client.post("/funding/bids/bid-1/scores/", {"score_outcomes": "3"}).status_code == 403


def test_api_framework_and_scores(client, agreed, bid, assessor):
    body = client.get("/api/boards/spb/investment-framework").json()
    assert body["agreed"]["version"] == 1
    assert [c["share"] for c in body["agreed"]["criteria"]] == ["50%", "33.3%", "16.7%"]
    assert {g["criterion"]: g["status"] for g in body["gateway"]} == {
        "investment_framework_agreed": "met",
        "decision_making_processes_agreed": "met",
        "delivery_support_and_assurance_agreed": "met",
    }
    api = signed_in(assessor)
    put = api.put(
        "/api/bids/bid-1/scores/outcomes",
        json.dumps({"score": 4, "comment": "Good"}),
        content_type="application/json",
    )
    assert put.status_code == 200, put.content
    assert put.json()["criteria"][0]["scores"] == [
        {"criterion": "outcomes", "assessor": "Ash Assessor", "score": 4, "comment": "Good"}
    ]
    assert put.json()["fully_scored"] is False
    assert api.get("/api/bids/bid-1/scores").json()["weighted_score"] == 40.0


def test_api_refuses_beyond_the_scale_naming_the_field(agreed, bid, assessor):
    put = signed_in(assessor).put(
        "/api/bids/bid-1/scores/outcomes",
        json.dumps({"score": 6}),
        content_type="application/json",
    )
    assert put.status_code == 400
    assert put.json()["problems"][0]["field"] == "score"


def test_api_refuses_scoring_while_no_framework_is_agreed(bid, assessor):
    put = signed_in(assessor).put(
        "/api/bids/bid-1/scores/outcomes",
        json.dumps({"score": 3}),
        content_type="application/json",
    )
    assert put.status_code == 409
    assert "no agreed investment framework" in put.json()["message"]


def test_api_refuses_an_applicant(agreed, bid, applicant):
    put = signed_in(applicant).put(
        "/api/bids/bid-1/scores/outcomes",
        json.dumps({"score": 3}),
        content_type="application/json",
    )
    assert put.status_code == 403


def test_the_api_documents_the_statuses_as_the_models_own(client, db):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert schemas["FrameworkOut"]["properties"]["status"]["enum"] == [
        "draft",
        "agreed",
        "superseded",
    ]
    assert schemas["FrameworkGatewayOut"]["properties"]["status"]["enum"] == [
        "not_started",
        "ongoing",
        "met",
    ]


def test_the_bid_page_section_shows_the_weighted_score_to_staff(agreed, bid, assessor, reader):
    from django.template.loader import render_to_string

    from devolution.funding.bid_page import bid_sections

    score_set(actor=assessor, bid_ref="bid-1", criterion_key="outcomes", score=5)
    sections = dict(bid_sections(bid, assessor))
    assert "funding/_bid_scores.jinja" in sections
    html = render_to_string(
        "funding/_bid_scores.jinja", {"section": sections["funding/_bid_scores.jinja"]}
    )
    # 3 x 5 / (6 x 5) = 50%, with two of the three criteria not yet scored.
    assert "Weighted score: <strong>50%</strong>" in html
    assert "1 of 3 criteria scored so far" in html and "Ash Assessor" in html
    assert "funding/_bid_scores.jinja" not in dict(bid_sections(bid, None))


def test_a_stale_draft_edit_is_refused_on_the_page(secretariat):
    client = signed_in(secretariat)
    client.post("/funding/frameworks/spb/draft/")
    form = {"revision": "1", "title": "First", "scale_max": "5"}
    form |= {"c1_key": "a", "c1_text": "A", "c1_weight": "1"}
    assert client.post("/funding/frameworks/spb/draft/edit/", form).status_code == 302
    stale = client.post("/funding/frameworks/spb/draft/edit/", {**form, "title": "Second"})
    assert stale.status_code == 409
    assert "Someone changed this draft since you opened it" in stale.content.decode()
    assert Framework.objects.get(status="draft").title == "First"


def test_the_secretariat_brings_a_draft_to_a_meeting(secretariat, meeting):
    draft_with_criteria(secretariat)
    client = signed_in(secretariat)
    assert "Add it to the agenda" in client.get("/funding/frameworks/spb/").content.decode()
    response = client.post("/funding/frameworks/spb/draft/meeting/", {"meeting": meeting.key})
    assert response.status_code == 302
    draft = Framework.objects.get(status="draft")
    assert draft.item is not None and draft.item.meeting_id == meeting.pk
    text = client.get("/funding/frameworks/spb/").content.decode()
    assert "It is on the agenda of the" in text
    assert "Add it to the agenda" not in text  # not twice while it awaits the decision
