"""The legal framework read from its data files, once per process."""

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .rules.legal import Citation, Framework, citation_from_data, framework_from_data

DATA = Path(__file__).parent / "data"
LONDON = DATA / "london.yaml"
RULES = DATA / "legal_rules.yaml"


@lru_cache(maxsize=1)
def governance_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LONDON.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def rules_data() -> dict[str, Any]:
    """The rules file as it is: documents, rules and the joint-working pairings."""
    data: dict[str, Any] = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def framework() -> Framework:
    return framework_from_data(rules_data(), governance_data()["functions"])


@lru_cache(maxsize=1)
def rule_catalogue() -> list[dict[str, Any]]:
    """Every rule as the pages, the API and the reports show it: the data's fields, its
    text on one line, and `source`, its first source as a citation a person can follow
    (document title and date, chapter and pages, slide, section, statute)."""
    fw = framework()
    catalogue = []
    for entry in rules_data()["rules"]:
        rule = fw.rules[entry["id"]]
        catalogue.append(
            {
                **entry,
                "text": rule.text,
                "source": rule.source,
                "citations": rule.sources,
                "refuses": rule.effect == "refuses",
            }
        )
    return catalogue


def pairings() -> list[dict[str, Any]]:
    """Seed 001's options for joint working per pairing of organisation types, as the
    rules page and report show them: the types, each option's forms, the source's words
    and citation, and the forms the source says are not open with the rule that says so."""
    fw = framework()
    shown = []
    for entry in rules_data()["pairings"]:
        first = fw.pairs[frozenset(entry["types"][0])]
        shown.append(
            {
                "name": first.name,
                "types": [tuple(t) for t in entry["types"]],
                "options": first.options,
                "closed": [(c, fw.rules[c.rule]) for c in first.closed],
                "source": first.source,
            }
        )
    return shown


def spectrum_citation() -> Citation:
    """Where NHS England's devolution spectrum is in seed 001."""
    data = rules_data()
    return citation_from_data(data["spectrum_source"], data["documents"])
