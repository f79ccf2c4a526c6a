"""Every write to places, organisations, partnerships and memberships, audited."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from devolution.core.errors import InvalidInput, Problem, StaleEdit
from devolution.core.models import Source, User
from devolution.core.services import LoadReport, audit_record, snapshot, upsert

from .access import enforce, memberships_of
from .models import Level, Membership, Organisation, OrganisationType, Partnership, Place, Role
from .rules import may_edit_organisation, may_keep_registers

LONDON_DATASET = Path(__file__).parent / "data" / "london.yaml"


# --- Loading a partnership's data set -------------------------------------------------


_SCHEMES = {c.value for c in Place.Scheme}
_ORG_TYPES = {c.value for c in OrganisationType}
_KINDS = {c.value for c in Partnership.Kind}


def _check_dataset(data: Mapping[str, Any]) -> list[Problem]:
    """Every reference resolves and every value is one we know, before anything is stored."""
    problems: list[Problem] = []

    def need(where: str, ok: bool, message: str) -> None:
        if not ok:
            problems.append(Problem(message, field=where))

    for section in ("sources", "levels", "places", "organisations", "partnerships"):
        need(section, isinstance(data.get(section), list), f"the '{section}' list is missing")
    if problems:
        return problems

    sources = {s.get("key") for s in data["sources"]}
    levels = {lv.get("key") for lv in data["levels"]}
    places = {p.get("code") for p in data["places"]}
    orgs = {o.get("key") for o in data["organisations"]}
    for i, s in enumerate(data["sources"]):
        need(f"sources[{i}].key", bool(s.get("key")), "every source needs a key")
        need(f"sources[{i}].title", bool(s.get("title")), "every source needs a title")
        need(
            f"sources[{i}].kind",
            s.get("kind") in Source.Kind.values,
            "kind must be seed or register",
        )
    for i, lv in enumerate(data["levels"]):
        need(
            f"levels[{i}].source",
            lv.get("source") in sources,
            f"unknown source {lv.get('source')!r}",
        )
        need(f"levels[{i}].rank", isinstance(lv.get("rank"), int), "rank must be a whole number")
    for i, p in enumerate(data["places"]):
        at = f"places[{i}] ({p.get('code')})"
        need(at + ".code", bool(p.get("code")), "every place needs a code")
        need(
            at + ".scheme", p.get("scheme") in _SCHEMES, f"scheme must be one of {sorted(_SCHEMES)}"
        )
        need(at + ".level", p.get("level") in levels, f"unknown level {p.get('level')!r}")
        need(
            at + ".parent",
            p.get("parent") in places | {None},
            f"unknown parent {p.get('parent')!r}",
        )
        need(at + ".source", p.get("source") in sources, f"unknown source {p.get('source')!r}")
        if p.get("population") is not None:
            need(
                at + ".population",
                isinstance(p["population"], int) and p["population"] >= 0,
                "population must be a whole number",
            )
            need(
                at + ".population_source",
                p.get("population_source") in sources,
                "a population needs the source it comes from",
            )
        for code in p.get("comprises") or []:
            need(at + ".comprises", code in places, f"unknown place {code!r}")
    for i, o in enumerate(data["organisations"]):
        at = f"organisations[{i}] ({o.get('key')})"
        need(
            at + ".type",
            o.get("type") in _ORG_TYPES,
            f"unknown organisation type {o.get('type')!r}",
        )
        need(at + ".source", o.get("source") in sources, f"unknown source {o.get('source')!r}")
        for code in o.get("serves") or []:
            need(at + ".serves", code in places, f"unknown place {code!r}")
    for i, pt in enumerate(data["partnerships"]):
        at = f"partnerships[{i}] ({pt.get('key')})"
        need(at + ".kind", pt.get("kind") in _KINDS, f"unknown partnership kind {pt.get('kind')!r}")
        need(at + ".source", pt.get("source") in sources, f"unknown source {pt.get('source')!r}")
        for code in pt.get("footprint") or []:
            need(at + ".footprint", code in places, f"unknown place {code!r}")
        for key in pt.get("members") or []:
            need(at + ".members", key in orgs, f"unknown organisation {key!r}")
    return problems


def dataset_load(*, data: Mapping[str, Any], actor: User | None = None) -> LoadReport:
    """Load a partnership's places and partners; loading the same data again changes nothing.

    The whole data set is checked first; if any part is wrong nothing is stored.
    """
    problems = _check_dataset(data)
    if problems:
        raise InvalidInput(problems)
    report = LoadReport()
    with transaction.atomic():
        sources = {}
        for s in data["sources"]:
            sources[s["key"]] = upsert(
                Source,
                {"key": s["key"]},
                {"title": s["title"], "kind": s["kind"], "reference": s.get("reference") or ""},
                {},
                actor=actor,
                report=report,
                what="sources",
            )
        levels = {}
        for lv in data["levels"]:
            levels[lv["key"]] = upsert(
                Level,
                {"key": lv["key"]},
                {
                    "name": lv["name"],
                    "rank": lv["rank"],
                    "description": lv.get("description") or "",
                    "source": sources[lv["source"]],
                },
                {},
                actor=actor,
                report=report,
                what="levels",
            )
        places: dict[str, Place] = {}
        # Parents first: a place's parent is loaded before it.
        pending = list(data["places"])
        while pending:
            ready = [p for p in pending if p.get("parent") in places or not p.get("parent")]
            if not ready:
                raise InvalidInput([Problem("the places' parents form a loop", field="places")])
            for p in ready:
                places[p["code"]] = upsert(
                    Place,
                    {"code": p["code"]},
                    {
                        "scheme": p["scheme"],
                        "name": p["name"],
                        "level": levels[p["level"]],
                        "parent": places.get(p.get("parent") or ""),
                        "population": p.get("population"),
                        "population_note": p.get("population_note") or "",
                        "population_source": sources.get(p.get("population_source") or ""),
                        "source": sources[p["source"]],
                    },
                    {},
                    actor=actor,
                    report=report,
                    what="places",
                )
            pending = [p for p in pending if p not in ready]
        for p in data["places"]:
            if p.get("comprises"):
                upsert(
                    Place,
                    {"code": p["code"]},
                    {},
                    {"comprises": [places[c] for c in p["comprises"]]},
                    actor=actor,
                    report=report,
                    what="places",
                )
        orgs = {}
        for o in data["organisations"]:
            orgs[o["key"]] = upsert(
                Organisation,
                {"key": o["key"]},
                {
                    "name": o["name"],
                    "short_name": o.get("short_name") or "",
                    "type": o["type"],
                    "ods_code": o.get("ods_code") or "",
                    "gss_code": o.get("gss_code") or "",
                    "companies_house": o.get("companies_house") or "",
                    "charity_number": o.get("charity_number") or "",
                    "note": o.get("note") or "",
                    "source": sources[o["source"]],
                },
                {"serves": [places[c] for c in o.get("serves") or []]},
                actor=actor,
                report=report,
                what="organisations",
            )
        for pt in data["partnerships"]:
            upsert(
                Partnership,
                {"key": pt["key"]},
                {
                    "name": pt["name"],
                    "short_name": pt.get("short_name") or "",
                    "kind": pt["kind"],
                    "description": pt.get("description") or "",
                    "source": sources[pt["source"]],
                },
                {
                    "footprint": [places[c] for c in pt.get("footprint") or []],
                    "members": [orgs[k] for k in pt.get("members") or []],
                },
                actor=actor,
                report=report,
                what="partnerships",
            )
    return report


def dataset_load_file(*, path: Path, actor: User | None = None) -> LoadReport:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput([Problem(f"cannot be read as YAML: {exc}", field=str(path))]) from exc
    if not isinstance(data, dict):
        raise InvalidInput([Problem("is not a data set (a YAML mapping)", field=str(path))])
    return dataset_load(data=data, actor=actor)


# --- Edits by people --------------------------------------------------------------------

ORGANISATION_EDITABLE = (
    "short_name",
    "website",
    "description",
    "ods_code",
    "companies_house",
    "charity_number",
)


def organisation_enforce_may_edit(*, actor: User | None, organisation_id: int) -> None:
    """Refuse (403) a person who may not edit the organisation: the one rule for the
    page to refuse its form by and for `organisation_update` to enforce."""
    enforce(may_edit_organisation(memberships_of(actor), organisation_id))


def organisation_update(
    *, actor: User, organisation_id: int, version: int, data: Mapping[str, Any]
) -> Organisation:
    """An organisation's own people, or the secretariat, update its details.

    `version` is the one the editor started from; if someone saved in between,
    nothing is overwritten and the editor is told (QUALITY R2).
    """
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        organisation_enforce_may_edit(actor=actor, organisation_id=organisation.pk)
        unknown = sorted(set(data) - set(ORGANISATION_EDITABLE))
        if unknown:
            raise InvalidInput(
                [Problem("this field cannot be changed here", field=f) for f in unknown]
            )
        if organisation.version != version:
            raise StaleEdit(
                f"{organisation.name} was changed by someone else while you were editing. "
                "Nothing was saved: reload the page to see their change, then make yours again."
            )
        fields = list(data)
        before = snapshot(organisation, fields)
        for name, value in data.items():
            setattr(organisation, name, (value or "").strip())
        try:
            organisation.full_clean()
        except ValidationError as exc:
            raise InvalidInput(
                [Problem(" ".join(m), field=f) for f, m in exc.message_dict.items()]
            ) from exc
        after = snapshot(organisation, fields)
        if before == after:
            return organisation
        organisation.version += 1
        organisation.save()
        audit_record(actor=actor, action="update", obj=organisation, before=before, after=after)
    return organisation


def person_create(
    *, actor: User | None, email: str, full_name: str, password: str, job_title: str = ""
) -> User:
    with transaction.atomic():
        person = User.objects.create_user(
            email=email, password=password, full_name=full_name, job_title=job_title
        )
        audit_record(
            actor=actor,
            action="create",
            obj=person,
            before=None,
            after={"email": person.email, "full_name": full_name},
        )
    return person


def person_set_password(*, actor: User | None, person: User, password: str) -> None:
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        audit_record(actor=actor, action="set_password", obj=person, before=None, after=None)


def membership_grant(
    *, actor: User | None, person: User, organisation: Organisation, role: str
) -> Membership:
    """Give a person a role in an organisation; only the secretariat may (or the system)."""
    if role not in Role.values:
        raise InvalidInput([Problem(f"unknown role {role!r}", field="role")])
    if actor is not None:
        enforce(may_keep_registers(memberships_of(actor)))
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            person=person, organisation=organisation, role=role
        )
        if created:
            audit_record(
                actor=actor, action="grant", obj=membership, before=None, after=snapshot(membership)
            )
    return membership


def london_load(actor: User | None = None) -> LoadReport:
    """The places and partners of the embedded London data set."""
    return dataset_load_file(path=LONDON_DATASET, actor=actor)
