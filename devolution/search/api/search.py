"""Search as JSON (SPEC §15): the same search, the same reader's scope as the page."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Query

from devolution.core.api_contract import InvalidQuery, known, one_of
from devolution.core.errors import Problem
from devolution.core.people import acting_person

from .. import selectors
from ..forms import MAX_WORDS

router = Router(tags=["Search"])


class ResultOut(Schema):
    kind: str = Field(..., description="organisation, place, board, meeting, item, decision, "
                      "paper, commitment, update, bid or site")  # fmt: skip
    title: str
    url: str = Field(..., description="The page (or a paper's download) it is found on")
    snippet: str = Field(
        ..., description="The words around those found, as HTML: escaped, the words in <mark>"
    )
    date: dt.date | None = Field(..., description="Its meeting's or update's date, if any")
    date_precision: str = Field(
        ..., description="How much of the date is known: day, month or year"
    )


@router.get(
    "/search",
    response=list[ResultOut],
    summary="Search the registers and papers (each reader finds only what they may see)",
)
@paginate
def search_list(
    request: HttpRequest,
    q: str = Query(
        "",
        max_length=MAX_WORDS,
        description='The words: every one is found, stemmed ("meetings" finds "meeting"); '
        "none, nothing is found",
    ),
    kind: str = Query("", description="Only this kind; another value is a 422"),
    board: str = Query(
        "", description="Only this board's, by its key; a key no board has is a 422"
    ),
    since: dt.date | None = Query(None, alias="from", description="From this day (YYYY-MM-DD)"),  # noqa: B008
    until: dt.date | None = Query(None, alias="to", description="To this day (YYYY-MM-DD)"),  # noqa: B008
) -> Any:
    one_of("kind", kind, [k for k, _ in selectors.KINDS])
    found = selectors.board_with_key(board) if board else None
    known("board", board, found is not None, "board")
    if since and until and since > until:
        raise InvalidQuery([Problem("'to' must be the same as or after 'from'", field="to")])
    return selectors.search(
        selectors.scope_of(acting_person(request)),
        q,
        kind=kind,
        board_id=found.pk if found else None,
        since=since,
        until=until,
    )
