"""Boards, their history and arrangements for the second partnership of
tests/partners/other_partnership.py."""

import datetime as dt

from devolution.governance.models import Arrangement, Board, Function, PhaseMove
from devolution.partners.models import Partnership


def more_boards(partnership: Partnership, n: int) -> list[str]:
    """`n` more boards of the partnership, on London's SPB's phases, each with a move
    into its phase and an arrangement placing a function with it; their names."""
    spb = Board.objects.get(key="spb")
    function = Function.objects.order_by("name").first()
    start = Board.objects.filter(partnership=partnership).count()
    first = Board.objects.filter(partnership=partnership).order_by("key").first()
    names = []
    for i in range(start, start + n):
        board = Board.objects.create(
            key=f"zeta-board-{i}",
            name=f"Zeta Board {i}",
            partnership=partnership,
            footprint=partnership.footprint.first(),
            reports_to=first,
            status=Board.Status.ACTIVE,
            phase_model_id=spb.phase_model_id,
            current_phase_id=spb.current_phase_id,
            source=spb.source,
        )
        first = first or board
        PhaseMove.objects.create(
            board=board,
            to_phase_id=spb.current_phase_id,
            direction=PhaseMove.Direction.INITIAL,
            resolution_date=dt.date(2020, 1, 1),
            resolution=f"Zeta resolution {i}",
            source=spb.source,
        )
        Arrangement.objects.create(
            key=f"zeta-arrangement-{i}",
            function=function,
            to_board=board,
            status=Arrangement.Status.ACTIVE,
            source=spb.source,
        )
        names.append(board.name)
    return names
