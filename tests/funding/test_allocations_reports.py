"""Spend and outcomes against an allocation (issue 13 point 6), through the API and the
pages: the recipient or the secretariat reports; spend is never more than allocated,
dated, not before the allocation; a recommendation has no spend; the lists show a
recommendation as recommended to NHS England, never counted as allocated."""

import datetime as dt

import pytest

from devolution.funding.models import MeasureReport, SpendReport
from tests.conftest import signed_in
from tests.funding.conftest_allocations import (
    allocation_make,
    applicant_make,
    bid_make,
    chair_make,
    spb_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(db):
    """NHS England's London regional director, a co-chair of the SPB (seed 001)."""
    return chair_make()


@pytest.fixture
def applicant(db):
    """A person of NHS City and Hackney CCG, the bid's applicant and recipient."""
    return applicant_make()


DAY = dt.date(2018, 9, 20)


@pytest.fixture
def allocation(bob, chair, secretariat):
    return allocation_make(
        "nel-uec", secretariat, [(bob, "la-camden"), (chair, "nhs-england-london")], DAY
    )


def spend(person, allocation, **body):
    return signed_in(person).post(
        f"/api/bids/{allocation.bid.proposal.ref}/allocations/{allocation.number}/spend",
        {"reported_on": "2018-12-31", "spent_to_date": 100_000, **body},
        content_type="application/json",
    )


def test_the_recipient_reports_spend_to_date_and_the_api_shows_it(allocation, applicant):
    response = spend(applicant, allocation, note="First quarter")
    assert response.status_code == 201, response.json()
    assert response.json()["spent_to_date"] == 100_000
    detail = (
        signed_in(applicant)
        .get(f"/api/bids/{allocation.bid.proposal.ref}/allocations/{allocation.number}")
        .json()
    )
    assert detail["status"] == "allocated" and detail["amount"] == 250_000
    assert detail["applicant"] == "NHS City and Hackney CCG"
    assert detail["spent_to_date"] == 100_000
    assert detail["spend_reports"][0]["note"] == "First quarter"
    assert [m["name"] for m in detail["measures"]] == ["Emergency admissions a month"] * 2


def test_spend_above_the_allocation_is_refused_naming_the_field_and_nothing_is_saved(
    allocation, applicant
):
    response = spend(applicant, allocation, spent_to_date=250_001)
    assert response.status_code == 400
    problem = response.json()["problems"][0]
    assert problem["field"] == "spent_to_date"
    assert "£250,001 is more than the £250,000 allocated" in problem["message"]
    assert not SpendReport.objects.exists()
    assert spend(applicant, allocation, spent_to_date=250_000).status_code == 201


def test_spend_is_dated_not_before_the_allocation_nor_in_the_future(allocation, secretariat):
    early = spend(secretariat, allocation, reported_on="2018-09-19")
    assert early.status_code == 400
    assert early.json()["problems"][0]["field"] == "reported_on"
    assert "before the allocation was made (20 September 2018)" in early.json()["message"]
    future = spend(secretariat, allocation, reported_on="2999-01-01")
    assert future.status_code == 400 and "future" in future.json()["message"]
    assert spend(secretariat, allocation, reported_on="2018-09-20").status_code == 201
    assert SpendReport.objects.count() == 1


def test_only_the_recipient_or_the_secretariat_reports_spend(
    allocation, alice, bob, reader, applicant, secretariat, client
):
    for person in (alice, bob, reader):
        refused = spend(person, allocation)
        assert refused.status_code == 403, person
        assert "recipient" in refused.json()["message"]
    assert client.post(
        f"/api/bids/{allocation.bid.proposal.ref}/allocations/{allocation.number}/spend",
        {"reported_on": "2018-12-31", "spent_to_date": 1},
        content_type="application/json",
    ).status_code in (401, 403)
    assert not SpendReport.objects.exists()
    assert spend(applicant, allocation).status_code == 201
    assert spend(secretariat, allocation, spent_to_date=120_000).status_code == 201


def test_a_recommendation_has_no_spend_to_report(alice, bob, chair, secretariat, applicant):
    from devolution.funding.models import Allocation
    from devolution.funding.services.agenda import bid_to_agenda
    from devolution.meetings.services import decision_record, flag_rule, item_flags_refresh

    bid_make("nel-rec")
    meeting = spb_meeting(
        "spb-2018-05-24",
        dt.date(2018, 5, 24),
        [(bob, "la-camden"), (chair, "nhs-england-london")],
    )
    item = bid_to_agenda(actor=secretariat, ref="nel-rec", meeting_key=meeting.key)
    for flag in item_flags_refresh(item_id=item.pk):
        flag_rule(actor=chair, flag_id=flag.pk, outcome="withdraw", reason="x")
    decision_record(
        actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind="allocate_funding"
    )
    recommended = Allocation.objects.get(bid__proposal__ref="nel-rec")
    response = spend(applicant, recommended)
    assert response.status_code == 409
    assert "recommendation, not an allocation" in response.json()["message"]

    listed = signed_in(secretariat).get("/api/allocations?status=recommended").json()
    assert listed["count"] == 1
    assert listed["items"][0]["recommended_to"] == "NHS England"
    page = signed_in(secretariat).get("/funding/allocations/").content.decode()
    assert "Recommended</strong> to NHS England" in page
    assert "Recommended, not allocated</dt>" in page
    # Allocated stays £0 in the unallocated category; the recommendation is summed apart.
    unallocated = page[page.index('id="london-transformation-funding-unallocated"') :]
    assert 'Allocated</dt><dd class="nhsuk-summary-list__value">£0</dd>' in unallocated
    assert "£250,000</dd>" in unallocated


def test_a_measure_reading_is_reported_by_the_recipient(allocation, applicant, bob):
    measure = allocation.bid.measures.get(number=1)
    url = f"/api/bids/{measure.bid.proposal.ref}/measures/{measure.number}/reports"
    body = {"reported_on": "2019-01-31", "value": "1100"}
    refused = signed_in(bob).post(url, body, content_type="application/json")
    assert refused.status_code == 403
    response = signed_in(applicant).post(url, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert MeasureReport.objects.get().value == 1100
    early = signed_in(applicant).post(
        url, {**body, "reported_on": "2018-01-01"}, content_type="application/json"
    )
    assert early.status_code == 400 and early.json()["problems"][0]["field"] == "reported_on"
    page = (
        signed_in(applicant)
        .get(f"/funding/bids/{allocation.bid.proposal.ref}/allocations/{allocation.number}/")
        .content.decode()
    )
    assert "1,100.00 admissions on 31 January 2019" in page
    assert "50% of the way from the baseline to the target" in page


def test_the_allocation_page_reports_spend_through_its_form(allocation, applicant, bob):
    url = f"/funding/bids/{allocation.bid.proposal.ref}/allocations/{allocation.number}/spend/"
    form = {
        "reported_on_day": "31",
        "reported_on_month": "12",
        "reported_on_year": "2018",
        "spent_to_date": "300000",
    }
    refused = signed_in(applicant).post(url, form)
    assert refused.status_code == 400
    assert "£300,000 is more than the £250,000 allocated" in refused.content.decode()
    assert signed_in(bob).post(url, form).status_code == 403
    done = signed_in(applicant).post(url, {**form, "spent_to_date": "90000"})
    assert done.status_code == 302
    page = signed_in(applicant).get(done["Location"]).content.decode()
    assert "£90,000 of £250,000, as at 31 December 2018" in page
    assert "Report spend to date" in page
    assert "Report spend to date" not in signed_in(bob).get(done["Location"]).content.decode()


def test_the_secretariat_brings_a_bid_to_a_meeting_through_the_api_and_the_bid_page_section(
    secretariat, alice, bob, chair
):
    from devolution.funding.bid_page import bid_sections
    from devolution.funding.models import Bid

    bid_make("nel-api")
    meeting = spb_meeting("spb-2018-06-21", dt.date(2018, 6, 21), [])
    body = {"meeting": meeting.key}
    assert (
        signed_in(alice)
        .post("/api/bids/nel-api/agenda", body, content_type="application/json")
        .status_code
        == 403
    )
    response = signed_in(secretariat).post(
        "/api/bids/nel-api/agenda", body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    item = response.json()
    assert item["function"] == "transformation_funding" and item["purpose"] == "decide"
    assert item["recommendation"].startswith("Allocate £250,000 from Unallocated to NHS City")
    again = signed_in(secretariat).post(
        "/api/bids/nel-api/agenda", body, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["rule_id"] == "FUND-BID-ON-AGENDA"
    sections = dict(bid_sections(Bid.objects.get(proposal__ref="nel-api"), secretariat))
    section = sections["funding/_bid_allocation.jinja"]
    assert section["item"].key == item["key"] and section["decision"] is None
    assert section["form"] is not None
    assert (
        dict(bid_sections(Bid.objects.get(proposal__ref="nel-api"), alice))[
            "funding/_bid_allocation.jinja"
        ]["form"]
        is None
    )


def test_the_bid_page_form_brings_a_bid_to_a_meeting_and_shows_a_refusal_beside_it(
    secretariat, alice
):
    bid_make("nel-page")
    meeting = spb_meeting("spb-2018-06-21", dt.date(2018, 6, 21), [])
    url = "/funding/bids/nel-page/agenda/"
    assert signed_in(alice).post(url, {"meeting": meeting.key}).status_code == 403
    refused = signed_in(secretariat).post(url, {"meeting": "spb-1999-01-01"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Choose one of the board&#39;s meetings still to be held" in page
    assert "The bid asks for £250,000 for NHS City and Hackney CCG." in page
    assert "It has not been brought to a meeting of the board." in page
    done = signed_in(secretariat).post(url, {"meeting": meeting.key})
    assert done.status_code == 302 and done["Location"] == f"/meetings/{meeting.key}/"
    # Brought twice: the rule's refusal is shown on the form, and the item is named.
    twice = signed_in(secretariat).post(url, {"meeting": meeting.key})
    assert twice.status_code == 409
    page = twice.content.decode()
    assert "already on the agenda of the meeting of 21 June 2018" in page
    assert "It is item" in page and "The board has not decided it yet." in page


def test_a_recommendation_page_says_it_is_not_counted_and_the_public_read_it(
    alice, bob, chair, secretariat, client
):
    from devolution.funding.models import Allocation
    from devolution.funding.services.agenda import bid_to_agenda
    from devolution.meetings.services import decision_record

    bid_make("nel-public")
    meeting = spb_meeting(
        "spb-2018-05-24", dt.date(2018, 5, 24), [(bob, "la-camden"), (chair, "nhs-england-london")]
    )
    item = bid_to_agenda(actor=secretariat, ref="nel-public", meeting_key=meeting.key)
    decision_record(
        actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind="allocate_funding"
    )
    recommended = Allocation.objects.get(bid__proposal__ref="nel-public")
    page = client.get(
        f"/funding/bids/{recommended.bid.proposal.ref}/allocations/{recommended.number}/"
    ).content.decode()
    assert "recommendation to NHS England</strong> of £250,000 for 2018-19" in page
    assert "not counted as allocated" in page
    assert "Report spend to date" not in page
    assert client.get("/api/allocations").json()["count"] == 1
    # An allocation decided on a confidential item is for partnership staff only.
    item.public = False
    item.save()
    assert (
        client.get(
            f"/funding/bids/{recommended.bid.proposal.ref}/allocations/{recommended.number}/"
        ).status_code
        == 404
    )
    assert client.get("/api/allocations").json()["count"] == 0
    assert signed_in(alice).get("/api/allocations").json()["count"] == 1


def test_the_allocation_list_refuses_a_filter_naming_nothing(client):
    assert client.get("/api/allocations?fund=london-transformation-funding").json()["count"] == 0
    refused = client.get("/api/allocations?fund=no-such-fund")
    assert refused.status_code == 422
    assert refused.json()["problems"][0]["field"] == "fund"
    assert client.get("/api/allocations?category=nowhere").status_code == 422
