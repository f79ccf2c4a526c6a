"""A person's notification choices as JSON (SPEC §15): for each kind, immediate, digest
(one e-mail a day) or off. Only the person themself reads and changes theirs."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Query
from ninja.security import django_auth
from pydantic import ConfigDict, create_model

from devolution.core.people import signed_in_person

from .. import selectors, services
from ..rules.kinds import KIND_KEYS, KINDS

router = Router(tags=["Notifications"])

Mode = Literal["immediate", "digest", "off"]
KindName = Literal[KIND_KEYS]  # type: ignore[valid-type]
MODES = "immediate (an e-mail straight away), digest (one e-mail a day) or off"

PreferencesOut = create_model(  # type: ignore[call-overload]
    "PreferencesOut",
    __base__=Schema,
    **{
        k.key: (Mode | None, Field(..., description=f"{k.label}: {MODES}; null if not asked for"))
        for k in KINDS
    },
)


class _Strict(Schema):
    """A kind no one has heard of is refused (422), not ignored."""

    model_config = ConfigDict(**{**Schema.model_config, "extra": "forbid"})


PreferencesIn = create_model(  # type: ignore[call-overload]
    "PreferencesIn",
    __base__=_Strict,
    **{
        k.key: (Mode | None, Field(None, description=f"{k.label}: {MODES}; left out, unchanged"))
        for k in KINDS
    },
)


class NoticeOut(Schema):
    kind: str
    title: str
    url: str
    created_at: dt.datetime
    read: bool
    email: str = Field(..., description="pending, sent or failed")

    @staticmethod
    def resolve_read(obj: Any) -> bool:
        return obj.read_at is not None


ONLY_KINDS = Query(None, description="Only these kinds (default every kind)")


@router.get(
    "/notifications/preferences",
    response=PreferencesOut,
    auth=django_auth,
    summary="Your notification choices, one mode for each kind",
)
def preferences_get(
    request: HttpRequest,
    kind: list[KindName] | None = ONLY_KINDS,
) -> Any:
    mine = services.preferences(signed_in_person(request))
    return {k: (v if not kind or k in kind else None) for k, v in mine.items()}


@router.put(
    "/notifications/preferences",
    response=PreferencesOut,
    auth=django_auth,
    summary="Change your notification choices",
    description="Kinds left out keep their mode; an unknown kind or mode is a 422 naming it.",
)
def preferences_put(request: HttpRequest, payload: PreferencesIn) -> Any:  # type: ignore[valid-type]
    person = signed_in_person(request)
    given = {k: v for k, v in payload.model_dump().items() if v is not None}  # type: ignore[attr-defined]
    services.set_preferences(person, given)
    return services.preferences(person)


@router.get(
    "/notifications",
    response=list[NoticeOut],
    auth=django_auth,
    summary="Your notifications, newest first",
)
@paginate
def notice_list(request: HttpRequest) -> Any:
    return selectors.notices(signed_in_person(request))
