"""A board's investment framework (SPEC §10; seed 004 §6.1): the secretariat drafts a
version and edits it; the board agrees it by a decision at its meeting, which supersedes
the version agreed before and records the gateway criteria the framework meets; named
assessors then score bids against the agreed version. An agreed version is never edited:
a change is a new draft."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Max

from devolution.core.errors import InvalidInput, NotFound, Problem, RuleViolation, StaleEdit
from devolution.core.events import DecisionTaken
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.governance.models import Board
from devolution.governance.rules.phases import Resolution
from devolution.governance.services import criterion_status_set
from devolution.meetings.agenda import ItemFields, item_save
from devolution.meetings.models import AgendaItem, Decision, Meeting
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Membership
from devolution.partners.rules import may_keep_registers

from ..models import Bid, Criterion, Framework, FrameworkGateway, Score
from ..rules import framework as rules

DEFAULT_TITLE = "Investment framework"
COMMENT_LIMIT = 4000


def _refuse(rule_id: str, message: str, field: str | None = None) -> RuleViolation:
    return RuleViolation(rule_id, message, rules.SOURCE, field=field)


def _secretariat(actor: User) -> None:
    enforce(may_keep_registers(memberships_of(actor)))


def _criteria_snapshot(framework: Framework) -> list[list[object]]:
    return [[c.key, c.text, c.weight] for c in framework.criteria.order_by("order")]


def _snapshot(framework: Framework) -> dict[str, object]:
    return {
        **snapshot(framework, ["version", "title", "status", "scale_max", "revision", "item"]),
        "criteria": _criteria_snapshot(framework),
    }


# ------------------------------------------------------------------ drafting


def framework_draft(*, actor: User, board_key: str) -> Framework:
    """A new draft version of the board's framework: a copy of its latest version's
    title, scale and criteria, to edit. One draft at a time: while one is open, edit it."""
    _secretariat(actor)
    with transaction.atomic():
        board = Board.objects.select_for_update().filter(key=board_key).first()
        if board is None:
            raise InvalidInput([Problem(f"no board {board_key!r}", field="board")])
        draft = Framework.objects.filter(board=board, status=Framework.Status.DRAFT).first()
        if draft is not None:
            raise _refuse(
                "FUND-FRAMEWORK-ONE-DRAFT",
                f"{board.name} already has a draft framework (version {draft.version}): edit "
                "that draft, or bring it to a meeting to agree.",
                field="board",
            )
        latest = Framework.objects.filter(board=board).order_by("-version").first()
        top = Framework.objects.filter(board=board).aggregate(top=Max("version"))["top"] or 0
        framework = Framework.objects.create(
            board=board,
            version=top + 1,
            title=latest.title if latest is not None else DEFAULT_TITLE,
            scale_max=latest.scale_max if latest is not None else 5,
            status=Framework.Status.DRAFT,
            created_by=actor,
        )
        if latest is not None:
            Criterion.objects.bulk_create(
                Criterion(
                    framework=framework, key=c.key, order=c.order, text=c.text, weight=c.weight
                )
                for c in latest.criteria.order_by("order")
            )
        audit_record(
            actor=actor,
            action="draft_framework",
            obj=framework,
            before=None,
            after={**_snapshot(framework), "copied_from": latest.version if latest else None},
        )
    return framework


def framework_update(
    *,
    actor: User,
    framework_id: int,
    revision: int,
    title: str,
    scale_max: int,
    criteria: Sequence[rules.CriterionLine],
) -> Framework:
    """Edit a draft's title, scale and criteria (key, text, weight, in order), at the
    revision the editor read: a stale copy is refused, nothing saved (QUALITY R2). An
    agreed or superseded version is never edited."""
    _secretariat(actor)
    problems: list[Problem] = []
    title = (title or "").strip()
    if not title:
        problems.append(Problem("give the framework a title", field="title"))
    elif len(title) > 200:
        problems.append(Problem("the title is 200 characters or fewer", field="title"))
    problems += rules.scale_problems(scale_max)
    lines = [rules.CriterionLine(c.key.strip(), c.text.strip(), c.weight) for c in criteria]
    problems += rules.criteria_problems(lines)
    with transaction.atomic():
        framework = Framework.objects.select_for_update().filter(pk=framework_id).first()
        if framework is None:
            raise NotFound("There is no such framework.")
        if framework.status != Framework.Status.DRAFT:
            raise _refuse(
                "FUND-FRAMEWORK-AGREED",
                f"Version {framework.version} is {framework.get_status_display().lower()}: an "
                "agreed framework is never edited. Draft a new version to change it.",
                field="status",
            )
        if framework.revision != revision:
            raise StaleEdit(
                "Someone changed this draft since you opened it. Nothing was saved: reload "
                "it and make your change again.",
                field="revision",
            )
        if problems:
            raise InvalidInput(problems)
        before = _snapshot(framework)
        framework.title = title
        framework.scale_max = scale_max
        framework.revision += 1
        framework.save(update_fields=["title", "scale_max", "revision"])
        framework.criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(framework=framework, key=c.key, order=n, text=c.text, weight=c.weight)
            for n, c in enumerate(lines, start=1)
        )
        audit_record(
            actor=actor, action="update", obj=framework, before=before, after=_snapshot(framework)
        )
    return framework


def framework_to_meeting(*, actor: User, framework_id: int, meeting_key: str) -> AgendaItem:
    """Bring a draft to a meeting of its board, to agree: an agenda item, made by meetings'
    own item service, that the framework names as the item bringing it."""
    _secretariat(actor)
    with transaction.atomic():
        framework = (
            Framework.objects.select_for_update(of=("self",))
            .select_related("board")
            .filter(pk=framework_id)
            .first()
        )
        if framework is None:
            raise NotFound("There is no such framework.")
        if framework.status != Framework.Status.DRAFT:
            raise _refuse(
                "FUND-FRAMEWORK-AGREED",
                f"Version {framework.version} is {framework.get_status_display().lower()}: "
                "only a draft is brought to a meeting to agree.",
                field="framework",
            )
        if not framework.criteria.exists():
            raise _refuse(
                "FUND-FRAMEWORK-EMPTY",
                "The draft has no criteria: give it its criteria and weights first.",
                field="criteria",
            )
        meeting = Meeting.objects.filter(key=meeting_key).first()
        if meeting is None:
            raise InvalidInput([Problem(f"no meeting {meeting_key!r}", field="meeting")])
        if meeting.board_id != framework.board_id:
            raise _refuse(
                "FUND-FRAMEWORK-OWN-BOARD",
                f"A framework is agreed at a meeting of its own board, {framework.board.name}: "
                "choose one of its meetings.",
                field="meeting",
            )
        if framework.item_id is not None:
            undecided = not Decision.objects.filter(item_id=framework.item_id).exists()
            if undecided:
                raise _refuse(
                    "FUND-FRAMEWORK-ON-AGENDA",
                    "This draft is already on a meeting's agenda, not yet decided.",
                    field="meeting",
                )
        before = _snapshot(framework)
        item = item_save(
            actor=actor,
            meeting_key=meeting.key,
            data=ItemFields(
                title=f"{framework.title} (version {framework.version})",
                purpose=AgendaItem.Purpose.DECIDE,
                recommendation=(
                    f"Agree the {framework.title.lower()}, version {framework.version}: the "
                    "criteria and weights bids are scored against."
                ),
            ),
        )
        framework.item = item
        framework.revision += 1
        framework.save(update_fields=["item", "revision"])
        audit_record(
            actor=actor,
            action="to_meeting",
            obj=framework,
            before=before,
            after=_snapshot(framework),
        )
    return item


# ------------------------------------------------------------------ agreeing


def framework_agreed_from_decision(event: DecisionTaken) -> None:
    """The effect of a board's decision on the item bringing a framework: agreed, the
    version is the board's agreed framework from the meeting's date, the one agreed before
    is superseded, and the gateway criteria the framework meets (FrameworkGateway) are
    recorded as met by the resolution, through governance's own service. Not agreed or
    deferred, the draft stays a draft. Runs in the decision's transaction: a refusal here
    takes the decision back (ADR 5)."""
    framework = (
        Framework.objects.select_for_update(of=("self",))
        .select_related("board")
        .filter(item_id=event.item_id)
        .first()
    )
    if framework is None:
        raise _refuse(
            "FUND-ITEM-FRAMEWORK",
            "This kind of decision agrees the investment framework an item brings, and this "
            "item brings none: bring the draft to the agenda from the framework's page, or "
            "record the decision as another kind.",
            field="decision_kind",
        )
    if framework.board.key != event.board_key:
        raise _refuse(
            "FUND-FRAMEWORK-OWN-BOARD",
            f"A framework is agreed at a meeting of its own board, {framework.board.name}.",
            field="decision_kind",
        )
    if not event.agreed:
        return
    if framework.status != Framework.Status.DRAFT:
        raise _refuse(
            "FUND-FRAMEWORK-AGREED",
            f"Version {framework.version} is already {framework.get_status_display().lower()}.",
            field="decision_kind",
        )
    if not framework.criteria.exists():
        raise _refuse(
            "FUND-FRAMEWORK-EMPTY",
            "The draft has no criteria: a framework with no criteria cannot be agreed.",
            field="decision_kind",
        )
    decision = Decision.objects.get(pk=event.decision_id)
    for previous in Framework.objects.select_for_update().filter(
        board_id=framework.board_id, status=Framework.Status.AGREED
    ):
        before = snapshot(previous, ["status"])
        previous.status = Framework.Status.SUPERSEDED
        previous.save(update_fields=["status"])
        audit_record(
            actor=event.actor,
            action="supersede",
            obj=previous,
            before=before,
            after={**snapshot(previous, ["status"]), "by_version": framework.version},
        )
    before = _snapshot(framework)
    framework.status = Framework.Status.AGREED
    framework.agreed_on = event.meeting_date
    framework.decision = decision
    framework.revision += 1
    framework.save(update_fields=["status", "agreed_on", "decision", "revision"])
    audit_record(
        actor=event.actor,
        action="decide",
        obj=framework,
        before=before,
        after={**_snapshot(framework), "agreed_on": event.meeting_date.isoformat()},
    )
    text = f"{event.item_title}. {event.resolution}".strip().rstrip(".") + "."
    resolution = Resolution(event.meeting_key, event.board_key, event.meeting_date, text)
    for gateway in FrameworkGateway.objects.filter(board_id=framework.board_id).select_related(
        "criterion__phase"
    ):
        criterion = gateway.criterion
        if criterion.is_met:
            continue
        criterion_status_set(
            actor=event.actor,
            criterion_key=f"{criterion.phase.key}:{criterion.key}",
            status="met",
            resolution=resolution,
        )


# ------------------------------------------------------------------ scoring


def score_set(
    *, actor: User, bid_ref: str, criterion_key: str, score: int, comment: str = ""
) -> Score:
    """The actor's own score of a bid on a criterion of its board's agreed framework: one
    per assessor per criterion, changed in place when scored again. A bid assessor or the
    secretariat scores a submitted or assessed bid, never their own organisation's."""
    roles = (
        list(Membership.objects.filter(person_id=actor.pk).values_list("organisation_id", "role"))
        if actor.is_authenticated
        else []
    )
    enforce(rules.may_score(roles, proposer_organisation_id=None))  # the role, first
    bid = (
        Bid.objects.select_related("fund__board", "proposal").filter(proposal__ref=bid_ref).first()
    )
    if bid is None:
        raise NotFound(f"There is no bid {bid_ref!r}.")
    enforce(rules.may_score(roles, proposer_organisation_id=bid.proposal.organisation_id))
    comment = (comment or "").strip()
    with transaction.atomic():
        bid = (
            Bid.objects.select_for_update(of=("self",)).select_related("fund__board").get(pk=bid.pk)
        )
        if bid.state not in rules.SCORABLE:
            raise _refuse(
                "FUND-SCORE-STATE",
                f"This bid is {bid.get_state_display().lower()}: bids are scored once "
                "submitted, until the board decides on them.",
                field="bid",
            )
        board = bid.fund.board
        framework = (
            Framework.objects.filter(board=board, status=Framework.Status.AGREED).first()
            if board is not None
            else None
        )
        if framework is None:
            whose = board.name if board is not None else "The board of this bid's fund"
            raise _refuse(
                "FUND-FRAMEWORK-NONE",
                f"{whose} has no agreed investment framework yet: bids are scored against "
                "the criteria the board agrees.",
                field="criterion",
            )
        criterion = Criterion.objects.filter(framework=framework, key=criterion_key).first()
        problems = []
        if criterion is None:
            problems.append(
                Problem(
                    f"{criterion_key!r} is not a criterion of the agreed framework",
                    field="criterion",
                )
            )
        problems += rules.score_problems(score, framework.scale_max)
        if len(comment) > COMMENT_LIMIT:
            problems.append(Problem(f"{COMMENT_LIMIT:,} characters at most", field="comment"))
        if problems or criterion is None:
            raise InvalidInput(problems)
        existing = Score.objects.filter(bid=bid, criterion=criterion, assessor=actor).first()
        before = snapshot(existing, ["score", "comment"]) if existing is not None else None
        try:
            with transaction.atomic():
                kept, _ = Score.objects.update_or_create(
                    bid=bid,
                    criterion=criterion,
                    assessor=actor,
                    defaults={"score": score, "comment": comment},
                )
        except IntegrityError:  # pragma: no cover - the bid's row lock serialises scoring
            kept = Score.objects.get(bid=bid, criterion=criterion, assessor=actor)
            kept.score, kept.comment = score, comment
            kept.save(update_fields=["score", "comment", "scored_at"])
        audit_record(
            actor=actor,
            action="score",
            obj=kept,
            before=before,
            after={
                **snapshot(kept, ["score", "comment"]),
                "bid": bid_ref,
                "criterion": criterion_key,
                "framework_version": framework.version,
            },
        )
    return kept


def scores_set(*, actor: User, bid_ref: str, scores: Sequence[tuple[str, int, str]]) -> list[Score]:
    """Several of the actor's scores of a bid at once (the scoring page's form), all saved
    or, on any refusal, none."""
    if not scores:
        raise InvalidInput([Problem("give at least one score", field="score")])
    with transaction.atomic():
        return [
            score_set(actor=actor, bid_ref=bid_ref, criterion_key=key, score=score, comment=comment)
            for key, score, comment in scores
        ]
