"""Notifications's JSON API: one router, each part's endpoints in its own module, added here."""

from importlib import import_module

from ninja import Router

router = Router(tags=["Notifications"])

# The modules of this package whose `router` is added.
PARTS: tuple[str, ...] = ("preferences",)

for _part in PARTS:
    router.add_router("", import_module(f"{__name__}.{_part}").router)
