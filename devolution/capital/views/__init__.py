"""Capital's pages under /estates/capital/, one module per part; each lists its routes as
`urlpatterns`, gathered here (fixed paths before those with a parameter)."""

from importlib import import_module

PARTS: tuple[str, ...] = ("strategy", "cases", "disposals")

ROUTES = [route for part in PARTS for route in import_module(f"{__name__}.{part}").urlpatterns]
