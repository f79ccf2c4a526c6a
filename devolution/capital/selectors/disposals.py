"""Disposals, their receipts' retention and their reinvestments, as the pages and the API
read them: the public reads completed disposals, staff every one."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet

from devolution.core.errors import NotFound
from devolution.core.reports import date_text
from devolution.partners.access import is_staff, memberships_of

from ..models import Disposal, Reinvestment, RetentionWindow
from ..rules.access import may_keep
from ..rules.retention import Retention, retention, window_last_day


def disposals_visible(person: Any) -> QuerySet[Disposal]:
    disposals = Disposal.objects.select_related("site__owner", "site__partnership")
    if not is_staff(person):
        disposals = disposals.filter(completed__isnull=False)
    return disposals.order_by("-declared_surplus", "ref")


def disposal_get(person: Any, ref: str) -> Disposal:
    disposal = (
        disposals_visible(person)
        .prefetch_related(
            Prefetch(
                "reinvestments",
                queryset=Reinvestment.objects.select_related("case").order_by("number"),
            )
        )
        .filter(ref=ref)
        .first()
    )
    if disposal is None:
        raise NotFound(f"There is no disposal {ref!r} you may read.")
    return disposal


def disposal_keepable(person: Any, disposal: Disposal) -> bool:
    return may_keep(memberships_of(person), disposal.site.owner_id).allowed


def window_on(day: dt.date) -> RetentionWindow | None:
    """The rule in effect on `day`."""
    return (
        RetentionWindow.objects.select_related("source")
        .filter(valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )


def retention_of(disposal: Disposal, windows: list[RetentionWindow] | None = None) -> Retention:
    """Whether the disposal's receipt may be retained, under the rule in effect on the day
    its site was declared surplus (`windows`: every rule, newest first, to read many
    disposals in one query)."""
    if windows is None:
        rule = window_on(disposal.declared_surplus)
    else:
        rule = next((w for w in windows if w.valid_from <= disposal.declared_surplus), None)
    if rule is None:
        return retention(
            start=None, start_words="", months=None, completed=disposal.completed, closes_text=""
        )
    start = getattr(disposal, rule.runs_from)
    closes_text = ""
    if start is not None:
        closes_text = str(date_text(window_last_day(start, rule.months)))
    return retention(
        start=start,
        start_words=rule.get_runs_from_display(),
        months=rule.months,
        completed=disposal.completed,
        closes_text=closes_text,
    )


def windows_all() -> list[RetentionWindow]:
    return list(RetentionWindow.objects.select_related("source").order_by("-valid_from"))
