"""The person acting on a request, typed, so pages and the API need no casts for it."""

from django.http import HttpRequest

from .errors import NotAllowed
from .models import User


def acting_person(request: HttpRequest) -> User | None:
    """The signed-in, active person making the request, or None for the public."""
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


def signed_in_person(request: HttpRequest) -> User:
    """The acting person; a request from the public is refused (403)."""
    person = acting_person(request)
    if person is None:
        raise NotAllowed("Sign in to do this; the public reads only what is published.")
    return person
