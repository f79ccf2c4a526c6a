"""Every write to commitments, milestones, progress and work programmes, audited."""

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from devolution.core.errors import InvalidInput, Problem, StaleEdit
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of

from .models import (
    Commitment,
    Milestone,
    PlannedMeeting,
    ProgressUpdate,
    StatusChange,
    WorkItem,
)
from .rules.access import may_update_commitment


def _owner_ids(commitment: Commitment) -> frozenset[int]:
    ids = {o.pk for o in commitment.supporting.all()}
    if commitment.lead_owner_id:
        ids.add(commitment.lead_owner_id)
    return frozenset(ids)


UPDATE_FIELDS = ("progress_to_date", "next_steps", "challenges")


def progress_update_post(
    *,
    actor: User,
    reference: str,
    date: dt.date | None,
    data: Mapping[str, str],
    status: str | None = None,
    rag: str | None = None,
) -> ProgressUpdate:
    """A commitment's owner (or the secretariat) posts progress: always a new update,
    never overwriting an earlier one; a new status or rating goes into the history."""
    commitment = Commitment.objects.filter(reference=reference).first()
    if commitment is None:
        raise InvalidInput([Problem(f"no commitment {reference!r}", field="reference")])
    enforce(may_update_commitment(memberships_of(actor), _owner_ids(commitment)))
    problems = []
    if not (data.get("progress_to_date") or "").strip():
        problems.append(
            Problem("say what progress has been made to date", field="progress_to_date")
        )
    if status and status not in Commitment.Status.values:
        problems.append(
            Problem("status must be not started, ongoing, complete or blocked", field="status")
        )
    if rag and rag not in Commitment.Rag.values:
        problems.append(Problem("rating must be red, amber or green", field="rag"))
    today = timezone.localdate()
    if date and date > today:
        problems.append(Problem("the date of an update cannot be in the future", field="date"))
    if problems:
        raise InvalidInput(problems)
    own = [
        m.organisation_id
        for m in memberships_of(actor)
        if m.organisation_id in _owner_ids(commitment)
    ]
    with transaction.atomic():
        update = ProgressUpdate.objects.create(
            commitment=commitment,
            date=date or today,
            author=actor,
            author_organisation_id=own[0] if own else None,
            **{f: (data.get(f) or "").strip() for f in UPDATE_FIELDS},
        )
        audit_record(
            actor=actor,
            action="post_update",
            obj=update,
            before=None,
            after=snapshot(update, ["commitment", "date", *UPDATE_FIELDS]),
        )
        if (status and status != commitment.status) or (rag and rag != commitment.rag):
            before = snapshot(commitment, ["status", "rag", "version"])
            commitment.status = status or commitment.status
            commitment.rag = rag or commitment.rag
            commitment.version += 1
            commitment.save(update_fields=["status", "rag", "version"])
            StatusChange.objects.create(
                commitment=commitment,
                at=timezone.now(),
                status=commitment.status,
                rag=commitment.rag,
                by=actor,
            )
            audit_record(
                actor=actor,
                action="rate",
                obj=commitment,
                before=before,
                after=snapshot(commitment, ["status", "rag", "version"]),
            )
    return update


def milestone_complete(
    *, actor: User, milestone_id: int, version: int, completed_on: dt.date
) -> Milestone:
    milestone = Milestone.objects.select_related("commitment").filter(pk=milestone_id).first()
    if milestone is None:
        raise InvalidInput([Problem("no such milestone", field="milestone")])
    enforce(may_update_commitment(memberships_of(actor), _owner_ids(milestone.commitment)))
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
        if milestone.version != version:
            raise StaleEdit("This milestone was changed by someone else. Nothing was saved.")
        before = snapshot(milestone, ["completed_on", "version"])
        milestone.completed_on = completed_on
        milestone.version += 1
        milestone.save(update_fields=["completed_on", "version"])
        audit_record(
            actor=actor,
            action="complete",
            obj=milestone,
            before=before,
            after=snapshot(milestone, ["completed_on", "version"]),
        )
    return milestone


# --- Work programme: items of past meetings are taken or carried forward (SPEC §7) ------


def work_item_settle(*, actor: User, reference: str, version: int, outcome: str) -> WorkItem:
    """Record that a planned item was taken at its meeting, or carry it forward to the
    plan's next meeting (a new item linked to the one it carries)."""
    from devolution.partners.rules import may_keep_registers

    enforce(may_keep_registers(memberships_of(actor)))
    if outcome not in ("done", "carry_forward"):
        raise InvalidInput(
            [Problem("say whether the item was taken or is carried forward", field="outcome")]
        )
    with transaction.atomic():
        item = (
            WorkItem.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .filter(reference=reference)
            .first()
        )
        if item is None:
            raise InvalidInput(
                [Problem(f"no work programme item {reference!r}", field="reference")]
            )
        if item.version != version:
            raise StaleEdit(
                "This item was changed by someone else. Nothing was saved: "
                "reload the page and try again."
            )
        if item.status != WorkItem.Status.PLANNED:
            raise InvalidInput([Problem("this item is already settled", field="outcome")])
        before = snapshot(item, ["status", "version"])
        carried = None
        if outcome == "carry_forward":
            target = (
                PlannedMeeting.objects.filter(
                    programme_id=item.programme_id, date__gt=item.meeting.date
                )
                .order_by("date")
                .first()
            )
            if target is None:
                raise InvalidInput(
                    [
                        Problem(
                            "the plan has no later meeting to carry it to: "
                            "add the next meeting first",
                            field="outcome",
                        )
                    ]
                )
            n = WorkItem.objects.filter(reference__startswith=f"{item.reference}-CF").count() + 1
            carried = WorkItem.objects.create(
                programme_id=item.programme_id,
                reference=f"{item.reference}-CF{n}",
                meeting=target,
                area=item.area,
                theme=item.theme,
                title=item.title,
                kind=item.kind,
                board_link=item.board_link,
                commitment=item.commitment,
                gateway_criterion=item.gateway_criterion,
                phase=item.phase,
                carried_from=item,
                note=f"Carried forward from {item.meeting.label}.",
                source=item.source,
                quote=item.quote,
            )
            audit_record(
                actor=actor,
                action="carry_forward",
                obj=carried,
                before=None,
                after=snapshot(carried, ["reference", "meeting", "carried_from"]),
            )
            item.status = WorkItem.Status.CARRIED_FORWARD
        else:
            item.status = WorkItem.Status.DONE
        item.version += 1
        item.save(update_fields=["status", "version"])
        audit_record(
            actor=actor,
            action=outcome,
            obj=item,
            before=before,
            after=snapshot(item, ["status", "version"]),
        )
    return carried or item
