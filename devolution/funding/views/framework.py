"""A board's investment framework (its agreed version, earlier versions, the draft and
the gateway criteria agreeing it meets), the secretariat's draft and its way to a
meeting, and a bid's scores against the agreed framework, by named assessors."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from devolution.core.errors import DevolutionError, InvalidInput, NotFound, Problem
from devolution.core.pages import add_refusal
from devolution.core.people import acting_person, signed_in_person
from devolution.partners.access import (
    can_keep_registers,
    enforce,
    enforce_staff,
    is_staff,
    memberships_of,
)
from devolution.partners.rules import may_keep_registers

from ..forms.framework import BringForm, DraftForm, ScoreForm, draft_initial
from ..rules import framework as rules
from ..selectors import framework as selectors
from ..services import framework as services

NAV = "funding"


def _framework_page(
    request: HttpRequest,
    board_key: str,
    bring: BringForm | None = None,
    refusal: DevolutionError | None = None,
    status: int = 200,
) -> HttpResponse:
    person = acting_person(request)
    found = selectors.board_frameworks(board_key)
    staff = is_staff(person)
    keeper = can_keep_registers(person)
    awaiting = selectors.awaiting_decision(found.draft.framework if found.draft else None)
    if keeper and found.draft is not None and bring is None and not awaiting:
        bring = BringForm(meetings=selectors.open_meetings(found.board))
    return render(
        request,
        "funding/framework.jinja",
        {
            "nav": NAV,
            "found": found,
            "board": found.board,
            "staff": staff,
            "keeper": keeper,
            "bring": bring if keeper else None,
            "awaiting": awaiting,
            "refusal": refusal,
            "gateway_source": rules.GATEWAY_SOURCE,
        },
        status=status,
    )


@require_GET
def framework(request: HttpRequest, board: str) -> HttpResponse:
    return _framework_page(request, board)


@login_required
@require_POST
def framework_draft(request: HttpRequest, board: str) -> HttpResponse:
    """The secretariat drafts a new version: a copy of the latest, to edit."""
    try:
        draft = services.framework_draft(actor=signed_in_person(request), board_key=board)
    except DevolutionError as exc:
        if exc.status == 403:
            raise
        return _framework_page(request, board, refusal=exc, status=exc.status)
    messages.success(request, f"Version {draft.version} is drafted: edit its criteria below.")
    return redirect("funding:framework-edit", board)


def _edit_page(
    request: HttpRequest, board_key: str, draft: Any, form: DraftForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "funding/framework_edit.jinja",
        {"nav": NAV, "board": draft.board, "draft": draft, "form": form},
        status=status,
    )


def _refusal_on_rows(form: DraftForm, exc: DevolutionError, where: list[int]) -> int:
    """The service's problems beside the form's rows: it names criteria by their line
    (criteria.<n>.<field>), the form by its row (c<row>_<field>)."""
    if not isinstance(exc, InvalidInput):
        return add_refusal(form, exc)
    moved = []
    for problem in exc.problems:
        field = problem.field or ""
        if field.startswith("criteria."):
            _, line, name = [*field.split("."), "", ""][:3]
            if line.isdigit() and 0 < int(line) <= len(where):
                field = f"c{where[int(line) - 1]}_{name}"
        moved.append(Problem(problem.message, field=field or None))
    return add_refusal(form, InvalidInput(moved))


@login_required
@require_http_methods(["GET", "POST"])
def framework_edit(request: HttpRequest, board: str) -> HttpResponse:
    person = signed_in_person(request)
    enforce(may_keep_registers(memberships_of(person)))  # the secretariat drafts
    draft = selectors.draft_get(board)
    if draft is None:
        raise NotFound("This board has no draft framework: draft a new version first.")
    initial, rows = draft_initial(draft)
    if request.method != "POST":
        return _edit_page(request, board, draft, DraftForm(initial=initial, rows=rows))
    posted_rows = max(
        rows, sum(1 for k in request.POST if k.startswith("c") and k.endswith("_key"))
    )
    form = DraftForm(request.POST, rows=min(posted_rows, rules.CRITERIA_LIMIT + 10))
    if not form.is_valid():
        return _edit_page(request, board, draft, form, status=400)
    lines, where = form.criteria()
    try:
        services.framework_update(
            actor=person,
            framework_id=draft.pk,
            revision=form.cleaned_data["revision"],
            title=form.cleaned_data["title"],
            scale_max=form.cleaned_data["scale_max"],
            criteria=lines,
        )
    except DevolutionError as exc:
        if exc.status == 403:
            raise
        return _edit_page(request, board, draft, form, status=_refusal_on_rows(form, exc, where))
    messages.success(request, f"Version {draft.version} of the draft is saved.")
    return redirect("funding:framework", board)


@login_required
@require_POST
def framework_bring(request: HttpRequest, board: str) -> HttpResponse:
    """The secretariat brings the draft to a meeting of the board, to agree."""
    person = signed_in_person(request)
    found = selectors.board_frameworks(board)
    form = BringForm(request.POST, meetings=selectors.open_meetings(found.board))
    if found.draft is None:
        raise NotFound("This board has no draft framework to bring to a meeting.")
    if not form.is_valid():
        return _framework_page(request, board, bring=form, status=400)
    try:
        item = services.framework_to_meeting(
            actor=person,
            framework_id=found.draft.framework.pk,
            meeting_key=form.cleaned_data["meeting"],
        )
    except DevolutionError as exc:
        if exc.status == 403:
            raise
        return _framework_page(request, board, bring=form, status=add_refusal(form, exc))
    messages.success(
        request,
        f"“{item.title}” is on the agenda: record the board's decision on it as "
        "“Agreeing the investment framework the item brings”.",
    )
    return redirect("meetings:meeting-detail", item.meeting.key)


# ------------------------------------------------------------------ a bid's scores


def _scores_page(
    request: HttpRequest, bid_ref: str, form: ScoreForm | None = None, status: int = 200
) -> HttpResponse:
    person = signed_in_person(request)
    enforce_staff(person, "A bid's scores")
    bid = selectors.bid_get(bid_ref, person)
    view = selectors.bid_scores(bid)
    may = (
        rules.may_score(
            person_roles(person), proposer_organisation_id=bid.proposal.organisation_id
        ).allowed
        and bid.state in rules.SCORABLE
    )
    if form is None and may and view.framework is not None:
        mine = {
            line.row.key: s
            for line in view.criteria
            for s in line.scores
            if s.assessor_id == person.pk
        }
        initial = {}
        for key, s in mine.items():
            initial[f"score_{key}"] = str(s.score)
            initial[f"comment_{key}"] = s.comment
        form = ScoreForm(
            initial=initial,
            criteria=[(c.key, c.text) for c in view.framework.criteria],
            scale_max=view.framework.framework.scale_max,
        )
    return render(
        request,
        "funding/bid_scores.jinja",
        {"nav": NAV, "bid": bid, "view": view, "form": form if may else None},
        status=status,
    )


def person_roles(person: Any) -> list[tuple[int, str]]:
    return [(m.organisation_id, m.role) for m in memberships_of(person)]


@login_required
@require_http_methods(["GET", "POST"])
def bid_scores(request: HttpRequest, ref: str) -> HttpResponse:
    if request.method != "POST":
        return _scores_page(request, ref)
    person = signed_in_person(request)
    bid = selectors.bid_get(ref, person)
    framework = selectors.agreed_framework(bid.fund.board_id)
    if framework is None:
        return _scores_page(request, ref, status=409)
    form = ScoreForm(
        request.POST,
        criteria=[(c.key, c.text) for c in framework.criteria.all()],
        scale_max=framework.scale_max,
    )
    if not form.is_valid():
        return _scores_page(request, ref, form, status=400)
    try:
        services.scores_set(actor=person, bid_ref=ref, scores=form.scores())
    except DevolutionError as exc:
        if exc.status == 403:
            raise
        if isinstance(exc, InvalidInput):
            exc = InvalidInput(
                [
                    Problem(p.message, field=None if p.field in ("score", "criterion") else p.field)
                    for p in exc.problems
                ]
            )
        return _scores_page(request, ref, form, status=add_refusal(form, exc))
    messages.success(request, "Your scores are saved.")
    return redirect("funding:bid-scores", ref)


urlpatterns = [
    path("funding/frameworks/<slug:board>/", framework, name="framework"),
    path("funding/frameworks/<slug:board>/draft/", framework_draft, name="framework-draft"),
    path("funding/frameworks/<slug:board>/draft/edit/", framework_edit, name="framework-edit"),
    path("funding/frameworks/<slug:board>/draft/meeting/", framework_bring, name="framework-bring"),
    path("funding/bids/<slug:ref>/scores/", bid_scores, name="bid-scores"),
]
