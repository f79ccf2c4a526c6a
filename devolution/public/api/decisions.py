"""The decisions register as JSON (SPEC §15): `GET /api/decisions`, paged like every list,
filtered as the page is. The public reads the published decisions of public items; the
secretariat every decision, with `confidential` true on those not published."""

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Query

from devolution.core.api_contract import InvalidQuery, one_of
from devolution.core.errors import Problem
from devolution.core.people import acting_person
from devolution.partners.selectors import partnership_in_view, partnership_with_key

from .. import opendata, selectors
from ..forms import BINDINGS, board_exists
from ..rules.kinds import KINDS

router = Router(tags=["Public record"])


class RegisterDecisionOut(Schema):
    meeting: str = Field(..., description="The meeting's key")
    board: str = Field(..., description="The board's key")
    date: str = Field(..., description="The meeting's date (YYYY-MM-DD)")
    date_precision: str = Field(
        ..., description="How much of the date is known: day, month or year"
    )
    item: str = Field(..., description="The agenda item's key, within its meeting")
    title: str
    kind: str = Field(..., description="phase_move, allocation, business_case or other")
    outcome: Literal["agreed", "not_agreed", "deferred"]
    binding: bool | None = Field(
        ..., description="true binding, false a recommendation, null not known"
    )
    to_phase: str | None = Field(..., description="For a phase move, the key of the phase moved to")
    text: str | None = Field(..., description="The decision as minuted; null where not minuted")
    papers: int
    declarations: int
    conflict_flags: int
    rulings: int
    confidential: bool = Field(..., description="Not published: read by the secretariat only")
    url: str = Field(..., description="The meeting's public page, at the item")


class Mapped:
    """A register's rows, each made by `make` when its page is read (ninja's paginate)."""

    def __init__(
        self, rows: selectors.DecisionRegister, make: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> None:
        self.rows, self.make = rows, make

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        return [self.make(row) for row in self.rows[part]]


def _out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **opendata.decision_record(row),
        "confidential": not row["item__public"],
        "url": f"/public/meetings/{row['item__meeting__key']}/#item-{row['item_id']}",
    }


FROM = Query(None, alias="from", description="Only decisions of meetings on or after this day")
TO = Query(None, description="Only decisions of meetings on or before this day")


@router.get(
    "/decisions",
    response=list[RegisterDecisionOut],
    summary="The decisions register: every decision you may read of one partnership's boards",
)
@paginate
def decision_list(
    request: HttpRequest,
    partnership: str = Query(
        "",
        description="The partnership whose boards' decisions are listed, by its key (else "
        "the deployment's default); a key no partnership has is a 422",
    ),
    board: str = Query(
        "", description="Only this board's decisions, by its key; a key no board has is a 422"
    ),
    from_: dt.date | None = FROM,
    to: dt.date | None = TO,
    kind: str = Query(
        "", description="Only this kind: " + ", ".join(KINDS) + "; another value is a 422"
    ),
    binding: str = Query(
        "", description="Only " + ", ".join(BINDINGS) + " decisions; another value is a 422"
    ),
) -> Any:
    one_of("kind", kind, KINDS)
    one_of("binding", binding, BINDINGS)
    if board and not board_exists(board):
        raise InvalidQuery([Problem(f"'{board}' is not the key of any board", field="board")])
    if from_ and to and to < from_:
        raise InvalidQuery([Problem("must be the same as or after from", field="to")])
    in_view = partnership_with_key(partnership) if partnership else partnership_in_view()
    if partnership and in_view is None:
        raise InvalidQuery(
            [Problem(f"'{partnership}' is not the key of any partnership", field="partnership")]
        )
    reader = selectors.reader_of(acting_person(request))
    rows = selectors.decision_rows(
        reader,
        partnership=in_view,
        board=board,
        start=from_,
        end=to,
        kind=kind,
        binding=binding,
        counts=False,
    )
    return Mapped(selectors.DecisionRegister(rows), _out)
