"""Every write to boards, phases, gateways, functions and arrangements, audited."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from devolution.core.errors import InvalidInput, NotAllowed, Problem, RuleViolation, StaleEdit
from devolution.core.models import Source, User
from devolution.core.services import LoadReport, audit_record, snapshot, upsert
from devolution.partners.access import memberships_of
from devolution.partners.models import Level, Organisation, Place

from .models import (
    Arrangement,
    Board,
    BoardChair,
    Function,
    GatewayCriterion,
    Phase,
    PhaseModel,
    PhaseMove,
    SeatRule,
)
from .rules.phases import CriterionFact, phase_move_verdict

MAY_MOVE_PHASES = frozenset({"secretariat", "chair"})


def _source(key: str) -> Source:
    source = Source.objects.filter(key=key).first()
    if source is None:
        raise InvalidInput(
            [Problem(f"unknown source {key!r}: load the places data set first", field="source")]
        )
    return source


def _org(key: str | None) -> Organisation | None:
    if not key:
        return None
    org = Organisation.objects.filter(key=key).first()
    if org is None:
        raise InvalidInput([Problem(f"unknown organisation {key!r}", field="organisation")])
    return org


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def governance_load(*, data: Mapping[str, Any], actor: User | None = None) -> LoadReport:
    """Load boards, phase models, gateways, functions and arrangements; idempotent.

    The places and partners data set must be loaded first: this one refers to its
    places, organisations and sources by key.
    """
    report = LoadReport()
    kw: dict[str, Any] = {"actor": actor, "report": report}
    with transaction.atomic():
        models: dict[str, PhaseModel] = {}
        phases: dict[tuple[str, str], Phase] = {}
        for pm in data["phase_models"]:
            models[pm["key"]] = model = upsert(
                PhaseModel,
                {"key": pm["key"]},
                {
                    "name": pm["name"],
                    "note": pm.get("note") or "",
                    "source": _source(pm["source"]),
                    "quote": pm.get("quote") or "",
                },
                {},
                what="phase models",
                **kw,
            )
            for order, ph in enumerate(pm["phases"], start=1):
                phases[(pm["key"], ph["key"])] = phase = upsert(
                    Phase,
                    {"model": model, "key": ph["key"]},
                    {
                        "name": ph["name"],
                        "order": ph.get("order") or order,
                        "powers": list(ph.get("powers") or []),
                        "description": ph.get("description") or "",
                        "note": ph.get("note") or "",
                        "source": _source(ph["source"]),
                        "quote": ph.get("quote") or "",
                    },
                    {},
                    what="phases",
                    **kw,
                )
                for n, c in enumerate(ph.get("gateway") or [], start=1):
                    existing = GatewayCriterion.objects.filter(phase=phase, key=c["key"]).first()
                    if existing is not None and existing.version > 1:
                        continue  # kept by people since: the data set does not overwrite it
                    upsert(
                        GatewayCriterion,
                        {"phase": phase, "key": c["key"]},
                        {
                            "order": n,
                            "text": c["text"],
                            "status": c["status"],
                            "status_text": c.get("status_text") or "",
                            "owner": c.get("owner") or "",
                            "evidence": c.get("evidence") or "",
                            "note": c.get("note") or "",
                            "external_event": bool(c.get("external_event")),
                            "source": _source(c["source"]),
                        },
                        {},
                        what="gateway criteria",
                        **kw,
                    )
        boards: dict[str, Board] = {}
        pending = list(data["boards"])
        while pending:
            ready = [b for b in pending if not b.get("reports_to") or b["reports_to"] in boards]
            if not ready:
                raise InvalidInput(
                    [Problem("the boards' reporting lines form a loop", field="boards")]
                )
            for b in ready:
                model_key = b.get("phase_model")
                boards[b["key"]] = board = upsert(
                    Board,
                    {"key": b["key"]},
                    {
                        "name": b["name"],
                        "short_name": b.get("short_name") or "",
                        "footprint": Place.objects.filter(code=b.get("footprint") or "").first(),
                        "reports_to": boards.get(b.get("reports_to") or ""),
                        "status": b.get("status") or "active",
                        "legal_form": b.get("legal_form") or "",
                        "cadence": b.get("cadence") or "",
                        "cadence_note": b.get("cadence_note") or "",
                        "phase_model": models.get(model_key or ""),
                        "terms_of_reference": list(b.get("terms_of_reference") or []),
                        "note": b.get("note") or "",
                        "source": _source(b["source"]),
                        "quote": b.get("quote") or "",
                    },
                    {},
                    what="boards",
                    **kw,
                )
                _load_board_parts(board, b, phases, kw)
            pending = [b for b in pending if b not in ready]
        functions = {}
        for f in data["functions"]:
            functions[f["key"]] = upsert(
                Function,
                {"key": f["key"]},
                {
                    "name": f["name"],
                    "original_holder_type": f.get("original_holder_type") or "",
                    "original_holder": _org(f.get("original_holder")),
                    "legal_basis": f.get("legal_basis") or "",
                    "budget_amount": _decimal(f.get("budget_amount")),
                    "budget_note": f.get("budget_note") or "",
                    "delegable": f.get("delegable"),
                    "note": f.get("note") or "",
                    "source": _source(f["source"]),
                    "quote": f.get("quote") or "",
                },
                {},
                what="functions",
                **kw,
            )
        for a in data["arrangements"]:
            upsert(
                Arrangement,
                {"key": a["key"]},
                {
                    "function": functions[a["function"]],
                    "from_organisation": _org(a.get("from_organisation")),
                    "to_organisation_types": list(a.get("to_organisation_types") or []),
                    "to_board": boards.get(a.get("to_board") or ""),
                    "form": a.get("form") or "",
                    "spectrum_step": a.get("spectrum_step") or "",
                    "status": a["status"],
                    "level": Level.objects.filter(key=a.get("level") or "").first(),
                    "note": a.get("note") or "",
                    "source": _source(a["source"]),
                    "quote": a.get("quote") or "",
                },
                {"to_organisations": [o for o in map(_org, a.get("to_organisations") or []) if o]},
                what="arrangements",
                **kw,
            )
    return report


def _load_board_parts(
    board: Board, b: Mapping[str, Any], phases: dict[tuple[str, str], Phase], kw: dict[str, Any]
) -> None:
    for n, chair in enumerate(b.get("chairs") or []):
        upsert(
            BoardChair,
            {"board": board, "title": chair["title"]},
            {"organisation": _org(chair.get("organisation")), "role": chair["role"]},
            {},
            what="chairs",
            **kw,
        )
        del n
    for n, seat in enumerate(b.get("seats") or [], start=1):
        upsert(
            SeatRule,
            {"board": board, "label": seat["label"]},
            {
                "order": n,
                "count": seat.get("count"),
                "organisation_types": list(seat.get("organisation_types") or []),
                "organisation": _org(seat.get("organisation")),
                "per_level": Level.objects.filter(key=seat.get("per_level") or "").first(),
                "note": seat.get("note") or "",
                "source": _source(seat["source"]),
                "quote": seat.get("quote") or "",
            },
            {},
            what="seat rules",
            **kw,
        )
    model_key: str = b.get("phase_model") or ""
    previous = None
    for move in b.get("phase_history") or []:
        phase = phases[(model_key, move["phase"])]
        if not PhaseMove.objects.filter(
            board=board, to_phase=phase, resolution_date=move["date"]
        ).exists():
            upsert(
                PhaseMove,
                {"board": board, "to_phase": phase, "resolution_date": move["date"]},
                {
                    "from_phase": previous,
                    "direction": PhaseMove.Direction.INITIAL
                    if previous is None
                    else PhaseMove.Direction.FORWARD,
                    "date_precision": move.get("date_precision") or "day",
                    "resolution": move["resolution"],
                    "source": _source(move["source"]),
                    "quote": move.get("quote") or "",
                },
                {},
                what="phase moves",
                **kw,
            )
        previous = phase
    if model_key and b.get("current_phase") and board.current_phase_id is None:
        board.current_phase = phases[(model_key, b["current_phase"])]
        board.save(update_fields=["current_phase"])


def board_move_phase(
    *,
    actor: User,
    board_key: str,
    to_phase: str,
    resolution_date: dt.date,
    resolution: str,
    version: int | None = None,
) -> PhaseMove:
    """Record a board's move to another phase, by resolution (SPEC §4).

    Only a secretariat officer or a chair may record it; forward one phase at a time and
    only when every criterion of its gateway is met; back at any time.
    """
    roles = {m.role for m in memberships_of(actor)}
    if not roles & MAY_MOVE_PHASES:
        raise NotAllowed("Only a secretariat officer or a chair may record a move between phases.")
    problems = []
    if not (resolution or "").strip():
        problems.append(
            Problem(
                "give the resolution that decided the move (its reference and what was resolved)",
                field="resolution",
            )
        )
    if resolution_date is None:
        problems.append(Problem("give the date of the resolution", field="resolution_date"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        board = Board.objects.select_for_update().filter(key=board_key).first()
        if board is None:
            raise InvalidInput([Problem(f"no board {board_key!r}", field="board")])
        if version is not None and board.version != version:
            raise StaleEdit(
                f"{board.name} was changed by someone else. Nothing was saved: "
                "reload the page and try again."
            )
        if board.phase_model_id is None:
            raise RuleViolation(
                "GOV-PHASE-NO-MODEL", f"{board.name} has no phase model.", "SPEC §4"
            )
        target = Phase.objects.filter(model_id=board.phase_model_id, key=to_phase).first()
        if target is None:
            raise InvalidInput(
                [Problem(f"{board.name} has no phase {to_phase!r}", field="to_phase")]
            )
        current = board.current_phase
        gateway = tuple(
            CriterionFact(c.key, c.text, c.status)
            for c in GatewayCriterion.objects.filter(phase=target)
        )
        verdict = phase_move_verdict(current.order if current else None, target.order, gateway)
        if not verdict.allowed:
            reason = verdict.reasons[0]
            raise RuleViolation(reason.rule_id, reason.message, reason.source, field="to_phase")
        before = snapshot(board, ["current_phase", "version"])
        move = PhaseMove.objects.create(
            board=board,
            from_phase=current,
            to_phase=target,
            direction=PhaseMove.Direction.BACK
            if current and target.order < current.order
            else PhaseMove.Direction.FORWARD,
            resolution_date=resolution_date,
            resolution=resolution.strip(),
            recorded_by=actor,
        )
        board.current_phase = target
        board.version += 1
        board.save(update_fields=["current_phase", "version"])
        audit_record(
            actor=actor,
            action="move_phase",
            obj=board,
            before=before,
            after={
                **snapshot(board, ["current_phase", "version"]),
                "resolution": move.resolution,
                "resolution_date": resolution_date.isoformat(),
            },
        )
    return move


CRITERION_EDITABLE = ("status", "owner", "evidence", "note")


def criterion_update(
    *, actor: User, criterion_id: int, version: int, data: Mapping[str, str]
) -> GatewayCriterion:
    """The secretariat keeps the gateway criteria: status, owner, evidence and note."""
    roles = {m.role for m in memberships_of(actor)}
    if not roles & MAY_MOVE_PHASES:
        raise NotAllowed("Only a secretariat officer or a chair may update gateway criteria.")
    unknown = sorted(set(data) - set(CRITERION_EDITABLE))
    if unknown:
        raise InvalidInput([Problem("this field cannot be changed here", field=f) for f in unknown])
    if "status" in data and data["status"] not in GatewayCriterion.Status.values:
        raise InvalidInput([Problem("status must be not started, ongoing or met", field="status")])
    with transaction.atomic():
        criterion = GatewayCriterion.objects.select_for_update().get(pk=criterion_id)
        if criterion.version != version:
            raise StaleEdit(
                "This criterion was changed by someone else. Nothing was saved: "
                "reload the page and try again."
            )
        before = snapshot(criterion, list(data))
        for name, value in data.items():
            setattr(criterion, name, (value or "").strip())
        criterion.version += 1
        criterion.save()
        audit_record(
            actor=actor,
            action="update",
            obj=criterion,
            before=before,
            after=snapshot(criterion, list(data)),
        )
    return criterion


def london_load(actor: User | None = None) -> LoadReport:
    """London's boards, phases, gateways, functions and arrangements."""
    from .legal import governance_data

    return governance_load(data=governance_data(), actor=actor)
