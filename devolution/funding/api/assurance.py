"""Proposals and their assessment against the Mayor's six assurances (SPEC §11), as JSON:
the same access as the pages (partnership staff read; bid assessors and the secretariat
assess)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from devolution.core.errors import NotAllowed
from devolution.core.people import acting_person, signed_in_person
from devolution.partners.access import enforce_staff, memberships_of

from ..rules import assurances as rules
from ..selectors import assurance as selectors
from ..services import assurance as services

router = Router()
WHAT = "Proposals and their assurance"


class LineOut(Schema):
    key: str
    title: str
    rating: str = Field(..., description="met, partly_met, not_met, or empty: not yet assessed")
    judged: str = Field(..., description="What the assessor judged; empty for no judgement")
    rule: str = Field(
        ..., description="Why the rule on hospital beds sets the rating; empty when it does not"
    )


class SummaryOut(Schema):
    overall: str
    met: int
    total: int
    lines: list[LineOut]


class ProposalOut(Schema):
    ref: str
    kind: str
    title: str
    organisation: str | None
    partnership: str | None
    beds_change: int | None
    independent_review: bool | None
    summary: str = Field(..., description="The summary of its assurances, in a line")
    version: int


class AssessmentOut(Schema):
    assurance: str
    words: str = Field(
        ..., description="What the assurance asks, in the words of the paper that sets it out"
    )
    rating: str
    judged: str
    evidence: str
    reason: str
    rule: str
    assessed_by: str | None
    assessed_at: dt.datetime | None
    version: int = Field(..., description="0 when nobody has assessed it yet")


class ProposalDetailOut(ProposalOut):
    description: str
    places: list[str]
    bed_conditions_met: list[str]
    item: int | None
    assessments: list[AssessmentOut]
    assurance: SummaryOut


class AssessIn(Schema):
    rating: str = Field(..., max_length=20, description="met, partly_met or not_met")
    evidence: str = Field("", max_length=20_000)
    reason: str = Field("", max_length=20_000, description="Needed unless the rating is met")
    version: int | None = Field(
        None,
        ge=0,
        le=2**31 - 1,
        description="The assessment's version as seen (0 or none when there was none): if "
        "it has changed since, nothing is saved (409).",
    )


def _summary_out(summary: rules.Summary) -> dict[str, Any]:
    return {
        "overall": summary.overall,
        "met": summary.met,
        "total": summary.total,
        "lines": [
            {
                "key": line.key,
                "title": line.title,
                "rating": line.rating,
                "judged": line.judged,
                "rule": line.overruled,
            }
            for line in summary.lines
        ],
    }


class ProposalRows:
    """The list's rows made a page at a time: the pagination slices the query, then each
    row of the page is made (with its summary as last derived)."""

    def __init__(self, query: Any) -> None:
        self.query = query

    def __len__(self) -> int:
        return int(self.query.count())

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [_proposal_out(p, selectors.overall(p)) for p in self.query[page]]


def _proposal_out(p: Any, overall: str) -> dict[str, Any]:
    return {
        "ref": p.ref,
        "kind": p.kind,
        "title": p.title,
        "organisation": p.organisation.key if p.organisation_id else None,
        "partnership": p.proposer_partnership.key if p.proposer_partnership_id else None,
        "beds_change": p.beds_change,
        "independent_review": p.independent_review,
        "summary": overall,
        "version": p.version,
    }


def _detail(ref: str) -> dict[str, Any]:
    view = selectors.proposal_view(ref)
    p = view.proposal
    return {
        **_proposal_out(p, view.summary.overall),
        "description": p.summary,
        "places": [place.code for place in p.places.all()],
        "bed_conditions_met": [c.key for c, met in view.conditions if met],
        "item": p.item_id,
        "assessments": [
            {
                "assurance": a.key,
                "words": a.words,
                "rating": line.rating,
                "judged": line.judged,
                "evidence": assessment.evidence if assessment else "",
                "reason": assessment.reason if assessment else "",
                "rule": line.overruled,
                "assessed_by": str(assessment.assessed_by)
                if assessment and assessment.assessed_by
                else None,
                "assessed_at": assessment.assessed_at if assessment else None,
                "version": assessment.version if assessment else 0,
            }
            for a, assessment, line in view.rows
        ],
        "assurance": _summary_out(view.summary),
    }


@router.get(
    "/proposals",
    response=list[ProposalOut],
    auth=django_auth,
    summary="Proposals, each with the summary of its assurances (partnership staff)",
)
@paginate
def proposal_list(request: HttpRequest) -> Any:
    enforce_staff(acting_person(request), WHAT)
    return ProposalRows(selectors.proposal_list())


@router.get(
    "/proposals/{ref}",
    response=ProposalDetailOut,
    auth=django_auth,
    summary="A proposal with its assessment on each of the Mayor's six assurances "
    "(partnership staff)",
)
def proposal_get(request: HttpRequest, ref: str) -> Any:
    enforce_staff(acting_person(request), WHAT)
    return _detail(ref)


@router.put(
    "/proposals/{ref}/assurances/{key}",
    response=ProposalDetailOut,
    auth=django_auth,
    summary="Assess a proposal on one assurance (bid assessors and the secretariat)",
    description="The rating recorded is the judgement with the rule on hospital beds "
    "applied: a reduction in beds with no independent review, or meeting none of NHS "
    "England's conditions, is not met on hospital capacity whatever is judged; the "
    "judgement is kept beside it and `rule` says why. A rating other than met, partly_met "
    "or not_met is a 400 naming the field `rating`.",
)
def assessment_put(request: HttpRequest, ref: str, key: str, payload: AssessIn) -> Any:
    person = signed_in_person(request)
    if not rules.may_assess(m.role for m in memberships_of(person)):
        raise NotAllowed(services.ASSESS_REFUSED)
    proposal = selectors.proposal_get(ref)
    selectors.assurance_get(proposal.partnership_id, key)
    services.assessment_record(
        actor=person,
        ref=proposal.ref,
        assurance_key=key,
        rating=payload.rating,
        evidence=payload.evidence,
        reason=payload.reason,
        version=payload.version,
    )
    return _detail(proposal.ref)
