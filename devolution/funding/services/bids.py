"""Bids: an applicant drafts one, edits the draft, submits or withdraws it; an assessor
or the secretariat marks it assessed; documents go with it, checked like board papers.
Each change checks who may make it (rules/bids.py) and writes in one transaction with
its audit record; each change of state also writes the bid's history (BidEvent). A
board's decision moves it further (services/allocations.py)."""

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from devolution.core.errors import (
    InvalidInput,
    NotAllowed,
    NotFound,
    Problem,
    RuleViolation,
    StaleEdit,
)
from devolution.core.models import User
from devolution.core.rules import Verdict
from devolution.core.services import audit_record, snapshot
from devolution.meetings.papers import (
    CONTENT_TYPES,
    MAX_NAME,
    CheckedFile,
    paper_file_check,
    paper_name_clean,
)
from devolution.partners.access import memberships_of
from devolution.partners.models import Level, Organisation, Partnership, Place

from ..models import (
    Assessment,
    Assurance,
    BedCondition,
    Bid,
    BidAmount,
    BidDocument,
    BidEvent,
    Category,
    Measure,
    Proposal,
)
from ..rules import bids as rules
from ..selectors.bids import NOT_FOUND, bid_fact
from .assurance import bed_facts_checked, rederive, summary_refresh

YEAR = re.compile(r"^\d{4}-\d{2}$")
# Refused words that name a person's refusal, not a rule of the bid's life: a 403.
NOT_YOURS = {rules.SIGN_IN.rule_id, rules.NOT_APPLICANT.rule_id, rules.ASSESSOR_ONLY.rule_id}
BID_FIELDS = ["state", "category", "level", "outcomes", "submitted_at", "version"]
PROPOSAL_FIELDS = [
    "ref",
    "title",
    "summary",
    "organisation",
    "proposer_partnership",
    "beds_change",
    "independent_review",
]


@dataclass
class MeasureData:
    name: str
    unit: str = ""
    baseline: Any = None
    target: Any = None
    target_date: dt.date | None = None


@dataclass
class BidData:
    """A bid as a form or the API gives it, every record named by its key."""

    title: str
    category: str  # "<fund key>/<category key>"
    level: str  # a Level key
    applicant: str  # "organisation:<key>" or "partnership:<key>"
    purpose: str = ""
    outcomes: str = ""
    places: list[str] = field(default_factory=list)  # place codes
    amounts: dict[str, int | None] = field(default_factory=dict)  # financial year: pounds
    measures: list[MeasureData] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)  # assurance key: evidence
    # What it does to hospital beds (the bed rule of the Mayor's assurances): the change
    # (negative for a reduction; None: the bid does not say), whether an independent
    # review has looked at it, and the keys of NHS England's conditions it meets.
    beds_change: int | None = None
    independent_review: bool | None = None
    conditions: list[str] = field(default_factory=list)


@dataclass
class _Checked:
    category: Category
    level: Level
    organisation: Organisation | None
    partnership: Partnership | None
    owner_ids: frozenset[int]
    places: list[Place]
    amounts: list[tuple[str, int]]
    measures: list[dict[str, Any]]
    evidence: dict[int, str]  # assurance id: evidence
    conditions: list[BedCondition]


def _text(value: str | None) -> str:
    return (value or "").strip()


def _decimal(value: Any, where: str, problems: list[Problem]) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        problems.append(Problem("give a number, like 120 or 4.5", field=where))
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        problems.append(Problem("give a number below a million million", field=where))
        return None
    return number.quantize(Decimal("0.01"))


def _applicant(choice: str, problems: list[Problem]) -> tuple[Any, Any, frozenset[int]]:
    kind, _, key = (choice or "").partition(":")
    if kind == "organisation":
        organisation = Organisation.objects.filter(key=key).first()
        if organisation is not None:
            return organisation, None, frozenset({organisation.pk})
    elif kind == "partnership":
        partnership = Partnership.objects.filter(key=key).first()
        if partnership is not None:
            members = frozenset(partnership.members.values_list("pk", flat=True))
            return None, partnership, members
    problems.append(
        Problem("choose the organisation or partnership making the bid", field="applicant")
    )
    return None, None, frozenset()


def _check(data: BidData, *, actor: User) -> _Checked:
    """The bid's data checked and its records found: every problem at once, each naming
    its field (InvalidInput, 400); a person who is no applicant of the organisation
    named is refused (NotAllowed, 403)."""
    problems: list[Problem] = []
    title = _text(data.title)
    if not title:
        problems.append(Problem("give the bid a title", field="title"))
    elif len(title) > 300:
        problems.append(Problem("at most 300 characters", field="title"))
    organisation, partnership, owners = _applicant(data.applicant, problems)
    if owners or organisation or partnership:
        verdict = rules.may_make_bid(memberships_of(actor), owners)
        if not verdict.allowed:
            raise NotAllowed(verdict.reasons[0].message)
    fund_key, _, category_key = (data.category or "").partition("/")
    category = (
        Category.objects.select_related("fund").filter(fund__key=fund_key, key=category_key).first()
    )
    if category is None:
        problems.append(Problem("choose the fund and category the bid asks", field="category"))
    elif category.fund.kind != "allocated" or not category.open_to_bids:
        problems.append(
            Problem(f"{category.name} of {category.fund} is not open to bids", field="category")
        )
    level = Level.objects.filter(key=data.level, key__in=rules.LEVELS).first()
    if level is None:
        problems.append(
            Problem("choose the spatial level: local, sub-regional or pan-London", field="level")
        )
    codes = list(dict.fromkeys(c.strip() for c in data.places if c and c.strip()))
    places = list(Place.objects.select_related("level").filter(code__in=codes))
    unknown = sorted(set(codes) - {p.code for p in places})
    if unknown:
        problems.append(Problem(f"no place has the code {', '.join(unknown)}", field="places"))
    if level is not None:
        elsewhere = [p.name for p in places if p.level_id != level.pk]
        if elsewhere:
            problems.append(
                Problem(
                    f"the places a bid serves are at its level ({level.name}): "
                    f"{', '.join(elsewhere)} {'is' if len(elsewhere) == 1 else 'are'} not",
                    field="places",
                )
            )
    years = {y.year for y in category.years.all()} if category is not None else set()
    amounts: list[tuple[str, int]] = []
    for year, amount in sorted(data.amounts.items()):
        where = f"amount_{year}"
        if amount is None or amount == 0:
            continue
        if not YEAR.match(year or ""):
            problems.append(Problem("write the year as 2018-19", field="amounts"))
        elif category is not None and year not in years:
            problems.append(
                Problem(f"{category.name} has no money in {year} to ask for", field=where)
            )
        elif not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            problems.append(Problem("give a whole number of pounds", field=where))
        elif amount > 10**12:
            problems.append(Problem("give an amount below a million million pounds", field=where))
        else:
            amounts.append((year, amount))
    measures: list[dict[str, Any]] = []
    for number, measure in enumerate(data.measures, start=1):
        name = _text(measure.name)
        unit = _text(measure.unit)
        baseline = _decimal(measure.baseline, f"measure_{number}_baseline", problems)
        target = _decimal(measure.target, f"measure_{number}_target", problems)
        if not name:
            if unit or baseline is not None or target is not None or measure.target_date:
                problems.append(
                    Problem("name the measure, or clear its row", field=f"measure_{number}_name")
                )
            continue
        if len(name) > 300:
            problems.append(Problem("at most 300 characters", field=f"measure_{number}_name"))
        if len(unit) > 60:
            problems.append(Problem("at most 60 characters", field=f"measure_{number}_unit"))
        measures.append(
            {
                "name": name,
                "unit": unit,
                "baseline": baseline,
                "target": target,
                "target_date": measure.target_date,
            }
        )
    evidence: dict[int, str] = {}
    if category is not None:
        assurances = {
            a.key: a for a in Assurance.objects.filter(partnership_id=category.fund.partnership_id)
        }
        for key, text in data.evidence.items():
            words = _text(text)
            if key in assurances:
                evidence[assurances[key].pk] = words
            elif words:
                problems.append(
                    Problem(
                        "no such assurance is asked of bids to this fund", field=f"evidence_{key}"
                    )
                )
    conditions = bed_facts_checked(data.beds_change, data.conditions, problems)
    if problems:
        raise InvalidInput(problems)
    assert category is not None and level is not None
    return _Checked(
        category=category,
        level=level,
        organisation=organisation,
        partnership=partnership,
        owner_ids=owners,
        places=places,
        amounts=amounts,
        measures=measures,
        evidence=evidence,
        conditions=conditions,
    )


def _next_ref(partnership_id: int, year: int) -> str:
    """B-<year>-<number>: the partnership's next number for the year. Run inside the
    transaction, with the partnership's row locked (PostgreSQL; SQLite's immediate
    transactions write one at a time), so two drafts at once never take one number."""
    Partnership.objects.select_for_update().filter(pk=partnership_id).first()
    prefix = f"B-{year}-"
    taken = Proposal.objects.filter(
        partnership_id=partnership_id, kind=Proposal.Kind.BID, ref__startswith=prefix
    ).values_list("ref", flat=True)
    number = max((int(r[len(prefix) :]) for r in taken if r[len(prefix) :].isdigit()), default=0)
    while True:
        number += 1
        ref = f"{prefix}{number:03d}"
        # A ref is unique over every partnership's proposals: another's may hold it.
        if not Proposal.objects.filter(ref=ref).exists():
            return ref


def _snapshot(bid: Bid) -> dict[str, Any]:
    return {
        **snapshot(bid, BID_FIELDS),
        **snapshot(bid.proposal, PROPOSAL_FIELDS),
        "amounts": [[a.year, a.amount] for a in bid.amounts.order_by("year")],
        "measures": [m.name for m in bid.measures.order_by("number")],
        "places": sorted(bid.proposal.places.values_list("code", flat=True)),
        "bed_conditions": sorted(bid.proposal.bed_conditions.values_list("key", flat=True)),
        "evidence": {
            key: words
            for key, words in bid.proposal.assessments.values_list("assurance__key", "evidence")
        },
    }


def _write_parts(bid: Bid, checked: _Checked, actor: User) -> None:
    """The amounts, measures, places and NHS England's conditions met as given,
    replacing any before; then the bed rule applied again to the bid's assessments and
    its assurance summary kept (the proposal's beds are set by the caller)."""
    bid.amounts.all().delete()
    BidAmount.objects.bulk_create(
        BidAmount(bid=bid, year=year, amount=amount) for year, amount in checked.amounts
    )
    bid.measures.all().delete()
    Measure.objects.bulk_create(
        Measure(bid=bid, number=n, **m) for n, m in enumerate(checked.measures, start=1)
    )
    bid.proposal.places.set(checked.places)
    bid.proposal.bed_conditions.set(checked.conditions)
    rederive(actor=actor, proposal=bid.proposal)
    summary_refresh(bid.proposal)


def bid_create(*, actor: User, data: BidData) -> Bid:
    """An applicant's draft: the proposal (a bid), the bid, what it asks year by year,
    its measures and places, and an assessment of each of the partnership's assurances
    holding only the applicant's evidence (the rating is the assessor's to give)."""
    checked = _check(data, actor=actor)
    partnership_id = checked.category.fund.partnership_id
    with transaction.atomic():
        proposal = Proposal.objects.create(
            partnership_id=partnership_id,
            ref=_next_ref(partnership_id, timezone.localdate().year),
            kind=Proposal.Kind.BID,
            title=_text(data.title),
            summary=_text(data.purpose),
            organisation=checked.organisation,
            proposer_partnership=checked.partnership,
            beds_change=data.beds_change,
            independent_review=data.independent_review,
            created_by=actor,
        )
        bid = Bid.objects.create(
            proposal=proposal,
            fund=checked.category.fund,
            category=checked.category,
            level=checked.level,
            outcomes=_text(data.outcomes),
        )
        Assessment.objects.bulk_create(
            Assessment(proposal=proposal, assurance=a, evidence=checked.evidence.get(a.pk, ""))
            for a in Assurance.objects.filter(partnership_id=partnership_id)
        )
        _write_parts(bid, checked, actor)
        BidEvent.objects.create(bid=bid, to_state=rules.DRAFT, by=actor, note="Drafted.")
        audit_record(actor=actor, action="create", obj=bid, before=None, after=_snapshot(bid))
    return bid


def _locked(ref: str, actor: User | None) -> Bid:
    """The bid, locked for the change; NotFound for one the person may not see."""
    bid = (
        Bid.objects.select_for_update()
        .select_related("proposal", "category", "fund")
        .filter(proposal__ref=ref)
        .first()
    )
    if bid is None or not rules.may_see_bid(memberships_of(actor), bid_fact(bid)).allowed:
        raise NotFound(NOT_FOUND.format(ref=ref))
    return bid


def _refused(verdict: Verdict) -> Exception:
    reason = verdict.reasons[0]
    if reason.rule_id in NOT_YOURS:
        return NotAllowed(reason.message)
    return RuleViolation.refusing(verdict, field="state")


def _stale(bid: Bid, version: int | None) -> None:
    if version is not None and bid.version != version:
        raise StaleEdit(
            "This bid was changed by someone else since you opened it. Nothing was saved: "
            "reload the page to see their changes, then make yours again."
        )


def bid_may_change(actor: User | None, bid: Bid) -> bool:
    return rules.may_change_bid(memberships_of(actor), bid_fact(bid)).allowed


def bid_enforce_may_change(actor: User | None, bid: Bid) -> None:
    """Refuse, before a form is read, anyone who may not change the bid: 403 for who is
    not its applicant, 409 once it is submitted."""
    verdict = rules.may_change_bid(memberships_of(actor), bid_fact(bid))
    if not verdict.allowed:
        raise _refused(verdict)


def bid_moves(actor: User | None, bid: Bid) -> tuple[str, ...]:
    """The states the person may move the bid to (the page's buttons)."""
    return rules.moves_offered(memberships_of(actor), bid_fact(bid))


def bid_edit(*, actor: User, ref: str, version: int, data: BidData) -> Bid:
    """The applicant changes their draft; refused once submitted (409), to anyone else
    (403, or 404 for a draft they may not see), and when someone saved it meanwhile
    (409: nothing is overwritten)."""
    with transaction.atomic():
        bid = _locked(ref, actor)
        verdict = rules.may_change_bid(memberships_of(actor), bid_fact(bid))
        if not verdict.allowed:
            raise _refused(verdict)
        _stale(bid, version)
        checked = _check(data, actor=actor)
        if checked.category.fund.partnership_id != bid.proposal.partnership_id:
            raise InvalidInput(
                [
                    Problem(
                        "a draft stays with its fund's partnership: choose one of its "
                        "categories, or make a new bid",
                        field="category",
                    )
                ]
            )
        before = _snapshot(bid)
        proposal = bid.proposal
        proposal.title = _text(data.title)
        proposal.summary = _text(data.purpose)
        proposal.organisation = checked.organisation
        proposal.proposer_partnership = checked.partnership
        proposal.beds_change = data.beds_change
        proposal.independent_review = data.independent_review
        proposal.version += 1
        proposal.save()
        bid.category = checked.category
        bid.fund = checked.category.fund
        bid.level = checked.level
        bid.outcomes = _text(data.outcomes)
        bid.version += 1
        bid.save()
        _write_parts(bid, checked, actor)
        for assessment in proposal.assessments.all():
            words = checked.evidence.get(assessment.assurance_id)
            if words is not None and words != assessment.evidence:
                assessment.evidence = words
                assessment.version += 1
                assessment.save(update_fields=["evidence", "version"])
        audit_record(actor=actor, action="update", obj=bid, before=before, after=_snapshot(bid))
    return bid


def _move(*, actor: User, ref: str, to_state: str, version: int | None, note: str = "") -> Bid:
    with transaction.atomic():
        bid = _locked(ref, actor)
        verdict = rules.may_move_bid(memberships_of(actor), bid_fact(bid), to_state)
        if not verdict.allowed:
            raise _refused(verdict)
        _stale(bid, version)
        if to_state == rules.SUBMITTED:
            missing = rules.submission_missing(
                rules.Submission(
                    purpose=bid.proposal.summary,
                    outcomes=bid.outcomes,
                    amounts=bid.amounts.count(),
                    measures=bid.measures.count(),
                    places=bid.proposal.places.count(),
                    assurances_without_evidence=tuple(
                        (a.assurance.key, a.assurance.title)
                        for a in bid.proposal.assessments.select_related("assurance")
                        if not a.evidence.strip()
                    ),
                )
            )
            if missing:
                raise InvalidInput(
                    [Problem(f"{message} before submitting", field=f) for f, message in missing]
                )
        before = snapshot(bid, BID_FIELDS)
        from_state = bid.state
        bid.state = to_state
        if to_state == rules.SUBMITTED:
            bid.submitted_at = timezone.now()
        bid.version += 1
        bid.save(update_fields=["state", "submitted_at", "version"])
        BidEvent.objects.create(
            bid=bid,
            from_state=from_state,
            to_state=to_state,
            by=actor,
            note=_text(note) or rules.history_note(from_state, to_state),
        )
        audit_record(
            actor=actor,
            action=f"bid_{to_state}",
            obj=bid,
            before=before,
            after=snapshot(bid, BID_FIELDS),
        )
    return bid


def bid_submit(*, actor: User, ref: str, version: int | None = None, note: str = "") -> Bid:
    """The applicant submits their draft: refused, naming each thing missing (400), until
    it has its purpose, outcomes, an amount, a measure, a place and evidence on every
    assurance."""
    return _move(actor=actor, ref=ref, to_state=rules.SUBMITTED, version=version, note=note)


def bid_withdraw(*, actor: User, ref: str, version: int | None = None, note: str = "") -> Bid:
    return _move(actor=actor, ref=ref, to_state=rules.WITHDRAWN, version=version, note=note)


def bid_mark_assessed(*, actor: User, ref: str, version: int | None = None, note: str = "") -> Bid:
    return _move(actor=actor, ref=ref, to_state=rules.ASSESSED, version=version, note=note)


# ------------------------------------------------------------------ documents

DOCUMENT_FIELDS = ["bid", "title", "file", "file_type", "file_size", "original_name"]


def bid_document_upload(
    *, actor: User, ref: str, title: str, upload: UploadedFile | None
) -> BidDocument:
    """A document added to a draft by its applicant, checked by its content as a board
    paper is (meetings.papers): refused, nothing is kept, neither row nor file."""
    problems: list[Problem] = []
    title = _text(title)
    if not title:
        problems.append(Problem("give the document's title", field="title"))
    elif len(title) > 300:
        problems.append(Problem("at most 300 characters", field="title"))
    checked: CheckedFile | None = None
    if upload is None:
        problems.append(Problem("choose a file to upload", field="file"))
    else:
        try:
            checked = paper_file_check(upload)
        except InvalidInput as exc:
            problems.extend(exc.problems)
    stored = ""
    try:
        with transaction.atomic():
            bid = _locked(ref, actor)
            verdict = rules.may_change_bid(memberships_of(actor), bid_fact(bid))
            if not verdict.allowed:
                raise _refused(verdict)
            if problems:
                raise InvalidInput(problems)
            assert checked is not None and upload is not None
            document = BidDocument(
                bid=bid,
                title=title,
                file_type=checked.extension,
                file_size=len(checked.content),
                original_name=paper_name_clean(upload.name),
                uploaded_by=actor,
            )
            document.file.save(
                f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.content), save=False
            )
            stored = document.file.name or ""
            document.save()
            audit_record(
                actor=actor,
                action="create",
                obj=document,
                before=None,
                after=snapshot(document, DOCUMENT_FIELDS),
            )
    except BaseException:
        if stored:
            BidDocument.file.field.storage.delete(stored)
        raise
    return document


def bid_document_download(*, reader: User | None, ref: str, document_id: int) -> HttpResponse:
    """A bid's document, to those who may see the bid, as a download never shown in the
    page (as a paper is); NotFound for anyone else."""
    document = (
        BidDocument.objects.select_related("bid__proposal")
        .filter(pk=document_id, bid__proposal__ref=ref)
        .first()
    )
    if (
        document is None
        or not rules.may_see_bid(memberships_of(reader), bid_fact(document.bid)).allowed
    ):
        raise NotFound("There is no such document, or it is not one you may see.")
    if not document.file or document.file_type not in CONTENT_TYPES:
        raise NotFound("This document has no file to download.")
    with document.file.open("rb") as file:
        content = file.read()
    extension = document.file_type
    name = paper_name_clean(document.original_name) or f"{ref}-document-{document.pk}"
    if not name.lower().endswith(f".{extension}"):
        name = f"{name[: MAX_NAME - len(extension) - 1]}.{extension}"
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    public = document.bid.state in rules.DECIDED
    response["Cache-Control"] = "private, max-age=0" if public else "no-store"
    return response
