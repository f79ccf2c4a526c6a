"""Arrangements: London's are lawful; an arrangement the rules refuse cannot be made
active, nor one whose spectrum criteria lack evidence; decision power is derived."""

import pytest

from devolution.core.errors import NotAllowed, RuleViolation
from devolution.governance.models import Arrangement, Board
from devolution.governance.selectors import decision_power_for
from devolution.governance.services import (
    arrangement_activate,
    arrangement_check,
    arrangement_evidence_record,
)
from devolution.partners.models import Organisation

pytestmark = pytest.mark.django_db

PENDING = "transformation-funding-delegation-to-london"


def arrangement(key):
    return Arrangement.objects.select_related("function", "from_organisation", "level").get(key=key)


def test_every_london_arrangement_passes_the_legal_rules():
    for a in Arrangement.objects.select_related("function", "from_organisation", "level"):
        assert arrangement_check(a).allowed, a.key


def test_primary_care_is_delegated_to_ccgs_and_transformation_funding_pending():
    assert arrangement("primary-care-delegated-to-ccgs").status == "active"
    assert arrangement(PENDING).status == "pending"
    assert arrangement(PENDING).to_board.key == "spb"


def _evidence_all(actor, key):
    from devolution.governance.services import _spectrum_criteria

    a = arrangement(key)
    for criterion in _spectrum_criteria(a.spectrum_step):
        arrangement_evidence_record(
            actor=actor,
            arrangement_key=key,
            criterion=criterion,
            evidence="Scheme of delegation signed",
            met=True,
        )


def test_activation_needs_evidence_for_every_spectrum_criterion(secretariat):
    with pytest.raises(RuleViolation) as refused:
        arrangement_activate(
            actor=secretariat, arrangement_key=PENDING, version=arrangement(PENDING).version
        )
    assert refused.value.rule_id == "GOV-SPECTRUM-CRITERIA"
    assert "employment MoU" in refused.value.message
    _evidence_all(secretariat, PENDING)
    activated = arrangement_activate(
        actor=secretariat, arrangement_key=PENDING, version=arrangement(PENDING).version
    )
    assert activated.status == "active"


def test_an_arrangement_the_rules_refuse_cannot_be_made_active(secretariat):
    Arrangement.objects.filter(key=PENDING).update(case_for_level="")
    _evidence_all(secretariat, PENDING)
    with pytest.raises(RuleViolation) as refused:
        arrangement_activate(
            actor=secretariat, arrangement_key=PENDING, version=arrangement(PENDING).version
        )
    assert refused.value.rule_id == "GOV-SUBSIDIARITY-LONDON"
    assert arrangement(PENDING).status == "pending"


def test_only_the_secretariat_activates(alice):
    with pytest.raises(NotAllowed):
        arrangement_activate(
            actor=alice, arrangement_key=PENDING, version=arrangement(PENDING).version
        )


def test_an_spb_allocation_in_shadow_phase_is_a_recommendation_to_nhs_england():
    spb = Board.objects.select_related("current_phase").get(key="spb")
    organisations = list(
        Organisation.objects.filter(key__in=["nhs-england-london", "la-hackney", "ccg-barnet"])
    )
    power = decision_power_for(
        board=spb,
        decision_kind="allocate_funding",
        function_key="transformation_funding",
        organisations=organisations,
    )
    assert not power.binding
    assert power.recommendation_to == "NHS England"


def test_once_delegated_and_in_decision_making_the_same_decision_binds(secretariat):
    from devolution.governance.models import Phase

    _evidence_all(secretariat, PENDING)
    arrangement_activate(
        actor=secretariat, arrangement_key=PENDING, version=arrangement(PENDING).version
    )
    spb = Board.objects.get(key="spb")
    spb.current_phase = Phase.objects.get(model__key="spb", key="decision_making")
    organisations = list(Organisation.objects.filter(key__in=["nhs-england-london"]))
    power = decision_power_for(
        board=spb,
        decision_kind="allocate_funding",
        function_key="transformation_funding",
        organisations=organisations,
    )
    assert power.binding and power.recommendation_to is None


def test_a_council_alone_cannot_bind_on_nhs_funding_even_in_decision_making():
    from devolution.governance.models import Phase

    spb = Board.objects.get(key="spb")
    spb.current_phase = Phase.objects.get(model__key="spb", key="decision_making")
    power = decision_power_for(
        board=spb,
        decision_kind="allocate_funding",
        function_key="transformation_funding",
        organisations=[Organisation.objects.get(key="la-hackney")],
    )
    assert not power.binding
    assert power.recommendation_to == "NHS England"


class TestArrangementApi:
    URL = f"/api/arrangements/{PENDING}"

    def test_detail_shows_the_check_and_evidence(self):
        from django.test import Client

        body = Client().get(self.URL).json()
        assert body["check"]["allowed"] is True
        assert body["status"] == "pending" and body["evidence"] == []

    def test_secretariat_records_evidence_then_activates(self, secretariat):
        from devolution.governance.services import _spectrum_criteria
        from tests.conftest import signed_in

        client = signed_in(secretariat)
        refused = client.post(
            f"{self.URL}/activate", {"version": 1}, content_type="application/json"
        )
        assert refused.status_code == 409
        assert refused.json()["rule_id"] == "GOV-SPECTRUM-CRITERIA"
        for criterion in _spectrum_criteria("delegated_commissioning"):
            response = client.post(
                f"{self.URL}/evidence",
                {"criterion": criterion, "evidence": "Signed", "met": True},
                content_type="application/json",
            )
            assert response.status_code == 200
        bad = client.post(
            f"{self.URL}/evidence",
            {"criterion": "Something else", "evidence": "x", "met": True},
            content_type="application/json",
        )
        assert bad.status_code == 400 and bad.json()["problems"][0]["field"] == "criterion"
        done = client.post(f"{self.URL}/activate", {"version": 1}, content_type="application/json")
        assert done.status_code == 200 and done.json()["status"] == "active"

    def test_others_cannot(self, alice):
        from django.test import Client

        from tests.conftest import signed_in

        assert (
            Client()
            .post(f"{self.URL}/activate", {"version": 1}, content_type="application/json")
            .status_code
            == 401
        )
        assert (
            signed_in(alice)
            .post(f"{self.URL}/activate", {"version": 1}, content_type="application/json")
            .status_code
            == 403
        )


def test_rules_catalogue_as_pdf_and_spreadsheet():
    import io

    import openpyxl
    from django.test import Client

    from devolution.governance.legal import rule_catalogue

    client = Client()
    page = client.get("/reports/legal-framework/").content.decode()
    assert "National Health Service Act 2006, s.14Z3" in page
    assert "GOV-DOUBLE-DELEGATION" not in page  # a rule's identifier is for the API only
    pdf = client.get("/reports/legal-framework.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(client.get("/reports/legal-framework.xlsx").content))
    rows = list(book["Rules"].iter_rows(values_only=True))
    assert rows[0][1:] == ("Rule", "Rule in words", "Source", "Effect")
    by_title = {r["title"]: r["id"] for r in rule_catalogue()}
    assert {row[1] for row in rows[1:]} == set(by_title)
    assert all(row[3] for row in rows[1:])  # every rule with its source
    effect = {by_title[row[1]]: row[4] for row in rows[1:]}
    assert effect["GOV-HIGHLY-SPECIALISED-LIKELY-EXCLUDED"] == "Warns"
    assert effect["GOV-DOUBLE-DELEGATION"] == "Refuses"
    assert "Spectrum" in book.sheetnames and "Joint working" in book.sheetnames
