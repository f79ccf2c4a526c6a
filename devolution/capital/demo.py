"""Invented capital cases and disposals for the demo accounts, clearly labelled (is_demo):
London's data holds no sites (the seeds give none), so these are made only on the demo
sites the estates demo invents, by its demo command calling `demo_capital(partnership)`.
Running it again changes nothing. Nothing here is real: every page and export showing it
says so."""

import datetime as dt

from django.db import transaction

from devolution.core.services import audit_record, snapshot
from devolution.estates.models import Site, Status
from devolution.partners.models import Partnership

from .models import BusinessCase, CaseEvent, Disposal, FundingSource, Reinvestment
from .services.disposals import site_disposed

# (ref, title, stage, value, state, [(kind, year, amount)]); each on its own demo site.
CASES = [
    (
        "demo-hub",
        "Demo: health and wellbeing hub",
        BusinessCase.Stage.OUTLINE,
        6_500_000,
        BusinessCase.State.SUBMITTED,
        [("capital_receipts", "2019-20", 1_500_000), ("national_capital", "2020-21", 5_000_000)],
    ),
    (
        "demo-clinic-refit",
        "Demo: community clinic refit",
        BusinessCase.Stage.STRATEGIC_OUTLINE,
        1_200_000,
        BusinessCase.State.DRAFT,
        [("local", "2020-21", 700_000), ("capital_receipts", "2020-21", 500_000)],
    ),
]


def demo_capital(partnership: Partnership) -> list[str]:
    """A few cases on the partnership's demo sites and the disposal of up to two of its
    surplus demo sites (one completed, its receipt partly reinvested in the first case;
    one on the market). What was made, by reference."""
    sites = list(Site.objects.filter(partnership=partnership, is_demo=True).order_by("ref"))
    if not sites:
        return []
    made: list[str] = []
    with transaction.atomic():
        cases = []
        for (ref, title, stage, value, state, funding), site in zip(CASES, sites, strict=False):
            case = BusinessCase.objects.filter(ref=ref).first()
            if case is None:
                case = BusinessCase.objects.create(
                    partnership=partnership,
                    ref=ref,
                    title=title,
                    sponsor_id=site.owner_id,
                    value=value,
                    stage=stage,
                    benefits="Invented to show the pages working.",
                    state=state,
                    is_demo=True,
                )
                case.sites.set([site])
                FundingSource.objects.bulk_create(
                    FundingSource(case=case, number=n, kind=k, year=y, amount=a)
                    for n, (k, y, a) in enumerate(funding, start=1)
                )
                CaseEvent.objects.create(case=case, state_to=state, note="Invented demo data")
                audit_record(
                    actor=None, action="capital.demo", obj=case, before=None, after=snapshot(case)
                )
                made.append(ref)
            cases.append(case)
        # The surplus demo sites, and those already sold here (a run again finds them).
        surplus = [
            s
            for s in sites
            if s.status in (Status.SURPLUS, Status.FOR_DISPOSAL)
            or Disposal.objects.filter(site=s).exists()
        ]
        for n, site in enumerate(surplus[:2]):
            ref = f"demo-sale-{site.ref}"[:80]
            if Disposal.objects.filter(site=site).exists():
                continue
            disposal = Disposal.objects.create(
                ref=ref,
                site=site,
                declared_surplus=dt.date(2018, 4, 3) + dt.timedelta(days=200 * n),
                marketed=dt.date(2018, 6, 1) + dt.timedelta(days=200 * n),
                receiving_party="Demo Housing Association" if n == 0 else "",
                price=2_400_000 if n == 0 else None,
                note="Invented to show the pages working.",
                is_demo=True,
            )
            if n == 0:
                disposal.exchanged = dt.date(2019, 7, 1)
                disposal.completed = dt.date(2019, 9, 30)
                disposal.receipt = 2_100_000
                disposal.save()
                site_disposed(disposal, None)
                if cases:
                    Reinvestment.objects.create(
                        disposal=disposal,
                        number=1,
                        case=cases[0],
                        amount=1_500_000,
                        on=dt.date(2019, 11, 1),
                        note="Invented demo data",
                    )
                    Disposal.objects.filter(pk=disposal.pk).update(reinvested=1_500_000)
            audit_record(
                actor=None,
                action="capital.demo",
                obj=disposal,
                before=None,
                after=snapshot(disposal),
            )
            made.append(ref)
    return made


def demo_capital_fill() -> list[str]:
    """The demo accounts' step (settings.DEMO_ACCOUNT_SETUP, after the estates demo): the
    invented cases and disposals on the default partnership's demo sites; what was done."""
    partnership = Partnership.objects.filter(is_default=True).first()
    if partnership is None:
        return ["Capital demo: no partnership to add demo cases to."]
    made = demo_capital(partnership)
    if not made:
        return ["Capital demo: the invented demo cases and disposals are already there."]
    return [f"Capital demo: invented {', '.join(made)} (demo data, not real)."]
