"""The legal rules say what their source says, and no more (issue 10, point 1).

- every quoted text of the rules file is found verbatim in the seed it cites, and every
  citation's chapter, pages, slide and section are where it says;
- the catalogue and the checker agree for every rule: a rule marked as refusing refuses,
  a rule marked as warning only warns (one test per rule, from the rule's own data);
- the alternatives offered for a refused pairing of types are seed 001's own list for
  that pairing (one test per pairing);
- every arrangement SPEC §5 names as lawful passes with no refusal (one test each).
No database: the framework is read from the data files.
"""

import itertools
import re

import pytest

from devolution.governance.legal import framework, pairings, rule_catalogue, rules_data
from devolution.governance.rules.legal import (
    FORMS,
    Party,
    Proposal,
    check_arrangement,
    findings,
    options_for,
)
from tests.seeds import SEEDS, TYPOGRAPHY

FW = framework()
DATA = rules_data()

# Only whitespace, typographic quotes and dashes are normalised.


def normal(text: str) -> str:
    return " ".join(text.translate(TYPOGRAPHY).split())


def seed_lines(document: str) -> list[str]:
    path = SEEDS / DATA["documents"][document]["seed"]
    if not path.exists():
        pytest.skip(f"the seed {path} is not on this machine")
    return [normal(line) for line in path.read_text(encoding="utf-8").splitlines()]


def all_citations() -> list[tuple[str, dict]]:
    """Every source entry of the rules file, named by where it is in the file."""
    found: list[tuple[str, dict]] = []
    for rule in DATA["rules"]:
        found += [(f"{rule['id']} source {n}", s) for n, s in enumerate(rule["sources"], 1)]
        found += [(f"{rule['id']} exemption", e["source"]) for e in rule.get("exemptions") or []]
        found += [
            (f"{rule['id']} alternative", a["source"]) for a in rule.get("alternatives") or []
        ]
    for pairing in DATA["pairings"]:
        found.append((f"{pairing['name']}", pairing["source"]))
        found += [(f"{pairing['name']}: {o['forms'][0]}", o["source"]) for o in pairing["options"]]
    found.append(("the devolution spectrum", DATA["spectrum_source"]))
    return found


CITATIONS = all_citations()
QUOTED = [(name, c) for name, c in CITATIONS if c.get("quote")]


@pytest.mark.parametrize(("name", "citation"), QUOTED, ids=[n for n, _ in QUOTED])
def test_every_quote_is_verbatim_in_the_seed_it_cites(name, citation):
    text = " ".join(seed_lines(citation["document"]))
    assert normal(citation["quote"]) in text, f"{name}: {citation['quote']!r}"


def test_every_rule_quotes_its_source():
    """A rule's own `quote` is its first source's words, verbatim in the seed it names."""
    for rule in DATA["rules"]:
        assert rule["sources"], rule["id"]
        assert all(s.get("quote") for s in rule["sources"]), rule["id"]
        assert rule["quote"] == rule["sources"][0]["quote"], rule["id"]
        assert rule["source"] == rule["sources"][0]["document"], rule["id"]
        text = " ".join(seed_lines(rule["source"]))
        assert normal(rule["quote"]) in text, rule["id"]


CHAPTERS = ("Regulation", "Commissioning levers and financial flows", "Workforce", "Governance")


def chapter_of(lines: list[str], at: int) -> str | None:
    """The chapter a line is in. A chapter's divider is a line that is its name alone;
    the names recur inside slides, so the dividers are taken from the last chapter back:
    each the last line with its name before the next chapter's divider."""
    dividers: dict[str, int] = {}
    end = len(lines)
    for name in reversed(CHAPTERS):
        end = max(i for i, line in enumerate(lines[:end]) if line == normal(name))
        dividers[name] = end
    before = [(i, name) for name, i in dividers.items() if i < at]
    return max(before)[1] if before else None


@pytest.mark.parametrize(("name", "citation"), CITATIONS, ids=[n for n, _ in CITATIONS])
def test_every_citation_is_where_it_says(name, citation):
    document = DATA["documents"][citation["document"]]
    lines = seed_lines(citation["document"])
    head = lines[:20]
    # The document's title and date, as the seed gives them on its cover.
    for word in re.split(r":\s*", document["title"]):
        assert normal(word) in head, word
    assert normal(str(document["date"])) in head
    # The chapter's pages, as the seed's contents give them.
    chapter = citation["chapter"]
    pages = str(document["chapters"][chapter]).replace("\N{EN DASH}", " - ")
    assert normal(f"{chapter} {pages}") in head, chapter
    # The slide, by its title: a line of the seed, in that chapter.
    slide = normal(citation["slide"])
    assert slide in lines, f"{name}: no slide {slide!r}"
    at = lines.index(slide)
    assert chapter_of(lines, at) == chapter, name
    # The section or box on the slide: a line of the seed after the slide's title.
    if citation.get("part"):
        part = normal(citation["part"])
        assert any(line.startswith(part) for line in lines[at:]), f"{name}: {part!r}"
    # The quote is on that slide: after its title (and before the next citation's slide).
    if citation.get("quote"):
        assert normal(citation["quote"]) in " ".join(lines[at:]), name


def test_pages_show_the_document_title_and_date_not_a_file_name():
    for rule in rule_catalogue():
        assert rule["source"].startswith("Integration: Technical pack (December 2017), ")
        assert "seed" not in rule["source"].lower()
        assert ".txt" not in rule["source"]


# ----------------------------------------------------------- the catalogue and the checker


def proposal_from(example: dict) -> Proposal:
    return Proposal(
        form=example["form"],
        function=example.get("function"),
        parties=tuple(Party(t, h) for t, h in example["parties"]),
        services=tuple(example.get("services") or ()),
        decision_making=bool(example.get("decision_making")),
        region=example.get("region", "london"),
        level=example.get("level"),
    )


@pytest.mark.parametrize("rule", DATA["rules"], ids=[r["id"] for r in DATA["rules"]])
def test_the_checker_does_what_the_catalogue_says_of_each_rule(rule):
    """The rule's example, from its own data: a refusing rule refuses it, a warning rule
    only warns (the arrangement stays allowed)."""
    assert rule["effect"] in {"refuses", "warns"}
    result = check_arrangement(proposal_from(rule["example"]), FW)
    refusing = [r.rule_id for r in result.reasons] if not result.allowed else []
    warning = [r.rule_id for r in result.warnings]
    if rule["effect"] == "refuses":
        assert not result.allowed
        assert rule["id"] in refusing
        assert rule["id"] not in warning
    else:
        assert rule["id"] in warning
        assert rule["id"] not in refusing
        assert result.allowed, result.reasons


SWEEP_TYPES = (
    "ccg",
    "local_authority",
    "nhs_england",
    "nhs_trust",
    "foundation_trust",
    "other_provider",
    "department_of_health",
    "cqc",
)
SWEEP_FUNCTIONS = (
    None,
    "primary_care_commissioning",
    "highly_specialised_commissioning",
    "s7a_public_health",
)


def test_no_rule_ever_does_other_than_the_catalogue_says():
    """Across every form, pairing of types, holding, function and decision: a refusal
    only ever comes from a rule marked as refusing, a warning only from one marked as
    warning."""
    effect = {r["id"]: r["effect"] for r in DATA["rules"]}
    seen = {"refusal": set(), "warning": set()}
    for form, a, b, holds, function, deciding in itertools.product(
        FORMS, SWEEP_TYPES, SWEEP_TYPES, ("original", "delegated"), SWEEP_FUNCTIONS, (0, 1)
    ):
        p = Proposal(
            form=form,
            function=function,
            parties=(Party(a, holds), Party(b, None)),
            services=("surgery",),
            decision_making=bool(deciding),
        )
        for kind, reason in findings(p, FW):
            if kind != "note":
                seen[kind].add(reason.rule_id)
    assert all(effect[r] == "refuses" for r in seen["refusal"]), seen["refusal"]
    assert all(effect[r] == "warns" for r in seen["warning"]), seen["warning"]


def test_the_s75_exclusions_are_the_seeds_examples_and_no_more():
    """Seed 001: 'Certain services are excluded from the scope of the s.75 Regulations
    (for instance surgery, radiotherapy and other invasive procedures)'."""
    rule = next(r for r in DATA["rules"] if r["id"] == "GOV-S75-EXCLUDED-SERVICES")
    assert set(rule["services"]) == {"surgery", "radiotherapy", "invasive_procedures"}
    assert FW.s75_excluded == {"surgery", "radiotherapy", "invasive_procedures"}
    for added in ("termination", "endoscopy", "laser"):
        assert added not in rule["text"].lower() and added not in rule["title"].lower()
    for service in ("community_health", "social_care", "mental_health", "acute_care"):
        allowed = check_arrangement(
            Proposal(
                "s75_pooled_budget",
                None,
                (Party("ccg", "original"), Party("local_authority", "original")),
                services=(service,),
            ),
            FW,
        )
        assert allowed.allowed, service


def test_hedged_rules_warn_and_firm_rules_refuse():
    """'would likely exclude' and 'would not normally be interpreted' are warnings."""
    effect = {r["id"]: r["effect"] for r in DATA["rules"]}
    assert effect["GOV-HIGHLY-SPECIALISED-LIKELY-EXCLUDED"] == "warns"
    assert effect["GOV-S75-MANAGEMENT-NOT-DECISION"] == "warns"
    assert effect["GOV-FORM-BETWEEN-TYPES"] == "warns"  # 'non-exhaustive options'
    for rule in DATA["rules"]:
        quotes = " ".join(s["quote"] for s in rule["sources"]).lower()
        if re.search(r"\b(would likely|would not normally|non-exhaustive)\b", quotes):
            assert rule["effect"] == "warns", rule["id"]


# ------------------------------------------------------------- alternatives per pairing


def refused_case(entry: dict, types: list[str]) -> Proposal:
    """A form the source says is not open between the types, or else one no legislation
    provides for them (a s.102 joint committee outside local government)."""
    closed = entry.get("not_available") or []
    form, function = (
        (closed[0]["form"], closed[0].get("function")) if closed else ("s102_joint_committee", None)
    )
    if not closed:
        function = next((o.get("function") for o in entry["options"] if o.get("function")), None)
    return Proposal(form, function, tuple(Party(t, "original") for t in types))


PAIRS = [(entry, types) for entry in DATA["pairings"] for types in entry["types"]]


@pytest.mark.parametrize(("entry", "types"), PAIRS, ids=[" and ".join(types) for _, types in PAIRS])
def test_a_refused_pairing_is_offered_the_seeds_own_list_for_it(entry, types):
    p = refused_case(entry, types)
    result = check_arrangement(p, FW)
    assert not result.allowed, p
    pairing = FW.pairs[frozenset(types)]
    listed = [o.form for o in options_for(pairing, p) if o.form != p.form]
    from_rules = {o.form for r in result.reasons for o in FW.rule_alternatives.get(r.rule_id, ())}
    assert [a for a in result.alternatives if a not in from_rules] == listed
    # Each is offered in the source's own words, with where they are.
    quotes = {o.form: o.source for o in options_for(pairing, p)}
    for offered in result.offered:
        if offered.form in quotes:
            assert offered.quote == quotes[offered.form].words()
            assert offered.source == quotes[offered.form].text()


def test_the_lists_are_the_seeds_boxes():
    """The same-type boxes and the cross-type list of seed 001, item for item."""
    forms = {p["name"]: [o.form for o in p["options"]] for p in pairings()}
    assert forms["Between CCGs"] == [
        "joint_committee",
        "merger",
        "joint_appointment",
        "committees_in_common",
        "delegation",  # 'A CCG can also delegate its commissioning functions to another CCG.'
    ]
    assert forms["Between local authorities"] == [
        "s102_joint_committee",
        "joint_appointment",
        "leadership_forum",
    ]
    assert forms["Between NHS trusts and foundation trusts"] == [
        "buddying",
        "joint_appointment",
        "committees_in_common",
        "corporate_joint_venture",
        "contractual_joint_venture",
        "merger",
        "leadership_forum",
    ]
    assert forms["Between CCGs and local authorities"][:5] == [
        "strategic_partnership_board",
        "committees_in_common",
        "s75_partnership",
        "joint_appointment",
        "commissioning_support",
    ]
    assert forms["Between CCGs and providers"] == ["partnership_meeting"]
    assert forms["Between local authorities and providers"] == ["partnership_meeting"]


def test_double_delegation_offers_internal_delegation_from_its_source():
    result = check_arrangement(
        Proposal(
            "delegation",
            "primary_care_commissioning",
            (Party("ccg", "delegated"), Party("ccg", None)),
        ),
        FW,
    )
    assert not result.allowed
    assert result.alternatives[0] == "internal_delegation"
    assert "synthetic" in result.offered[0].quote
    assert "delegation" not in result.alternatives


# ------------------------------------------------------------ SPEC §5's lawful examples


def _p(form, *parties, function=None, **kw):
    return Proposal(form, function, tuple(Party(t, h) for t, h in parties), **kw)


LAWFUL = [
    (
        "internal ('synthetic') delegation of a delegated function to the CCG's own committee",
        _p(
            "internal_delegation",
            ("ccg", "delegated"),
            ("ccg", None),
            function="primary_care_commissioning",
        ),
    ),
    (
        "NHS England's internal delegation to its own officer (the Greater Manchester model)",
        _p(
            "internal_delegation",
            ("nhs_england", "original"),
            ("nhs_england", None),
            function="specialised_commissioning",
        ),
    ),
    (
        "CCGs holding delegated primary care commission it jointly with a local authority, "
        "NHS England at the table",
        _p(
            "committees_in_common",
            ("nhs_england", "original"),
            ("ccg", "delegated"),
            ("local_authority", "original"),
            function="primary_care_commissioning",
            decision_making=True,
        ),
    ),
    (
        "CCGs holding delegated primary care co-commission it with a local authority, "
        "NHS England at the table",
        _p(
            "co_commissioning",
            ("nhs_england", "original"),
            ("ccg", "delegated"),
            ("local_authority", "original"),
            function="primary_care_commissioning",
            decision_making=True,
        ),
    ),
    (
        "CCG-CCG joint committee (NHS Act 2006 s.14Z3)",
        _p("joint_committee", ("ccg", "original"), ("ccg", "original"), decision_making=True),
    ),
    ("CCG-CCG merger", _p("merger", ("ccg", "original"), ("ccg", "original"))),
    (
        "CCG-CCG joint appointments",
        _p("joint_appointment", ("ccg", "original"), ("ccg", "original")),
    ),
    (
        "CCG-CCG committees in common",
        _p("committees_in_common", ("ccg", "original"), ("ccg", "original")),
    ),
    (
        "local authority joint committee (Local Government Act 1972 s.102)",
        _p(
            "s102_joint_committee",
            ("local_authority", "original"),
            ("local_authority", "original"),
            decision_making=True,
        ),
    ),
    (
        "local authority joint appointments",
        _p("joint_appointment", ("local_authority", "original"), ("local_authority", "original")),
    ),
    (
        "local authority leadership forum",
        _p("leadership_forum", ("local_authority", "original"), ("local_authority", "original")),
    ),
    *[
        (
            f"{form.replace('_', ' ')} between {a.replace('_', ' ')} and {b.replace('_', ' ')}",
            _p(form, (a, "original"), (b, "original")),
        )
        for a, b in (
            ("nhs_trust", "nhs_trust"),
            ("nhs_trust", "foundation_trust"),
            ("foundation_trust", "foundation_trust"),
        )
        for form in (
            "committees_in_common",
            "buddying",
            "joint_appointment",
            "contractual_joint_venture",
            "merger",
        )
    ],
    (
        "corporate joint venture of foundation trusts (FTs only, which stay liable)",
        _p("corporate_joint_venture", ("foundation_trust", "original"), ("foundation_trust", None)),
    ),
    *[
        (
            f"{c.replace('_', ' ')} and {pr.replace('_', ' ')} meet in partnership, "
            "deciding separately",
            _p("partnership_meeting", (c, "original"), (pr, "original")),
        )
        for c in ("ccg", "local_authority")
        for pr in ("nhs_trust", "foundation_trust", "other_provider")
    ],
    (
        "CCG-local authority s.75 partnership arrangement",
        _p(
            "s75_partnership",
            ("ccg", "original"),
            ("local_authority", "original"),
            services=("community_health", "social_care"),
        ),
    ),
    (
        "CCG-local authority s.75 pooled budget with a management joint committee",
        _p(
            "s75_pooled_budget",
            ("ccg", "original"),
            ("local_authority", "original"),
            services=("community_health", "social_care", "mental_health"),
        ),
    ),
    (
        "NHS England delegates s.7A public health functions to a CCG in London",
        _p(
            "delegation",
            ("nhs_england", "delegated"),
            ("ccg", None),
            function="s7a_public_health",
        ),
    ),
    (
        "a seat at the table for commissioning decisions",
        _p(
            "seat_at_table",
            ("nhs_england", "original"),
            ("ccg", None),
            ("local_authority", None),
            function="primary_care_commissioning",
        ),
    ),
    (
        "NHS England delegates specialised commissioning to CCGs",
        _p(
            "delegation",
            ("nhs_england", "original"),
            ("ccg", None),
            function="specialised_commissioning",
        ),
    ),
]


@pytest.mark.parametrize(("case", "p"), LAWFUL, ids=[c for c, _ in LAWFUL])
def test_what_spec_5_names_as_lawful_is_allowed(case, p):
    result = check_arrangement(p, FW)
    assert result.allowed, [(r.rule_id, r.message) for r in result.reasons]


@pytest.mark.parametrize("form", ["co_commissioning", "committees_in_common"])
def test_without_nhs_england_at_the_table_delegated_primary_care_is_not_decided_jointly(form):
    """SPEC §5's example, both ways: with NHS England at the table it passes (above);
    without it, double delegation refuses."""
    result = check_arrangement(
        _p(
            form,
            ("ccg", "delegated"),
            ("local_authority", "original"),
            function="primary_care_commissioning",
            decision_making=True,
        ),
        FW,
    )
    assert not result.allowed
    assert "GOV-DOUBLE-DELEGATION" in [r.rule_id for r in result.reasons]
