"""A business case brought to a meeting of its board, where the board decides it or
advises on it (SPEC §8, §12): the secretariat chooses the meeting; the item is made by
meetings' own service, so its numbering, audit and conflict checks hold as for any other
item. The item names the function of approving capital business cases (so whether the
decision binds is derived), the sites' places and the sponsor (so conflicts are found)."""

from typing import Any

from django.db import transaction

from devolution.core.errors import InvalidInput, Problem, RuleViolation
from devolution.core.reports import date_text
from devolution.core.services import audit_record, snapshot
from devolution.meetings.agenda import ItemFields, item_save
from devolution.meetings.models import AgendaItem, Decision, Meeting
from devolution.partners.access import enforce, memberships_of
from devolution.partners.rules import may_keep_registers

from ..models import BusinessCase
from ..rules import cases as rules
from ..rules.money import pounds
from ..rules.route import FUNCTION
from ..selectors.route import capital_board, route_of_board

UPCOMING = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)


def _refuse(rule_id: str, message: str, field: str = "meeting") -> RuleViolation:
    return RuleViolation(rule_id, message, rules.SOURCE, field=field)


def recommendation_text(case: BusinessCase, board_decides: bool) -> str:
    verb = "Approve" if board_decides else "Advise national bodies to approve"
    return f"{verb} {case.title} ({case.get_stage_display().lower()}, {pounds(case.value)})."


def case_to_agenda(*, actor: Any, ref: str, meeting_key: str) -> AgendaItem:
    enforce(may_keep_registers(memberships_of(actor)))
    with transaction.atomic():
        case = (
            BusinessCase.objects.select_for_update(of=("self",))
            .select_related("sponsor", "item__meeting__board")
            .filter(ref=ref)
            .first()
        )
        if case is None:
            raise InvalidInput([Problem(f"no business case {ref!r}", field="case")])
        board = capital_board(case.partnership_id)
        if board is None:
            raise _refuse(
                "CAP-NO-BOARD",
                "No board of the case's partnership has the approval of capital business "
                "cases arranged to it, so the case is not brought to a meeting here.",
            )
        meeting = Meeting.objects.select_related("board").filter(key=meeting_key).first()
        if meeting is None:
            raise InvalidInput([Problem(f"no meeting {meeting_key!r}", field="meeting")])
        if meeting.board_id != board.pk:
            raise InvalidInput(
                [
                    Problem(
                        f"this is a meeting of {meeting.board.name}; capital business cases "
                        f"go to {board.name}: choose one of its meetings",
                        field="meeting",
                    )
                ]
            )
        if meeting.status not in UPCOMING:
            raise _refuse(
                "CAP-MEETING-UPCOMING",
                f"The meeting of {date_text(meeting.date)} is "
                f"{meeting.get_status_display().lower()}: bring the case to a meeting still "
                "to be held.",
            )
        route = route_of_board(board)
        if case.state not in rules.DECIDABLE or (
            case.state == BusinessCase.State.ADVISED and not route.board_decides
        ):
            raise _refuse(
                "CAP-CASE-STATE",
                f"This case is {case.get_state_display().lower()}: a board considers a case "
                "that is submitted, or one it advised on once it may approve it itself.",
                "case",
            )
        item = case.item
        if (
            item is not None
            and item.meeting.status in UPCOMING
            and not Decision.objects.filter(item=item).exists()
        ):
            raise _refuse(
                "CAP-CASE-ON-AGENDA",
                f"This case is already on the agenda of the meeting of "
                f"{date_text(item.meeting.date)} ({item.meeting.board.name}), not yet "
                "decided.",
            )
        places = sorted(
            {
                code
                for site in case.sites.select_related("borough", "stp")
                for code in (
                    site.borough.code if site.borough else None,
                    site.stp.code if site.stp else None,
                )
                if code
            }
        )
        item = item_save(
            actor=actor,
            meeting_key=meeting.key,
            data=ItemFields(
                title=case.title[:300],
                purpose=AgendaItem.Purpose.DECIDE,
                recommendation=recommendation_text(case, route.board_decides),
                function=FUNCTION,
                places=tuple(places),
                applicants=(f"organisation:{case.sponsor.key}",),
            ),
        )
        before = snapshot(case, ["item", "version"])
        case.item = item
        case.version += 1
        case.save(update_fields=["item", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="capital.case.bring_to_agenda",
            obj=case,
            before=before,
            after={**snapshot(case, ["item", "version"]), "meeting": meeting.key},
        )
    return item
