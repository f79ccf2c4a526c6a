"""The legal framework of joint working and delegation (SPEC §5), as pure rules.

The facts (which forms are open between which organisation types, the spectrum, the
services outside s.75, the rules' texts and sources) are data: `governance/data/`.
`framework_from_data` turns them into a `Framework`; `check_arrangement` asks every
rule about one proposed arrangement and gives a verdict with the reasons and the
lawful alternatives. One function per rule below, each quoting its provision.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

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
    "merger",
    "joint_appointment",
    "contractual_joint_venture",
    "corporate_joint_venture",
    "strategic_partnership_board",
    "lead_commissioning",
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

PASSING_ON = frozenset(
    {"delegation", "transfer"}
)  # the first party passes the function to the second
OPEN_TO_ALL = frozenset({"seat_at_table", "strategic_partnership_board"})
S75_FAMILY = frozenset({"s75_pooled_budget", "s75_partnership", "lead_commissioning"})
COMBINED_AUTHORITY = "combined_authority_joint_committee"
COMMISSIONERS = frozenset({"ccg", "local_authority", "nhs_england"})
PROVIDERS = frozenset({"nhs_trust", "foundation_trust", "other_provider"})
TRUSTS = frozenset({"nhs_trust", "foundation_trust"})


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    text: str
    source: str


@dataclass(frozen=True)
class PairForm:
    form: str
    power: str
    binding: bool


@dataclass(frozen=True)
class PairFacts:
    open: Mapping[str, PairForm]
    closed: Mapping[str, str]  # form -> the seed's reason it is not available
    source: str


@dataclass(frozen=True)
class FunctionFacts:
    key: str
    name: str
    original_holder_type: str | None
    delegable: bool | None


@dataclass(frozen=True)
class Framework:
    rules: Mapping[str, Rule]
    pairs: Mapping[frozenset[str], PairFacts]
    functions: Mapping[str, FunctionFacts]
    s75_excluded: frozenset[str]
    double_delegation_exempt: frozenset[tuple[str, str, str]]  # (function, from type, to type)


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
class CheckResult:
    allowed: bool
    reasons: tuple[Reason, ...]
    alternatives: tuple[str, ...] = field(default_factory=tuple)


Finding = tuple[bool, Reason]  # (refuses?, reason)


def _say(fw: Framework, rule_id: str, message: str, *, refuses: bool) -> Finding:
    return refuses, Reason(rule_id, message, fw.rules[rule_id].source)


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
}


def _label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " "))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pairs(parties: Sequence[Party]) -> list[tuple[Party, Party]]:
    return [(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]]


def rule_parties(p: Proposal, fw: Framework) -> list[Finding]:
    """Passing a function on, and every joint form, needs two or more parties; for
    delegation, internal delegation and transfer, the first passes to the second."""
    needed = 2
    if len(p.parties) < needed:
        return [
            _say(
                fw,
                "GOV-PARTIES",
                f"{_cap(_label(p.form))} needs at least two parties.",
                refuses=True,
            )
        ]
    if p.form in PASSING_ON | {"internal_delegation"} and len(p.parties) != needed:
        return [
            _say(
                fw,
                "GOV-PARTIES",
                f"{_cap(_label(p.form))} is from one body to one other: give "
                "exactly two parties, the first passing the function to the second.",
                refuses=True,
            )
        ]
    return []


def rule_holder_must_hold(p: Proposal, fw: Framework) -> list[Finding]:
    """'Delegation': a body delegates a function it holds (seed 001, Terminology)."""
    if p.form in PASSING_ON | {"internal_delegation"} and p.parties and not p.parties[0].holds:
        return [
            _say(
                fw,
                "GOV-HOLDER-MUST-HOLD",
                f"The {_label(p.parties[0].type)} does not hold the function, so it cannot "
                f"pass it on by {_label(p.form)}.",
                refuses=True,
            )
        ]
    return []


def rule_double_delegation(p: Proposal, fw: Framework) -> list[Finding]:
    """'An entity exercising a delegated power cannot further delegate that power'
    (seed 001, Terminology: Double-delegation). Internal delegation stays allowed, and so
    does joint working where the original holder stays at the table."""
    findings: list[Finding] = []
    if p.form in PASSING_ON and len(p.parties) == 2 and p.parties[0].holds == "delegated":
        giver, taker = p.parties
        if (p.function or "", giver.type, taker.type) in fw.double_delegation_exempt:
            findings.append(
                _say(
                    fw,
                    "GOV-DOUBLE-DELEGATION",
                    f"The statute lets a {_label(giver.type)} arrange for a "
                    f"{_label(taker.type)} to exercise this function.",
                    refuses=False,
                )
            )
        else:
            findings.append(
                _say(
                    fw,
                    "GOV-DOUBLE-DELEGATION",
                    f"The {_label(giver.type)} holds this function by delegation, "
                    "so it cannot delegate it externally again (double "
                    "delegation); internal delegation to its own committee or "
                    "officer is open.",
                    refuses=True,
                )
            )
    if p.form == "internal_delegation" and len(p.parties) == 2:
        same = p.parties[0].type == p.parties[1].type
        findings.append(
            _say(
                fw,
                "GOV-INTERNAL-DELEGATION",
                "Internal delegation to the body's own committee or officer is "
                "allowed, even for a delegated function."
                if same
                else "Internal delegation is to the body's own committee or officer; "
                f"a {_label(p.parties[1].type)} is another body.",
                refuses=not same,
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
                    f"The {_label(delegated[0].type)} holds {fn.name.lower()} by "
                    "delegation: it may decide on it jointly only with the "
                    f"original holder ({_label(fn.original_holder_type)}) at the "
                    "table.",
                    refuses=True,
                )
            )
    return findings


def rule_form_between_types(p: Proposal, fw: Framework) -> list[Finding]:
    """Joint working is lawful only in the forms open between the parties' types
    (seed 001, Governance: 'Options possible under the current legislative framework')."""
    if p.form in OPEN_TO_ALL or p.form == "internal_delegation" or len(p.parties) < 2:
        return []
    if p.form == "transfer":
        return []  # a s.105A transfer order is made by the Secretary of State; see the spectrum
    findings: list[Finding] = []
    for a, b in _pairs(p.parties):
        facts = fw.pairs.get(frozenset({a.type, b.type}))
        pair = f"{_label(a.type)} and {_label(b.type)}"
        if p.form == COMBINED_AUTHORITY:
            continue  # its own rule, which depends on the region
        if facts is None:
            findings.append(
                _say(
                    fw,
                    "GOV-FORM-BETWEEN-TYPES",
                    f"The framework records no {_label(p.form)} between {pair}.",
                    refuses=True,
                )
            )
        elif p.form in facts.closed:
            rule_id = _closed_rule(a.type, b.type, p.form)
            if rule_id == "GOV-S7A-LONDON-CCG-ONLY":
                continue  # its own rule, which depends on the region and the function
            findings.append(_say(fw, rule_id, facts.closed[p.form], refuses=True))
        elif p.form in facts.open:
            power = facts.open[p.form].power
            findings.append(
                _say(
                    fw,
                    "GOV-FORM-BETWEEN-TYPES",
                    f"{_cap(_label(p.form))} is open between {pair}"
                    + (f" ({power})." if power else "."),
                    refuses=False,
                )
            )
        else:
            open_forms = ", ".join(_label(f) for f in facts.open) or "none"
            findings.append(
                _say(
                    fw,
                    "GOV-FORM-BETWEEN-TYPES",
                    f"{_cap(_label(p.form))} is not among the forms open "
                    f"between {pair} (open: {open_forms}).",
                    refuses=True,
                )
            )
    return findings


def _closed_rule(a: str, b: str, form: str) -> str:
    types = {a, b}
    if form == "corporate_joint_venture":
        return "GOV-CORPORATE-JV-FT-ONLY"
    if types <= TRUSTS:
        return "GOV-TRUSTS-NO-JOINT-COMMITTEE"
    if types & COMMISSIONERS and types & PROVIDERS:
        return "GOV-COMMISSIONER-PROVIDER-SPLIT"
    if "nhs_england" in types and "local_authority" in types:
        return "GOV-S7A-LONDON-CCG-ONLY"
    if types == {"ccg", "local_authority"}:
        return "GOV-S75-MANAGEMENT-NOT-DECISION"
    return "GOV-FORM-BETWEEN-TYPES"


def rule_no_combined_authority_in_london(p: Proposal, fw: Framework) -> list[Finding]:
    """'the legislation does not permit the establishment of combined authorities in
    London' (seed 001, Governance)."""
    if p.form == COMBINED_AUTHORITY and p.region == "london":
        return [
            _say(
                fw,
                "GOV-NO-COMBINED-AUTHORITY-LONDON",
                "There are no combined authorities in London, so a CCG and combined authority "
                "joint committee is not available.",
                refuses=True,
            )
        ]
    return []


def rule_s7a_only_to_ccg_in_london(p: Proposal, fw: Framework) -> list[Finding]:
    """'Within the London region, NHS England can only delegate s.7A public health
    functions to a CCG' (seed 001, Governance)."""
    if p.function != "s7a_public_health" or p.form not in PASSING_ON or len(p.parties) != 2:
        return []
    giver, taker = p.parties
    if p.region == "london" and giver.type == "nhs_england":
        return [
            _say(
                fw,
                "GOV-S7A-LONDON-CCG-ONLY",
                "In London NHS England may delegate s.7A public health functions to a CCG."
                if taker.type == "ccg"
                else "In London NHS England may delegate s.7A public health functions only to a "
                f"CCG, not to a {_label(taker.type)}.",
                refuses=taker.type != "ccg",
            )
        ]
    return []


def rule_s75_limits(p: Proposal, fw: Framework) -> list[Finding]:
    """The s.75 Regulations exclude 'surgery, radiotherapy and other invasive procedures',
    and allow only a 'management' joint committee (seed 001)."""
    if p.form not in S75_FAMILY:
        return []
    findings: list[Finding] = []
    excluded = sorted(set(p.services) & fw.s75_excluded)
    if excluded:
        findings.append(
            _say(
                fw,
                "GOV-S75-EXCLUDED-SERVICES",
                "These services are outside s.75: " + ", ".join(_label(s) for s in excluded) + ".",
                refuses=True,
            )
        )
    if p.decision_making:
        findings.append(
            _say(
                fw,
                "GOV-S75-MANAGEMENT-NOT-DECISION",
                "Under s.75 the joint committee can manage the pooled arrangement "
                "but cannot take decisions.",
                refuses=True,
            )
        )
    return findings


def rule_commissioner_provider_split(p: Proposal, fw: Framework) -> list[Finding]:
    """'Providers and commissioners cannot take collective, binding decisions'
    (seed 001, Terminology: commissioner/provider split)."""
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
                "Commissioners and providers may meet in partnership, but each takes its "
                "own decisions within its own functions: no collective binding decision.",
                refuses=True,
            )
        ]
    return []


def rule_not_delegable(p: Proposal, fw: Framework) -> list[Finding]:
    """Highly specialised services are commissioned by NHS England and not delegable
    (seed 001)."""
    fn = fw.functions.get(p.function or "")
    shares_decision = p.form in PASSING_ON or (p.decision_making and p.form not in OPEN_TO_ALL)
    if fn and fn.delegable is False and shares_decision and p.form != "internal_delegation":
        return [
            _say(
                fw,
                "GOV-HIGHLY-SPECIALISED-NOT-DELEGABLE",
                f"{fn.name} cannot be delegated, transferred or decided jointly.",
                refuses=True,
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
                else "A multi-borough arrangement needs the recorded agreement of all relevant "
                "parties.",
                refuses=not p.all_parties_agree,
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
                else "A London-level arrangement needs a recorded clear case that doing it once "
                "for all avoids duplication, enables scale or accelerates, and is "
                "preferable to all partners.",
                refuses=not has_case,
            )
        ]
    return []


RULES: tuple[Callable[[Proposal, Framework], list[Finding]], ...] = (
    rule_parties,
    rule_holder_must_hold,
    rule_double_delegation,
    rule_form_between_types,
    rule_no_combined_authority_in_london,
    rule_s7a_only_to_ccg_in_london,
    rule_s75_limits,
    rule_commissioner_provider_split,
    rule_not_delegable,
    rule_subsidiarity,
)


def _verdict(p: Proposal, fw: Framework) -> tuple[bool, tuple[Reason, ...]]:
    findings = [f for rule in RULES for f in rule(p, fw)]
    refusals = tuple(r for refuses, r in findings if refuses)
    if refusals:
        return False, refusals
    return True, tuple(r for _, r in findings)


def check_arrangement(p: Proposal, fw: Framework) -> CheckResult:
    """Allowed or not, why (each reason naming its rule and source), and, where refused,
    the other forms that would be lawful for the same parties and function."""
    allowed, reasons = _verdict(p, fw)
    if allowed:
        return CheckResult(True, reasons)
    alternatives = tuple(
        form for form in FORMS if form != p.form and _verdict(replace(p, form=form), fw)[0]
    )
    return CheckResult(False, reasons, alternatives)


def framework_from_data(
    legal: Mapping[str, Any],
    rules: Sequence[Mapping[str, Any]],
    functions: Sequence[Mapping[str, Any]],
) -> Framework:
    """Build the framework from the data files' contents."""
    pairs: dict[frozenset[str], PairFacts] = {}
    for entry in legal["joint_working"]:
        key = frozenset(entry["parties"])
        pairs[key] = PairFacts(
            open={
                f["form"]: PairForm(f["form"], f.get("power") or "", bool(f.get("binding")))
                for f in entry.get("forms") or []
            },
            closed={n["form"]: n["reason"] for n in entry.get("not_available") or []},
            source=entry.get("source", ""),
        )
    exempt = frozenset(
        (e["function"], e["from_type"], e["to_type"])
        for r in rules
        for e in r.get("exemptions") or []
    )
    return Framework(
        rules={
            r["id"]: Rule(r["id"], r["title"], " ".join(r["text"].split()), r["source"])
            for r in rules
        },
        pairs=pairs,
        functions={
            f["key"]: FunctionFacts(
                f["key"], f["name"], f.get("original_holder_type"), f.get("delegable")
            )
            for f in functions
        },
        s75_excluded=frozenset(legal.get("s75_excluded_services") or ()),
        double_delegation_exempt=exempt,
    )
