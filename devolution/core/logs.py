"""How Devolution logs: one JSON object a line in production (for a log store to index),
plain text on a developer's terminal; every line written while a request is answered
carries that request's id, so a person quoting the id on an error page leads to its lines.

Nothing here imports Django: the settings build their LOGGING from it.
"""

import logging
from contextvars import ContextVar
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS

LOG_FORMATS = ("json", "text")

# The id of the request being answered in this thread (or task), "-" outside a request.
REQUEST_ID: ContextVar[str] = ContextVar("devolution_request_id", default="-")

# Attributes a record may carry that never go into a JSON line: Django's "django.request"
# logger attaches the request itself, whose text holds the query string.
_NEVER_LOGGED = ("request",)


def request_id_forget(**kwargs: Any) -> None:
    """On request_finished: lines written after a response, until the next request, are
    no request's."""
    REQUEST_ID.set("-")


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def logging_config(log_format: str) -> dict[str, Any]:
    """Django's LOGGING for LOG_FORMAT ("json" or "text"): warnings and errors from
    everything, and the one line per request of `devolution.requests` (core.observability)."""
    if log_format == "json":
        formatter: dict[str, Any] = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "reserved_attrs": [*RESERVED_ATTRS, *_NEVER_LOGGED],
        }
    else:
        formatter = {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "devolution.core.logs.RequestIdFilter"}},
        "formatters": {"devolution": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "devolution",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "devolution.requests": {"level": "INFO"},
            # Its warnings of each 4xx ("Not Found: <path>") say less than the request's
            # own line, and write the raw path; its errors (a 5xx, with the traceback) stay.
            "django.request": {"level": "ERROR"},
        },
    }
