"""The deployment rules of core.deployment as Django system checks, so that
`devolution check --deploy` under the production settings reports them beside Django's."""

import os
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from .deployment import config_problems


@register(Tags.security, deploy=True)
def deployment_config_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Only under production settings: the embedded run's defaults (a console for e-mail,
    keys made in var/) are right for it."""
    if not settings.PRODUCTION:
        return []
    kinds = {"error": Error, "warning": Warning}
    return [
        kinds[p.level](f"{p.variable} {p.message}", id=p.id) for p in config_problems(os.environ)
    ]
