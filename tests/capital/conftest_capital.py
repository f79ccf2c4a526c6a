"""What the capital tests share: surplus sites of London (the seeds give none, so tests
make their own), a business case, LEB meetings with members present, the LEB moved to a
phase by its own resolutions and the delegation of capital business cases put in place
by governance's own services."""

import datetime as dt

from devolution.capital.services.cases import CaseFields, Funding, case_create, case_move
from devolution.core.models import Source, User
from devolution.estates.models import Site
from devolution.governance.models import Arrangement, Board, Function, GatewayCriterion, Phase
from devolution.governance.rules.phases import Resolution
from devolution.governance.services import (
    _spectrum_criteria,
    arrangement_activate,
    arrangement_evidence_record,
    board_move_phase,
    criterion_status_set,
)
from devolution.meetings.models import Attendance, Meeting
from devolution.partners.models import Organisation, Partnership, Place, Role
from tests.conftest import make_person

LONDON = "london-devolution-partnership"
SPONSOR = "ccg-city-and-hackney"
DECISION = "capital-business-cases-leb-decision"


def site_make(ref: str, *, owner: str = SPONSOR, status: str = "surplus", **more) -> Site:
    return Site.objects.create(
        partnership=Partnership.objects.get(key=LONDON),
        ref=ref,
        name=f"Site {ref}",
        owner=Organisation.objects.get(key=owner),
        borough=Place.objects.filter(code="E09000012").first(),  # Hackney
        status=status,
        source=Source.objects.get(key="seed-000"),
        **more,
    )


def estates_lead(org: str = SPONSOR, email: str = "eden@cityandhackney.example") -> User:
    return make_person(email, org, Role.ESTATES_LEAD, "Eden Estates")


def case_make(
    actor: User,
    ref: str,
    *,
    sites: tuple[str, ...] = (),
    submit: bool = True,
    value: int = 4_000_000,
):
    case = case_create(
        actor=actor,
        partnership=LONDON,
        ref=ref,
        data=CaseFields(
            title=f"Health and wellbeing hub ({ref})",
            sponsor=SPONSOR,
            value=value,
            stage="outline",
            benefits="One site for GP, community and mental health services",
            sites=sites,
            funding=(
                Funding("capital_receipts", "2019-20", value // 2),
                Funding("national_capital", "2020-21", value // 2),
            ),
        ),
    )
    if submit:
        case = case_move(actor=actor, ref=ref, move="submit", version=case.version)
    return case


def leb_meeting(key: str, day: dt.date, present: list[tuple[User, str]], quorum: int = 2):
    meeting = Meeting.objects.create(
        key=key, board=Board.objects.get(key="leb"), date=day, quorum=quorum, status="scheduled"
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=person,
            kind="present",
            organisation=Organisation.objects.get(key=org),
        )
        for person, org in present
    )
    return meeting


def leb_to_phase(secretariat: User, phase: str, day: dt.date = dt.date(2018, 6, 1)) -> None:
    """Move the LEB forward a phase at a time by resolutions of its own meeting: each
    gateway's criteria recorded as met (London's data only infers them), then the move."""
    board = Board.objects.select_related("current_phase").get(key="leb")
    target = Phase.objects.get(model=board.phase_model, key=phase)
    for step in Phase.objects.filter(
        model=board.phase_model, order__gt=board.current_phase.order, order__lte=target.order
    ).order_by("order"):
        resolution = Resolution(f"leb-{day}", "leb", day, f"LEB: gateway to {step.name} met")
        for c in GatewayCriterion.objects.filter(phase=step):
            criterion_status_set(
                actor=secretariat,
                criterion_key=f"{step.key}:{c.key}",
                status="met",
                resolution=resolution,
            )
        board_move_phase(
            actor=secretariat,
            board_key="leb",
            to_phase=step.key,
            resolution=Resolution(f"leb-{day}", "leb", day, f"LEB: move to {step.name}"),
        )


def delegation_in_force(secretariat: User) -> None:
    """The LEB's decision-making arrangement settled as NHS England's delegation of the
    function to the board, evidenced and made active. The seeds name neither the
    function's holder nor the arrangement's form: the scenario supposes NHS England holds
    it (seed 000's 'national estates boards')."""
    Function.objects.filter(key="capital_business_case_approval").update(
        original_holder_type="nhs_england"
    )
    Arrangement.objects.filter(key=DECISION).update(
        form="delegation",
        spectrum_step="delegated_commissioning",
        from_organisation=Organisation.objects.get(key="nhs-england"),
    )
    for criterion in _spectrum_criteria("delegated_commissioning"):
        arrangement_evidence_record(
            actor=secretariat,
            arrangement_key=DECISION,
            criterion=criterion,
            evidence="Scheme of delegation signed",
            met=True,
        )
    arrangement_activate(
        actor=secretariat,
        arrangement_key=DECISION,
        version=Arrangement.objects.get(key=DECISION).version,
    )
