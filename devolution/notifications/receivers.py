"""What the other areas do that someone must be told about, heard as model signals, so no
lower area imports this one (the layers): an agenda published, a paper added, a
declaration made, an action given, a conflict to rule on, a bid moving."""

from typing import Any

from django.db.models.signals import post_save, pre_save
from django.urls import reverse

from devolution.funding.models import BidEvent
from devolution.meetings.interests.models import Declaration
from devolution.meetings.models import Action, ConflictFlag, Meeting, Paper

from .selectors import action_people, board_chairs, board_people, organisation_people
from .services import notify

_OLD = "_notify_old_status"


def _meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.key])


def _board_name(meeting: Meeting) -> str:
    return meeting.board.short_name or meeting.board.name


def meeting_before(sender: Any, instance: Meeting, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        setattr(instance, _OLD, None)
        return
    old = Meeting.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    setattr(instance, _OLD, old)


def meeting_saved(sender: Any, instance: Meeting, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.status != Meeting.Status.AGENDA_PUBLISHED:
        return
    if getattr(instance, _OLD, None) == Meeting.Status.AGENDA_PUBLISHED:
        return
    notify(
        "agenda_published",
        instance.key,
        board_people(instance.board_id),
        f"The agenda for {_board_name(instance)} on {instance.date.day} "
        f"{instance.date:%B %Y} is published",
        _meeting_url(instance),
    )


def paper_saved(
    sender: Any, instance: Paper, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created:
        return
    meeting = instance.item.meeting
    notify(
        "paper_added",
        str(instance.pk),
        board_people(meeting.board_id),
        f"A paper added for {_board_name(meeting)} on {meeting.date.day} {meeting.date:%B %Y}: "
        f"{instance.title}",
        _meeting_url(meeting),
    )


def declaration_saved(
    sender: Any, instance: Declaration, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created:
        return
    meeting = instance.meeting
    notify(
        "declaration_review",
        str(instance.pk),
        [p for p in board_chairs(meeting.board_id) if p.pk != instance.person_id],
        f"A declaration to review at {_board_name(meeting)} on {meeting.date.day} "
        f"{meeting.date:%B %Y}: {instance.person}",
        _meeting_url(meeting),
    )


def action_saved(sender: Any, instance: Action, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.done_on is not None:
        return
    if instance.owner_id is None and instance.owner_organisation_id is None:
        return
    meeting = instance.item.meeting
    notify(
        "action_assigned",
        f"{instance.pk}:{instance.owner_id or ''}:{instance.owner_organisation_id or ''}",
        action_people(instance),
        f"An action for you from {_board_name(meeting)}: {instance.text[:200]}",
        _meeting_url(meeting),
    )


def flag_saved(
    sender: Any, instance: ConflictFlag, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created:
        return
    meeting = instance.item.meeting
    notify(
        "ruling_needed",
        str(instance.pk),
        [p for p in board_chairs(meeting.board_id) if p.pk != instance.person_id],
        f'A ruling needed: {instance.person} may have a conflict on "{instance.item.title}" '
        f"({_board_name(meeting)}, {meeting.date.day} {meeting.date:%B %Y})",
        _meeting_url(meeting),
    )


def bid_moved(
    sender: Any, instance: BidEvent, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or not created:
        return
    proposal = instance.bid.proposal
    people = organisation_people(proposal.organisation_id)
    if proposal.created_by is not None and proposal.created_by.is_active:
        people.append(proposal.created_by)
    notify(
        "bid_state",
        str(instance.pk),
        [p for p in people if p.pk != instance.by_id],
        f"Bid {proposal.ref} is now {instance.get_to_state_display().lower()}: {proposal.title}",
        reverse("funding:proposal-detail", args=[proposal.ref]),
    )


def connect() -> None:
    uid = "devolution.notifications"
    pre_save.connect(meeting_before, sender=Meeting, dispatch_uid=f"{uid}.meeting_before")
    post_save.connect(meeting_saved, sender=Meeting, dispatch_uid=f"{uid}.meeting")
    post_save.connect(paper_saved, sender=Paper, dispatch_uid=f"{uid}.paper")
    post_save.connect(declaration_saved, sender=Declaration, dispatch_uid=f"{uid}.declaration")
    post_save.connect(action_saved, sender=Action, dispatch_uid=f"{uid}.action")
    post_save.connect(flag_saved, sender=ConflictFlag, dispatch_uid=f"{uid}.flag")
    post_save.connect(bid_moved, sender=BidEvent, dispatch_uid=f"{uid}.bid")
