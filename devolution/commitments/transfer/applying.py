"""Applying a checked file: all or nothing, through the same services as the pages and the
API, so each change is checked, locked and audited as theirs are."""

from django.db import transaction

from devolution.core.errors import InvalidInput
from devolution.core.models import Source, User
from devolution.core.services import LoadReport, upsert
from devolution.partners.access import enforce, memberships_of
from devolution.partners.rules import may_keep_registers

from .. import services
from ..models import Commitment
from .checking import Checker, Plan
from .columns import COMMITMENT, IMPORT_SOURCE, MILESTONE, UPDATE, ImportReport
from .reading import read_sheet


def import_enforce_may(*, actor: User | None) -> None:
    """A person must keep the registers to import one: importing progress on behalf of
    the owners is the secretariat's task (SPEC §1, §15). `actor` None is the system (the
    `import` command)."""
    if actor is not None:
        enforce(may_keep_registers(memberships_of(actor)))


def commitments_import(*, actor: User | None, content: bytes, filename: str) -> ImportReport:
    """Import a register of commitments, milestones and progress updates, all or nothing.

    The whole register is locked while the file is checked and applied, so imports of the
    same file at once apply it once: the others find it recorded and change nothing.
    """
    import_enforce_may(actor=actor)
    sheet = read_sheet(content, filename)
    report = ImportReport(filename=filename, rows=len(sheet.rows))
    with transaction.atomic():
        # On PostgreSQL, the rows of every commitment; SQLite's immediate transactions
        # already hold the database.
        list(Commitment.objects.select_for_update().order_by("pk").values_list("pk"))
        checker = Checker(sheet)
        plan = checker.check()
        if checker.problems:
            raise InvalidInput(checker.problems)
        _apply(plan, actor, report)
    return report


def _apply(plan: Plan, actor: User | None, report: ImportReport) -> None:
    own_source: list[Source] = []

    def default_source() -> Source:
        """The source of a new record the file gives none for, recorded on first use."""
        if not own_source:
            own_source.append(
                upsert(
                    Source,
                    {"key": IMPORT_SOURCE["key"]},
                    {"title": IMPORT_SOURCE["title"], "kind": IMPORT_SOURCE["kind"]},
                    {},
                    what="sources",
                    actor=actor,
                    report=LoadReport(),
                )
            )
        return own_source[0]

    # A file's reference, by its lower case, to the reference as recorded.
    recorded: dict[str, str] = {}
    for c in plan.commitments:
        if c.existing is None:
            commitment = services.commitment_create(
                actor=actor,
                reference=c.reference,
                values={"source": default_source(), **c.values},
                supporting=c.supporting or (),
            )
            report.commitments.created += 1
        else:
            commitment = services.commitment_change(
                actor=actor,
                reference=c.existing.reference,
                version=c.existing.version,
                values=c.values,
                supporting=c.supporting,
            )
            report.commitments.updated += 1
        recorded[commitment.reference.lower()] = commitment.reference

    def reference_of(reference: str) -> str:
        """`reference` is as recorded, or as the file spells a commitment it creates."""
        return recorded.get(reference.lower(), reference)

    for m in plan.milestones:
        if m.existing is None:
            services.milestone_create(
                actor=actor,
                reference=reference_of(m.reference),
                title=m.title,
                values={**m.values, "source": m.values.get("source") or default_source()},
            )
            report.milestones.created += 1
        else:
            services.milestone_change(
                actor=actor,
                milestone_id=m.existing.pk,
                version=m.existing.version,
                values=m.values,
            )
            report.milestones.updated += 1
    for u in plan.updates:
        services.progress_update_post(
            actor=actor,
            reference=reference_of(u.reference),
            date=u.values["date"],
            data={f: u.values.get(f) or "" for f in services.UPDATE_FIELDS},
            source=u.values.get("source") or default_source(),
        )
        report.updates.created += 1
    report.commitments.unchanged = plan.unchanged[COMMITMENT]
    report.milestones.unchanged = plan.unchanged[MILESTONE]
    report.updates.unchanged = plan.unchanged[UPDATE]
