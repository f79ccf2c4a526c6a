"""What gunicorn serves (`devolution.wsgi:application`).

DEBUG is off here unless the environment says DEBUG=true, whatever the settings: a
server people reach never shows Django's debug pages, with their settings and
tracebacks, because a variable was forgotten (the local settings' own default, debug
on, is for the `devolution` command and `make dev`). Without DJANGO_SETTINGS_MODULE it
serves the embedded run's settings (local: SQLite under var/), as `make run` does; with
DJANGO_SETTINGS_MODULE=devolution.settings.production those settings alone are used,
and a missing secret stops the server rather than falling back to anything.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devolution.settings.local")
os.environ.setdefault("DEBUG", "false")
application = get_wsgi_application()
