"""Starts the test provider: `python -m tests.core.oidc_provider.serve`, with PROVIDER_PORT
and PROVIDER_SOCKET (the number of a socket already listening on it, made by the tests and
inherited by this process), PROVIDER_PEOPLE (a JSON file of people and their claims) and
PROVIDER_DATABASE (an SQLite file) in the environment, and the applications (clients) in
PROVIDER_CLIENTS as JSON."""

import json
import os
import socket
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.core.oidc_provider.settings"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

from tests.core.oidc_provider import PASSWORD  # noqa: E402


class Server(ThreadingMixIn, WSGIServer):
    """A request a thread, and a deep queue of connections waiting: the test's browser
    and Devolution's back channel (token, keys, userinfo) ask at once, and a machine
    under load must not see a connection dropped for want of a listener."""

    daemon_threads = True
    request_queue_size = 64


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    call_command("migrate", verbosity=0)
    for username in settings.PEOPLE:
        User.objects.create_user(username=username, password=PASSWORD)
    for client in json.loads(os.environ["PROVIDER_CLIENTS"]):
        Application.objects.create(
            name=client["name"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=client["redirect_uri"],
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,  # consent is given, as an organisation's own apps are
        )
    server = Server(("127.0.0.1", settings.PORT), QuietHandler, bind_and_activate=False)
    server.socket.close()
    server.socket = socket.socket(fileno=int(os.environ["PROVIDER_SOCKET"]))
    server.server_name, server.server_port = "127.0.0.1", settings.PORT
    server.setup_environ()
    server.set_app(WSGIHandler())
    server.serve_forever()


if __name__ == "__main__":
    main()
