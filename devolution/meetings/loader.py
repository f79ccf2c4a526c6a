"""London's meetings and decisions as the seeds record them (loaded by load-london)."""

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from devolution.commitments.models import Commitment
from devolution.core.models import Source, User
from devolution.core.services import LoadReport, upsert
from devolution.governance.models import Board, Function, Phase

from .models import AgendaItem, Decision, Meeting, Paper

DATA = Path(__file__).parent / "data" / "london.yaml"


def meetings_load(*, data: dict[str, Any], actor: User | None = None) -> LoadReport:
    """Idempotent. Historical decisions are recorded as the seeds give them (outcome and
    source); their phase moves are already in the boards' histories."""
    report = LoadReport()
    kw: dict[str, Any] = {"actor": actor, "report": report}
    sources = {s.key: s for s in Source.objects.all()}
    with transaction.atomic():
        for m in data.get("meetings") or []:
            board = Board.objects.get(key=m["board"])
            meeting = upsert(
                Meeting,
                {"key": m["key"]},
                {
                    "board": board,
                    "date": m["date"],
                    "date_precision": m.get("date_precision") or "day",
                    "place": m.get("place") or "",
                    "status": m["status"],
                    "note": m.get("note") or "",
                    "source": sources.get(m.get("source") or ""),
                    "quote": m.get("quote") or "",
                },
                {},
                what="meetings",
                **kw,
            )
            for order, i in enumerate(m.get("items") or [], start=1):
                move = i.get("gateway_move") or {}
                phase = None
                if move.get("to_phase"):
                    phase = Phase.objects.filter(
                        model__boards__key=move["board"], key=move["to_phase"]
                    ).first()
                decision = i.get("decision") or {}
                item = upsert(
                    AgendaItem,
                    {"meeting": meeting, "key": i["key"]},
                    {
                        "order": order,
                        "title": i["title"],
                        "purpose": i.get("purpose") or "",
                        "recommendation": decision.get("asked") or "",
                        "note": i.get("note") or "",
                        "presenter": i.get("presenter") or "",
                        "public": i.get("public", True) is not False,
                        "function": Function.objects.filter(
                            key=decision.get("function") or ""
                        ).first(),
                        "gateway_phase": phase,
                        "source": sources.get(i.get("source") or ""),
                        "quote": i.get("quote") or "",
                    },
                    {
                        "commitments": list(
                            Commitment.objects.filter(reference__in=i.get("commitments") or [])
                        )
                    },
                    what="agenda items",
                    **kw,
                )
                paper = i.get("paper")
                if paper:
                    upsert(
                        Paper,
                        {"item": item, "title": paper["title"]},
                        {
                            "author": paper.get("author") or "",
                            "date_completed": paper.get("date_completed"),
                            "purpose": paper.get("purpose") or "",
                            "executive_summary": paper.get("executive_summary") or "",
                            "action_required": paper.get("action_required") or "",
                            "source": sources.get(i.get("source") or ""),
                            "quote": paper.get("source_file") or "",
                        },
                        {},
                        what="papers",
                        **kw,
                    )
                if decision.get("outcome"):
                    upsert(
                        Decision,
                        {"item": item},
                        {
                            "outcome": decision["outcome"],
                            "how": decision.get("how") or "",
                            "text": decision.get("note") or "",
                            "binding": decision.get("binding"),
                            "source": sources.get(
                                decision.get("outcome_source") or i.get("source") or ""
                            ),
                            "quote": decision.get("outcome_quote") or i.get("quote") or "",
                        },
                        {},
                        what="decisions",
                        **kw,
                    )
    return report


def london_load(actor: User | None = None) -> LoadReport:
    return meetings_load(data=yaml.safe_load(DATA.read_text(encoding="utf-8")), actor=actor)
