"""The central register of interests, kept by the secretariat and updated by members, and
the declarations made at the start of each meeting (SPEC §9; seed 004 §7): every write,
checked by the rules in rules.py and audited."""

import datetime as dt

from django.db import transaction

from devolution.core.errors import InvalidInput, Problem, StaleEdit
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Organisation, Partnership

from ..models import AgendaItem, Meeting
from ..services import meeting_record_lock
from .models import Declaration, Interest
from .rules import may_keep_entry, may_record_declarations

# The kinds of interest the pages and the API offer. The register itself takes any kind,
# so entries kept before this list (or loaded from a partnership's own register) stay valid.
INTEREST_KINDS = [
    ("employment", "Employment"),
    ("directorship", "Directorship"),
    ("shareholding", "Shareholding"),
    ("membership", "Membership of a body"),
    ("pecuniary", "Other pecuniary interest"),
    ("non_pecuniary", "Non-pecuniary interest"),
    ("family", "Family member or close associate"),
]


def _may_keep(actor: User, person: User | None) -> None:
    """Members keep their own entries; the secretariat keeps everyone's."""
    enforce(
        may_keep_entry(
            memberships_of(actor), actor_id=actor.pk, person_id=person.pk if person else None
        )
    )


def register_enforce_other(*, actor: User, email: str) -> None:
    """Someone else's entries are the secretariat's to keep: anyone else naming them is
    refused before the address is looked up, so it does not tell them who is here."""
    if email.strip().lower() != actor.email.lower():
        _may_keep(actor, None)


def register_person(*, actor: User, email: str, field: str = "person") -> User:
    """Whose entry, by the email address they sign in with: the actor's own when none is
    given. Naming someone else is the secretariat's, so anyone else is refused before
    the address is looked up: it does not tell them who can sign in here."""
    email = email.strip()
    if not email or email.lower() == actor.email.lower():
        return actor
    register_enforce_other(actor=actor, email=email)
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        raise InvalidInput(
            [Problem("no one with that email address can sign in here", field=field)]
        )
    return person


def interest_declare(
    *,
    actor: User,
    person: User,
    kind: str,
    organisation_key: str | None = None,
    partnership_key: str | None = None,
    description: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Interest:
    _may_keep(actor, person)
    problems = []
    organisation = (
        Organisation.objects.filter(key=organisation_key).first() if organisation_key else None
    )
    partnership = (
        Partnership.objects.filter(key=partnership_key).first() if partnership_key else None
    )
    if not kind.strip():
        problems.append(Problem("say what kind of interest it is", field="kind"))
    if organisation_key and organisation is None:
        problems.append(Problem(f"no organisation {organisation_key!r}", field="organisation"))
    if partnership_key and partnership is None:
        problems.append(Problem(f"no partnership {partnership_key!r}", field="partnership"))
    if (organisation is None) == (partnership is None) and not problems:
        problems.append(Problem("name one organisation or one partnership", field="organisation"))
    if start and end and end < start:
        problems.append(Problem("the end date is before the start date", field="end"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        # The person's row is locked while their entry takes the next number of their
        # register, so two declared at once never take the same.
        User.objects.select_for_update().filter(pk=person.pk).first()
        interest = Interest.objects.create(
            person=person,
            kind=kind.strip(),
            organisation=organisation,
            partnership=partnership,
            description=description.strip(),
            start=start,
            end=end,
        )
        audit_record(
            actor=actor,
            action="declare_interest",
            obj=interest,
            before=None,
            after=snapshot(interest),
        )
    return interest


def interest_end(
    *, actor: User, interest_id: int, end: dt.date, version: int | None = None
) -> Interest:
    """An interest is ended, never deleted: the register keeps its history. With the
    version the entry was read at, a change made since is not overwritten."""
    with transaction.atomic():
        interest = (
            Interest.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(pk=interest_id)
            .first()
        )
        if interest is None:
            raise InvalidInput([Problem("no such interest", field="interest")])
        _may_keep(actor, interest.person)
        if interest.start and end < interest.start:
            raise InvalidInput([Problem("the end date is before the start date", field="end")])
        if version is not None and version != interest.version:
            raise StaleEdit(
                "Someone else changed this entry after you opened it: nothing was saved. "
                "Reload the page to see their change."
            )
        before = snapshot(interest, ["end", "version"])
        interest.end = end
        interest.version += 1
        interest.save(update_fields=["end", "version"])
        audit_record(
            actor=actor,
            action="end_interest",
            obj=interest,
            before=before,
            after=snapshot(interest, ["end", "version"]),
        )
    return interest


def declaration_record(
    *,
    actor: User,
    meeting_key: str,
    person: User,
    text: str,
    interest_id: int | None = None,
    item_id: int | None = None,
) -> Declaration:
    """The chair asks for declarations at the start of every meeting; the secretariat
    records each against the register, on the whole meeting or on one of its items."""
    enforce(may_record_declarations(memberships_of(actor)))
    meeting = Meeting.objects.filter(key=meeting_key).first()
    problems = []
    if meeting is None:
        problems.append(Problem(f"no meeting {meeting_key!r}", field="meeting"))
    if not text.strip():
        problems.append(Problem("write what was declared", field="text"))
    item = None
    if item_id is not None and meeting is not None:
        item = AgendaItem.objects.filter(pk=item_id, meeting=meeting).first()
        if item is None:
            problems.append(Problem("that item is not on this meeting's agenda", field="item"))
    interest = None
    if interest_id is not None:
        interest = Interest.objects.filter(pk=interest_id, person=person).first()
        if interest is None:
            problems.append(
                Problem("that interest is not on this person's register entry", field="interest")
            )
    if problems or meeting is None:
        raise InvalidInput(problems)
    with transaction.atomic():
        # Nothing of a meeting's record changes once its minutes are approved.
        meeting_record_lock(meeting.pk, field="meeting")
        declaration = Declaration.objects.create(
            meeting=meeting, person=person, item=item, interest=interest, text=text.strip()
        )
        audit_record(
            actor=actor,
            action="declare",
            obj=declaration,
            before=None,
            after=snapshot(declaration, ["meeting", "person", "item", "interest", "text"]),
        )
    return declaration
