"""The legal framework of joint working and delegation (SPEC §5), as pure rules.

The facts (each rule's text, effect and sources, the options seed 001 lists for joint
working between each pairing of organisation types, the functions) are data:
`governance/data/legal_rules.yaml` and `governance/data/london.yaml`.
`framework_from_data` turns them into a `Framework`; `check_arrangement` asks every rule
about one proposed arrangement. A rule whose source says a thing cannot be done refuses;
a rule whose source hedges ("would likely", "would not normally", "non-exhaustive")
warns. The verdict gives the refusals, the warnings and, where refused, the source's own
options for the parties as the alternatives. One function per rule below.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

FORMS = (
    "seat_at_table",
    "co_commissioning",
    "joint_committee",
    "committees_in_common",
    "delegation",
    "internal_delegation",
    "transfer",
    "s75_pooled_budget",
    "s75_partnership",
    "s102_joint_committee",
    "combined_authority_joint_committee",
    "combined_authority",
    "merger",
    "joint_appointment",
    "contractual_joint_venture",
    "corporate_joint_venture",
    "strategic_partnership_board",
    "lead_commissioning",
    "partnership_meeting",
    "buddying",
    "leadership_forum",
    "commissioning_support",
)
FUNCTIONS = (
    "primary_care_commissioning",
    "specialised_commissioning",
    "highly_specialised_commissioning",
    "s7a_public_health",
    "transformation_funding",
    "capital_business_case_approval",
    "ccg_commissioning",
    "public_health",
    "adult_social_care",
)
SERVICES = (
    "surgery",
    "radiotherapy",
    "invasive_procedures",
    "community_health",
    "social_care",
    "mental_health",
    "primary_care",
    "public_health",
    "acute_care",
    "specialised_services",
)
HOLDS = ("original", "delegated")
EFFECTS = ("refuses", "warns")

PASSING_ON = frozenset({"delegation", "transfer"})  # the first party passes it to the second
OPEN_TO_ALL = frozenset({"seat_at_table", "strategic_partnership_board"})
S75_FAMILY = frozenset({"s75_pooled_budget", "s75_partnership", "lead_commissioning"})
# The joint committees, which legislation must provide for (seed 001, Terminology: 'Joint
# committee'). Co-commissioning (joint decision-making, the spectrum's second step) is not
# one of them: the source does not say it needs a joint committee outside primary care.
JOINT_COMMITTEES = frozenset({"joint_committee", "s102_joint_committee"})
COMBINED_AUTHORITY = frozenset({"combined_authority_joint_committee", "combined_authority"})
COMMISSIONERS = frozenset({"ccg", "local_authority", "nhs_england"})
PROVIDERS = frozenset({"nhs_trust", "foundation_trust", "other_provider"})

Kind = Literal["refusal", "warning", "note"]


@dataclass(frozen=True)
class Citation:
    """Where a rule or an option is in its source: the document (title and date as it
    gives them), the chapter and its pages, the slide by its title, the section or box
    on the slide, the statute where it is in law, and the source's own words."""

    title: str
    date: str
    chapter: str = ""
    pages: str = ""
    slide: str = ""
    part: str = ""
    statute: str = ""
    quote: str = ""

    def text(self) -> str:
        """The citation in words a person can follow, without the quote."""
        where = [f"{self.title} ({self.date})" if self.date else self.title]
        if self.chapter:
            where.append(
                f"{self.chapter} chapter" + (f" (pages {self.pages})" if self.pages else "")
            )
        if self.slide:
            where.append(f"slide “{self.slide}”")
        if self.part:
            where.append(f"section “{self.part.rstrip(':')}”")
        return ", ".join(where) + (f"; {self.statute}" if self.statute else "")

    def words(self) -> str:
        """The quote as a reader sees it: the seed's emphasis marks dropped."""
        return self.quote.replace("*", "")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    text: str
    effect: str  # "refuses" or "warns"
    sources: tuple[Citation, ...]
    inferred: bool = False

    @property
    def source(self) -> str:
        return self.sources[0].text() if self.sources else ""


@dataclass(frozen=True)
class Option:
    """One of the source's options for joint working between two types."""

    forms: tuple[str, ...]  # the checker's forms it stands for; the first is offered
    source: Citation
    binding: bool = False
    function: str | None = None  # only for this function
    only: tuple[str, ...] = ()  # only when every party is of these types

    @property
    def form(self) -> str:
        return self.forms[0]


@dataclass(frozen=True)
class Closed:
    """A form the source says is not open between two types, and the rule that says so."""

    form: str
    rule: str
    function: str | None = None
    unless_all: str | None = None  # open after all when every party is of this type


@dataclass(frozen=True)
class Pairing:
    name: str
    options: tuple[Option, ...]
    closed: tuple[Closed, ...]
    source: Citation


@dataclass(frozen=True)
class FunctionFacts:
    key: str
    name: str
    original_holder_type: str | None
    delegable: bool | None


@dataclass(frozen=True)
class Exemption:
    function: str
    from_type: str
    to_type: str
    source: Citation


@dataclass(frozen=True)
class Framework:
    rules: Mapping[str, Rule]
    pairs: Mapping[frozenset[str], Pairing]
    functions: Mapping[str, FunctionFacts]
    s75_excluded: frozenset[str]
    likely_excluded_functions: frozenset[str]
    double_delegation_exempt: Mapping[tuple[str, str, str], Exemption]
    rule_alternatives: Mapping[str, tuple[Option, ...]]


@dataclass(frozen=True)
class Party:
    type: str
    holds: str | None = None


@dataclass(frozen=True)
class Proposal:
    form: str
    function: str | None
    parties: tuple[Party, ...]
    services: tuple[str, ...] = ()
    decision_making: bool = False
    region: str = "london"
    level: str | None = None
    case_for_level: str | None = None
    all_parties_agree: bool = False


@dataclass(frozen=True)
class Reason:
    rule_id: str
    message: str
    source: str


@dataclass(frozen=True)
class Alternative:
    """A form the source lists for these parties, offered in place of a refused one,
    with the source's words for it and where they are."""

    form: str
    quote: str
    source: str


@dataclass(frozen=True)
class CheckResult:
    allowed: bool
    reasons: tuple[Reason, ...]  # the refusals; when allowed, why it is allowed
    alternatives: tuple[str, ...] = field(default_factory=tuple)
    warnings: tuple[Reason, ...] = field(default_factory=tuple)
    offered: tuple[Alternative, ...] = field(default_factory=tuple)


Finding = tuple[Kind, Reason]


def _say(
    fw: Framework, rule_id: str, message: str, *, applies: bool = True, source: str = ""
) -> Finding:
    """A rule's finding. When the rule applies, what it does is the rule's own effect in
    the catalogue (refuse or warn), never the function's choice, so the catalogue and the
    checker cannot disagree; otherwise it is a note saying why the rule is met."""
    rule = fw.rules[rule_id]
    kind: Kind = "note"
    if applies:
        kind = "refusal" if rule.effect == "refuses" else "warning"
    return kind, Reason(rule_id, message, source or rule.source)


# How a person reads the organisation types and forms in a verdict.
LABELS = {
    "nhs_england": "NHS England",
    "nhs_improvement": "NHS Improvement",
    "cqc": "CQC",
    "hee": "Health Education England",
    "phe": "Public Health England",
    "department_of_health": "Department of Health",
    "gla": "GLA",
    "london_councils": "London Councils",
    "ccg": "CCG",
    "nhs_trust": "NHS trust",
    "foundation_trust": "NHS foundation trust",
    "s75_pooled_budget": "s.75 pooled budget",
    "s75_partnership": "s.75 partnership",
    "s102_joint_committee": "s.102 joint committee",
    "combined_authority_joint_committee": "CCG and combined authority joint committee",
    "partnership_meeting": "meeting in partnership, each taking its own decisions",
}


def _label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " "))


def _the(key: str) -> str:
    """An organisation type with its article: 'the CCG', but 'NHS England'."""
    return _label(key) if key in {"nhs_england", "nhs_improvement"} else f"the {_label(key)}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pairs(parties: Sequence[Party]) -> list[tuple[Party, Party]]:
    return [(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]]


def _between(a: Party, b: Party) -> str:
    return f"{_label(a.type)} and {_label(b.type)}"


def options_for(pairing: Pairing, p: Proposal) -> tuple[Option, ...]:
    """The pairing's options that apply to these parties and this function."""
    types = {x.type for x in p.parties}
    return tuple(
        o
        for o in pairing.options
        if (o.function is None or o.function == p.function) and (not o.only or types <= set(o.only))
    )


def _closed(pairing: Pairing, p: Proposal) -> Closed | None:
    types = {x.type for x in p.parties}
    for c in pairing.closed:
        if c.form != p.form or (c.function and c.function != p.function):
            continue
        if c.unless_all and types == {c.unless_all}:
            continue
        return c
    return None


def _listed(pairing: Pairing, p: Proposal) -> Option | None:
    return next((o for o in options_for(pairing, p) if p.form in o.forms), None)


def rule_parties(p: Proposal, fw: Framework) -> list[Finding]:
    """Passing a function on, and every joint form, needs two or more parties; for
    delegation, internal delegation and transfer, the first passes to the second."""
    needed = 2
    if len(p.parties) < needed:
        return [_say(fw, "GOV-PARTIES", f"{_cap(_label(p.form))} needs at least two parties.")]
    if p.form in PASSING_ON | {"internal_delegation"} and len(p.parties) != needed:
        return [
            _say(
                fw,
                "GOV-PARTIES",
                f"{_cap(_label(p.form))} is from one body to one other: give "
                "exactly two parties, the first passing the function to the second.",
            )
        ]
    return []


def rule_holder_must_hold(p: Proposal, fw: Framework) -> list[Finding]:
    """'Under delegated arrangements the delegator will always retain ultimate
    accountability for the function' (seed 001, Terminology): so it must hold it."""
    if p.form in PASSING_ON | {"internal_delegation"} and p.parties and not p.parties[0].holds:
        return [
            _say(
                fw,
                "GOV-HOLDER-MUST-HOLD",
                f"{_cap(_the(p.parties[0].type))} does not hold the function, so it cannot "
                f"pass it on by {_label(p.form)}.",
            )
        ]
    return []


def rule_double_delegation(p: Proposal, fw: Framework) -> list[Finding]:
    """'an entity exercising a delegated power cannot further delegate that power'; 'CCGs
    can only commission primary care jointly if NHS England remains at the table' (seed
    001, Terminology). Internal ('synthetic') delegation is not affected."""
    findings: list[Finding] = []
    if p.form in PASSING_ON and len(p.parties) == 2 and p.parties[0].holds == "delegated":
        giver, taker = p.parties
        exemption = fw.double_delegation_exempt.get((p.function or "", giver.type, taker.type))
        if exemption:
            findings.append(
                _say(
                    fw,
                    "GOV-DOUBLE-DELEGATION",
                    f"The statute lets {_label(giver.type)} arrange for a "
                    f"{_label(taker.type)} to exercise this function.",
                    applies=False,
                    source=exemption.source.text(),
                )
            )
        else:
            findings.append(
                _say(
                    fw,
                    "GOV-DOUBLE-DELEGATION",
                    f"{_cap(_the(giver.type))} holds this function by delegation, "
                    "so it cannot delegate it externally again (double "
                    "delegation); internal ('synthetic') delegation within the "
                    "organisation is not affected.",
                )
            )
    if p.form == "internal_delegation" and len(p.parties) == 2:
        same = p.parties[0].type == p.parties[1].type
        findings.append(
            _say(
                fw,
                "GOV-INTERNAL-DELEGATION",
                "Internal ('synthetic') delegation stays within the organisation, "
                "which remains accountable, even for a delegated function."
                if same
                else "Internal delegation stays within the organisation; "
                f"a {_label(p.parties[1].type)} is another body.",
                applies=not same,
            )
        )
    if p.form not in PASSING_ON | {"internal_delegation"} | OPEN_TO_ALL and p.function:
        fn = fw.functions.get(p.function)
        delegated = [x for x in p.parties if x.holds == "delegated"]
        if (
            fn
            and fn.original_holder_type
            and delegated
            and p.decision_making
            and not any(x.type == fn.original_holder_type for x in p.parties)
        ):
            findings.append(
                _say(
                    fw,
                    "GOV-DOUBLE-DELEGATION",
                    f"{_cap(_the(delegated[0].type))} holds {fn.name.lower()} by "
                    "delegation: it can decide on it jointly only with the "
                    f"original holder ({_label(fn.original_holder_type)}) at the "
                    "table.",
                )
            )
    return findings


def rule_joint_committee_in_legislation(p: Proposal, fw: Framework) -> list[Finding]:
    """'The term 'joint committee' is used to refer to decision-making committees
    provided for by legislation' (seed 001, Terminology): a joint committee only where
    the source names the legislation for the two types."""
    if p.form not in JOINT_COMMITTEES or len(p.parties) < 2:
        return []
    findings: list[Finding] = []
    for a, b in _pairs(p.parties):
        pairing = fw.pairs.get(frozenset({a.type, b.type}))
        if pairing and _closed(pairing, replace(p, parties=(a, b))):
            continue  # the source says why; rule_form_between_types gives its rule
        option = _listed(pairing, replace(p, parties=(a, b))) if pairing else None
        if option:
            statute = option.source.statute
            findings.append(
                _say(
                    fw,
                    "GOV-JOINT-COMMITTEE-IN-LEGISLATION",
                    f"{_cap(_label(p.form))} between {_between(a, b)}"
                    + (f": {statute}." if statute else "."),
                    applies=False,
                    source=option.source.text(),
                )
            )
        else:
            findings.append(
                _say(
                    fw,
                    "GOV-JOINT-COMMITTEE-IN-LEGISLATION",
                    f"A joint committee is a decision-making committee provided for by "
                    f"legislation; the sources name none for {_between(a, b)}.",
                )
            )
    return findings


# The rules whose own functions judge a closed form, because it depends on the region or
# the function.
_OWN_FUNCTION = frozenset({"GOV-S7A-LONDON-CCG-ONLY", "GOV-NO-COMBINED-AUTHORITY-LONDON"})


def rule_form_between_types(p: Proposal, fw: Framework) -> list[Finding]:
    """Seed 001's lists of options for joint working between types, which it calls
    'non-exhaustive': a form it does not list is flagged, not refused; a form it says is
    not open is refused by the rule that says so."""
    skip = OPEN_TO_ALL | {"internal_delegation", "transfer"}  # transfer: a s.105A order
    if p.form in skip or len(p.parties) < 2:
        return []
    findings: list[Finding] = []
    for a, b in _pairs(p.parties):
        pairing = fw.pairs.get(frozenset({a.type, b.type}))
        two = replace(p, parties=(a, b))
        closed = _closed(pairing, two) if pairing else None
        if closed:
            if closed.rule not in _OWN_FUNCTION:
                rule = fw.rules[closed.rule]
                findings.append(
                    _say(
                        fw,
                        closed.rule,
                        f"Between {_between(a, b)}: {rule.title[:1].lower()}{rule.title[1:]}.",
                    )
                )
            continue
        if p.form in JOINT_COMMITTEES | COMBINED_AUTHORITY:
            continue  # their own rules
        option = _listed(pairing, two) if pairing else None
        if option:
            statute = option.source.statute
            findings.append(
                _say(
                    fw,
                    "GOV-FORM-BETWEEN-TYPES",
                    f"{_cap(_label(p.form))} is among the source's options between "
                    f"{_between(a, b)}" + (f" ({statute})." if statute else "."),
                    applies=False,
                    source=option.source.text(),
                )
            )
        elif pairing:
            listed = ", ".join(_label(o.form) for o in options_for(pairing, two)) or "none"
            findings.append(
                _say(
                    fw,
                    "GOV-FORM-BETWEEN-TYPES",
                    f"{_cap(_label(p.form))} is not among the options the source lists "
                    f"between {_between(a, b)} (it lists: {listed}); its lists are "
                    "non-exhaustive, so check this form with your legal adviser.",
                )
            )
        else:
            findings.append(
                _say(
                    fw,
                    "GOV-FORM-BETWEEN-TYPES",
                    f"The sources list no forms of joint working between {_between(a, b)}; "
                    "check this form with your legal adviser.",
                )
            )
    return findings


def rule_no_combined_authority_in_london(p: Proposal, fw: Framework) -> list[Finding]:
    """'the legislation does not permit the establishment of combined authorities in
    London'; 'the relevant statutory definitions exclude London local authorities'
    (seed 001)."""
    if p.form in COMBINED_AUTHORITY and p.region == "london":
        return [
            _say(
                fw,
                "GOV-NO-COMBINED-AUTHORITY-LONDON",
                "The legislation does not permit combined authorities in London, so "
                f"{_label(p.form)} is not available.",
            )
        ]
    return []


def rule_s7a_only_to_ccg_in_london(p: Proposal, fw: Framework) -> list[Finding]:
    """'Within the London region, NHS England can only delegate s.7A public health
    functions to a CCG' (seed 001)."""
    if p.function != "s7a_public_health" or p.form not in PASSING_ON or len(p.parties) != 2:
        return []
    giver, taker = p.parties
    if p.region == "london" and giver.type == "nhs_england":
        return [
            _say(
                fw,
                "GOV-S7A-LONDON-CCG-ONLY",
                "In London NHS England can delegate s.7A public health functions to a CCG."
                if taker.type == "ccg"
                else "In London NHS England can delegate s.7A public health functions only "
                f"to a CCG, not to a {_label(taker.type)}.",
                applies=taker.type != "ccg",
            )
        ]
    return []


def rule_s75_limits(p: Proposal, fw: Framework) -> list[Finding]:
    """'Certain services are excluded from the scope of the s.75 Regulations (for instance
    surgery, radiotherapy and other invasive procedures)'; a s.75 joint committee is a
    'management' joint committee, which 'would not normally be interpreted to enable
    decision-making joint committees' (seed 001)."""
    if p.form not in S75_FAMILY:
        return []
    findings: list[Finding] = []
    excluded = sorted(set(p.services) & fw.s75_excluded)
    if excluded:
        findings.append(
            _say(
                fw,
                "GOV-S75-EXCLUDED-SERVICES",
                "The source gives these as services excluded from s.75: "
                + ", ".join(_label(s) for s in excluded)
                + ".",
            )
        )
    if p.decision_making:
        findings.append(
            _say(
                fw,
                "GOV-S75-MANAGEMENT-NOT-DECISION",
                "A s.75 joint committee is a 'management' joint committee, which would not "
                "normally be read as able to take decisions: deciding together needs a "
                "work-around, to be checked with your legal adviser.",
            )
        )
    return findings


def rule_commissioner_provider_split(p: Proposal, fw: Framework) -> list[Finding]:
    """'providers and commissioners cannot take collective, binding decisions'
    (seed 001, Governance)."""
    types = {x.type for x in p.parties}
    if (
        p.decision_making
        and types & COMMISSIONERS
        and types & PROVIDERS
        and (p.form not in PASSING_ON | {"internal_delegation", "seat_at_table"})
    ):
        return [
            _say(
                fw,
                "GOV-COMMISSIONER-PROVIDER-SPLIT",
                "Commissioners and providers can meet in partnership, but each takes its "
                "own decisions within its own functions: no collective binding decision.",
            )
        ]
    return []


def rule_highly_specialised(p: Proposal, fw: Framework) -> list[Finding]:
    """'Any delegations would likely exclude highly specialised services' (seed 001): a
    warning, as the source hedges."""
    if p.form == "delegation" and p.function in fw.likely_excluded_functions:
        return [
            _say(
                fw,
                "GOV-HIGHLY-SPECIALISED-LIKELY-EXCLUDED",
                "The source says any delegations would likely exclude highly specialised "
                "services: check this one with your legal adviser.",
            )
        ]
    return []


def rule_subsidiarity(p: Proposal, fw: Framework) -> list[Finding]:
    """Subsidiarity (seed 001, London governance design principles): borough by default;
    multi-borough with all relevant parties' agreement; London level with a clear case."""
    if p.level == "multi_borough":
        return [
            _say(
                fw,
                "GOV-SUBSIDIARITY-MULTI-BOROUGH",
                "All relevant parties have agreed to the multi-borough level."
                if p.all_parties_agree
                else "Multi-borough governance must have the agreement of all relevant "
                "parties; it is not recorded.",
                applies=not p.all_parties_agree,
            )
        ]
    if p.level == "region":
        has_case = bool((p.case_for_level or "").strip())
        return [
            _say(
                fw,
                "GOV-SUBSIDIARITY-LONDON",
                "The clear case for acting once for London is recorded."
                if has_case
                else "A function goes to London level only where there is a clear case that "
                "doing it once for all, to avoid duplication, enable scale or acceleration, "
                "is preferable to all partners; write the case down.",
                applies=not has_case,
            )
        ]
    return []


RULES: tuple[Callable[[Proposal, Framework], list[Finding]], ...] = (
    rule_parties,
    rule_holder_must_hold,
    rule_double_delegation,
    rule_joint_committee_in_legislation,
    rule_form_between_types,
    rule_no_combined_authority_in_london,
    rule_s7a_only_to_ccg_in_london,
    rule_s75_limits,
    rule_commissioner_provider_split,
    rule_highly_specialised,
    rule_subsidiarity,
)


def findings(p: Proposal, fw: Framework) -> list[Finding]:
    """Every rule's findings about the proposal: each refusal or warning once per rule."""
    seen: set[tuple[str, str, str]] = set()
    out: list[Finding] = []
    for rule in RULES:
        for kind, reason in rule(p, fw):
            # A refusal or warning once per rule; notes once per message.
            key = (kind, reason.rule_id, reason.message if kind == "note" else "")
            if key not in seen:
                seen.add(key)
                out.append((kind, reason))
    return out


def _refused(p: Proposal, fw: Framework) -> bool:
    return any(kind == "refusal" for rule in RULES for kind, _ in rule(p, fw))


def _candidates(p: Proposal, fw: Framework, refusing: Sequence[str]) -> list[Option]:
    """The source's own options for these parties: the refusing rules' own (internal
    delegation, for double delegation), then each pairing's list, in the source's order."""
    found: list[Option] = [o for rid in refusing for o in fw.rule_alternatives.get(rid, ())]
    for a, b in _pairs(p.parties):
        pairing = fw.pairs.get(frozenset({a.type, b.type}))
        if pairing:
            found.extend(options_for(pairing, replace(p, parties=(a, b))))
    return found


def check_arrangement(p: Proposal, fw: Framework) -> CheckResult:
    """Allowed or not, why (each reason naming its rule and source), the warnings, and,
    where refused, the source's options for the same parties that no rule refuses."""
    found = findings(p, fw)
    refusals = tuple(r for kind, r in found if kind == "refusal")
    warnings = tuple(r for kind, r in found if kind == "warning")
    if not refusals:
        return CheckResult(True, tuple(r for kind, r in found if kind == "note"), (), warnings)
    offered: list[Alternative] = []
    for option in _candidates(p, fw, [r.rule_id for r in refusals]):
        form = option.form
        if form == p.form or any(a.form == form for a in offered):
            continue
        # A form in which the parties do not bind each other is checked as such.
        again = replace(p, form=form, decision_making=p.decision_making and option.binding)
        if not _refused(again, fw):
            offered.append(Alternative(form, option.source.words(), option.source.text()))
    return CheckResult(False, refusals, tuple(a.form for a in offered), warnings, tuple(offered))


def citation_from_data(entry: Mapping[str, Any], documents: Mapping[str, Any]) -> Citation:
    """A source entry of the data as a citation, its document's title, date and chapter
    pages filled in from `documents`."""
    doc = documents[entry["document"]]
    chapter = entry.get("chapter") or ""
    return Citation(
        title=doc["title"],
        date=str(doc.get("date") or ""),
        chapter=chapter,
        pages=str((doc.get("chapters") or {}).get(chapter) or ""),
        slide=entry.get("slide") or "",
        part=entry.get("part") or "",
        statute=entry.get("statute") or "",
        quote=" ".join(str(entry.get("quote") or "").split()),
    )


def _option(entry: Mapping[str, Any], documents: Mapping[str, Any]) -> Option:
    forms = entry.get("forms") or [entry["form"]]
    return Option(
        forms=tuple(forms),
        source=citation_from_data(entry["source"], documents),
        binding=bool(entry.get("binding")),
        function=entry.get("function"),
        only=tuple(entry.get("only") or ()),
    )


def framework_from_data(
    catalogue: Mapping[str, Any], functions: Sequence[Mapping[str, Any]]
) -> Framework:
    """Build the framework from the rules file's contents and the functions register."""
    documents = catalogue["documents"]
    rules = catalogue["rules"]
    pairs: dict[frozenset[str], Pairing] = {}
    for entry in catalogue["pairings"]:
        pairing = Pairing(
            name=entry["name"],
            options=tuple(_option(o, documents) for o in entry.get("options") or ()),
            closed=tuple(
                Closed(c["form"], c["rule"], c.get("function"), c.get("unless_all"))
                for c in entry.get("not_available") or ()
            ),
            source=citation_from_data(entry["source"], documents),
        )
        for types in entry["types"]:
            pairs[frozenset(types)] = pairing
    by_id = {r["id"]: r for r in rules}
    return Framework(
        rules={
            r["id"]: Rule(
                r["id"],
                r["title"],
                " ".join(r["text"].split()),
                r["effect"],
                tuple(citation_from_data(s, documents) for s in r["sources"]),
                bool(r.get("inferred")),
            )
            for r in rules
        },
        pairs=pairs,
        functions={
            f["key"]: FunctionFacts(
                f["key"], f["name"], f.get("original_holder_type"), f.get("delegable")
            )
            for f in functions
        },
        s75_excluded=frozenset(by_id["GOV-S75-EXCLUDED-SERVICES"].get("services") or ()),
        likely_excluded_functions=frozenset(
            by_id["GOV-HIGHLY-SPECIALISED-LIKELY-EXCLUDED"].get("functions") or ()
        ),
        double_delegation_exempt={
            (e["function"], e["from_type"], e["to_type"]): Exemption(
                e["function"],
                e["from_type"],
                e["to_type"],
                citation_from_data(e["source"], documents),
            )
            for r in rules
            for e in r.get("exemptions") or ()
        },
        rule_alternatives={
            r["id"]: tuple(_option(o, documents) for o in r["alternatives"])
            for r in rules
            if r.get("alternatives")
        },
    )
