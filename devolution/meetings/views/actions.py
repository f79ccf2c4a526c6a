"""A person's actions (SPEC §8): their own and their organisations', marked done by their
owners, their organisations' people or the secretariat."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from devolution.core.errors import InvalidInput, StaleEdit
from devolution.core.pages import add_refusal, paginate
from devolution.core.people import signed_in_person
from devolution.core.reports import date_text
from devolution.core.rules import Verdict
from devolution.partners.access import enforce, memberships_of

from .. import selectors, services
from ..forms import ActionDoneForm
from ..rules.access import may_mark_action_done
from .shared import NAV, meeting_when

if TYPE_CHECKING:
    from ..models import Action


# A page of actions: twenty rows, as NHS.UK lists have, so that the page is quick to
# read and to render (QUALITY P1).
ACTIONS_PAGE_SIZE = 20


@dataclass
class ActionRow:
    action: "Action"
    late: bool
    whose: str  # whose it is, as the person reads it: "You", or their organisation
    may_mark: bool = False  # whether the person may mark it done (it is open)
    done_form: ActionDoneForm | None = None  # the one form opened (`?done=`), or refused


def _whose(action: "Action", person_id: int, organisation_ids: set[int]) -> str:
    who = "You" if action.owner_id == person_id else str(action.owner or "")
    organisation = action.owner_organisation
    if organisation is None:
        return who
    theirs = " (your organisation)" if organisation.pk in organisation_ids else ""
    return f"{who}, for {organisation.name}{theirs}" if who else f"{organisation.name}{theirs}"


def _mark_done_verdict(person: Any, action: "Action", memberships: Any = None) -> Verdict:
    """Whether the person may mark the action done; a page of actions passes the person's
    memberships, read once for all its rows."""
    return may_mark_action_done(
        memberships if memberships is not None else memberships_of(person),
        person_id=person.pk,
        owner_id=action.owner_id,
        owner_organisation_id=action.owner_organisation_id,
    )


def _opened(request: HttpRequest) -> int | None:
    """The action whose form to mark it done the person opened (`?done=<id>`): the page
    renders that one form, not one for every open action on it (issue 11: one item's
    forms on demand). Anything but a number opens none."""
    opened = request.GET.get("done", "")
    return int(opened) if opened.isdigit() and len(opened) < 12 else None


def _actions_page(
    request: HttpRequest,
    bound: tuple[int, ActionDoneForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_person(request)
    today = timezone.localdate()
    memberships = memberships_of(user)
    organisation_ids = {m.organisation_id for m in memberships}
    page, query = paginate(
        request, selectors.my_actions(user.pk, organisation_ids), ACTIONS_PAGE_SIZE
    )
    opened = bound[0] if bound is not None else _opened(request)
    rows = []
    for a in page.object_list:
        row = ActionRow(
            a,
            bool(a.due and a.due < today and a.done_on is None),
            _whose(a, user.pk, organisation_ids),
        )
        row.may_mark = a.done_on is None and _mark_done_verdict(user, a, memberships).allowed
        if row.may_mark and a.pk == opened:
            row.done_form = (
                bound[1]
                if bound is not None
                else ActionDoneForm(
                    prefix=f"done{a.pk}", initial={"version": a.version, "done_on": today}
                )
            )
        rows.append(row)
    return render(
        request,
        "meetings/my_actions.jinja",
        {
            "nav": NAV,
            "page": page,
            "rows": rows,
            "overdue": sum(1 for r in rows if r.late),
            "bound": bound,
            "when": meeting_when,
            "query": query,
            "opener": _opener(query, page.number),
        },
        status=status,
    )


def _opener(query: str, number: int) -> str:
    """The query that opens an action's form on this page, keeping its filters and page:
    the action's id follows it."""
    kept = QueryDict(query, mutable=True)
    kept.pop("done", None)
    kept["page"] = str(number)
    return f"?{kept.urlencode()}&done="


@login_required
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    return _actions_page(request)


@login_required
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    """Mark an action done (its owner, its organisation's people or the secretariat); the
    page's number rides in the query string, so the person comes back to where they were."""
    action = selectors.action_get(action_id)
    enforce(_mark_done_verdict(signed_in_person(request), action))
    form = ActionDoneForm(request.POST, prefix=f"done{action.pk}")
    if not form.is_valid():
        return _actions_page(request, (action.pk, form), status=400)
    try:
        done = services.action_done(
            actor=signed_in_person(request),
            action_id=action.pk,
            done_on=form.cleaned_data["done_on"],
            version=form.cleaned_data["version"],
        )
    except (InvalidInput, StaleEdit) as exc:
        return _actions_page(request, (action.pk, form), status=add_refusal(form, exc))
    messages.success(request, f"“{done.text[:80]}” is marked done on {date_text(done.done_on)}.")
    back = reverse("meetings:my-actions")
    number = request.GET.get("page", "")
    return redirect(f"{back}?page={number}" if number.isdigit() else back)
