"""The JSON API for the register of interests and a meeting's declarations (SPEC §9),
with the pages' rules and access: staff read their own entries and the secretariat
everyone's; members keep their own entries and the secretariat anyone's; the secretariat
records declarations. Anonymous requests are refused with 401, as every change is."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params.functions import Path, Query
from ninja.security import django_auth

from devolution.core.api_contract import known
from devolution.core.errors import InvalidInput, NotAllowed, Problem
from devolution.core.people import acting_person, signed_in_person
from devolution.partners.access import can_keep_registers, enforce_staff
from devolution.partners.selectors import organisation_exists

from .. import selectors as meeting_selectors
from . import selectors, services

if TYPE_CHECKING:
    from .models import Declaration

router = Router(tags=["Register of interests"])

KINDS: list[Any] = [value for value, _ in services.INTEREST_KINDS]


class InterestOut(Schema):
    number: int = Field(
        ...,
        description="The entry's number in its person's register: with the person's email "
        "address, its key (/interests/<person>/<number>)",
    )
    person: str = Field(..., alias="person.email")
    person_name: str = Field(..., alias="person.full_name")
    kind: str
    organisation: str | None = Field(None, alias="organisation.key")
    partnership: str | None = Field(None, alias="partnership.key")
    description: str
    start: dt.date | None
    end: dt.date | None
    version: int


class InterestIn(Schema):
    kind: str = Field(..., max_length=60, json_schema_extra={"enum": KINDS})
    organisation: str | None = Field(None, max_length=80)
    partnership: str | None = Field(None, max_length=80)
    description: str = Field("", max_length=4000)
    start: dt.date | None = None
    end: dt.date | None = None
    person: str = Field(
        "",
        max_length=254,
        description="The member's email address: the secretariat's to give; yourself if empty",
    )


class InterestEndIn(Schema):
    end: dt.date
    version: int | None = Field(
        None, ge=1, description="The version you read: a change made since is not overwritten"
    )


class DeclarationOut(Schema):
    meeting: str = Field(..., alias="meeting.key")
    person: str = Field(..., alias="person.email")
    person_name: str = Field(..., alias="person.full_name")
    item: str | None = Field(None, alias="item.key")
    item_title: str | None = None  # withheld, with the text, on an item the reader may not see
    interest: int | None = Field(
        None,
        alias="interest.number",
        description="The entry of the person's register declared against, by its number",
    )
    text: str
    recorded_at: dt.datetime

    @staticmethod
    def resolve_item_title(obj: "Declaration") -> str | None:
        return selectors.declaration_words(obj)[0] if obj.item_id is not None else None

    @staticmethod
    def resolve_text(obj: "Declaration") -> str:
        return selectors.declaration_words(obj)[1]


class DeclarationIn(Schema):
    person: str = Field(..., min_length=1, max_length=254, description="The member's email")
    text: str = Field(..., min_length=1, max_length=4000)
    item: str | None = Field(None, max_length=80, description="An item of the meeting, by key")
    interest: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="An entry of the person's register, by its number in that register",
    )


REGISTER = "The register of interests"


@router.get(
    "/interests",
    response=list[InterestOut],
    auth=django_auth,
    summary="The register of interests: your own entries, or one partnership's for the secretariat",
    description="The secretariat reads one partnership's register at a time (by default "
    "the deployment's default partnership's): the entries of the people who belong to its "
    "organisations and those naming its organisations or partnerships. It may ask for one "
    "person's whole register (their email address), and narrow either to the entries "
    "naming one organisation (its key).",
)
@paginate
def interest_list(
    request: HttpRequest,
    person: str | None = Query(None, description="A member's email address"),
    organisation: str | None = Query(
        None,
        description="An organisation's key; a key nothing has is a 422 naming `organisation`",
    ),
    partnership: str | None = Query(
        None,
        description="A partnership's key (by default the deployment's default partnership); "
        "a key nothing has is a 422 naming `partnership`",
    ),
) -> Any:
    reader = signed_in_person(request)
    enforce_staff(reader, REGISTER)
    known(
        "organisation",
        organisation,
        bool(organisation) and organisation_exists(organisation or ""),
        "organisation",
    )
    named = meeting_selectors.partnership_named(partnership) if partnership else None
    known("partnership", partnership, named is not None, "partnership")
    if not can_keep_registers(reader):
        mine = (person or "").strip().lower() in ("", reader.email.lower())
        if not mine:
            raise NotAllowed("Members see their own entries; the secretariat keeps the register.")
        return selectors.interest_list(person_id=reader.pk, organisation=organisation or "")
    return selectors.interest_list(
        person_email=person or "",
        organisation=organisation or "",
        partnership=named or meeting_selectors.default_partnership(),
    )


@router.post(
    "/interests",
    response={201: InterestOut},
    auth=django_auth,
    summary="Declare an interest: your own, or anyone's for the secretariat",
    description="Name one organisation or one partnership, by key.",
)
def interest_declare(request: HttpRequest, payload: InterestIn) -> Any:
    actor = signed_in_person(request)
    enforce_staff(actor, REGISTER)
    if payload.kind not in KINDS:
        raise InvalidInput([Problem(f"choose one of: {', '.join(KINDS)}", field="kind")])
    person = services.register_person(actor=actor, email=payload.person)
    interest = services.interest_declare(
        actor=actor,
        person=person,
        kind=payload.kind,
        organisation_key=payload.organisation or None,
        partnership_key=payload.partnership or None,
        description=payload.description,
        start=payload.start,
        end=payload.end,
    )
    return Status(201, selectors.interest_get(interest.pk))


@router.post(
    "/interests/{person}/{number}/end",
    response=InterestOut,
    auth=django_auth,
    summary="End an interest (your own, or anyone's for the secretariat): it is kept",
    description="The entry is the one of that number in the register of the person of "
    "that email address.",
)
def interest_end(
    request: HttpRequest,
    person: str = Path(..., max_length=254, description="The member's email address"),
    number: int = Path(..., ge=1, le=2**31 - 1, description="The entry's number"),
    *,
    payload: InterestEndIn,
) -> Any:
    actor = signed_in_person(request)
    enforce_staff(actor, REGISTER)
    services.register_enforce_other(actor=actor, email=person)
    found = selectors.interest_keyed_get(person, number)
    interest = services.interest_end(
        actor=actor,
        interest_id=found.pk,
        end=payload.end,
        version=payload.version,
    )
    return selectors.interest_get(interest.pk)


@router.get(
    "/meetings/{key}/declarations",
    response=list[DeclarationOut],
    auth=django_auth,
    summary="The declarations of interest made at a meeting (staff)",
)
@paginate
def declaration_list(request: HttpRequest, key: str) -> Any:
    person = acting_person(request)
    enforce_staff(person, "A meeting's declarations")
    meeting = meeting_selectors.meeting_get(key)
    return selectors.declaration_list(
        meeting, meeting_selectors.reader_of(person, meeting.board_id)
    )


@router.post(
    "/meetings/{key}/declarations",
    response={201: DeclarationOut},
    auth=django_auth,
    summary="Record a declaration made at a meeting (secretariat)",
    description="On the whole meeting, or on one of its items (by key); against an entry "
    "of the person's register (by its number) where there is one.",
)
def declaration_record(request: HttpRequest, key: str, payload: DeclarationIn) -> Any:
    actor = signed_in_person(request)
    if not can_keep_registers(actor):
        raise NotAllowed("Only the secretariat records the declarations made at a meeting.")
    meeting = meeting_selectors.meeting_get(key)
    item_id = None
    if payload.item:
        item = meeting_selectors.item_find(meeting, payload.item)
        if item is None:
            raise InvalidInput([Problem("that item is not on this meeting's agenda", field="item")])
        item_id = item.pk
    person = services.register_person(actor=actor, email=payload.person)
    interest_id = None
    if payload.interest is not None:
        interest_id = selectors.interest_id_of(person.pk, payload.interest)
        if interest_id is None:
            raise InvalidInput(
                [Problem("that entry is not on this person's register", field="interest")]
            )
    declaration = services.declaration_record(
        actor=actor,
        meeting_key=meeting.key,
        person=person,
        text=payload.text,
        interest_id=interest_id,
        item_id=item_id,
    )
    return Status(
        201,
        selectors.declaration_get(
            declaration.pk, meeting_selectors.reader_of(actor, meeting.board_id)
        ),
    )
