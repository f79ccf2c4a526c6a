"""Funding's forms at England's scale (issue 13; QUALITY P3): a proposal's and a
contribution's choices are bounded to the partnership whose business it is (its members,
the partnerships and places of its footprint, its boards' meetings still to be held), as
the meetings forms are, never another partnership's; an edit keeps offering what the
record already names; and the services refuse a choice outside the bound, naming the
field, with nothing saved. The fair-share guide reads the fund's bids' places once each."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devolution.core.errors import InvalidInput
from devolution.core.models import Source
from devolution.funding.models import Contribution, ContributionYear, Proposal
from devolution.funding.selectors.places import fair_share_get
from devolution.funding.services.contributions import contribution_create
from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Meeting
from devolution.partners.models import Level, Organisation, Partnership, Place
from tests.conftest import signed_in
from tests.funding.conftest_assurance import propose
from tests.funding.conftest_places import FUND, make_bid

pytestmark = pytest.mark.django_db

# The other partnership's rows: none of them may be offered on London's forms.
OTHER_ORG = "Ymir member trust"
OTHER_SERVING = "Ymir borough council"
OTHER_PARTNERSHIP = "Ymir test partnership"
OTHER_PLACE = "Ymirborough"
OTHER_ITEM = "Ymir item to decide"
# London's: each must be offered.
LONDON_ORG = "NHS City and Hackney CCG"
LONDON_PARTNERSHIP = "London health and care devolution partnership"
LONDON_PLACE = "Hackney"
LONDON_ITEM = "London item to decide"


@pytest.fixture
def other(db) -> dict:
    """A second partnership with a region, an STP and a borough of its own, a member, an
    organisation serving its borough, and a board with a meeting still to be held; and
    a meeting of London's SPB still to be held, with an item."""
    source = Source.objects.create(key="ymir-test", title="Made by a test", kind="entered")
    region = Place.objects.create(
        code="ymir-region",
        scheme=Place.Scheme.LOCAL,
        name="Ymir region",
        level=Level.objects.get(key="region"),
        source=source,
    )
    stp = Place.objects.create(
        code="ymir-stp",
        scheme=Place.Scheme.LOCAL,
        name="Ymir STP",
        level=Level.objects.get(key="stp"),
        parent=region,
        source=source,
    )
    borough = Place.objects.create(
        code="ymir-b1",
        scheme=Place.Scheme.LOCAL,
        name=OTHER_PLACE,
        level=Level.objects.get(key="borough"),
        parent=stp,
        source=source,
    )
    member = Organisation.objects.create(key="ymir-trust", name=OTHER_ORG, source=source)
    serving = Organisation.objects.create(key="ymir-council", name=OTHER_SERVING, source=source)
    serving.serves.set([borough])
    partnership = Partnership.objects.create(
        key="ymir", name=OTHER_PARTNERSHIP, kind=Partnership.Kind.OTHER, source=source
    )
    partnership.footprint.set([region])
    partnership.members.set([member])
    spb = Board.objects.get(key="spb")
    board = Board.objects.create(
        key="ymir-board",
        name="Ymir board",
        status=spb.status,
        phase_model=spb.phase_model,
        partnership=partnership,
        source=source,
    )
    meeting = Meeting.objects.create(
        key="ymir-meeting", board=board, date=dt.date(2030, 1, 10), status="scheduled"
    )
    item = AgendaItem.objects.create(
        meeting=meeting, key="ymir-item", title=OTHER_ITEM, purpose="decide"
    )
    london_meeting = Meeting.objects.create(
        key="spb-to-hold", board=spb, date=dt.date(2030, 1, 11), status="scheduled"
    )
    AgendaItem.objects.create(
        meeting=london_meeting, key="london-item", title=LONDON_ITEM, purpose="decide"
    )
    return {
        "partnership": partnership,
        "member": member,
        "serving": serving,
        "borough": borough,
        "item": item,
    }


def assert_bounded(html: str) -> None:
    for name in (LONDON_ORG, LONDON_PARTNERSHIP, LONDON_PLACE, LONDON_ITEM):
        assert name in html, f"London's {name} is not offered"
    for name in (OTHER_ORG, OTHER_SERVING, OTHER_PARTNERSHIP, OTHER_PLACE, OTHER_ITEM):
        assert name not in html, f"the other partnership's {name} is offered"


def test_a_new_proposal_offers_londons_choices_and_not_another_partnerships(secretariat, other):
    html = signed_in(secretariat).get("/funding/proposals/new/").content.decode()
    assert_bounded(html)


def test_a_proposals_edit_offers_londons_choices_and_not_another_partnerships(secretariat, other):
    proposal = propose(secretariat)
    html = signed_in(secretariat).get(f"/funding/proposals/{proposal.ref}/edit/").content.decode()
    assert_bounded(html)


def test_an_edit_keeps_offering_and_saves_the_values_outside_the_bound_it_holds(secretariat, other):
    proposal = propose(secretariat)
    # Recorded before the bound (or moved since): the edit must not drop them.
    Proposal.objects.filter(pk=proposal.pk).update(organisation=other["member"], item=other["item"])
    proposal.places.set([other["borough"]])
    client = signed_in(secretariat)
    url = f"/funding/proposals/{proposal.ref}/edit/"
    html = client.get(url).content.decode()
    for name in (OTHER_ORG, OTHER_PLACE, OTHER_ITEM):
        assert name in html, f"the proposal's own {name} is dropped from its form"
    assert OTHER_SERVING not in html and OTHER_PARTNERSHIP not in html
    proposal.refresh_from_db()
    response = client.post(
        url,
        {
            "kind": proposal.kind,
            "title": "Close ward 7 at Homerton, changed",
            "proposer": "org:ymir-trust",
            "places": ["ymir-b1"],
            "item": str(other["item"].pk),
            "version": proposal.version,
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.organisation_id, proposal.item_id) == (
        "Close ward 7 at Homerton, changed",
        other["member"].pk,
        other["item"].pk,
    )
    assert [p.code for p in proposal.places.all()] == ["ymir-b1"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("proposer", "org:ymir-trust", "Ymir member trust is outside"),
        ("proposer", "partnership:ymir", "Ymir test partnership is outside"),
        ("places", "ymir-b1", "Ymirborough is outside"),
        ("item", "ymir-item", "not of a meeting of a board of"),
    ],
)
def test_the_service_refuses_a_proposals_choice_outside_the_bound_naming_the_field(
    secretariat, other, field, value, words
):
    given = {
        "proposer": {"organisation": "", "partnership": ""},
        "places": {},
        "item": {},
    }[field]
    if field == "proposer":
        kind, _, key = value.partition(":")
        given["organisation" if kind == "org" else "partnership"] = key
    elif field == "places":
        given["places"] = [value]
    else:
        given["item"] = other["item"].pk
    before = Proposal.objects.count()
    with pytest.raises(InvalidInput) as refused:
        propose(secretariat, **given)
    problem = refused.value.problems[0]
    assert (problem.field, words in problem.message) == (field, True)
    assert Proposal.objects.count() == before


def test_a_proposals_form_refuses_a_choice_outside_the_bound_with_a_400(secretariat, other):
    before = Proposal.objects.count()
    response = signed_in(secretariat).post(
        "/funding/proposals/new/",
        {"kind": "service_change", "title": "A ward", "proposer": "org:ymir-trust"},
    )
    assert response.status_code == 400
    assert "Choose an organisation or a partnership listed" in response.content.decode()
    assert Proposal.objects.count() == before


def _year() -> ContributionYear:
    return ContributionYear.objects.get(year="2017-18")


def test_contribution_forms_offer_londons_organisations_and_not_another_partnerships(
    secretariat, other
):
    client = signed_in(secretariat)
    row = Contribution.objects.filter(year=_year()).first()
    for url in (
        f"/funding/contributions/years/{_year().pk}/new/",
        f"/funding/contributions/{row.pk}/edit/",
    ):
        html = client.get(url).content.decode()
        assert LONDON_ORG in html and "London Borough of Hackney" in html, url
        assert OTHER_ORG not in html and OTHER_SERVING not in html, url


def test_a_contributions_edit_keeps_the_organisation_outside_the_bound_it_stands_for(
    secretariat, other
):
    row = Contribution.objects.filter(year=_year()).first()
    row.organisations.set([other["member"]])
    client = signed_in(secretariat)
    url = f"/funding/contributions/{row.pk}/edit/"
    html = client.get(url).content.decode()
    assert OTHER_ORG in html and OTHER_SERVING not in html
    response = client.post(
        url,
        {
            "version": row.version,
            "partner": row.partner,
            "organisations": [other["member"].pk],
            "amount": str(row.amount or 1),
            "in_kind": row.in_kind,
            "notes": row.notes,
        },
    )
    assert response.status_code == 302
    assert list(row.organisations.all()) == [other["member"]]


def test_a_contribution_for_an_organisation_outside_the_bound_is_refused(secretariat, other):
    before = Contribution.objects.count()
    with pytest.raises(InvalidInput) as refused:
        contribution_create(
            actor=secretariat,
            year_id=_year().pk,
            data={"partner": "Ymir", "amount": 5, "organisations": [other["serving"].pk]},
        )
    problem = refused.value.problems[0]
    assert problem.field == "organisations"
    assert "Ymir borough council is outside" in problem.message
    response = signed_in(secretariat).post(
        f"/funding/contributions/years/{_year().pk}/new/",
        {"partner": "Ymir", "amount": "5", "organisations": [other["serving"].pk]},
    )
    assert response.status_code == 400
    assert Contribution.objects.count() == before


def _fair_share_queries() -> tuple[int, list[tuple[str, int]]]:
    with CaptureQueriesContext(connection) as captured:
        data = fair_share_get(FUND)
    return len(captured), [(r.code, r.bids) for r in (*data.rows, *data.others)]


def test_the_fair_share_reads_each_place_once_however_many_bids_name_it(other):
    """Bids of the fund for places outside its own (another partnership's) count under
    `none`, in the same queries however many there are; the fund's places are as they
    were."""
    make_bid(["QMJ"], asked=1000)
    for _ in range(2):
        make_bid(["ymir-b1"], asked=1000)
    few, rows = _fair_share_queries()
    assert ("none", 2) in rows
    for _ in range(10):
        make_bid(["ymir-b1"], asked=1000)
    many, more_rows = _fair_share_queries()
    assert many == few
    assert ("none", 12) in more_rows
    assert ("QMJ", 1) in rows
    assert [r for r in more_rows if r[0] != "none"] == [r for r in rows if r[0] != "none"]
