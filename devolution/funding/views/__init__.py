"""Funding's pages, one module per part; each lists its routes as `urlpatterns`, gathered
here (fixed paths before those with a parameter, as each module orders its own)."""

from importlib import import_module

# The modules of this package that serve pages, e.g. ("bids", "funds").
PARTS: tuple[str, ...] = (
    "funds",
    "contributions",
    "bids",
    "assurance",
    "framework",
    "allocations",
    "places",
    "giving",
)

ROUTES = [route for part in PARTS for route in import_module(f"{__name__}.{part}").urlpatterns]
