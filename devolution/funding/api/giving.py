"""The partnership's grants in the 360Giving Data Standard, as the JSON package the
reports' download gives (ADR 19): public, as the grants are."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router
from ninja.params.functions import Query

from devolution.core.api_contract import known
from devolution.partners.selectors import partnership_with_key

from ..selectors.giving import giving_publication

router = Router(tags=["Funding"])


@router.get(
    "/grants/360giving",
    response=dict[str, Any],
    summary="The grants, in the 360Giving Data Standard",
    description=(
        "Every allocation a board's binding decision made, as a 360Giving package "
        "(version, license, publisher, grants); recommendations to another body are not "
        "grants and are not included. Organisations are identified by org-id "
        "identifiers (GB-NHS-, GB-CHC-, GB-COH-, GB-LAE-, GB-GOR-), or by the publisher's "
        "360Giving prefix where no register identifier is held."
    ),
)
def grants_giving_package(
    request: HttpRequest,
    partnership: str | None = Query(
        None,
        description="Only the grants of this partnership's funds, by its key; it is then "
        "the publisher. Unknown keys are a 422 naming the parameter.",
    ),
) -> dict[str, Any]:
    chosen = partnership_with_key(partnership) if partnership else None
    known("partnership", partnership, chosen is not None, "partnership")
    base = f"{request.scheme}://{request.get_host()}"
    return giving_publication(base, reverse, chosen).package
