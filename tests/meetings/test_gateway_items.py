"""An agenda item names a gateway criterion of the board's next phase, from the page and
the API, and an agreed resolution on it records the criterion met at that meeting, end
to end: the item, the decision, governance's handler, the criterion's status (SPEC §4,
§8; ADR 5). A criterion of another board's phases is refused, naming the field."""

import pytest

from devolution.core.models import AuditEvent
from devolution.governance.models import GatewayCriterion
from devolution.meetings.models import AgendaItem, Decision
from tests.conftest import signed_in
from tests.meetings.test_pages import text

pytestmark = pytest.mark.django_db


def _spb_criterion() -> GatewayCriterion:
    """A criterion of the SPB's next phase (decision-making) not met yet."""
    return (
        GatewayCriterion.objects.filter(phase__model__key="spb", phase__key="decision_making")
        .exclude(status="met")
        .order_by("order")
        .first()
    )


def _name(criterion: GatewayCriterion) -> str:
    return f"{criterion.phase.key}:{criterion.key}"


def _leb_criterion() -> GatewayCriterion:
    return GatewayCriterion.objects.filter(phase__model__key="leb").first()


ITEM = {"title": "The investment framework", "purpose": "decide", "public": "public"}


def test_the_secretariat_names_a_criterion_on_the_page_and_a_resolution_marks_it_met(
    meeting, secretariat
):
    criterion = _spb_criterion()
    staff = signed_in(secretariat)
    form = text(staff.get(f"/meetings/{meeting.key}/items/new/"))
    assert "Gateway criterion (optional)" in form
    assert f"Decision-making: {criterion.text[:40]}" in form

    added = staff.post(
        f"/meetings/{meeting.key}/items/new/", {**ITEM, "gateway_criterion": _name(criterion)}
    )
    assert added.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting, title=ITEM["title"])
    assert item.gateway_criterion == criterion
    # Saved, the item is shown with its forms open: the decision's kinds among them.
    assert added["Location"] == f"/meetings/{meeting.key}/?item={item.pk}#item-{item.pk}"
    page = text(staff.get(added["Location"]))
    assert "Gateway criterion" in page
    assert "Recording the gateway criterion the item names as met" in page

    decided = staff.post(
        f"/meetings/{meeting.key}/items/{item.pk}/decision/",
        {
            f"decision{item.pk}-outcome": "agreed",
            f"decision{item.pk}-how": "consensus",
            f"decision{item.pk}-decision_kind": "gateway_criterion_met",
            f"decision{item.pk}-text": "The framework is agreed.",
        },
    )
    assert decided.status_code == 302
    assert Decision.objects.get(item=item).kind == "gateway_criterion_met"
    assert GatewayCriterion.objects.get(pk=criterion.pk).status == "met"
    event = AuditEvent.objects.filter(action="resolve_criterion").last()
    assert event.after["meeting"] == meeting.key


def test_the_item_form_keeps_the_criterion_it_names(meeting, secretariat):
    criterion = _spb_criterion()
    staff = signed_in(secretariat)
    staff.post(
        f"/meetings/{meeting.key}/items/new/", {**ITEM, "gateway_criterion": _name(criterion)}
    )
    item = AgendaItem.objects.get(meeting=meeting)
    html = staff.get(f"/meetings/{meeting.key}/items/{item.pk}/edit/").content.decode()
    assert f'<option value="{_name(criterion)}" selected>' in html


def test_a_criterion_of_another_board_is_refused_on_the_page_beside_the_field(meeting, secretariat):
    response = signed_in(secretariat).post(
        f"/meetings/{meeting.key}/items/new/",
        {**ITEM, "gateway_criterion": _name(_leb_criterion())},
    )
    assert response.status_code == 400
    assert 'id="id_gateway_criterion-error"' in response.content.decode()
    assert "Choose one of the gateway criteria of this board's next phase" in text(response)
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_the_api_names_a_criterion_and_a_resolution_marks_it_met(meeting, secretariat):
    criterion = _spb_criterion()
    api = signed_in(secretariat)
    added = api.post(
        f"/api/meetings/{meeting.key}/items",
        {"title": ITEM["title"], "purpose": "decide", "gateway_criterion": _name(criterion)},
        content_type="application/json",
    )
    assert added.status_code == 201
    item = added.json()
    assert item["gateway_criterion"] == _name(criterion)
    url = f"/api/meetings/{meeting.key}/items/{item['key']}"
    assert api.get(url).json()["gateway_criterion"] == _name(criterion)
    decided = api.post(
        f"{url}/decision",
        {"outcome": "agreed", "decision_kind": "gateway_criterion_met"},
        content_type="application/json",
    )
    assert decided.status_code == 201
    assert GatewayCriterion.objects.get(pk=criterion.pk).status == "met"


def test_the_api_refuses_a_criterion_of_another_board_naming_the_field(meeting, secretariat):
    refused = signed_in(secretariat).post(
        f"/api/meetings/{meeting.key}/items",
        {"title": ITEM["title"], "purpose": "decide", "gateway_criterion": _name(_leb_criterion())},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert [p["field"] for p in refused.json()["problems"]] == ["gateway_criterion"]
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
