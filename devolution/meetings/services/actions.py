"""The actions of a meeting's items, and marking them done (SPEC §8)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from devolution.core.errors import InvalidInput, NotFound, Problem, StaleEdit
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Organisation
from devolution.partners.rules import may_keep_registers

from ..models import Action, AgendaItem
from ..rules.access import may_mark_action_done
from .record import day_text, meeting_record_lock


def action_create(
    *,
    actor: User,
    item_id: int,
    text: str,
    owner_email: str = "",
    organisation_key: str = "",
    due: dt.date | None = None,
) -> Action:
    """The secretariat records an action of an item, owned by a person or an organisation;
    not once the meeting's minutes are approved."""
    enforce(may_keep_registers(memberships_of(actor)))
    item = AgendaItem.objects.filter(pk=item_id).first()
    owner = (
        User.objects.filter(email__iexact=owner_email.strip()).first()
        if owner_email.strip()
        else None
    )
    organisation = (
        Organisation.objects.filter(key=organisation_key).first() if organisation_key else None
    )
    problems = []
    if item is None:
        problems.append(Problem("no such agenda item", field="item"))
    if not text.strip():
        problems.append(Problem("say what is to be done", field="text"))
    if owner_email.strip() and owner is None:
        problems.append(
            Problem("no one with that email address can sign in here", field="owner_email")
        )
    if organisation_key and organisation is None:
        problems.append(Problem(f"no organisation {organisation_key!r}", field="organisation"))
    if not owner_email.strip() and not organisation_key:
        problems.append(
            Problem("name the person or the organisation who owns it", field="owner_email")
        )
    if problems or item is None:
        raise InvalidInput(problems)
    with transaction.atomic():
        meeting_record_lock(item.meeting_id, field="text")
        action = Action.objects.create(
            item=item, text=text.strip(), owner=owner, owner_organisation=organisation, due=due
        )
        audit_record(actor=actor, action="create", obj=action, before=None, after=snapshot(action))
    return action


def action_done(*, actor: User, action_id: int, done_on: dt.date, version: int) -> Action:
    """The action's owner, the people of its owning organisation or the secretariat mark
    it done: on a day between its meeting and today."""
    action = (
        Action.objects.select_related("item__meeting", "owner_organisation")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise NotFound("No such action.")
    enforce(
        may_mark_action_done(
            memberships_of(actor),
            person_id=actor.pk if actor.is_authenticated else None,
            owner_id=action.owner_id,
            owner_organisation_id=action.owner_organisation_id,
        )
    )
    meeting = action.item.meeting
    if done_on > timezone.localdate():
        raise InvalidInput(
            [Problem("the date it was done cannot be in the future", field="done_on")]
        )
    if done_on < meeting.date:
        raise InvalidInput(
            [
                Problem(
                    "the date it was done cannot be before the meeting of "
                    f"{day_text(meeting.date)}",
                    field="done_on",
                )
            ]
        )
    with transaction.atomic():
        action = (
            Action.objects.select_for_update(of=("self",))
            .select_related("item__meeting", "owner", "owner_organisation")
            .get(pk=action_id)
        )
        if action.version != version:
            raise StaleEdit(
                "Someone else changed this action after you opened it: nothing was saved. "
                "Reload the page to see their change."
            )
        if action.done_on is not None:
            raise StaleEdit(
                f"This action was already marked done on {day_text(action.done_on)}: "
                "nothing was changed.",
                field="done_on",
            )
        before = snapshot(action, ["done_on", "version"])
        action.done_on = done_on
        action.version += 1
        action.save(update_fields=["done_on", "version"])
        audit_record(
            actor=actor,
            action="done",
            obj=action,
            before=before,
            after=snapshot(action, ["done_on", "version"]),
        )
    return action
