"""Any input to the meetings forms gets an answer, never a server error, and a refused
post writes nothing (QUALITY S5): hypothesis over the schedule, agenda item, interest and
declaration forms, posted by the secretariat, who may post them all."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Declaration, Interest, ItemParty, Meeting
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text of any kind, and now and then a value the form would take.
words = st.text(max_size=40)
dates = st.one_of(st.integers(min_value=-5, max_value=3000).map(str), words)


@pytest.fixture
def meeting(db):
    return Meeting.objects.create(
        key="spb-2018-05-24-fuzz", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
    )


@FUZZ
@given(
    board=st.sampled_from(["spb", "", "nowhere"]),
    day=dates,
    month=dates,
    year=dates,
    quorum=st.one_of(words, st.integers().map(str)),
    place=st.text(max_size=400),
)
def test_scheduling_answers_any_input(secretariat, board, day, month, year, quorum, place):
    before = Meeting.objects.count()
    response = signed_in(secretariat).post(
        "/meetings/new/",
        {
            "board": board,
            "date_day": day,
            "date_month": month,
            "date_year": year,
            "quorum": quorum,
            "place": place,
        },
    )
    assert response.status_code in (302, 400)
    assert Meeting.objects.count() == before + (response.status_code == 302)


@FUZZ
@given(
    title=st.text(max_size=320),
    purpose=st.sampled_from(["decide", "note", "", "ponder"]),
    public=st.sampled_from(["public", "confidential", "", "x"]),
    parties=st.lists(
        st.sampled_from(
            ["organisation:la-hackney", "partnership:stp-nel", "organisation:", "x", "nope:y"]
        ),
        max_size=3,
    ),
    places=st.lists(st.sampled_from(["QMF", "E09000012", "", "NOWHERE"]), max_size=3),
    function=st.sampled_from(["transformation_funding", "", "no-such"]),
)
def test_an_agenda_item_answers_any_input(
    meeting, secretariat, title, purpose, public, parties, places, function
):
    before = (AgendaItem.objects.count(), ItemParty.objects.count())
    response = signed_in(secretariat).post(
        f"/meetings/{meeting.key}/items/new/",
        {
            "title": title,
            "purpose": purpose,
            "public": public,
            "applicants": parties,
            "places": places,
            "function": function,
        },
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert (AgendaItem.objects.count(), ItemParty.objects.count()) == before


@FUZZ
@given(
    kind=st.sampled_from(["directorship", "", "other", "x" * 70]),
    organisation=st.sampled_from(["la-camden", "", "nowhere"]),
    partnership=st.sampled_from(["stp-nel", "", "nowhere"]),
    start=st.tuples(dates, dates, dates),
    end=st.tuples(dates, dates, dates),
    description=st.text(max_size=80),
)
def test_declaring_an_interest_answers_any_input(
    alice, kind, organisation, partnership, start, end, description
):
    before = Interest.objects.count()
    response = signed_in(alice).post(
        "/interests/declare/",
        {
            "kind": kind,
            "organisation": organisation,
            "partnership": partnership,
            "description": description,
            "start_day": start[0],
            "start_month": start[1],
            "start_year": start[2],
            "end_day": end[0],
            "end_month": end[1],
            "end_year": end[2],
        },
    )
    assert response.status_code in (302, 400)
    assert Interest.objects.count() == before + (response.status_code == 302)


@FUZZ
@given(
    person=st.sampled_from(["alice@hackney.example", "", "nobody@x.example", "not an email"]),
    text=st.text(max_size=80),
    item=words,
    interest=words,
)
def test_recording_a_declaration_answers_any_input(
    meeting, alice, secretariat, person, text, item, interest
):
    before = Declaration.objects.count()
    response = signed_in(secretariat).post(
        f"/meetings/{meeting.key}/declarations/record/",
        {"person_email": person, "text": text, "item": item, "interest": interest},
    )
    assert response.status_code in (302, 400)
    assert Declaration.objects.count() == before + (response.status_code == 302)
