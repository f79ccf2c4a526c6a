"""Workforce's reference data, declared for the one loader (core.loading): the dated,
cited rates of the apprenticeship levy, the high cost area supplements, the living wages
and the Agenda for Change pay points (data/parameters.yaml), and seed 001's table
comparing health and care pay with the living wages, as the seed gives it
(data/pay.yaml, a source table)."""

from pathlib import Path

from devolution.core.dataset import PARAMETERS as PARAMETER_LIST
from devolution.core.dataset import SOURCE_TABLES
from devolution.core.loading import DataFile

DATA = Path(__file__).parent / "data"

PARAMETERS = DataFile(DATA / "parameters.yaml", models=(PARAMETER_LIST,))
PAY = DataFile(
    DATA / "pay.yaml",
    models=(SOURCE_TABLES,),
    not_loaded={"comparison": "what each row's figures are, read by selectors/pay.py"},
)
