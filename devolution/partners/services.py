"""Every write to places, organisations, partnerships and memberships, audited."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from devolution.core.errors import InvalidInput, NotAllowed, NotFound, Problem, StaleEdit
from devolution.core.loading import DataFile, DatasetReport, load_data, read_file
from devolution.core.models import AuthenticatorReset, User
from devolution.core.services import audit_record, snapshot

from . import dataset
from .access import enforce, memberships_of
from .models import Membership, Organisation, Role
from .rules import may_edit_organisation, may_keep_registers

LONDON_DATASET = dataset.LONDON.path


# --- Loading a partnership's data set -------------------------------------------------


def dataset_load(*, data: Mapping[str, Any], actor: User | None = None) -> DatasetReport:
    """Load a partnership's places and partners; loading the same data again changes nothing.

    If any record is wrong nothing is stored, and each problem names its record and field.
    """
    return load_data(dataset.LONDON, data, actor=actor, file_name="")


def dataset_load_file(*, path: Path, actor: User | None = None) -> DatasetReport:
    declared = DataFile(path, dataset.LONDON.models)
    return load_data(declared, read_file(path), actor=actor)


# --- Edits by people --------------------------------------------------------------------

ORGANISATION_EDITABLE = (
    "short_name",
    "website",
    "description",
    "ods_code",
    "companies_house",
    "charity_number",
)


def organisation_enforce_may_edit(*, actor: User | None, organisation_id: int) -> None:
    """Refuse (403) a person who may not edit the organisation: the one rule for the
    page to refuse its form by and for `organisation_update` to enforce."""
    enforce(may_edit_organisation(memberships_of(actor), organisation_id))


def organisation_update(
    *, actor: User, organisation_id: int, version: int, data: Mapping[str, Any]
) -> Organisation:
    """An organisation's own people, or the secretariat, update its details.

    `version` is the one the editor started from; if someone saved in between,
    nothing is overwritten and the editor is told (QUALITY R2).
    """
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        organisation_enforce_may_edit(actor=actor, organisation_id=organisation.pk)
        unknown = sorted(set(data) - set(ORGANISATION_EDITABLE))
        if unknown:
            raise InvalidInput(
                [Problem("this field cannot be changed here", field=f) for f in unknown]
            )
        if organisation.version != version:
            raise StaleEdit(
                f"{organisation.name} was changed by someone else while you were editing. "
                "Nothing was saved: reload the page to see their change, then make yours again."
            )
        fields = list(data)
        before = snapshot(organisation, fields)
        for name, value in data.items():
            setattr(organisation, name, (value or "").strip())
        try:
            organisation.full_clean()
        except ValidationError as exc:
            raise InvalidInput(
                [Problem(" ".join(m), field=f) for f, m in exc.message_dict.items()]
            ) from exc
        after = snapshot(organisation, fields)
        if before == after:
            return organisation
        organisation.version += 1
        organisation.save()
        audit_record(actor=actor, action="update", obj=organisation, before=before, after=after)
    return organisation


def person_create(
    *, actor: User | None, email: str, full_name: str, password: str, job_title: str = ""
) -> User:
    with transaction.atomic():
        person = User.objects.create_user(
            email=email, password=password, full_name=full_name, job_title=job_title
        )
        audit_record(
            actor=actor,
            action="create",
            obj=person,
            before=None,
            after={"email": person.email, "full_name": full_name},
        )
    return person


def person_set_password(*, actor: User | None, person: User, password: str) -> None:
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        audit_record(actor=actor, action="set_password", obj=person, before=None, after=None)


def membership_grant(
    *, actor: User | None, person: User, organisation: Organisation, role: str
) -> Membership:
    """Give a person a role in an organisation; only the secretariat may (or the system)."""
    if role not in Role.values:
        raise InvalidInput([Problem(f"unknown role {role!r}", field="role")])
    if actor is not None:
        enforce(may_keep_registers(memberships_of(actor)))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            person=person, organisation=organisation, role=role
        )
        if created:
            audit_record(
                actor=actor, action="grant", obj=membership, before=None, after=snapshot(membership)
            )
    return membership


def memberships_keep_only(*, actor: User | None, person: User, organisation: Organisation) -> int:
    """End the person's places at every organisation but this one (a demo account reset to
    its one organisation), each ending audited. Only the secretariat may (or the system)."""
    if actor is not None:
        enforce(may_keep_registers(memberships_of(actor)))
    ended = 0
    with transaction.atomic():
        for membership in Membership.objects.filter(person=person).exclude(
            organisation=organisation
        ):
            before = snapshot(membership)
            audit_record(actor=actor, action="revoke", obj=membership, before=before, after=None)
            membership.delete()
            ended += 1
    return ended


def _open_reset(reset_id: int) -> AuthenticatorReset:
    """The request, locked, if it is waiting for the secretariat; a clear refusal if not."""
    reset = (
        AuthenticatorReset.objects.select_for_update()
        .select_related("person")
        .filter(pk=reset_id)
        .first()
    )
    if reset is None:
        raise NotFound("There is no such request for a new authenticator app.")
    if reset.approved_at is not None:
        raise StaleEdit(
            f"The request of {reset.person} was approved already; nothing more was done."
        )
    if reset.declined_at is not None:
        raise StaleEdit(
            f"The request of {reset.person} was declined already; nothing more was done."
        )
    return reset


def authenticator_reset_approve(*, actor: User, reset_id: int) -> AuthenticatorReset:
    """The secretariat approves a person's request for a new authenticator app: the old one
    is removed, so at their next sign-in, after their password, they set up a new one.

    Only the secretariat may, having checked (outside Devolution) that the request is the
    person's own; and not their own request, which another member of the secretariat
    approves, so that nobody replaces their own second factor alone.
    """
    enforce(may_keep_registers(memberships_of(actor)))
    with transaction.atomic():
        reset = _open_reset(reset_id)
        if reset.person_id == actor.pk:
            raise NotAllowed(
                "Another member of the secretariat must approve your own request, so that "
                "nobody replaces their own second factor alone."
            )
        removed = [d.name for d in TOTPDevice.objects.filter(user=reset.person)]
        TOTPDevice.objects.filter(user=reset.person).delete()
        reset.approved_at = timezone.now()
        reset.approved_by = actor
        reset.save(update_fields=["approved_at", "approved_by"])
        audit_record(
            actor=actor,
            action="authenticator_reset_approve",
            obj=reset,
            before={"person": reset.person.email, "devices": removed},
            after={"person": reset.person.email, "devices": []},
        )
    return reset


def authenticator_reset_decline(*, actor: User, reset_id: int) -> AuthenticatorReset:
    """The secretariat declines a request it could not confirm as the person's own: their
    authenticator app stays as it was, the request leaves the list, and they may ask again.
    Only the secretariat may."""
    enforce(may_keep_registers(memberships_of(actor)))
    with transaction.atomic():
        reset = _open_reset(reset_id)
        reset.declined_at = timezone.now()
        reset.declined_by = actor
        reset.save(update_fields=["declined_at", "declined_by"])
        audit_record(
            actor=actor,
            action="authenticator_reset_decline",
            obj=reset,
            before={"person": reset.person.email, "open": True},
            after={"person": reset.person.email, "open": False},
        )
    return reset
