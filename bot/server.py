"""Serving the Bolt app: HTTP (WSGI under waitress) or Socket Mode.

HTTP mode serves ``POST /slack/events``, ``GET /healthz`` and 404 for anything else. waitress is a
production WSGI server (pure Python, threaded), unlike Bolt's development server.

Unauthenticated requests stay cheap: the body is capped at the server (waitress refuses a larger
``Content-Length`` with 413 before reading it) and again in the handler, and the Slack signature is
checked on the raw bytes before anything parses them, so an unsigned body, however large, odd or
deeply nested, costs a bounded read and a 401, never a parse, a 500 or a traceback.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
#: waitress worker threads: requests only ack and hand work to Bolt's executor, so a few suffice.
HTTP_THREADS = 8
#: Largest request body accepted (1 MiB). Slack truncates message text at 40,000 characters
#: (https://api.slack.com/changelog/2018-04-truncating-really-long-messages); an event carries it
#: about twice (text and rich-text blocks), at most 6 bytes a character as JSON escapes: ~480 KB.
#: Interactivity payloads are form-encoded JSON of a message of at most 50 blocks of 3,000
#: characters. 1 MiB is twice the worst case and a thousandth of an attacker's 1 GB.
MAX_BODY_BYTES: Final = 1 << 20

WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]
#: Raises when the store does not answer; the exception's type and message become the 503 reason.
HealthCheck = Callable[[], object]


def _reply(start_response: StartResponse, status: str, doc: dict[str, Any]) -> list[bytes]:
    body = json.dumps(doc).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _health(check: HealthCheck | None, start_response: StartResponse) -> list[bytes]:
    if check is None:
        return _reply(start_response, "200 OK", {"ok": True})
    try:
        check()
    except Exception as error:  # any failure of the store means "not healthy"
        reason = f"store not answering: {type(error).__name__}: {str(error)[:200]}"
        log.warning("health check failed: %s", reason)
        return _reply(start_response, "503 Service Unavailable", {"ok": False, "reason": reason})
    return _reply(start_response, "200 OK", {"ok": True, "store": "ok"})


def _content_length(environ: WSGIEnvironment) -> int | None:
    raw = environ.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        return None
    return length if length >= 0 else None


def _verified(verifier: SignatureVerifier, body: bytes, timestamp: str, signature: str) -> bool:
    try:
        return bool(verifier.is_valid(body, timestamp, signature))
    except (UnicodeDecodeError, ValueError):  # Slack signs UTF-8 text: anything else is not Slack
        return False


def make_wsgi_app(
    app: App, *, health: HealthCheck | None = None, signing_secret: str | None = None
) -> WsgiApp:
    """A WSGI callable: Slack events (verified before parsing), a health check, 404 otherwise.

    Args:
        app: The Bolt app from ``bot.app.create_app``.
        health: Called by ``GET /healthz``; raising means the store is down (503 with the reason).
            None: always 200.
        signing_secret: The Slack signing secret; defaults to the one the Bolt app verifies with.

    Returns:
        The WSGI application.

    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    secret = signing_secret if signing_secret is not None else str(getattr(app, "_signing_secret", ""))
    verifier = SignatureVerifier(secret)

    def events(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        length = _content_length(environ)
        if length is None:
            return _reply(start_response, "400 Bad Request", {"ok": False, "error": "bad Content-Length"})
        if length > MAX_BODY_BYTES:
            return _reply(start_response, "413 Payload Too Large", {"ok": False, "error": "body too large"})
        body = environ["wsgi.input"].read(length) if length else b""
        timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
        if not (timestamp and signature and _verified(verifier, body, timestamp, signature)):
            return _reply(start_response, "401 Unauthorized", {"ok": False, "error": "invalid signature"})
        # Authenticated: Bolt reads the same bytes again (and verifies them once more).
        inner = dict(environ)
        inner["wsgi.input"] = io.BytesIO(body)
        inner["CONTENT_LENGTH"] = str(len(body))
        try:
            return slack(inner, start_response)
        except Exception as error:  # signed but malformed: a 400, not a 500
            log.warning("signed Slack request could not be handled: %s", type(error).__name__)
            return _reply(start_response, "400 Bad Request", {"ok": False, "error": "unreadable request"})

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == EVENTS_PATH and method == "POST":
            return events(environ, start_response)
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return _health(health, start_response)
        body = b"Not Found"
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
        return [body]

    return wsgi


def serve_http(
    app: App,
    port: int,
    host: str = "0.0.0.0",
    *,
    health: HealthCheck | None = None,
    **waitress_options: Any,
) -> None:
    """Serve the app over HTTP with waitress until interrupted.

    Args:
        app: The Bolt app.
        port: TCP port (settings.port, PORT).
        host: Interface to bind (all interfaces by default, as in a container).
        health: The store check behind ``GET /healthz`` (see :func:`make_wsgi_app`).
        **waitress_options: Extra ``waitress.serve`` options (e.g. ``threads``).

    """
    import waitress  # imported here: only HTTP mode needs it

    waitress_options.setdefault("threads", HTTP_THREADS)
    # The server-level cap: waitress answers 413 from the headers alone, before reading the body.
    waitress_options.setdefault("max_request_body_size", MAX_BODY_BYTES)
    waitress.serve(make_wsgi_app(app, health=health), host=host, port=port, ident="scout", **waitress_options)


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
