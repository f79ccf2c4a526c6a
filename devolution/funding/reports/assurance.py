"""The assurance report (SPEC §11, §15): one proposal's assessment against the Mayor's six
assurances, or every proposal's summary, as one Report shown as a page, a PDF and a
spreadsheet (core.reports)."""

from django.db.models import Q
from django.urls import reverse

from devolution.core.reports import Report, Section, Table, date_text, sources_of

from ..rules import assurances as rules
from ..selectors import assurance as selectors

TITLE = "Proposals against the Mayor's six assurances"
INTRO = (
    "The Mayor of London set six assurances on 12 September 2017 that any proposal to "
    "change health services in London must give, as set out in the board paper "
    "“Delivering the Devolution MoU: The Opportunity for London” (7 February 2018). Each "
    "is assessed as met, "
    "partly met or not met, with the evidence and the reason. A proposal that reduces "
    "hospital beds without an independent review, or without meeting at least one of NHS "
    "England's three conditions for closing beds, is not met on hospital capacity, "
    "whatever the assessment said."
)


def _review(value: bool | None) -> str | None:
    return None if value is None else ("Yes" if value else "No")


def _proposer(proposal: object) -> str | None:
    organisation = getattr(proposal, "organisation", None)
    partnership = getattr(proposal, "proposer_partnership", None)
    return str(organisation or partnership) if (organisation or partnership) else None


def assurance_report(ref: str | None) -> Report:
    return proposal_report(ref) if ref else every_proposal_report()


def proposal_report(ref: str) -> Report:
    view = selectors.proposal_view(ref)
    proposal = view.proposal
    rows = []
    for assurance, assessment, line in view.rows:
        rows.append(
            (
                assurance.title,
                assurance.words,
                line.words,
                rules.WORDS[line.judged] if assessment and assessment.judged else "",
                assessment.evidence if assessment else "",
                assessment.reason if assessment else "",
                line.overruled,
            )
        )
    assurances = Table(
        caption="Each assurance, in the words of the paper that sets it out, and its assessment",
        sheet="Assurances",
        columns=(
            "Assurance",
            "What it asks",
            "Rating",
            "The assessor judged",
            "Evidence",
            "Reason",
            "Why the rule on beds sets the rating",
        ),
        widths=(24, 60, 14, 16, 50, 40, 60),
        rows=tuple(rows),
        empty="No assurances are recorded for this partnership.",
        row_header=True,
        print_widths=(12, 26, 8, 9, 18, 14, 22),
    )
    conditions = Table(
        caption="NHS England's conditions for closing beds: at least one must be met",
        sheet="Bed conditions",
        columns=("Condition (NHS England, Next Steps, March 2017)", "Met by this proposal"),
        widths=(90, 20),
        rows=tuple((c.text, "Yes" if met else "No") for c, met in view.conditions),
    )
    sources = [a.source_id for a, _, _ in view.rows] + [c.source_id for c, _ in view.conditions]
    return Report(
        slug=f"assurance-{proposal.ref}",
        title=f"Assurance of “{proposal.title}”",
        intro=INTRO,
        sections=(
            Section("The six assurances", view.summary.overall, (assurances,)),
            Section("Hospital beds", view.breach or "", (conditions,)),
        ),
        sources=sources_of(sources),
        section_label="Part",
        facts=(
            ("Reference", proposal.ref),
            ("Kind", selectors.KIND_WORDS.get(proposal.kind, proposal.kind)),
            ("Proposed by", _proposer(proposal) or "not named"),
            ("Places", ", ".join(p.name for p in proposal.places.all()) or "none named"),
            ("Change in hospital beds", rules.beds_words(proposal.beds_change)),
            ("Independently reviewed", _review(proposal.independent_review) or "not stated"),
            ("Summary", view.summary.overall),
        ),
        dated=date_text(proposal.created_at),
    )


def every_proposal_report() -> Report:
    """Every service change and plan, and every bid put to a board: a bid still being
    assessed has its assurance on its own page and report, not here (the list would grow
    with every bid made)."""
    proposals = list(selectors.proposal_list().filter(Q(item__isnull=False) | ~Q(kind="bid")))
    rows = tuple(
        (
            proposal.ref,
            proposal.title,
            selectors.KIND_WORDS.get(proposal.kind, proposal.kind),
            _proposer(proposal),
            rules.beds_words(proposal.beds_change),
            selectors.overall(proposal),
        )
        for proposal in proposals
    )
    table = Table(
        caption="Every service change and plan, and every bid put to a board, with its summary",
        sheet="Proposals",
        columns=("Reference", "Title", "Kind", "Proposed by", "Change in beds", "Summary"),
        widths=(24, 50, 18, 36, 18, 70),
        rows=rows,
        empty="No proposals are recorded yet.",
        row_header=True,
        links=tuple(reverse("funding:assurance-report", args=[p.ref]) for p in proposals),
    )
    return Report(
        slug="assurance",
        title=TITLE,
        intro=INTRO,
        sections=(Section(None, "", (table,)),),
        sources=sources_of(selectors.assurance_source_ids()),
        label_sections=False,
    )
