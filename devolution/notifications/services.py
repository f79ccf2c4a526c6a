"""Making notices, each person's choices, unsubscribing and calendar tokens (SPEC §15).

A notice is made once per (person, key) — the unique constraint makes a second event for
the same thing a no-op — in the transaction of the event; its e-mail is enqueued as a
background task once that transaction commits."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from devolution.core.models import User

from .models import CalendarToken, Notice, Preference
from .rules.kinds import BY_KEY, IMMEDIATE, KIND_KEYS, MODES, OFF, mode_for
from .selectors import chosen, unread_recount

UNSUBSCRIBE_SALT = "devolution.notifications.unsubscribe"
# An unsubscribe link works for a year after its e-mail was sent.
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600


def notify(
    kind: str, key: str, people: Iterable[Any], title: str, url: str = "", body: str = ""
) -> list[Notice]:
    """A notice of `kind` to each person who has not turned it off, once per (person,
    key); the immediate ones' e-mails are sent in the background after commit."""
    made: list[Notice] = []
    for person in {p.id: p for p in people}.values():
        mode = mode_for(kind, chosen(person))
        if mode == OFF:
            continue
        try:
            with transaction.atomic():
                notice = Notice.objects.create(
                    person=person,
                    key=f"{kind}:{key}"[:120],
                    kind=kind,
                    mode=mode,
                    title=title[:300],
                    body=body,
                    url=url,
                )
        except IntegrityError:
            continue  # told already
        made.append(notice)
        unread_recount(person)
    immediate = [n.pk for n in made if n.mode == IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: _enqueue(immediate))
    return made


def _enqueue(ids: list[int]) -> None:
    from .tasks import send_notice

    for pk in ids:
        send_notice.enqueue(pk)


def set_preferences(person: Any, modes: dict[str, str]) -> None:
    """Record a person's choice for each kind given; an unknown kind or mode is refused
    before anything is saved."""
    for kind, mode in modes.items():
        if kind not in BY_KEY:
            raise ValueError(f"unknown kind {kind!r}")
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
    with transaction.atomic():
        for kind, mode in modes.items():
            Preference.objects.update_or_create(person=person, kind=kind, defaults={"mode": mode})


def preferences(person: Any) -> dict[str, str]:
    mine = chosen(person)
    return {k: mode_for(k, mine) for k in KIND_KEYS}


def mark_read(person: Any, pk: int | None = None) -> int:
    found = Notice.objects.filter(person=person, read_at__isnull=True)
    if pk is not None:
        found = found.filter(pk=pk)
    changed = found.update(read_at=timezone.now())
    unread_recount(person)
    return changed


def unsubscribe_token(person: Any, kinds: Iterable[str]) -> str:
    """A signed link's token naming the person and the kinds one click turns off."""
    return signing.dumps(
        {"p": person.pk, "k": sorted(set(kinds))}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def read_unsubscribe(token: str) -> tuple[int, list[str]] | None:
    """The (person id, kinds) a link names; None when tampered with, expired or unknown."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), int):
        return None
    kinds = data.get("k")
    if not isinstance(kinds, list) or not kinds or any(k not in BY_KEY for k in kinds):
        return None
    return data["p"], kinds


def unsubscribe(person_id: int, kinds: Iterable[str]) -> bool:
    """Turn the kinds off for the person a link names; False if they are no longer here."""
    if not User.objects.filter(pk=person_id).exists():
        return False
    with transaction.atomic():
        for kind in kinds:
            Preference.objects.update_or_create(
                person_id=person_id, kind=kind, defaults={"mode": OFF}
            )
    return True


def new_calendar_token(person: Any) -> CalendarToken:
    """Revoke the person's feed address, if any, and give them a new one."""
    with transaction.atomic():
        revoke_calendar_token(person)
        return CalendarToken.objects.create(person=person)


def revoke_calendar_token(person: Any) -> int:
    return CalendarToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def day_of(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()
