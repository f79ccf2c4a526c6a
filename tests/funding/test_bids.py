"""Bids through the services and the pages: drafts seen and changed only by their
applicants, submitted bids by their organisation, the assessors and the secretariat,
decided bids by everyone; submission refused naming what is missing; a stale edit
refused; documents checked like board papers."""

import re
from html import unescape

import pytest
from django.test import Client

from devolution.core.errors import InvalidInput, NotAllowed, NotFound, RuleViolation
from devolution.core.models import AuditEvent
from devolution.funding.models import Bid, BidDocument, BidEvent, Measure, Proposal
from devolution.funding.services import bids as services
from tests.conftest import signed_in
from tests.funding.conftest_bids import (  # noqa: F401 (fixtures)
    CAMDEN_BOROUGH,
    applicant_fixture,
    assessor_fixture,
    camden_applicant_fixture,
    camden_draft_fixture,
    full_data,
    hackney_draft_fixture,
    pdf_upload,
)
from tests.meetings.test_paper_hostile_files import js, make_pdf

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def ref(bid) -> str:
    return bid.proposal.ref


def submitted(bid, applicant):
    return services.bid_submit(actor=applicant, ref=ref(bid))


def decided(bid, state="allocated"):
    """As a board's decision leaves it (services/allocations.py writes this state)."""
    Bid.objects.filter(pk=bid.pk).update(state=state)
    return Bid.objects.get(pk=bid.pk)


# ------------------------------------------------------------------ making a draft


def test_a_draft_holds_everything_given_and_an_assessment_per_assurance(hackney_draft):
    bid = Bid.objects.get(pk=hackney_draft.pk)
    assert bid.state == "draft"
    assert bid.proposal.kind == "bid"
    assert bid.proposal.organisation.key == "la-hackney"
    assert [(a.year, a.amount) for a in bid.amounts.all()] == [("2018-19", 250_000)]
    assert [m.name for m in bid.measures.all()] == ["Repeat GP visits a month"]
    assert [p.code for p in bid.proposal.places.all()] == ["E09000012"]
    assessments = list(bid.proposal.assessments.all())
    assert len(assessments) == 6
    assert all(a.evidence and not a.rating and not a.judged for a in assessments)
    assert [e.to_state for e in bid.events.all()] == ["draft"]
    assert AuditEvent.objects.filter(object_type="funding.bid", object_id=str(bid.pk)).exists()


def test_refs_number_the_partnerships_bids_each_year(applicant):
    first = services.bid_create(actor=applicant, data=full_data())
    second = services.bid_create(actor=applicant, data=full_data(title="Another"))
    assert re.fullmatch(r"B-\d{4}-001", ref(first))
    assert ref(second) == ref(first)[:-3] + "002"


def test_a_category_closed_to_bids_is_refused_naming_the_field(applicant):
    with pytest.raises(InvalidInput) as refused:
        services.bid_create(
            actor=applicant,
            data=full_data(category="london-transformation-funding/contracts-already-issued"),
        )
    assert [p.field for p in refused.value.problems] == ["category"]
    assert "not open to bids" in refused.value.message
    assert not Proposal.objects.exists()


def test_places_at_another_level_and_a_level_not_offered_are_refused(applicant):
    with pytest.raises(InvalidInput) as refused:
        services.bid_create(actor=applicant, data=full_data(level="stp"))
    assert [p.field for p in refused.value.problems] == ["places"]
    assert "Hackney" in refused.value.message
    with pytest.raises(InvalidInput) as refused:
        services.bid_create(actor=applicant, data=full_data(level="national"))
    assert "level" in [p.field for p in refused.value.problems]


def test_an_applicant_cannot_bid_for_another_organisation(applicant, alice):
    with pytest.raises(NotAllowed):
        services.bid_create(actor=applicant, data=full_data(applicant="organisation:la-camden"))
    with pytest.raises(NotAllowed):
        services.bid_create(actor=alice, data=full_data())  # a board member, no applicant
    assert not Proposal.objects.exists()


def test_a_partnership_bid_is_made_by_an_applicant_of_a_member(applicant):
    bid = services.bid_create(
        actor=applicant, data=full_data(applicant="partnership:london-devolution-partnership")
    )
    assert bid.proposal.proposer_partnership.key == "london-devolution-partnership"
    assert bid.proposal.organisation is None


def test_the_new_bid_page_makes_a_draft(applicant):
    client = signed_in(applicant)
    page = client.get("/funding/bids/new/")
    assert page.status_code == 200
    assert "Evidence: Clinical support" in text(page)
    assert "Contracts already issued" not in text(page)
    assert "Pan-London: Region (London)" in text(page)
    response = client.post(
        "/funding/bids/new/",
        {
            "applicant": "organisation:la-hackney",
            "title": "Falls prevention",
            "category": "london-transformation-funding/unallocated",
            "level": "borough",
            "places": ["E09000012"],
            "amount_2018-19": "120000",
            "measure_1_name": "Falls a year",
            "measure_1_target": "40",
        },
    )
    assert response.status_code == 302
    bid = Bid.objects.get(proposal__title="Falls prevention")
    assert response["Location"] == f"/funding/bids/{ref(bid)}/"
    assert [(a.year, a.amount) for a in bid.amounts.all()] == [("2018-19", 120_000)]
    assert str(Measure.objects.get(bid=bid).target) == "40.00"


def test_the_new_bid_page_refuses_a_bad_field_beside_it(applicant):
    response = signed_in(applicant).post(
        "/funding/bids/new/",
        {
            "applicant": "organisation:la-hackney",
            "title": "Falls prevention",
            "category": "london-transformation-funding/unallocated",
            "level": "borough",
            "places": [CAMDEN_BOROUGH],
            "measure_1_baseline": "lots",
        },
    )
    assert response.status_code == 400
    assert "Give a number, like 120 or 4.5" in text(response)
    assert not Proposal.objects.exists()


def test_only_applicants_may_open_the_new_bid_page(alice, secretariat, applicant):
    assert signed_in(alice).get("/funding/bids/new/").status_code == 403
    assert signed_in(secretariat).get("/funding/bids/new/").status_code == 403
    assert Client().get("/funding/bids/new/").status_code == 302


# ------------------------------------------------------------------ who sees what


def test_an_applicant_cannot_see_another_organisations_draft(camden_applicant, hackney_draft):
    client = signed_in(camden_applicant)
    assert client.get(f"/funding/bids/{ref(hackney_draft)}/").status_code == 404
    assert client.get(f"/funding/bids/{ref(hackney_draft)}/edit/").status_code == 404
    assert ref(hackney_draft) not in text(client.get("/funding/bids/"))
    assert "There are no bids here for you to see" in text(client.get("/funding/bids/"))


def test_an_applicant_sees_and_lists_their_own_organisations_draft(
    applicant, hackney_draft, camden_draft
):
    client = signed_in(applicant)
    listed = text(client.get("/funding/bids/"))
    assert ref(hackney_draft) in listed and ref(camden_draft) not in listed
    page = text(client.get(f"/funding/bids/{ref(hackney_draft)}/"))
    for shown in (
        "Social prescribing in Hackney",
        "£250,000",
        "Repeat GP visits a month",
        "Hackney",
        "Evidence on Clinical support.",
        "Drafted.",
        "Local: Borough",
    ):
        assert shown in page
    assert "Submit the bid for assessment" in page and "Edit the draft" in page


@pytest.mark.parametrize("persona", ["assessor", "secretariat", "alice", "reader", "bob"])
def test_nobody_but_its_applicants_sees_a_draft(request, persona, hackney_draft):
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(f"/funding/bids/{ref(hackney_draft)}/").status_code == 404
    assert ref(hackney_draft) not in text(client.get("/funding/bids/"))


@pytest.mark.parametrize(
    "persona, sees",
    [
        ("assessor", True),
        ("secretariat", True),
        ("alice", True),  # a board member of Hackney, the organisation making the bid
        ("reader", True),  # read-only at Hackney
        ("bob", False),  # Camden
        ("camden_applicant", False),
    ],
)
def test_who_sees_a_submitted_bid(request, persona, sees, applicant, hackney_draft):
    submitted(hackney_draft, applicant)
    client = signed_in(request.getfixturevalue(persona))
    response = client.get(f"/funding/bids/{ref(hackney_draft)}/")
    assert response.status_code == (200 if sees else 404)
    assert (ref(hackney_draft) in text(client.get("/funding/bids/"))) is sees


def test_the_public_sees_a_bid_only_once_a_board_has_decided_on_it(applicant, hackney_draft):
    submitted(hackney_draft, applicant)
    public = Client()
    assert public.get(f"/funding/bids/{ref(hackney_draft)}/").status_code == 404
    assert ref(hackney_draft) not in text(public.get("/funding/bids/"))
    decided(hackney_draft)
    page = public.get(f"/funding/bids/{ref(hackney_draft)}/")
    assert page.status_code == 200
    assert "Social prescribing in Hackney" in text(page)
    assert "Edit the draft" not in text(page) and "Withdraw" not in text(page)
    assert ref(hackney_draft) in text(public.get("/funding/bids/"))


def test_a_draft_withdrawn_unsubmitted_stays_private(applicant, assessor, hackney_draft):
    services.bid_withdraw(actor=applicant, ref=ref(hackney_draft))
    assert signed_in(assessor).get(f"/funding/bids/{ref(hackney_draft)}/").status_code == 404
    assert ref(hackney_draft) not in text(signed_in(assessor).get("/funding/bids/"))
    assert signed_in(applicant).get(f"/funding/bids/{ref(hackney_draft)}/").status_code == 200


def test_the_list_filters_by_state(applicant, hackney_draft):
    other = services.bid_create(actor=applicant, data=full_data(title="Second bid"))
    submitted(other, applicant)
    client = signed_in(applicant)
    drafts = text(client.get("/funding/bids/?state=draft"))
    assert ref(hackney_draft) in drafts and ref(other) not in drafts
    assert client.get("/funding/bids/?state=nonsense").status_code == 400


# ------------------------------------------------------------------ changing a draft


def test_an_applicant_cannot_change_another_organisations_draft(camden_applicant, hackney_draft):
    with pytest.raises(NotFound):
        services.bid_edit(
            actor=camden_applicant, ref=ref(hackney_draft), version=1, data=full_data()
        )
    response = signed_in(camden_applicant).post(
        f"/funding/bids/{ref(hackney_draft)}/submit/", {"version": 1}
    )
    assert response.status_code == 404
    assert Bid.objects.get(pk=hackney_draft.pk).state == "draft"


def test_the_edit_page_saves_the_draft(applicant, hackney_draft):
    client = signed_in(applicant)
    form = client.get(f"/funding/bids/{ref(hackney_draft)}/edit/")
    assert 'value="Social prescribing in Hackney"' in form.content.decode()
    response = client.post(
        f"/funding/bids/{ref(hackney_draft)}/edit/",
        {
            "version": "1",
            "applicant": "organisation:la-hackney",
            "title": "Social prescribing, renamed",
            "category": "london-transformation-funding/unallocated",
            "level": "borough",
            "places": ["E09000012"],
            "amount_2018-19": "300000",
        },
    )
    assert response.status_code == 302
    bid = Bid.objects.get(pk=hackney_draft.pk)
    assert bid.proposal.title == "Social prescribing, renamed"
    assert bid.version == 2
    assert [a.amount for a in bid.amounts.all()] == [300_000]
    assert not bid.measures.exists()


def test_a_stale_edit_is_refused_and_nothing_is_saved(applicant, hackney_draft):
    services.bid_edit(
        actor=applicant, ref=ref(hackney_draft), version=1, data=full_data(title="First")
    )
    response = signed_in(applicant).post(
        f"/funding/bids/{ref(hackney_draft)}/edit/",
        {
            "version": "1",
            "applicant": "organisation:la-hackney",
            "title": "Second",
            "category": "london-transformation-funding/unallocated",
            "level": "borough",
        },
    )
    assert response.status_code == 409
    assert "changed by someone else" in text(response)
    assert Bid.objects.get(pk=hackney_draft.pk).proposal.title == "First"
    # Their words are kept, on the version now saved, for them to save again knowingly.
    html = response.content.decode()
    assert 'value="Second"' in html and 'name="version" value="2"' in html


def test_a_submitted_bid_is_never_changed(applicant, hackney_draft):
    submitted(hackney_draft, applicant)
    with pytest.raises(RuleViolation) as refused:
        services.bid_edit(actor=applicant, ref=ref(hackney_draft), version=2, data=full_data())
    assert refused.value.rule_id == "FUND-BID-DRAFT-ONLY"
    assert signed_in(applicant).get(f"/funding/bids/{ref(hackney_draft)}/edit/").status_code == 409


def test_a_reader_of_the_organisation_cannot_change_its_bid(reader, applicant, hackney_draft):
    submitted(hackney_draft, applicant)
    client = signed_in(reader)
    assert client.get(f"/funding/bids/{ref(hackney_draft)}/edit/").status_code == 403
    assert client.post(f"/funding/bids/{ref(hackney_draft)}/withdraw/").status_code == 403
    assert Bid.objects.get(pk=hackney_draft.pk).state == "submitted"


# ------------------------------------------------------------------ submitting and after


def test_submission_is_refused_naming_each_missing_field_and_nothing_is_saved(applicant):
    bid = services.bid_create(
        actor=applicant,
        data=full_data(purpose="", amounts={}, measures=[], evidence={"clinical-support": "Yes"}),
    )
    events, audits = BidEvent.objects.count(), AuditEvent.objects.count()
    response = signed_in(applicant).post(f"/funding/bids/{ref(bid)}/submit/", {"version": 1})
    assert response.status_code == 400
    page = text(response)
    assert "The bid cannot be submitted yet" in page
    for missing in (
        "give the bid's purpose",
        "ask for an amount in at least one financial year",
        "give at least one measure",
        "give evidence for the assurance “Patient and public engagement”",
        "give evidence for the assurance “Sufficient investment”",
    ):
        assert missing in page
    assert "“Clinical support”" not in page
    bid = Bid.objects.get(pk=bid.pk)
    assert (bid.state, bid.version, bid.submitted_at) == ("draft", 1, None)
    assert (BidEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_submitting_writes_the_history_and_the_audit(applicant, hackney_draft):
    response = signed_in(applicant).post(
        f"/funding/bids/{ref(hackney_draft)}/submit/", {"version": 1}
    )
    assert response.status_code == 302
    bid = Bid.objects.get(pk=hackney_draft.pk)
    assert bid.state == "submitted" and bid.submitted_at is not None
    event = bid.events.last()
    assert (event.from_state, event.to_state, event.by) == ("draft", "submitted", applicant)
    audit = AuditEvent.objects.filter(action="bid_submitted").get()
    assert audit.before["state"] == "draft" and audit.after["state"] == "submitted"


def test_an_assessor_marks_a_submitted_bid_assessed_and_an_applicant_cannot(
    applicant, assessor, hackney_draft
):
    submitted(hackney_draft, applicant)
    assert (
        signed_in(applicant).post(f"/funding/bids/{ref(hackney_draft)}/assessed/").status_code
        == 403
    )
    page = signed_in(assessor).get(f"/funding/bids/{ref(hackney_draft)}/")
    assert "Mark the bid assessed" in text(page) and "Withdraw" not in text(page)
    response = signed_in(assessor).post(f"/funding/bids/{ref(hackney_draft)}/assessed/")
    assert response.status_code == 302
    assert Bid.objects.get(pk=hackney_draft.pk).state == "assessed"
    assert AuditEvent.objects.filter(action="bid_assessed").exists()


def test_the_applicant_withdraws_a_submitted_bid_but_not_an_assessed_one(
    applicant, assessor, hackney_draft
):
    submitted(hackney_draft, applicant)
    other = services.bid_create(actor=applicant, data=full_data(title="Other"))
    submitted(other, applicant)
    services.bid_mark_assessed(actor=assessor, ref=ref(other))
    client = signed_in(applicant)
    assert client.post(f"/funding/bids/{ref(hackney_draft)}/withdraw/").status_code == 302
    assert Bid.objects.get(pk=hackney_draft.pk).state == "withdrawn"
    refused = client.post(f"/funding/bids/{ref(other)}/withdraw/")
    assert refused.status_code == 409
    assert "cannot move from this state" in text(refused)
    assert Bid.objects.get(pk=other.pk).state == "assessed"


def test_a_person_never_allocates_recommends_or_declines(secretariat, applicant, hackney_draft):
    submitted(hackney_draft, applicant)
    with pytest.raises(RuleViolation) as refused:
        services._move(
            actor=secretariat, ref=ref(hackney_draft), to_state="allocated", version=None
        )
    assert refused.value.rule_id == "FUND-BID-BY-DECISION"


# ------------------------------------------------------------------ documents


def test_a_document_is_added_and_downloaded_only_by_who_sees_the_bid(
    applicant, camden_applicant, assessor, hackney_draft
):
    response = signed_in(applicant).post(
        f"/funding/bids/{ref(hackney_draft)}/documents/",
        {"title": "Business case", "file": pdf_upload("case.pdf")},
    )
    assert response.status_code == 302
    document = BidDocument.objects.get(bid=hackney_draft)
    url = f"/funding/bids/{ref(hackney_draft)}/documents/{document.pk}/"
    download = signed_in(applicant).get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "no-store"
    assert signed_in(assessor).get(url).status_code == 404  # a draft, still
    submitted(hackney_draft, applicant)
    assert signed_in(assessor).get(url).status_code == 200
    assert signed_in(camden_applicant).get(url).status_code == 404
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("case.pdf", make_pdf(lambda pdf: setattr(pdf.Root, "OpenAction", js())), "unsafe"),
        ("case.pdf", b"MZ\x90\x00 a program", "a Windows program"),
        ("case.pdf", b"<html><script>alert(1)</script></html>", "a web page"),
        ("../../etc/case.pdf", b"", "empty"),
    ],
)
def test_a_hostile_document_is_refused_as_a_paper_is(
    applicant, hackney_draft, name, content, words
):
    response = signed_in(applicant).post(
        f"/funding/bids/{ref(hackney_draft)}/documents/",
        {"title": "Business case", "file": pdf_upload(name, content)},
    )
    assert response.status_code == 400
    assert words in text(response)
    assert not BidDocument.objects.exists()


def test_documents_are_added_only_to_a_draft_by_its_applicant(
    applicant, camden_applicant, hackney_draft
):
    assert (
        signed_in(camden_applicant)
        .post(
            f"/funding/bids/{ref(hackney_draft)}/documents/", {"title": "X", "file": pdf_upload()}
        )
        .status_code
        == 404
    )
    submitted(hackney_draft, applicant)
    assert (
        signed_in(applicant)
        .post(
            f"/funding/bids/{ref(hackney_draft)}/documents/", {"title": "X", "file": pdf_upload()}
        )
        .status_code
        == 409
    )
    assert not BidDocument.objects.exists()


# ------------------------------------------------------------------ CSRF and "Your work"


@pytest.mark.parametrize("action", ["submit", "withdraw", "assessed", "documents", "edit"])
def test_every_form_of_a_bid_needs_its_csrf_token(applicant, hackney_draft, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post(f"/funding/bids/{ref(hackney_draft)}/{action}/", {"version": 1})
    assert response.status_code == 403
    assert Bid.objects.get(pk=hackney_draft.pk).state == "draft"


def test_the_new_bid_form_needs_its_csrf_token(applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    assert client.post("/funding/bids/new/", {"title": "X"}).status_code == 403


def test_applicants_and_assessors_find_the_bids_in_your_work(applicant, assessor, reader):
    assert "Start a bid" in text(signed_in(applicant).get("/funding/bids/"))
    assert "Bids to assess" in text(signed_in(assessor).get("/funding/bids/"))
    page = text(signed_in(reader).get("/funding/bids/"))
    assert "Start a bid" not in page and "Bids to assess" not in page


def test_the_public_reads_a_decided_bids_history_without_names(applicant, hackney_draft):
    submitted(hackney_draft, applicant)
    decided(hackney_draft)
    url = f"/funding/bids/{ref(hackney_draft)}/"
    assert "Ann Applicant" not in text(Client().get(url))
    assert "Ann Applicant" in text(signed_in(applicant).get(url))


def test_a_bids_page_reads_a_fixed_number_of_queries(
    applicant, assessor, hackney_draft, django_assert_max_num_queries
):
    for n in range(5):
        services.bid_document_upload(
            actor=applicant, ref=ref(hackney_draft), title=f"Paper {n}", upload=pdf_upload()
        )
    submitted(hackney_draft, applicant)
    client = signed_in(assessor)
    with django_assert_max_num_queries(15):
        assert client.get(f"/funding/bids/{ref(hackney_draft)}/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/funding/bids/").status_code == 200
