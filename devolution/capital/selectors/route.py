"""A case's approval route as governance's data gives it today (rules/route.py): the board
of the case's partnership that the function of approving capital business cases is
arranged to, its current phase, and the arrangements of the function to it."""

from devolution.governance.models import Arrangement, Board, Function
from devolution.meetings.models import Meeting

from ..rules.route import FUNCTION, Delegation, Route, approval_route


def capital_board(partnership_id: int) -> Board | None:
    """The partnership's board that capital business cases go to: the one the function
    of approving them is arranged to (the London Estates Board, in London's data)."""
    return (
        Board.objects.select_related("current_phase")
        .filter(partnership_id=partnership_id, arrangements__function__key=FUNCTION)
        .order_by("name")
        .first()
    )


def route_for(partnership_id: int) -> Route | None:
    """None when the partnership has no board the function is arranged to."""
    board = capital_board(partnership_id)
    if board is None:
        return None
    return route_of_board(board)


def route_of_board(board: Board) -> Route:
    delegations = tuple(
        Delegation(a.key, a.status, a.spectrum_step, a.form)
        for a in Arrangement.objects.filter(function__key=FUNCTION, to_board=board).order_by("key")
    )
    function = Function.objects.select_related("original_holder").filter(key=FUNCTION).first()
    holder = ""
    if function is not None and function.original_holder is not None:
        holder = function.original_holder.name
    phase = board.current_phase
    return approval_route(
        board=board.name,
        phase_name=phase.name if phase else None,
        phase_powers=frozenset(phase.powers if phase else ()),
        delegations=delegations,
        holder=holder,
    )


def meetings_upcoming(partnership_id: int) -> list[Meeting]:
    """The meetings still to be held of the board cases go to, soonest first."""
    board = capital_board(partnership_id)
    if board is None:
        return []
    return list(
        Meeting.objects.select_related("board")
        .filter(board=board, status__in=(Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED))
        .order_by("date", "key")
    )
