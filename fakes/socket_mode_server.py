"""A fake Slack Socket Mode endpoint: a local WebSocket server on 127.0.0.1 (random port).

Slack's side of Socket Mode, as far as a Bolt app can tell: the app calls ``apps.connections.open``
(answer it with :attr:`FakeSocketModeServer.url`, see ``FakeSlackAPI.socket_mode_url``), opens a
WebSocket to that URL, receives ``{"type": "hello", ...}``, then receives envelopes and answers each
with ``{"envelope_id": ...}`` (plus a ``payload`` when the ack carries one, e.g. a slash command's
ephemeral reply). The envelope shapes are the ones ``slack_sdk.socket_mode.request.SocketModeRequest``
reads (``type``, ``envelope_id``, ``payload``, ``accepts_response_payload``, ``retry_attempt``,
``retry_reason``)::

    with FakeSocketModeServer() as sm:
        slack_api.socket_mode_url = sm.url
        ...  # start the Socket Mode handler
        sm.wait_connected()
        envelope_id = sm.push_event(mention_body("3 climbers", event_id="Ev1"))
        ack = sm.wait_for_ack(envelope_id)                   # bounded wait (AssertionError)

Built on ``websockets.sync.server`` in a daemon thread; :meth:`stop` closes the open connections and
joins the thread.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

APP_ID = "A111"


class FakeSocketModeServer:
    """The fake endpoint; use as a context manager or call :meth:`start` / :meth:`stop`."""

    def __init__(self, *, app_id: str = APP_ID) -> None:
        self.app_id = app_id
        #: Every JSON message the client sent, in arrival order (the acks).
        self.received: list[dict[str, Any]] = []
        #: Every envelope pushed to the client, in order.
        self.sent: list[dict[str, Any]] = []
        #: Request paths (with query) of every WebSocket connection the client opened.
        self.paths: list[str] = []
        self._connections: list[ServerConnection] = []
        self._ids = itertools.count(1)
        self._lock = threading.Condition()
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeSocketModeServer:
        """Listen on a random port and serve in a daemon thread."""
        # No permessage-deflate (slack_sdk's built-in client does not offer it) and no server pings.
        self._server = serve(self._handle, "127.0.0.1", 0, compression=None, ping_interval=None)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-socket-mode", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection, stop listening and join the server thread."""
        if self._server is not None:
            self._server.shutdown()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def close_connections(self, timeout: float = 5.0) -> None:
        """Hang up every open connection (close frame 1001, "going away") and wait until they are gone.

        slack_sdk's built-in client wakes up on the close frame at once, whereas closing it from its own
        side waits for its blocking read to time out (3 s). Turn its auto-reconnect off first, or it dials
        back.
        """
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.close(code=1001, reason="going away")
        self._wait(lambda: not self._connections, timeout, "the connections to close")

    def __enter__(self) -> FakeSocketModeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.socket.getsockname()[1])

    @property
    def url(self) -> str:
        """What ``apps.connections.open`` returns (plain ``ws://``: slack_sdk skips TLS off port 443)."""
        return f"ws://127.0.0.1:{self.port}/link/?ticket=fake-ticket&app_id={self.app_id}"

    # ------------------------------------------------------------------ the connection handler

    def _handle(self, connection: ServerConnection) -> None:
        request = connection.request
        with self._lock:
            self.paths.append(request.path if request is not None else "")
            self._connections.append(connection)
            self._lock.notify_all()
        try:
            connection.send(json.dumps(self.hello()))
            for message in connection:
                text = message.decode() if isinstance(message, bytes) else message
                with self._lock:
                    self.received.append(json.loads(text))
                    self._lock.notify_all()
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._connections.remove(connection)
                self._lock.notify_all()

    def hello(self) -> dict[str, Any]:
        """The first message Slack sends on a new Socket Mode connection."""
        return {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {
                "host": "applink-fake-1",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }

    # ------------------------------------------------------------------ pushing envelopes

    def wait_connected(self, timeout: float = 10.0) -> None:
        """Wait until a client holds an open connection; AssertionError after ``timeout`` seconds."""
        self._wait(lambda: bool(self._connections), timeout, "a Socket Mode connection")

    def push(self, envelope: dict[str, Any]) -> str:
        """Send one envelope to the newest open connection; returns its ``envelope_id``."""
        with self._lock:
            if not self._connections:
                raise AssertionError("no Socket Mode client is connected")
            connection = self._connections[-1]
            self.sent.append(envelope)
        connection.send(json.dumps(envelope))
        return str(envelope["envelope_id"])

    def new_envelope_id(self) -> str:
        """A fresh envelope ID (Slack uses UUIDs; any unique string does)."""
        return f"env-{next(self._ids):04d}"

    def push_event(
        self,
        body: dict[str, Any],
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        envelope_id: str | None = None,
    ) -> str:
        """Deliver an Events API ``event_callback`` body as Slack does over Socket Mode."""
        return self.push(
            {
                "envelope_id": envelope_id or self.new_envelope_id(),
                "type": "events_api",
                "payload": body,
                "accepts_response_payload": False,
                "retry_attempt": retry_attempt,
                "retry_reason": retry_reason,
            }
        )

    def push_slash_command(self, payload: dict[str, Any], *, envelope_id: str | None = None) -> str:
        """Deliver a slash command (its fields as a JSON object, not form-encoded)."""
        return self.push(
            {
                "envelope_id": envelope_id or self.new_envelope_id(),
                "type": "slash_commands",
                "payload": payload,
                "accepts_response_payload": True,
            }
        )

    def push_interactive(self, payload: dict[str, Any], *, envelope_id: str | None = None) -> str:
        """Deliver a ``block_actions`` (or other interactivity) payload."""
        return self.push(
            {
                "envelope_id": envelope_id or self.new_envelope_id(),
                "type": "interactive",
                "payload": payload,
                "accepts_response_payload": False,
            }
        )

    # ------------------------------------------------------------------ inspecting acks

    def acks_for(self, envelope_id: str) -> list[dict[str, Any]]:
        """Every message the client sent back for ``envelope_id``."""
        with self._lock:
            return [m for m in self.received if m.get("envelope_id") == envelope_id]

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """The client's ack of ``envelope_id``; AssertionError after ``timeout`` seconds."""
        self._wait(
            lambda: any(m.get("envelope_id") == envelope_id for m in self.received),
            timeout,
            f"the ack of {envelope_id}",
        )
        return self.acks_for(envelope_id)[0]

    def _wait(self, check: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not check():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
                self._lock.wait(remaining)
