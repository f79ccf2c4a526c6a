"""Every write to commitments, milestones, progress and work programmes, audited."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from devolution.core.errors import InvalidInput, Problem, StaleEdit
from devolution.core.models import Source, User
from devolution.core.services import LoadReport, audit_record, snapshot, upsert
from devolution.governance.models import Board, GatewayCriterion, Phase
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Level, Organisation

from .models import (
    Commitment,
    Dependency,
    Event,
    ImplementationPlan,
    Milestone,
    PlannedMeeting,
    ProgressUpdate,
    StatusChange,
    Theme,
    WorkItem,
    WorkProgramme,
)
from .rules.access import may_update_commitment


def _get(model: Any, field: str, key: str | None, what: str) -> Any:
    if not key:
        return None
    obj = model.objects.filter(**{field: key}).first()
    if obj is None:
        raise InvalidInput([Problem(f"unknown {what} {key!r}", field=what)])
    return obj


def commitments_load(*, data: Mapping[str, Any], actor: User | None = None) -> LoadReport:
    """Load events, themes, commitments (with dependencies and milestones), progress
    updates, implementation plans and work programmes. Idempotent."""
    report = LoadReport()
    kw: dict[str, Any] = {"actor": actor, "report": report}

    def source(key: str | None) -> Source | None:
        return _get(Source, "key", key, "source")

    with transaction.atomic():
        events = {}
        for e in data.get("events") or []:
            events[e["key"]] = upsert(
                Event,
                {"key": e["key"]},
                {
                    "name": e["name"],
                    "date": e.get("date"),
                    "date_precision": e.get("date_precision") or "",
                    "note": e.get("note") or "",
                    "source": source(e["source"]),
                    "quote": e.get("quote") or "",
                },
                {},
                what="events",
                **kw,
            )
        themes: dict[str, Theme] = {}
        pending = list(data.get("themes") or [])
        while pending:
            ready = [t for t in pending if not t.get("parent") or t["parent"] in themes]
            if not ready:
                raise InvalidInput([Problem("themes' parents form a loop", field="themes")])
            for t in ready:
                themes[t["key"]] = upsert(
                    Theme,
                    {"key": t["key"]},
                    {
                        "name": t["name"],
                        "order": t.get("order") or 0,
                        "parent": themes.get(t.get("parent") or ""),
                        "note": t.get("note") or "",
                        "source": source(t["source"]),
                        "quote": t.get("quote") or "",
                    },
                    {},
                    what="themes",
                    **kw,
                )
            pending = [t for t in pending if t not in ready]
        commitments: dict[str, Commitment] = {}
        for c in data.get("commitments") or []:
            commitments[c["reference"]] = upsert(
                Commitment,
                {"reference": c["reference"]},
                {
                    "text": c["text"],
                    "theme": themes.get(c.get("theme") or ""),
                    "lead_owner": _get(Organisation, "key", c.get("lead_owner"), "organisation"),
                    "board": _get(Board, "key", c.get("board"), "board"),
                    "level": _get(Level, "key", c.get("level"), "level"),
                    "kind": c.get("kind") or "",
                    "status": c.get("status") or "",
                    "rag": c.get("rag") or "",
                    "note": c.get("note") or "",
                    "source": source(c["source"]),
                    "quote": c.get("quote") or "",
                },
                {
                    "supporting": [
                        _get(Organisation, "key", k, "organisation")
                        for k in c.get("supporting") or []
                    ]
                },
                what="commitments",
                **kw,
            )
        for c in data.get("commitments") or []:
            commitment = commitments[c["reference"]]
            for n, d in enumerate(c.get("dependencies") or []):
                board = _get(Board, "key", d.get("board"), "board")
                upsert(
                    Dependency,
                    {"commitment": commitment, "quote": d.get("quote") or str(n)},
                    {
                        "kind": d["kind"],
                        "on_commitment": commitments.get(d.get("reference") or ""),
                        "board": board,
                        "phase": Phase.objects.filter(
                            model=board.phase_model, key=d["phase"]
                        ).first()
                        if board and d.get("phase")
                        else None,
                        "event": events.get(d.get("event") or ""),
                        "note": d.get("note") or "",
                    },
                    {},
                    what="dependencies",
                    **kw,
                )
            for m in c.get("milestones") or []:
                upsert(
                    Milestone,
                    {"commitment": commitment, "title": m["title"]},
                    {
                        "due": m.get("due"),
                        "date_precision": m.get("date_precision") or "day",
                        "status": m.get("status") or "",
                        "note": m.get("note") or "",
                        "source": source(m.get("source")),
                        "quote": m.get("quote") or "",
                    },
                    {},
                    what="milestones",
                    **kw,
                )
        for u in data.get("progress_updates") or []:
            upsert(
                ProgressUpdate,
                {
                    "commitment": commitments[u["commitment"]],
                    "date": u["date"],
                    "source": source(u.get("source")),
                },
                {
                    "author_organisation": _get(
                        Organisation, "key", u.get("author_organisation"), "organisation"
                    ),
                    "progress_to_date": u["progress_to_date"],
                    "next_steps": u.get("next_steps") or "",
                    "challenges": u.get("challenges") or "",
                },
                {},
                what="progress updates",
                **kw,
            )
        for p in data.get("implementation_plans") or []:
            upsert(
                ImplementationPlan,
                {"reference": p["reference"]},
                {
                    "theme": themes[p["theme"]],
                    "name": p["name"],
                    "board": _get(Board, "key", p.get("board"), "board"),
                    "proposed_on": p.get("proposed_on"),
                    "agreed_on": p.get("agreed_on"),
                    "note": p.get("note") or "",
                    "source": source(p["source"]),
                    "quote": p.get("quote") or "",
                },
                {
                    "owners": [
                        _get(Organisation, "key", k, "organisation") for k in p.get("owners") or []
                    ]
                },
                what="implementation plans",
                **kw,
            )
        for w in data.get("work_programme") or []:
            board = _get(Board, "key", w["board"], "board")
            programme = upsert(
                WorkProgramme,
                {"board": board},
                {
                    "presented_to": _get(Board, "key", w.get("presented_to"), "board"),
                    "presented_on": w.get("presented_on"),
                    "areas": list(w.get("areas") or []),
                    "note": w.get("note") or "",
                    "source": source(w["source"]),
                    "quote": w.get("quote") or "",
                },
                {},
                what="work programmes",
                **kw,
            )
            meetings = {}
            for m in w.get("meetings") or []:
                meetings[m["key"]] = upsert(
                    PlannedMeeting,
                    {"programme": programme, "key": m["key"]},
                    {
                        "label": m["label"],
                        "date": m["date"],
                        "date_precision": m.get("date_precision") or "day",
                    },
                    {},
                    what="planned meetings",
                    **kw,
                )
            for i in w.get("items") or []:
                link = _get(Board, "key", i.get("board_link"), "board")
                criterion = None
                if i.get("gateway_criterion"):
                    criterion = GatewayCriterion.objects.filter(key=i["gateway_criterion"]).first()
                existing = WorkItem.objects.filter(reference=i["reference"]).first()
                if existing is not None and existing.version > 1:
                    continue  # kept by people since: the data set does not overwrite it
                upsert(
                    WorkItem,
                    {"reference": i["reference"]},
                    {
                        "programme": programme,
                        "meeting": meetings[i["meeting"]],
                        "area": i["area"],
                        "theme": themes.get(i.get("theme") or ""),
                        "title": i["title"],
                        "kind": i.get("kind") or "",
                        "board_link": link,
                        "commitment": commitments.get(i.get("commitment") or ""),
                        "gateway_criterion": criterion,
                        "phase": Phase.objects.filter(
                            model=link.phase_model, key=i["phase"]
                        ).first()
                        if link and i.get("phase")
                        else None,
                        "note": i.get("note") or "",
                        "source": source(i.get("source")),
                        "quote": i.get("quote") or "",
                    },
                    {},
                    what="work items",
                    **kw,
                )
    return report


def london_load(actor: User | None = None) -> LoadReport:
    """London's MoU commitments, progress and the SPB's work programme."""
    from pathlib import Path

    import yaml

    path = Path(__file__).parent / "data" / "london.yaml"
    return commitments_load(data=yaml.safe_load(path.read_text(encoding="utf-8")), actor=actor)


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
