"""Sending notices by e-mail, once each (SPEC §15).

An immediate notice is marked sent and its e-mail handed to the mail backend in one
transaction: if the send fails, or the worker dies before the commit, the mark is rolled
back and the notice is sent by the next try; once the mark commits, no worker sends it
again. A digest is one row per (person, day), made in the transaction that marks the
notices it carries and sends it: a second run, or a worker restarted after a crash, finds
the row and sends nothing."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from devolution.commitments.selectors import commitment_flags
from devolution.meetings.feeds import site_domain

from .models import Digest, Notice
from .rules.kinds import BY_KEY, DIGEST, IMMEDIATE, due_soon
from .selectors import (
    action_people,
    actions_coming_due,
    board_commitments,
    meetings_coming,
    organisation_people,
)
from .services import notify, unsubscribe_token


def absolute(path: str) -> str:
    return f"https://{site_domain()}{path}"


def _message(person: Any, subject: str, notices: list[Notice]) -> EmailMultiAlternatives:
    kinds = sorted({n.kind for n in notices})
    token = unsubscribe_token(person, kinds)
    unsubscribe_url = absolute(reverse("notifications:unsubscribe", args=[token]))
    per_kind = [
        (
            BY_KEY[k].label,
            absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(person, [k])])),
        )
        for k in kinds
    ]
    lines = [f"Hello {person.full_name or person.email},", ""]
    for n in notices:
        lines.append(f"- {n.title}")
        if n.body:
            lines.append(f"  {n.body}")
        if n.url:
            lines.append(f"  {absolute(n.url)}")
    lines += ["", "You get these e-mails because of your notification choices."]
    for label, url in per_kind:
        lines.append(f"To stop e-mails and notices of this kind ({label}): {url}")
    lines.append(
        f"To choose what you are told, and how: {absolute(reverse('notifications:preferences'))}"
    )
    text = "\n".join(lines) + "\n"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    return message


def send_one(pk: int) -> str:
    """Send an immediate notice's e-mail unless it is sent already: "sent", "already",
    or the mail backend's error raised with the mark rolled back."""
    with transaction.atomic():
        claimed = Notice.objects.filter(pk=pk, email=Notice.Email.PENDING, mode=IMMEDIATE).update(
            email=Notice.Email.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
        if not claimed:
            return "already"
        notice = Notice.objects.select_related("person").get(pk=pk)
        _message(notice.person, notice.title, [notice]).send()
    return "sent"


def failed(pk: int) -> bool:
    """Count a failed try; True when it may be tried again, else the notice is given up."""
    Notice.objects.filter(pk=pk, email=Notice.Email.PENDING).update(attempts=F("attempts") + 1)
    found = Notice.objects.filter(pk=pk).values_list("attempts", flat=True).first()
    if found is not None and found >= settings.NOTIFY_ATTEMPTS:
        Notice.objects.filter(pk=pk, email=Notice.Email.PENDING).update(email=Notice.Email.FAILED)
        return False
    return found is not None


def pending_immediate() -> list[int]:
    return list(
        Notice.objects.filter(email=Notice.Email.PENDING, mode=IMMEDIATE).values_list(
            "pk", flat=True
        )
    )


def actions_due(on: dt.date) -> int:
    """A notice for each open action coming due, to its owner and its organisation's
    people, once per action and due day."""
    made = 0
    window = settings.NOTIFY_DUE_DAYS
    for action in actions_coming_due(on, window):
        assert action.due is not None
        if not due_soon((action.due - on).days, window):
            continue
        made += len(
            notify(
                "action_due",
                f"{action.pk}:{action.due:%Y-%m-%d}",
                action_people(action),
                f"Action due {action.due.day} {action.due:%B %Y}: {action.text[:200]}",
                reverse("meetings:meeting-detail", args=[action.item.meeting.key]),
            )
        )
    return made


def send_digests(day: dt.date) -> int:
    """Each person's digest of the notices waiting for it up to the end of `day`, once per
    person and day; the number sent."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    people = (
        Notice.objects.filter(email=Notice.Email.PENDING, mode=DIGEST, created_at__lt=end)
        .values_list("person_id", flat=True)
        .distinct()
    )
    sent = 0
    for person_id in sorted(set(people)):
        try:
            with transaction.atomic():
                digest = Digest.objects.create(person_id=person_id, day=day)
                waiting = list(
                    Notice.objects.select_for_update()
                    .filter(
                        person_id=person_id,
                        email=Notice.Email.PENDING,
                        mode=DIGEST,
                        created_at__lt=end,
                    )
                    .select_related("person")
                    .order_by("kind", "created_at", "pk")
                )
                Notice.objects.filter(pk__in=[n.pk for n in waiting]).update(
                    email=Notice.Email.SENT, sent_at=timezone.now(), digest=digest
                )
                digest.count = len(waiting)
                digest.save(update_fields=["count"])
                person = waiting[0].person
                subject = f"Your daily summary for {day.day} {day:%B %Y}: {len(waiting)} to know"
                _message(person, subject, waiting).send()
        except IntegrityError:
            continue  # sent already today
        sent += 1
    return sent


def commitments_stale(on: dt.date) -> int:
    """Before each board meeting in the coming days, a notice to the people of each
    commitment's lead organisation whose latest update is stale, once per meeting."""
    made = 0
    for meeting in meetings_coming(on, settings.NOTIFY_DUE_DAYS):
        for c in board_commitments(meeting.board_id):
            flags = commitment_flags(c, on)
            if not flags.stale:
                continue
            made += len(
                notify(
                    "commitment_stale",
                    f"{c.reference}:{meeting.key}",
                    organisation_people(c.lead_owner_id),
                    f"Commitment {c.reference}: update before the board meets on "
                    f"{meeting.date.day} {meeting.date:%B %Y} ({flags.stale})",
                    reverse("commitments:commitment-detail", args=[c.reference]),
                )
            )
    return made
