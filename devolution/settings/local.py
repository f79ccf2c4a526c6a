"""The embedded run: SQLite under var/, debug on unless DEBUG says otherwise (`make run`
says DEBUG=false, `make dev` DEBUG=true). Plain HTTP on this machine, so cookies are not
marked secure and nothing redirects to HTTPS, whether debug is on or off."""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, audit_checkpoint_path, database_from_url, env_bool


def _local_key(name: str) -> str:
    """A key made once per checkout and kept in var/, never committed."""
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _local_key("secret_key")
AUDIT_KEY = os.environ.get("AUDIT_KEY") or _local_key("audit_key")
DEBUG = env_bool(os.environ.get("DEBUG"), default=True)
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"))}
AUDIT_CHECKPOINT = audit_checkpoint_path(DATABASES["default"])
