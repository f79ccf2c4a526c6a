"""Why a confidential agenda item is taken in private: the exemptions it may rely on,
as data (data/exemptions.yaml), each with the provision it rests on."""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

EXEMPTIONS_FILE = Path(__file__).parent / "data" / "exemptions.yaml"


@dataclass(frozen=True)
class Exemption:
    key: str
    label: str
    source: str
    reference: str


@functools.cache
def exemptions() -> dict[str, Exemption]:
    """The exemptions by key, in the file's order."""
    data = yaml.safe_load(EXEMPTIONS_FILE.read_text(encoding="utf-8"))
    return {e["key"]: Exemption(**e) for e in data["exemptions"]}


def exemption_choices() -> list[tuple[str, str]]:
    return [(e.key, e.label) for e in exemptions().values()]


def exemption_of(key: str) -> Exemption | None:
    """An item's exemption by its key; None for a public item (or one from before items
    recorded why)."""
    return exemptions().get(key)
