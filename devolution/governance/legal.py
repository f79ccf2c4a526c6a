"""The legal framework read from its data files, once per process."""

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .rules.legal import Framework, framework_from_data

DATA = Path(__file__).parent / "data"
LONDON = DATA / "london.yaml"
RULES = DATA / "legal_rules.yaml"


@lru_cache(maxsize=1)
def governance_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LONDON.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def rule_catalogue() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]
    return rules


@lru_cache(maxsize=1)
def framework() -> Framework:
    data = governance_data()
    return framework_from_data(data["legal"], rule_catalogue(), data["functions"])
