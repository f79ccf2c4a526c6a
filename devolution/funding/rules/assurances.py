"""The Mayor's six assurances (SPEC §11, seed 002): how a proposal's assessment on each is
rated, the hard rule on reductions in hospital beds, and the summary a board reads.

Pure Python: the services give the facts, these rules give the answer.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
RATINGS = (MET, PARTLY_MET, NOT_MET)
# How each rating reads in a sentence; blank is an assurance nobody has assessed yet.
WORDS = {MET: "met", PARTLY_MET: "partly met", NOT_MET: "not met", "": "not yet assessed"}
# The ratings that need the assessor's reason.
NEEDS_REASON = (PARTLY_MET, NOT_MET)

ROLES_WHO_ASSESS = ("secretariat", "assessor")

SEED = (
    "The Mayor of London's six assurances of 12 September 2017, as set out in the board "
    "paper “Delivering the Devolution MoU: The Opportunity for London” (Croydon Health and "
    "Wellbeing Board, 7 February 2018)"
)
NHS_ENGLAND = (
    "NHS England, Next Steps on the NHS Five Year Forward View (March 2017): from 1 April "
    "2017 a proposal for significant bed closures must meet at least one of three conditions"
)
BED_RULE_ID = "ASSURANCE-HOSPITAL-BEDS"
BED_RULE_SOURCE = f"{SEED}; {NHS_ENGLAND}"


@dataclass(frozen=True)
class BedFacts:
    """What a proposal says about hospital beds: the change in beds (negative: fewer beds;
    None: not said), whether an independent review has looked at it (None: not said), and
    how many of NHS England's three conditions it is recorded as meeting."""

    beds_change: int | None
    independent_review: bool | None
    conditions_met: int


def beds_words(change: int | None) -> str:
    """The change in hospital beds as a person reads it."""
    if change is None:
        return "not stated"
    if change < 0:
        return f"{-change:,} fewer bed{'s' if change != -1 else ''}"
    if change > 0:
        return f"{change:,} more bed{'s' if change != 1 else ''}"
    return "no change"


def bed_rule_breach(facts: BedFacts) -> str | None:
    """Why a reduction in hospital beds cannot be met, in plain words, or None when the
    rule is satisfied (or does not apply: no reduction)."""
    if facts.beds_change is None or facts.beds_change >= 0:
        return None
    missing = []
    if facts.independent_review is not True:
        missing.append("no independent review of it is recorded")
    if facts.conditions_met < 1:
        missing.append("none of NHS England's three conditions for closing beds is met")
    if not missing:
        return None
    return (
        f"This proposal reduces hospital beds ({beds_words(facts.beds_change)}) and "
        f"{' and '.join(missing)}. The Mayor's assurance on hospital capacity (set out in "
        "the board paper “Delivering the Devolution MoU: The Opportunity for London”) "
        "says any reduction in beds must be independently reviewed and meet at least one "
        "of the NHS's conditions for closing beds, which NHS England set out in Next Steps "
        "on the NHS Five Year Forward View (March 2017). So this assurance is not met, "
        "whatever the assessment said."
    )


def derived_rating(judged: str, *, bed_rule: bool, facts: BedFacts) -> str:
    """The rating the system records: the assessor's judgement, except that the assurance
    carrying the bed rule is not met when a reduction in beds breaks the rule."""
    if bed_rule and bed_rule_breach(facts) is not None:
        return NOT_MET
    return judged


def overruled_because(judged: str, *, bed_rule: bool, facts: BedFacts) -> str:
    """Why the rating differs from the judgement (or stands without one), or "" when the
    rule has not changed it."""
    if not bed_rule:
        return ""
    breach = bed_rule_breach(facts)
    if breach is None or judged == NOT_MET:
        return breach or ""
    if judged:
        return f"{breach} The assessor judged it {WORDS[judged]}."
    return breach


def reason_problem(rating: str, reason: str) -> str | None:
    """What is wrong with a judgement as given, or None."""
    if rating not in RATINGS:
        return "choose met, partly met or not met"
    if rating in NEEDS_REASON and not reason.strip():
        return f"say why the assurance is {WORDS[rating]}"
    return None


def may_assess(roles: Iterable[str]) -> bool:
    """Bid assessors and the secretariat assess proposals against the assurances."""
    return any(role in ROLES_WHO_ASSESS for role in roles)


# ------------------------------------------------------------------ the summary


@dataclass(frozen=True)
class AssuranceLine:
    key: str
    title: str
    rating: str  # "" for not yet assessed
    judged: str
    overruled: str  # why the rule changed (or set) the rating; "" when it did not

    @property
    def words(self) -> str:
        return WORDS[self.rating]


@dataclass(frozen=True)
class Summary:
    lines: tuple[AssuranceLine, ...]

    @property
    def met(self) -> int:
        return sum(1 for line in self.lines if line.rating == MET)

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def assessed(self) -> int:
        return sum(1 for line in self.lines if line.rating)

    @property
    def overall(self) -> str:
        """E.g. "4 of 6 met; hospital capacity not met; 1 not yet assessed"."""
        if not self.lines:
            return "No assurances are recorded for this partnership."
        if not self.assessed:
            return f"Not yet assessed against any of the {self.total} assurances."
        parts = [f"{self.met} of {self.total} met"]
        for rating in (NOT_MET, PARTLY_MET):
            parts.extend(
                f"{_lower(line.title)} {WORDS[rating]}"
                for line in self.lines
                if line.rating == rating
            )
        waiting = self.total - self.assessed
        if waiting:
            parts.append(f"{waiting} not yet assessed")
        return "; ".join(parts)


def _lower(title: str) -> str:
    return title[:1].lower() + title[1:]


def summarise(
    assurances: Iterable[tuple[str, str, bool]],
    judged: Mapping[str, str],
    facts: BedFacts,
) -> Summary:
    """Each assurance's rating (key, title, bed_rule) from the judgements given by key,
    the bed rule applied: the one summary every page, report and the API shows."""
    lines = []
    for key, title, bed_rule in assurances:
        judgement = judged.get(key, "")
        lines.append(
            AssuranceLine(
                key=key,
                title=title,
                rating=derived_rating(judgement, bed_rule=bed_rule, facts=facts),
                judged=judgement,
                overruled=overruled_because(judgement, bed_rule=bed_rule, facts=facts),
            )
        )
    return Summary(tuple(lines))
