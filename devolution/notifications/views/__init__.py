"""The area's pages, one module per part; each lists its routes as `urlpatterns`, gathered
here (fixed paths before those with a parameter, as each module orders its own)."""

from importlib import import_module

PARTS: tuple[str, ...] = ("notices", "calendar")

ROUTES = [route for part in PARTS for route in import_module(f"{__name__}.{part}").urlpatterns]
