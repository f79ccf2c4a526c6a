"""The JSON API: one NinjaAPI, a router per area, errors as JSON that name the problem."""

import math

from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from devolution.capital.api import router as capital_router
from devolution.commitments.api import router as commitments_router
from devolution.core.api_contract import DevolutionAPI
from devolution.core.errors import DevolutionError
from devolution.core.json_body import BodyRefused, StrictJsonParser
from devolution.core.parameters_api import router as parameters_router
from devolution.core.throttling import api_throttles
from devolution.estates.api import router as estates_router
from devolution.funding.api import router as funding_router
from devolution.governance.api import router as governance_router
from devolution.meetings.api import router as meetings_router
from devolution.meetings.interests.api import router as register_router
from devolution.notifications.api import router as notifications_router
from devolution.partners.api import router as partners_router
from devolution.public.api import router as public_router
from devolution.regulation.api import router as regulation_router
from devolution.search.api import router as search_router
from devolution.workforce.api import router as workforce_router

api = DevolutionAPI(
    title="Devolution API",
    version="1",
    description=(
        "Everything the pages show, as JSON. Reads of published data need no account; "
        "changes need a signed-in session and its CSRF token. Lists are paginated with "
        '`limit` and `offset` and return `{"items": [...], "count": N}`. Every resource is '
        "addressed by its key; errors are JSON with a `message` naming the problem."
    ),
    urls_namespace="api",
    parser=StrictJsonParser(),
    throttle=api_throttles(),
)
api.add_router("/", partners_router)
api.add_router("/", governance_router)
api.add_router("/", meetings_router)
api.add_router("/", register_router)
api.add_router("/", commitments_router)
api.add_router("/", parameters_router)
api.add_router("/", funding_router)
api.add_router("/", estates_router)
api.add_router("/", capital_router)
api.add_router("/", workforce_router)
api.add_router("/", regulation_router)
api.add_router("/", search_router)
api.add_router("/", notifications_router)
api.add_router("/", public_router)


@api.exception_handler(DevolutionError)
def devolution_error(request: HttpRequest, exc: DevolutionError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, {"message": f"Not found: nothing at {request.path}"}, status=404
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"message": "Sign in first, and send the CSRF token with any change."},
        status=401,
    )


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = []
    for error in exc.errors:
        where = ".".join(
            str(p) for p in error.get("loc", ()) if p not in ("body", "payload", "query", "path")
        )
        problems.append({"field": where, "message": error.get("msg", "is not valid")})
    message = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
    return api.create_response(
        request,
        {"message": message or "The request is not valid", "problems": problems},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals (a body that is not JSON, a CSRF token missing) in the API's
    shape; a body the strict parser refused (core.json_body) says why and names the key."""
    cause = exc.__cause__
    if isinstance(cause, BodyRefused):
        problems = [{"field": cause.field, "message": cause.message}] if cause.field else []
        return api.create_response(
            request, {"message": cause.message, "problems": problems}, status=400
        )
    return api.create_response(request, {"message": str(exc)}, status=exc.status_code)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds Retry-After, in whole seconds, to this response.
    wait = f" Try again in {max(1, math.ceil(exc.wait))} seconds." if exc.wait else ""
    return api.create_response(
        request, {"message": f"Too many requests from you in a short time.{wait}"}, status=429
    )
