"""The bench's notifications at England's size: the bench's secretariat officer has been
told of NOTICES things over the years (a year's agendas, papers, actions and rulings of
many boards), most read, some not, so that their notifications page, the unread count in
"Your work" on every page and the API's list show as slower or as more queries at
England's size (QUALITY P1 to P3). Bulk-made, as the rest of the bench's data; named as
synthetic."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from devolution.core.models import User
from devolution.notifications.models import Notice
from devolution.notifications.rules.kinds import KINDS

from .england_meetings import BENCH_SECRETARIAT

NOTICES = 5000
UNREAD_EVERY = 20
# London's: more than a page of the notifications page (50) and of the API (100), so that
# both sizes show a full page and England's differs only in how many lie beyond it.
LONDON_NOTICES = 120


def notifications_record() -> int:
    """London's notices for the bench officer (the first LONDON_NOTICES)."""
    return notifications_grow(LONDON_NOTICES, start=1)


def notifications_grow(
    notices: int = NOTICES - LONDON_NOTICES, *, start: int = LONDON_NOTICES + 1
) -> int:
    """England's notices for the bench officer, numbered after London's; how many were
    made."""
    officer = User.objects.filter(email=BENCH_SECRETARIAT).first()
    if officer is None:
        return 0
    now = timezone.now()
    with transaction.atomic():
        made = Notice.objects.bulk_create(
            Notice(
                person=officer,
                key=f"bench:{n}",
                kind=KINDS[n % len(KINDS)].key,
                mode=KINDS[n % len(KINDS)].default,
                title=f"Synthetic notice {n}",
                url="/meetings/",
                email=Notice.Email.SENT,
                read_at=None if n % UNREAD_EVERY == 0 else now - dt.timedelta(hours=n),
                sent_at=now - dt.timedelta(hours=n),
            )
            for n in range(start, start + notices)
        )
    return len(made)
