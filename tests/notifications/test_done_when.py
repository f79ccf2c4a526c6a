"""Issue 16's done-when: a board member gets one e-mail when an agenda for their board is
published, and a daily digest of their actions coming due, and can unsubscribe in one
click, without signing in."""

import datetime as dt
import io
import re

from django.core import mail
from django.core.management import call_command
from django.test import Client

from devolution.meetings.models import Action, Meeting
from devolution.notifications.models import Digest, Notice, Preference
from tests.conftest import signed_in

from .conftest import DAY


def publish(client, meeting: Meeting, to: str = "agenda_published"):
    meeting.refresh_from_db()
    return client.post(f"/meetings/{meeting.key}/status/", {"to": to, "version": meeting.version})


def mails_to(person) -> list:
    return [m for m in mail.outbox if person.email in m.to]


def unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    return re.sub(r"^<https://[^/]+", "", header).rstrip(">")


def test_one_email_when_the_agenda_is_published(
    seated, bob, meeting, secretariat, django_capture_on_commit_callbacks
):
    staff = signed_in(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        assert publish(staff, meeting).status_code == 302
    got = mails_to(seated)
    assert len(got) == 1
    assert "The agenda for SPB on 12 March 2030 is published" in got[0].subject
    assert "/meetings/spb-notify/" in got[0].body
    assert got[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mails_to(bob) == []  # Bob does not sit on the board
    # Taken back and published again: still one e-mail, one notice.
    with django_capture_on_commit_callbacks(execute=True):
        assert publish(staff, meeting, "scheduled").status_code == 302
        assert publish(staff, meeting).status_code == 302
    assert len(mails_to(seated)) == 1
    assert Notice.objects.filter(person=seated, kind="agenda_published").count() == 1
    # On the site too, unread, and counted in "Your work".
    page = signed_in(seated).get("/notifications/").content.decode()
    assert "The agenda for SPB on 12 March 2030 is published" in page
    assert "Notifications (1 unread)" in page


def test_a_daily_digest_of_actions_coming_due_sent_once(seated, meeting):
    Preference.objects.create(person=seated, kind="action_assigned", mode="off")
    Action.objects.create(
        item=meeting.items.get(), text="Send the estates figures", owner=seated, due=DAY
    )
    Action.objects.create(
        item=meeting.items.get(), text="Draft the workforce plan", owner=seated, due=DAY
    )
    Action.objects.create(  # not coming due yet: a month away
        item=meeting.items.get(), text="Later", owner=seated, due=DAY + dt.timedelta(days=30)
    )
    assert mail.outbox == []
    day = DAY - dt.timedelta(days=3)
    call_command("send_digests", day=day.isoformat(), stdout=io.StringIO())
    got = mails_to(seated)
    assert len(got) == 1
    assert "Your daily summary for 9 March 2030" in got[0].subject
    assert "Send the estates figures" in got[0].body
    assert "Draft the workforce plan" in got[0].body
    assert "Later" not in got[0].body
    # Run again the same day, and the next: nothing new (each action told once).
    call_command("send_digests", day=day.isoformat(), stdout=io.StringIO())
    call_command("send_digests", day=(day + dt.timedelta(days=1)).isoformat(), stdout=io.StringIO())
    assert len(mails_to(seated)) == 1
    assert Digest.objects.filter(person=seated).count() == 1


def test_unsubscribe_in_one_click_without_signing_in(
    seated, meeting, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(signed_in(secretariat), meeting)
    (message,) = mails_to(seated)
    path = unsubscribe_path(message)
    assert path in message.body
    public = Client(enforce_csrf_checks=True)
    confirm = public.get(path)
    assert confirm.status_code == 200
    assert "An agenda published for a board you sit on" in confirm.content.decode()
    assert not Preference.objects.filter(person=seated, mode="off").exists()  # GET changes nothing
    # The mail client's one-click POST (RFC 8058): no session, no CSRF token.
    done = public.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert Preference.objects.get(person=seated, kind="agenda_published").mode == "off"
    # Published again for another meeting: no e-mail, no notice.
    other = Meeting.objects.create(
        key="spb-notify-2", board=meeting.board, date=DAY + dt.timedelta(days=40)
    )
    other.items.create(key="x", title="Any other business", purpose="note")
    with django_capture_on_commit_callbacks(execute=True):
        publish(signed_in(secretariat), other)
    assert len(mails_to(seated)) == 1
    assert not Notice.objects.filter(person=seated, key="agenda_published:spb-notify-2").exists()
