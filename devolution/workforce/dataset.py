"""Workforce's reference data, declared for the one loader (core.loading): the dated,
cited rates of the apprenticeship levy, the high cost area supplements, the living wages
and the Agenda for Change pay points (data/parameters.yaml); seed 001's table comparing
health and care pay with the living wages, as the seed gives it (data/pay.yaml, a source
table); and the workforce figures the seeds state (data/london.yaml), each with its source
and the seed's words. Seed 001 gives two that fit an indicator: Lewisham's healthcare
assistant vacancies in primary care, and the share of London's GPs aged 60 and over."""

from pathlib import Path

from devolution.core.dataset import PARAMETERS as PARAMETER_LIST
from devolution.core.dataset import SOURCE_TABLES
from devolution.core.loading import DataFile, Model, Ref, Value
from devolution.core.models import Source
from devolution.partners.models import Organisation, Place

from .models import AgeShare, Indicator

DATA = Path(__file__).parent / "data"

PARAMETERS = DataFile(DATA / "parameters.yaml", models=(PARAMETER_LIST,))
PAY = DataFile(
    DATA / "pay.yaml",
    models=(SOURCE_TABLES,),
    not_loaded={"comparison": "what each row's figures are, read by selectors/pay.py"},
)

AGES = Model(
    "ages",
    AgeShare,
    key=("from_age", "to_age"),
    parent="indicator",
    what="age shares",
    fields=(
        Value("from_age"),
        Value("to_age"),
        Value("share", required=True, label="share of staff (%)"),
    ),
)

INDICATORS = Model(
    "indicators",
    Indicator,
    key=("organisation", "place", "staff_group", "period_end"),
    what="workforce indicators",
    fields=(
        Ref("organisation", Organisation),
        Ref("place", Place, by="code"),
        Value("staff_group"),
        Value("period_start"),
        Value("period_end"),
        Value("staff_in_post"),
        Value("vacancies"),
        Value("vacancy_rate"),
        Value("leavers"),
        Value("turnover_rate"),
        Value("agency_spend"),
        Value("pay_bill"),
        Ref("source", Source, required=True),
        Value("quote"),
        Value("note"),
    ),
    children=(AGES,),
)

LONDON = DataFile(DATA / "london.yaml", models=(INDICATORS,))
