"""The invented demo register for the demo accounts (SPEC §14, issue 15 point 7): the seeds
name no return, so London loads none; this makes a handful of made-up returns from NHS
England, NHS Improvement and CQC, with some data items asked for by more than one of them,
every one marked `is_demo` and cited to a source that says it is invented, so that a
trust's reporting calendar and the duplicates page show something. Running it again
changes nothing."""

from django.db import transaction

from devolution.core.models import Source
from devolution.core.services import audit_record

from .models import DataItem, DueRule, Frequency, Regulator, Return
from .services import data_items_recount

DEMO_SOURCE = {
    "key": "regulation-demo",
    "title": "Demo data, invented to show the regulation pages: no regulator asks for these "
    "returns as given here",
    "kind": Source.Kind.ENTERED,
}
DEMO_NOTE = "Demo data, invented: not a real return."
TRUSTS = ["nhs_trust", "foundation_trust"]
PROVIDERS = [*TRUSTS, "other_provider"]
ITEMS = {
    "ae-four-hour": "A&E attendances seen within four hours",
    "rtt-18-weeks": "Patients waiting under 18 weeks from referral to treatment",
    "cancer-62-day": "Cancer patients treated within 62 days of urgent referral",
    "staff-sickness": "Staff sickness absence rate",
    "agency-spend": "Agency staff spend",
    "income-expenditure": "Income and expenditure position",
    "cash-balance": "Cash balance",
    "serious-incidents": "Serious incidents reported",
    "delayed-transfers": "Delayed transfers of care (days lost)",
    "safe-staffing": "Safe staffing fill rates",
    "complaints": "Complaints received",
}
# (key, regulator, name, frequency, rule, due_day, months_after, due_month, submitted by,
# items)
RETURNS = [
    (
        "demo-nhse-performance-monthly",
        "nhs-england",
        "Monthly performance return",
        Frequency.MONTHLY,
        DueRule.AFTER_PERIOD,
        15,
        1,
        None,
        PROVIDERS,
        ["ae-four-hour", "rtt-18-weeks", "cancer-62-day", "delayed-transfers"],
    ),
    (
        "demo-nhse-ccg-assurance",
        "nhs-england",
        "CCG quarterly assurance return",
        Frequency.QUARTERLY,
        DueRule.AFTER_PERIOD,
        20,
        1,
        None,
        ["ccg"],
        ["rtt-18-weeks", "income-expenditure", "complaints"],
    ),
    (
        "demo-nhsi-finance-monthly",
        "nhs-improvement",
        "Monthly finance and use of resources return",
        Frequency.MONTHLY,
        DueRule.AFTER_PERIOD,
        10,
        1,
        None,
        TRUSTS,
        ["income-expenditure", "cash-balance", "agency-spend"],
    ),
    (
        "demo-nhsi-oversight-quarterly",
        "nhs-improvement",
        "Quarterly oversight framework return",
        Frequency.QUARTERLY,
        DueRule.AFTER_PERIOD,
        31,
        1,
        None,
        TRUSTS,
        ["ae-four-hour", "rtt-18-weeks", "staff-sickness", "agency-spend", "safe-staffing"],
    ),
    (
        "demo-cqc-provider-information",
        "cqc",
        "Provider information request",
        Frequency.ANNUAL,
        DueRule.ANNUAL_DATE,
        30,
        None,
        6,
        PROVIDERS,
        ["staff-sickness", "serious-incidents", "complaints", "safe-staffing"],
    ),
    (
        "demo-cqc-safe-staffing",
        "cqc",
        "Quarterly safe staffing return",
        Frequency.QUARTERLY,
        DueRule.AFTER_PERIOD,
        28,
        1,
        None,
        TRUSTS,
        ["safe-staffing", "serious-incidents"],
    ),
]


def demo_regulation_fill() -> list[str]:
    """Make the demo register if it is not there; say what was done."""
    if Return.objects.filter(is_demo=True).exists():
        return ["Regulation demo: the invented demo returns are already there."]
    regulators = {r.key: r for r in Regulator.objects.all()}
    if not all(r[1] in regulators for r in RETURNS):
        return ["Regulation demo: the regulators are not loaded; no demo returns added."]
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(key=DEMO_SOURCE["key"], defaults=DEMO_SOURCE)
        items = {}
        for key, name in ITEMS.items():
            items[key], _ = DataItem.objects.get_or_create(key=key, defaults={"name": name})
        made = []
        for key, regulator, name, frequency, rule, day, after, month, types, asks in RETURNS:
            ret = Return.objects.create(
                key=key,
                name=f"{name} (demo)",
                regulator=regulators[regulator],
                frequency=frequency,
                due_rule=rule,
                due_day=day,
                months_after=after,
                due_month=month,
                submitted_by=types,
                note=DEMO_NOTE,
                source=source,
                is_demo=True,
            )
            ret.items.set([items[i] for i in asks])
            made.append(key)
        data_items_recount()
        audit_record(
            actor=None,
            action="regulation.demo.fill",
            obj=source,
            before=None,
            after={"returns": made, "items": sorted(ITEMS)},
        )
    return [
        f"Regulation demo: {len(made)} invented demo returns from NHS England, NHS "
        "Improvement and CQC added (Demo data, invented)."
    ]
