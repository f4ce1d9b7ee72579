"""Serving the Bolt app: HTTP (WSGI under waitress) or Socket Mode.

HTTP mode serves ``POST /slack/events`` (Bolt verifies the signature), ``GET /healthz`` and 404
for anything else. waitress is a production WSGI server (pure Python, threaded), unlike Bolt's
development server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
#: waitress worker threads: requests only ack and hand work to Bolt's executor, so a few suffice.
HTTP_THREADS = 8

WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


def make_wsgi_app(app: App) -> WsgiApp:
    """A WSGI callable: Slack events, a health check, 404 otherwise.

    Args:
        app: The Bolt app from ``bot.app.create_app``.

    Returns:
        The WSGI application.

    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == EVENTS_PATH and method == "POST":
            return slack(environ, start_response)
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            body = json.dumps({"ok": True}).encode()
            start_response(
                "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
            )
            return [body]
        body = b"Not Found"
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    return wsgi


def serve_http(app: App, port: int, host: str = "0.0.0.0", **waitress_options: Any) -> None:
    """Serve the app over HTTP with waitress until interrupted.

    Args:
        app: The Bolt app.
        port: TCP port (settings.port, PORT).
        host: Interface to bind (all interfaces by default, as in a container).
        **waitress_options: Extra ``waitress.serve`` options (e.g. ``threads``).

    """
    import waitress  # imported here: only HTTP mode needs it

    waitress_options.setdefault("threads", HTTP_THREADS)
    waitress.serve(make_wsgi_app(app), host=host, port=port, ident="scout", **waitress_options)


def serve_socket_mode(app: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode and block until interrupted.

    Args:
        app: The Bolt app (created with ``socket_mode=True``).
        app_token: The app-level token (xapp-...).

    Raises:
        ValueError: When the app token is empty.

    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    if not app_token:
        raise ValueError("SLACK_APP_TOKEN is empty: Socket Mode needs an app-level token (xapp-...).")
    SocketModeHandler(app, app_token).start()  # type: ignore[no-untyped-call]
