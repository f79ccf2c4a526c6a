"""Issue 13 point 4, SPEC §11: proposals assessed against the Mayor's six assurances; the
rule on hospital beds applied by the service, the pages and the API; the summary wherever
the proposal is decided; who may assess; the report."""

import json
import re
from html import unescape
from io import BytesIO

import pytest
from openpyxl import load_workbook

from devolution.core.errors import InvalidInput, NotAllowed, StaleEdit
from devolution.core.models import AuditEvent
from devolution.funding.models import Assessment, Proposal
from devolution.funding.services import assurance as services
from tests.conftest import signed_in
from tests.funding.conftest_assurance import *  # noqa: F403 (the fixtures)
from tests.funding.conftest_assurance import ASSURANCES, HOSPITAL, facts, propose

pytestmark = pytest.mark.django_db


def words(response) -> str:
    html = response.content.decode()
    html = re.sub(r'<span class="nhsuk-table-responsive__heading"[^>]*>.*?</span>', "", html)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def assess(actor, proposal, key, rating, reason="", evidence="", version=None):
    return services.assessment_record(
        actor=actor,
        ref=proposal.ref,
        assurance_key=key,
        rating=rating,
        evidence=evidence,
        reason=reason,
        version=version,
    )


def assessment(proposal, key=HOSPITAL) -> Assessment:
    return Assessment.objects.get(proposal=proposal, assurance__key=key)


# ------------------------------------------------------------------ the rule on beds


def test_a_bed_reduction_with_no_review_and_no_condition_is_recorded_as_not_met(
    secretariat, assessor
):
    proposal = propose(secretariat)
    # Recorded not met at once, before anyone assesses it.
    assert assessment(proposal).rating == "not_met"
    assert assessment(proposal).judged == ""
    done = assess(assessor, proposal, HOSPITAL, "met", evidence="A review is planned.", version=1)
    assert (done.judged, done.rating) == ("met", "not_met")
    from devolution.funding.selectors.assurance import proposal_view

    line = proposal_view(proposal.ref).summary.lines[4]
    assert line.rating == "not_met" and line.judged == "met"
    assert "no independent review" in line.overruled
    assert "The Opportunity for London" in line.overruled and "NHS England" in line.overruled
    assert "The assessor judged it met." in line.overruled


def test_when_the_beds_facts_change_the_ratings_are_derived_again(secretariat, assessor):
    proposal = propose(secretariat)
    assess(assessor, proposal, HOSPITAL, "partly_met", reason="A last resort?", version=1)
    assert assessment(proposal).rating == "not_met"
    changed = services.proposal_update(
        actor=secretariat,
        ref=proposal.ref,
        version=proposal.version,
        facts=facts(independent_review=True, conditions=["alternative-provision"]),
    )
    assert (assessment(proposal).judged, assessment(proposal).rating) == (
        "partly_met",
        "partly_met",
    )
    # And back: the review withdrawn, the rule applies again.
    services.proposal_update(
        actor=secretariat,
        ref=proposal.ref,
        version=changed.version,
        facts=facts(independent_review=False, conditions=["alternative-provision"]),
    )
    assert assessment(proposal).rating == "not_met"
    derived = AuditEvent.objects.filter(
        action="assessment.derive", object_id=str(assessment(proposal).pk)
    )
    assert derived.count() == 3  # created not met, given back, taken again


def test_a_reviewed_reduction_meeting_a_condition_keeps_the_assessors_judgement(
    secretariat, assessor
):
    proposal = propose(secretariat, independent_review=True, conditions=["new-treatments"])
    assert not Assessment.objects.filter(proposal=proposal).exists()
    done = assess(assessor, proposal, HOSPITAL, "met")
    assert (done.judged, done.rating) == ("met", "met")


def test_more_beds_is_never_overruled(secretariat, assessor):
    proposal = propose(secretariat, beds_change=15)
    assert assess(assessor, proposal, HOSPITAL, "met").rating == "met"


# ------------------------------------------------------------------ assessing


def test_a_reason_is_needed_when_not_met_or_partly_met(secretariat, assessor):
    proposal = propose(secretariat, beds_change=None)
    for rating in ("not_met", "partly_met"):
        with pytest.raises(InvalidInput) as refused:
            assess(assessor, proposal, "clinical-support", rating, reason="  ")
        assert refused.value.problems[0].field == "reason"
    assert not Assessment.objects.filter(proposal=proposal).exists()


def test_a_stale_assessment_is_refused_not_overwritten(secretariat, assessor):
    proposal = propose(secretariat, beds_change=None)
    first = assess(assessor, proposal, "social-care", "met", evidence="Costed with councils.")
    assess(
        secretariat,
        proposal,
        "social-care",
        "partly_met",
        reason="Only two boroughs",
        version=first.version,
    )
    with pytest.raises(StaleEdit):
        assess(assessor, proposal, "social-care", "met", version=first.version)
    assert assessment(proposal, "social-care").judged == "partly_met"


def test_every_change_is_audited(secretariat, assessor):
    proposal = propose(secretariat, beds_change=None)
    assess(assessor, proposal, "clinical-support", "met", evidence="Letters of support")
    actions = list(
        AuditEvent.objects.filter(action__in=("proposal.create", "assessment.record")).values_list(
            "action", "actor__email"
        )
    )
    assert ("proposal.create", secretariat.email) in actions
    assert ("assessment.record", assessor.email) in actions


def test_applicants_and_readers_cannot_assess_nor_record_proposals(
    secretariat, applicant, reader, assessor
):
    proposal = propose(secretariat, beds_change=None)
    for person in (applicant, reader):
        with pytest.raises(NotAllowed):
            assess(person, proposal, "clinical-support", "met")
    with pytest.raises(NotAllowed):
        services.proposal_create(actor=assessor, facts=facts())
    assert not Assessment.objects.filter(proposal=proposal).exists()


def test_a_proposer_is_one_organisation_or_one_partnership(secretariat):
    with pytest.raises(InvalidInput) as refused:
        propose(secretariat, partnership="london-devolution-partnership")
    assert refused.value.problems[0].field == "proposer"
    by_partnership = propose(
        secretariat, organisation="", partnership="london-devolution-partnership"
    )
    assert by_partnership.proposer_partnership.key == "london-devolution-partnership"


# ------------------------------------------------------------------ the pages


def test_the_proposal_page_shows_each_assurance_in_seed_002s_words_and_the_bed_facts(
    secretariat, assessor
):
    proposal = propose(secretariat)
    assess(assessor, proposal, "clinical-support", "met", evidence="Frontline staff consulted")
    page = words(signed_in(assessor).get(f"/funding/proposals/{proposal.ref}/"))
    assert "1 of 6 met; hospital capacity not met; 4 not yet assessed" in page
    assert "Proposals must demonstrate improved clinical outcomes" in page
    assert (
        "any proposals to reduce the number of hospital beds will need to be independently reviewed"
        in page
    )
    assert "Frontline staff consulted" in page
    assert "20 fewer beds" in page
    assert "Sufficient alternative provision, such as increased GP or community services" in page
    assert "Next Steps on the NHS Five Year Forward View" in page
    assert page.count("Save the assessment") == 6


def test_the_assessment_form_records_and_refuses_the_bed_rule(secretariat, assessor):
    proposal = propose(secretariat)
    client = signed_in(assessor)
    url = f"/funding/proposals/{proposal.ref}/assurances/{HOSPITAL}/"
    response = client.post(
        url,
        {
            f"{HOSPITAL}-rating": "met",
            f"{HOSPITAL}-evidence": "Trust says so",
            f"{HOSPITAL}-version": "1",
        },
    )
    assert response.status_code == 302
    assert (assessment(proposal).judged, assessment(proposal).rating) == ("met", "not_met")
    page = words(client.get(response["Location"]))
    assert "Hospital capacity: not met. The rule on hospital beds sets this" in page
    missing = client.post(url, {f"{HOSPITAL}-rating": "partly_met", f"{HOSPITAL}-version": "2"})
    assert missing.status_code == 400
    assert "Say why the assurance is partly met" in words(missing)


def test_applicants_and_readers_are_refused_the_assessment_form(secretariat, applicant, reader):
    proposal = propose(secretariat, beds_change=None)
    url = f"/funding/proposals/{proposal.ref}/assurances/clinical-support/"
    for person in (applicant, reader):
        client = signed_in(person)
        assert client.post(url, {"clinical-support-rating": "met"}).status_code == 403
        assert "Save the assessment" not in words(client.get(f"/funding/proposals/{proposal.ref}/"))
    assert not Assessment.objects.filter(proposal=proposal).exists()
    assert signed_in(reader).get("/funding/proposals/new/").status_code == 403


def test_the_secretariat_records_a_service_change_from_the_page(secretariat):
    client = signed_in(secretariat)
    assert "Record a service change or a plan" in words(client.get("/funding/proposals/new/"))
    response = client.post(
        "/funding/proposals/new/",
        {
            "kind": "plan",
            "title": "North east London plan",
            "proposer": "org:ccg-city-and-hackney",
            "beds_change": "-40",
            "independent_review": "yes",
            "conditions": ["efficient-use"],
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="North east London plan")
    assert proposal.beds_change == -40 and proposal.independent_review is True
    assert not Assessment.objects.filter(proposal=proposal).exists()
    listing = words(client.get("/funding/proposals/"))
    assert "North east London plan" in listing
    assert "Not yet assessed against any of the 6 assurances." in listing
    bad = client.post(
        "/funding/proposals/new/", {"kind": "plan", "title": "x", "beds_change": "lots"}
    )
    assert bad.status_code == 400
    assert "Enter a whole number of beds" in words(bad)


def test_the_public_cannot_read_the_proposals(client, secretariat):
    proposal = propose(secretariat)
    assert client.get(f"/funding/proposals/{proposal.ref}/").status_code == 302


# ------------------------------------------------------------------ wherever it is decided


def test_the_summary_shows_on_the_agenda_item_its_decision_and_the_public_page(
    secretariat, assessor, decided_at, client
):
    proposal = propose(secretariat, item=decided_at.pk)
    assess(assessor, proposal, "clinical-support", "met")
    line = "1 of 6 met; hospital capacity not met; 4 not yet assessed"
    meeting = decided_at.meeting.key
    staff = signed_in(secretariat)
    overview = words(staff.get(f"/meetings/{meeting}/"))
    assert f"The Mayor's six assurances: {line}" in overview
    item_page = words(staff.get(f"/meetings/{meeting}/?item={decided_at.pk}"))
    decision = item_page[item_page.index("Decision ") :]
    assert line in decision and "Agreed the closure" in decision
    assert "Hospital capacity: Not met" in decision
    public = words(client.get(f"/public/meetings/{meeting}/"))
    assert line in public and "Close ward 7 at Homerton" in public
    assert "The assessment in full" not in public  # the staff's page is not offered


def test_the_panels_are_read_with_the_items_themselves(
    secretariat, decided_at, django_assert_num_queries
):
    from devolution.core.links import item_panels
    from devolution.meetings import selectors as meeting_selectors
    from devolution.meetings.models import AgendaItem

    propose(secretariat, item=decided_at.pk)
    other = AgendaItem.objects.create(meeting=decided_at.meeting, key="other", title="Other")
    propose(secretariat, title="Another ward", item=other.pk, beds_change=None)
    AgendaItem.objects.create(meeting=decided_at.meeting, key="none", title="No proposal")
    items = meeting_selectors.public_item_list(decided_at.meeting)
    with django_assert_num_queries(0):
        panels = item_panels(items, public=True)
    assert set(panels) == {decided_at.pk, other.pk}
    assert "Not yet assessed against any of the 6 assurances." in panels[other.pk][0].line
    assert "hospital capacity not met" in panels[decided_at.pk][0].line


# ------------------------------------------------------------------ the API


def put(client, proposal, key, body):
    return client.put(
        f"/api/proposals/{proposal.ref}/assurances/{key}", json.dumps(body), "application/json"
    )


def test_the_api_records_a_bed_reduction_with_no_review_as_not_met_with_the_reason(
    secretariat, assessor
):
    proposal = propose(secretariat)
    api = signed_in(assessor)
    before = api.get(f"/api/proposals/{proposal.ref}").json()
    version = next(a for a in before["assessments"] if a["assurance"] == HOSPITAL)["version"]
    response = put(
        api, proposal, HOSPITAL, {"rating": "met", "evidence": "Trust board", "version": version}
    )
    assert response.status_code == 200
    body = response.json()
    hospital = next(a for a in body["assessments"] if a["assurance"] == HOSPITAL)
    assert (hospital["judged"], hospital["rating"]) == ("met", "not_met")
    assert "no independent review" in hospital["rule"] and "NHS England" in hospital["rule"]
    assert (
        body["assurance"]["overall"] == "0 of 6 met; hospital capacity not met; 5 not yet assessed"
    )
    assert [line["key"] for line in body["assurance"]["lines"]] == list(ASSURANCES)
    listing = api.get("/api/proposals").json()
    assert listing["count"] == 1 and listing["items"][0]["summary"] == body["assurance"]["overall"]


def test_the_api_answers_a_bad_rating_with_a_400_naming_the_field(secretariat, assessor):
    proposal = propose(secretariat, beds_change=None)
    response = put(signed_in(assessor), proposal, "clinical-support", {"rating": "excellent"})
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "rating"
    no_reason = put(signed_in(assessor), proposal, "clinical-support", {"rating": "not_met"})
    assert no_reason.status_code == 400
    assert no_reason.json()["problems"][0]["field"] == "reason"
    assert not Assessment.objects.filter(proposal=proposal).exists()


def test_the_api_has_the_pages_access(secretariat, applicant, reader, client):
    proposal = propose(secretariat, beds_change=None)
    for person in (applicant, reader):
        refused = put(signed_in(person), proposal, "clinical-support", {"rating": "met"})
        assert refused.status_code == 403
    assert signed_in(reader).get(f"/api/proposals/{proposal.ref}").status_code == 200
    assert client.get("/api/proposals").status_code == 401
    assert put(client, proposal, "clinical-support", {"rating": "met"}).status_code == 401
    assert not Assessment.objects.filter(proposal=proposal).exists()


def test_an_unknown_assurance_or_proposal_is_a_404(secretariat, assessor):
    proposal = propose(secretariat, beds_change=None)
    api = signed_in(assessor)
    assert put(api, proposal, "nowhere", {"rating": "met"}).status_code == 404
    assert api.get("/api/proposals/no-such-thing").status_code == 404


# ------------------------------------------------------------------ the report


def test_the_report_shows_each_assurance_its_rating_and_why(secretariat, assessor):
    proposal = propose(secretariat)
    assess(assessor, proposal, "clinical-support", "partly_met", reason="Surgeons not asked")
    client = signed_in(assessor)
    page = words(client.get(f"/reports/assurance/{proposal.ref}/"))
    assert "Assurance of “Close ward 7 at Homerton”" in page
    assert (
        "0 of 6 met; hospital capacity not met; clinical support partly met; 4 not yet assessed"
        in page
    )
    assert "Surgeons not asked" in page
    assert "none of NHS England's three conditions for closing beds is met" in page
    pdf = client.get(f"/reports/assurance/{proposal.ref}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/reports/assurance/{proposal.ref}.xlsx")
    book = load_workbook(BytesIO(xlsx.content))
    rows = list(book["Assurances"].iter_rows(values_only=True))
    hospital = next(r for r in rows if "Hospital capacity" in r)
    assert "Not met" in hospital or "not met" in hospital
    every = words(client.get("/reports/assurance/"))
    assert proposal.ref in every and "hospital capacity not met" in every
    assert client.get("/reports/assurance.xlsx").status_code == 200


def test_the_report_is_for_partnership_staff(secretariat, client):
    proposal = propose(secretariat)
    assert client.get(f"/reports/assurance/{proposal.ref}/").status_code == 302
    assert client.get("/reports/assurance.pdf").status_code == 302


@pytest.mark.parametrize(
    "page",
    [
        "/meetings/spb-assurance/",
        "/meetings/spb-assurance/?item={item}",
        "/public/meetings/spb-assurance/",
    ],
)
def test_the_meeting_pages_with_a_proposal_stay_within_15_queries(
    secretariat, decided_at, page, django_assert_max_num_queries
):
    propose(secretariat, item=decided_at.pk)
    client = signed_in(secretariat)
    client.get("/meetings/spb-assurance/")  # the first request of a session reads more
    with django_assert_max_num_queries(15):
        assert client.get(page.format(item=decided_at.pk)).status_code == 200


@pytest.mark.parametrize(
    "page", ["/funding/proposals/", "/funding/proposals/{ref}/", "/reports/assurance/"]
)
def test_the_proposal_pages_stay_within_15_queries_however_many_proposals(
    secretariat, assessor, page, django_assert_max_num_queries
):
    proposals = [propose(secretariat, title=f"Ward {n}") for n in range(4)]
    for p in proposals:
        assess(assessor, p, "clinical-support", "met")
    client = signed_in(assessor)
    client.get("/funding/proposals/")
    with django_assert_max_num_queries(15):
        assert client.get(page.format(ref=proposals[0].ref)).status_code == 200


def test_the_secretariat_changes_a_proposal_and_a_stale_form_is_refused(
    secretariat, assessor, decided_at
):
    from devolution.meetings.models import AgendaItem

    proposal = propose(secretariat)
    assess(assessor, proposal, HOSPITAL, "met", version=1)
    client = signed_in(secretariat)
    undecided = AgendaItem.objects.create(
        meeting=decided_at.meeting, key="ward-7-again", title="Ward 7 again", purpose="decide"
    )
    form = words(client.get(f"/funding/proposals/{proposal.ref}/edit/"))
    assert "Ward 7 again" in form  # an item with no decision yet, offered to choose
    assert "Ward 7 closure" not in form  # decided already
    sent = {
        "kind": "service_change",
        "title": "Close ward 7 at Homerton",
        "proposer": "org:ccg-city-and-hackney",
        "beds_change": "-20",
        "independent_review": "yes",
        "conditions": ["alternative-provision"],
        "item": str(undecided.pk),
        "version": str(proposal.version),
    }
    response = client.post(f"/funding/proposals/{proposal.ref}/edit/", sent)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.item_id == undecided.pk
    assert assessment(proposal).rating == "met"  # reviewed, a condition met: as judged
    assert proposal.assurance["overall"] == "1 of 6 met; 5 not yet assessed"
    stale = client.post(f"/funding/proposals/{proposal.ref}/edit/", {**sent, "title": "Lost"})
    assert stale.status_code == 409
    assert "changed by someone else" in words(stale)
    proposal.refresh_from_db()
    assert proposal.title == "Close ward 7 at Homerton"
