"""The bench's server (`devolution bench`): production's settings, as they are, but for
where uploaded files are kept, BENCH_MEDIA_ROOT, the bench's own temporary folder, so that
the paper it uploads to time its downloads never lands among a deployment's.

Everything else comes from the environment as production reads it: the bench sets
SECURE_SSL_REDIRECT=false, since it speaks plain HTTP on the loopback, and sends the
session and CSRF cookies itself, so their Secure flags change nothing (see
devolution.bench.server).
"""

import os
from pathlib import Path

from .production import *  # noqa: F403

MEDIA_ROOT = Path(os.environ["BENCH_MEDIA_ROOT"])
