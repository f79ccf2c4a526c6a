"""The bench's England (issue 11, point 1): each synthetic system is a full copy of London's
shape, with its own partnership, commitments, a year of weekly progress, meetings and
declarations, while London's own records stay as they are."""

import datetime as dt
import itertools

import pytest

from devolution.bench.england import ENGLAND_GENERATED, WEEKS, england_generate
from devolution.bench.england_meetings import AS_AT, MONTHS, YEAR_AGENDA, meetings_record
from devolution.commitments.models import (
    Commitment,
    Milestone,
    ProgressUpdate,
    StatusChange,
    WorkItem,
)
from devolution.core.models import AuditEvent
from devolution.core.versions import data_version
from devolution.governance.models import Board
from devolution.meetings.interests.models import Interest
from devolution.meetings.models import (
    Action,
    Attendance,
    ConflictFlag,
    Declaration,
    Meeting,
    Ruling,
)
from devolution.partners.models import Partnership

SYSTEMS = 2


@pytest.fixture
def england(db) -> Partnership:
    """A small England (two systems, London's record of meetings first, as the bench
    makes it); its first system's partnership."""
    meetings_record()
    england_generate(systems=SYSTEMS, boroughs=4, trusts=2)
    return Partnership.objects.get(key="bench-stp-1")


def londons() -> Partnership:
    return Partnership.objects.get(is_default=True)


def test_each_system_has_a_copy_of_every_london_board_in_its_partnership(england):
    london = {b.key: b for b in Board.objects.filter(partnership=londons())}
    assert len(london) > 20  # every board: the health and wellbeing boards, the LHB, ...

    for s in range(1, SYSTEMS + 1):
        system = Partnership.objects.get(key=f"bench-stp-{s}")
        copies = {b.key: b for b in Board.objects.filter(partnership=system)}
        assert set(copies) == {f"bench-s{s:02d}-{key}" for key in london}
        for key, board in london.items():
            copy = copies[f"bench-s{s:02d}-{key}"]
            parent = f"bench-s{s:02d}-{board.reports_to.key}" if board.reports_to else None
            assert (copy.reports_to.key if copy.reports_to else None) == parent
            assert (copy.phase_model_id, copy.current_phase_id) == (
                board.phase_model_id,
                board.current_phase_id,
            )
            assert copy.seat_rules.count() == board.seat_rules.count()
            assert copy.footprint is not None and copy.footprint.code.startswith(f"bench-s{s:02d}")
    hwb = Board.objects.get(key="bench-s01-hackney-hwb")
    assert hwb.footprint.level.key == "borough"


def test_each_system_has_a_copy_of_every_london_commitment_with_its_milestones(england):
    london = list(Commitment.objects.filter(partnership=londons()).order_by("reference"))
    assert len(london) == 46

    own = {
        c.reference: c
        for c in Commitment.objects.filter(partnership=england).select_related("board")
    }
    assert set(own) == {f"bench-s01-{c.reference}" for c in london}
    for commitment in london:
        copy = own[f"bench-s01-{commitment.reference}"]
        assert copy.text == commitment.text
        if commitment.board is None:
            assert copy.board is None
        else:
            assert copy.board.key == f"bench-s01-{commitment.board.key}"
            assert copy.board.partnership_id == england.pk
        assert list(
            copy.milestones.values_list("number", "title", "status", "due", "completed_on")
        ) == list(
            commitment.milestones.values_list("number", "title", "status", "due", "completed_on")
        )
        assert copy.dependencies.count() == commitment.dependencies.count()
        # Supporting partners are the system's counterparts (two of London's may be one).
        assert 0 < copy.supporting.count() <= commitment.supporting.count() or not (
            commitment.supporting.exists() or copy.supporting.exists()
        )
        assert (copy.lead_owner is None) == (commitment.lead_owner is None)
    assert Milestone.objects.filter(commitment__partnership=england).count() == (
        Milestone.objects.filter(commitment__partnership=londons()).count()
    )
    # The dependencies on a board name the system's copy, never London's board.
    waits_on = set(
        Commitment.objects.filter(partnership=england)
        .exclude(dependencies__board=None)
        .values_list("dependencies__board__partnership", flat=True)
    )
    assert waits_on == {england.pk}
    # The SPB's work programme is copied, its items naming the system's commitments.
    items = WorkItem.objects.filter(programme__board__key="bench-s01-spb")
    assert items.count() == WorkItem.objects.filter(programme__board__key="spb").count() > 0
    assert set(
        items.exclude(commitment=None).values_list("commitment__partnership", flat=True)
    ) == {england.pk}


def test_each_system_commitment_has_a_year_of_weekly_progress(england):
    commitments = Commitment.objects.filter(partnership=england)
    officer = "bench-s01-secretariat@devolution.invalid"

    for commitment in commitments:
        updates = list(commitment.updates.order_by("date"))
        assert len(updates) == WEEKS == 52
        days = [u.date for u in updates]
        assert days[-1] == AS_AT
        assert all(b - a == dt.timedelta(weeks=1) for a, b in itertools.pairwise(days))
        assert days[-1] - days[0] == dt.timedelta(weeks=51)  # a year
        assert {u.author.email for u in updates} == {officer}
        assert all(u.progress_to_date for u in updates)
        history = list(commitment.status_history.order_by("at"))
        assert history and history[0].at.date() == days[0]
        # The commitment ends with its last rating, its version counting the changes.
        assert (commitment.status, commitment.rag) == (history[-1].status, history[-1].rag)
        assert commitment.version == len(history)
    ratings = set(StatusChange.objects.filter(commitment__partnership=england).values_list("rag"))
    statuses = set(commitments.values_list("status", flat=True))
    assert len(ratings) == 3 and len(statuses) >= 2  # varied, not one rating for all
    # An update names the organisation the officer acts for only where it owns the
    # commitment, as the service names it.
    named = ProgressUpdate.objects.filter(commitment__partnership=england).exclude(
        author_organisation=None
    )
    assert all(
        u.author_organisation_id == u.commitment.lead_owner_id
        or u.commitment.supporting.filter(pk=u.author_organisation_id).exists()
        for u in named.select_related("commitment")[:50]
    )


def test_each_system_board_meets_monthly_for_a_year_with_its_record(england):
    boards = Board.objects.filter(partnership=england)
    members = Attendance.objects.filter(meeting__board__partnership=england)

    for board in boards:
        year = list(board.meetings.filter(key__contains="-month-").order_by("date"))
        assert len(year) == MONTHS == 12
        assert year[-1].date <= AS_AT and year[0].date > AS_AT - dt.timedelta(days=366)
        assert {m.status for m in year} == {Meeting.Status.HELD}
    meeting = Meeting.objects.get(key=f"bench-s01-spb-month-{AS_AT:%Y-%m}")
    items = list(meeting.items.order_by("order"))
    assert [i.key for i in items] == [key for key, _, _ in YEAR_AGENDA]
    assert meeting.attendance.count() == 6
    assert meeting.attendance.filter(is_chair=True).count() == 1
    for item in items:
        declaration = Declaration.objects.get(item=item)
        # A declaration names the entry in the register it is about.
        assert declaration.interest is not None
        assert declaration.interest.person_id == declaration.person_id
        flags = ConflictFlag.objects.filter(item=item)
        assert flags.count() == 2
        assert Ruling.objects.filter(flag__in=flags).count() == 2
        assert item.actions.count() == 2
    progress = items[1]
    assert list(progress.commitments.values_list("partnership", flat=True)) == [england.pk]
    # The system's people are its own: none of London's sits at its meetings.
    emails = set(members.values_list("person__email", flat=True))
    assert emails and all(e.startswith("bench-s01-") for e in emails)
    assert (
        set(
            Declaration.objects.filter(meeting__board__partnership=england).values_list(
                "person__email", flat=True
            )
        )
        <= emails
    )
    register = Interest.objects.filter(person__email__startswith="bench-s01-")
    assert register.count() == 2 * (1 + 6)
    assert register.filter(partnership=england).count() == 1 + 6
    assert Action.objects.filter(
        item__meeting__board__partnership=england, owner__email__startswith="bench-s01-"
    ).exists()


def london_records() -> dict[str, list]:
    london = londons()
    return {
        "boards": list(Board.objects.filter(partnership=london).values_list("pk", "version")),
        "commitments": list(
            Commitment.objects.filter(partnership=london).values_list("pk", "status", "rag")
        ),
        "milestones": list(
            Milestone.objects.filter(commitment__partnership=london).values_list("pk")
        ),
        "updates": list(
            ProgressUpdate.objects.filter(commitment__partnership=london).values_list("pk")
        ),
        "history": list(
            StatusChange.objects.filter(commitment__partnership=london).values_list("pk")
        ),
        "meetings": list(Meeting.objects.filter(board__partnership=london).values_list("pk")),
        "declarations": list(
            Declaration.objects.filter(meeting__board__partnership=london).values_list("pk")
        ),
        "actions": list(
            Action.objects.filter(item__meeting__board__partnership=london).values_list("pk")
        ),
    }


def test_londons_own_records_are_the_same_in_england(db):
    meetings_record()
    before = london_records()
    assert before["updates"] and before["declarations"]

    england_generate(systems=SYSTEMS, boroughs=4, trusts=2)

    assert london_records() == before
    assert ProgressUpdate.objects.count() > 10 * len(before["updates"])


def test_generating_england_is_one_audit_event_that_moves_the_datas_version(db):
    version = data_version()
    events = AuditEvent.objects.count()

    england_generate(systems=1, boroughs=2, trusts=1)

    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None and event.action == ENGLAND_GENERATED
    assert event.after["systems"] == 1 and event.after["commitments"] == 46
    assert data_version() != version


def test_londons_register_of_interests_has_its_members_entries_at_both_sizes(england):
    """London's synthetic members have their entries in the register, as each system's
    have, so London's register page (the default partnership's) lists rows to measure,
    the same at both sizes."""
    from devolution.meetings.interests.selectors import interest_list

    london = interest_list(partnership=londons())
    assert london.count() == 12  # six members, two entries each
    assert {i.person.email for i in london} == {
        f"bench-member-{n}@devolution.invalid" for n in range(1, 7)
    }
    theirs = interest_list(partnership=england)
    assert theirs.exists() and not theirs.filter(person__email__startswith="bench-member-")
