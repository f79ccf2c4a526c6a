"""Every write to commitments, milestones, progress and work programmes, audited."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from devolution.core.errors import InvalidInput, Problem, StaleEdit
from devolution.core.models import Source, User
from devolution.core.rules import Verdict
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Organisation
from devolution.partners.rules import may_keep_registers

from . import actions
from .models import (
    Commitment,
    Milestone,
    PlannedMeeting,
    ProgressUpdate,
    StatusChange,
    WorkItem,
)
from .rules.access import acting_for, may_update_commitment

# --- Commitments, milestones and progress: one service per kind of change, for pages, API
# and import alike. Each locks the row it changes and checks access, versions and input
# under that lock, in the transaction that writes and audits.

UPDATE_FIELDS = ("progress_to_date", "next_steps", "challenges")
RATING_FIELDS = ("status", "rag")
# What the register keeps about a commitment, besides its reference and rating.
REGISTER_FIELDS = ("text", "theme", "lead_owner", "board", "level", "kind", "note", "source")
MILESTONE_FIELDS = ("due", "completed_on", "status", "source")


def _owner_ids(commitment: Commitment) -> frozenset[int]:
    """The lead owner and supporting partners (one query, or none after a prefetch)."""
    ids = {o.pk for o in commitment.supporting.all()}
    if commitment.lead_owner_id:
        ids.add(commitment.lead_owner_id)
    return frozenset(ids)


def commitment_may_update(actor: User | None, commitment: Commitment) -> Verdict:
    """Whether the person may post progress on the commitment and keep its milestones: the
    one rule for the services to enforce and for pages to offer or refuse the form."""
    return may_update_commitment(memberships_of(actor), _owner_ids(commitment))


def commitment_enforce_may_update(*, actor: User | None, commitment: Commitment) -> None:
    """Refuse (403) a person who may not change the commitment: a page refuses them so
    before reading what they sent, the services before anything else."""
    enforce(commitment_may_update(actor, commitment))


def _locked_commitment(reference: str) -> Commitment:
    """The commitment, its row locked until the transaction ends (no join: PostgreSQL
    refuses to lock across an outer join)."""
    commitment = Commitment.objects.select_for_update().filter(reference=reference).first()
    if commitment is None:
        raise InvalidInput([Problem(f"no commitment {reference!r}", field="reference")])
    return commitment


def _rating_words(commitment: Commitment) -> str:
    status = Commitment.Status(commitment.status).label if commitment.status else "no status"
    rag = Commitment.Rag(commitment.rag).label if commitment.rag else "no rating"
    return f"{str(status).lower()}, {str(rag).lower()}"


def _check_version(commitment: Commitment, version: int | None) -> None:
    """A change of status or rating is made from the version the person saw: if someone
    changed the commitment since, nothing is saved and they are told (QUALITY R2)."""
    if version is None:
        raise InvalidInput(
            [
                Problem(
                    "give the version of the commitment you are rating, so that a rating "
                    "made meanwhile by someone else is not overwritten",
                    field="version",
                )
            ]
        )
    if commitment.version != version:
        raise StaleEdit(
            f"{commitment.reference} was changed by someone else while you were writing (it "
            f"is now {_rating_words(commitment)}). Nothing was saved: look at it again, then "
            "post your update."
        )


def _record_rating(
    *, actor: User | None, commitment: Commitment, before: Mapping[str, Any]
) -> None:
    """A new status or rating goes into the commitment's history, audited."""
    StatusChange.objects.create(
        commitment=commitment,
        at=timezone.now(),
        status=commitment.status,
        rag=commitment.rag,
        status_before=before["status"],
        rag_before=before["rag"],
        by=actor if actor is not None and actor.pk else None,
    )
    audit_record(
        actor=actor,
        action=actions.COMMITMENT_RATE,
        obj=commitment,
        before={k: before[k] for k in (*RATING_FIELDS, "version")},
        after=snapshot(commitment, [*RATING_FIELDS, "version"]),
    )


def progress_update_post(
    *,
    actor: User | None,
    reference: str,
    date: dt.date | None,
    data: Mapping[str, str],
    status: str | None = None,
    rag: str | None = None,
    version: int | None = None,
    source: Source | None = None,
) -> ProgressUpdate:
    """A commitment's owner (or the secretariat) posts progress: always a new update,
    never overwriting an earlier one; a new status or rating, given with the version of
    the commitment it was chosen from, goes into the history.

    `actor` None is the system (the `import` command, whose caller keeps the registers).
    """
    with transaction.atomic():
        commitment = _locked_commitment(reference)
        if actor is not None:
            commitment_enforce_may_update(actor=actor, commitment=commitment)
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
        if status or rag:
            _check_version(commitment, version)
        acting = acting_for(memberships_of(actor), _owner_ids(commitment), commitment.lead_owner_id)
        update = ProgressUpdate.objects.create(
            commitment=commitment,
            date=date or today,
            author=actor if actor is not None and actor.pk else None,
            author_organisation_id=acting[0] if acting else None,
            source=source,
            **{f: (data.get(f) or "").strip() for f in UPDATE_FIELDS},
        )
        audit_record(
            actor=actor,
            action=actions.PROGRESS_UPDATE_POST,
            obj=update,
            before=None,
            after=snapshot(update, ["commitment", "date", *UPDATE_FIELDS, "source"]),
        )
        if (status and status != commitment.status) or (rag and rag != commitment.rag):
            before = snapshot(commitment, [*RATING_FIELDS, "version"])
            commitment.status = status or commitment.status
            commitment.rag = rag or commitment.rag
            commitment.version += 1
            commitment.save(update_fields=[*RATING_FIELDS, "version"])
            _record_rating(actor=actor, commitment=commitment, before=before)
    return update


def _full_clean(obj: Commitment | Milestone, fields: list[str]) -> None:
    try:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise InvalidInput(
            [
                Problem(" ".join(messages), field=name)
                for name, messages in exc.message_dict.items()
                if name in fields or name == NON_FIELD_ERRORS
            ]
            or [Problem("; ".join(exc.messages))]
        ) from exc


def commitment_create(
    *,
    actor: User | None,
    reference: str,
    values: Mapping[str, Any],
    supporting: Iterable[Organisation] = (),
) -> Commitment:
    """The secretariat records a new commitment, with its rating if it has one (which
    starts its history). `values` are fields of REGISTER_FIELDS and RATING_FIELDS."""
    if actor is not None:
        enforce(may_keep_registers(memberships_of(actor)))
    unknown = sorted(set(values) - {*REGISTER_FIELDS, *RATING_FIELDS})
    if unknown:
        raise InvalidInput([Problem("this field cannot be set here", field=f) for f in unknown])
    with transaction.atomic():
        commitment = Commitment(reference=reference, **values)
        _full_clean(commitment, ["reference", *values])
        try:
            # A savepoint, so a reference taken meanwhile is a refusal, not a broken
            # transaction.
            with transaction.atomic():
                commitment.save()
        except IntegrityError as exc:
            raise StaleEdit(
                f"A commitment {reference} was recorded by someone else meanwhile. Nothing "
                "was saved: look at it, then try again."
            ) from exc
        commitment.supporting.set(list(supporting))
        audit_record(
            actor=actor,
            action=actions.COMMITMENT_CREATE,
            obj=commitment,
            before=None,
            after={
                **snapshot(commitment, ["reference", *REGISTER_FIELDS, *RATING_FIELDS]),
                "supporting": sorted(o.pk for o in commitment.supporting.all()),
            },
        )
        if commitment.status or commitment.rag:
            StatusChange.objects.create(
                commitment=commitment,
                at=timezone.now(),
                status=commitment.status,
                rag=commitment.rag,
                # Before it was recorded it held nothing.
                status_before="",
                rag_before="",
                by=actor if actor is not None and actor.pk else None,
            )
    return commitment


def commitment_change(
    *,
    actor: User | None,
    reference: str,
    version: int,
    values: Mapping[str, Any],
    supporting: Iterable[Organisation] | None = None,
) -> Commitment:
    """The secretariat changes what the register keeps about a commitment (and its
    rating, which goes into its history), from the version they saw. `supporting` None
    leaves the supporting partners as they are."""
    if actor is not None:
        enforce(may_keep_registers(memberships_of(actor)))
    unknown = sorted(set(values) - {*REGISTER_FIELDS, *RATING_FIELDS})
    if unknown:
        raise InvalidInput([Problem("this field cannot be changed here", field=f) for f in unknown])
    with transaction.atomic():
        commitment = _locked_commitment(reference)
        if commitment.version != version:
            raise StaleEdit(
                f"{commitment.reference} was changed by someone else meanwhile. Nothing was "
                "saved: look at it again, then make your change."
            )
        register = [f for f in values if f in REGISTER_FIELDS]
        before = {
            **snapshot(commitment, [*register, *RATING_FIELDS, "version"]),
            "supporting": sorted(o.pk for o in commitment.supporting.all()),
        }
        for name, value in values.items():
            setattr(commitment, name, value)
        _full_clean(commitment, list(values))
        wanted = sorted(o.pk for o in supporting) if supporting is not None else None
        register_changed = snapshot(commitment, register) != {k: before[k] for k in register} or (
            wanted is not None and wanted != before["supporting"]
        )
        rated = snapshot(commitment, list(RATING_FIELDS)) != {k: before[k] for k in RATING_FIELDS}
        if not register_changed and not rated:
            return commitment
        commitment.version += 1
        commitment.save()
        if supporting is not None:
            commitment.supporting.set(list(supporting))
        if register_changed:
            audit_record(
                actor=actor,
                action=actions.COMMITMENT_CHANGE,
                obj=commitment,
                before={k: before[k] for k in (*register, "supporting", "version")},
                after={
                    **snapshot(commitment, [*register, "version"]),
                    "supporting": wanted if wanted is not None else before["supporting"],
                },
            )
        if rated:
            _record_rating(actor=actor, commitment=commitment, before=before)
    return commitment


def milestone_create(
    *, actor: User | None, reference: str, title: str, values: Mapping[str, Any]
) -> Milestone:
    """A commitment's owners (or the secretariat) add a milestone to it."""
    unknown = sorted(set(values) - set(MILESTONE_FIELDS))
    if unknown:
        raise InvalidInput([Problem("this field cannot be set here", field=f) for f in unknown])
    with transaction.atomic():
        commitment = _locked_commitment(reference)
        if actor is not None:
            commitment_enforce_may_update(actor=actor, commitment=commitment)
        if Milestone.objects.filter(commitment=commitment, title=title).exists():
            raise InvalidInput(
                [Problem(f"{reference} has a milestone of this title already", field="title")]
            )
        milestone = Milestone(commitment=commitment, title=title, **values)
        _full_clean(milestone, ["title", *values])
        milestone.save()
        audit_record(
            actor=actor,
            action=actions.MILESTONE_CREATE,
            obj=milestone,
            before=None,
            after=snapshot(milestone, ["commitment", "title", *MILESTONE_FIELDS]),
        )
    return milestone


def _milestone_write(
    *,
    actor: User | None,
    milestone_id: int,
    version: int,
    values: Mapping[str, Any],
    action: str,
) -> Milestone:
    unknown = sorted(set(values) - set(MILESTONE_FIELDS))
    if unknown:
        raise InvalidInput([Problem("this field cannot be changed here", field=f) for f in unknown])
    with transaction.atomic():
        reference = (
            Milestone.objects.filter(pk=milestone_id)
            .values_list("commitment__reference", flat=True)
            .first()
        )
        if reference is None:
            raise InvalidInput([Problem("no such milestone", field="milestone")])
        # The commitment's row first, then the milestone's: every writer locks in this
        # order (an import holds the whole register), so none waits on another in a circle.
        commitment = _locked_commitment(reference)
        milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
        if actor is not None:
            commitment_enforce_may_update(actor=actor, commitment=commitment)
        if milestone.version != version:
            raise StaleEdit("This milestone was changed by someone else. Nothing was saved.")
        completed_on = values.get("completed_on")
        if completed_on is not None and completed_on > timezone.localdate():
            raise InvalidInput(
                [
                    Problem(
                        "a milestone cannot be completed on a day still to come",
                        field="completed_on",
                    )
                ]
            )
        fields = list(values)
        before = snapshot(milestone, [*fields, "version"])
        for name, value in values.items():
            setattr(milestone, name, value)
        _full_clean(milestone, fields)
        milestone.version += 1
        milestone.save(update_fields=[*fields, "version"])
        audit_record(
            actor=actor,
            action=action,
            obj=milestone,
            before=before,
            after=snapshot(milestone, [*fields, "version"]),
        )
    return milestone


def milestone_change(
    *, actor: User | None, milestone_id: int, version: int, values: Mapping[str, Any]
) -> Milestone:
    """The owners (or the secretariat) change a milestone's dates, status or source, from
    the version they saw."""
    return _milestone_write(
        actor=actor,
        milestone_id=milestone_id,
        version=version,
        values=values,
        action=actions.MILESTONE_CHANGE,
    )


def milestone_complete(
    *, actor: User, milestone_id: int, version: int, completed_on: dt.date
) -> Milestone:
    """The owners (or the secretariat) mark a milestone complete, from the version they
    saw, on a day that has come."""
    return _milestone_write(
        actor=actor,
        milestone_id=milestone_id,
        version=version,
        values={"completed_on": completed_on, "status": Milestone.Status.COMPLETE},
        action=actions.MILESTONE_COMPLETE,
    )


# --- Work programme: items of past meetings are taken or carried forward (SPEC §7) ------


def work_item_settle(*, actor: User, reference: str, version: int, outcome: str) -> WorkItem:
    """Record that a planned item was taken at its meeting, or carry it forward to the
    plan's next meeting (a new item linked to the one it carries)."""
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
                action=actions.WORK_ITEM_CARRY_FORWARD,
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
            action=actions.WORK_ITEM_DONE if outcome == "done" else actions.WORK_ITEM_CARRY_FORWARD,
            obj=item,
            before=before,
            after=snapshot(item, ["status", "version"]),
        )
    return carried or item
