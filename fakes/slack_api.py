"""A mock Slack Web API for tests: stdlib ThreadingHTTPServer on 127.0.0.1, random port.

Point a real ``WebClient`` at it (``WebClient(token=..., base_url=fake.url)`` or
``SLACK_API_URL=fake.url``). It answers the methods Scout uses, stores the messages the bot posts
(with their metadata, so ``conversations.replies`` reads state back like Slack does), records every
call thread-safely, and can be scripted to fail::

    fake.fail_next("chat.postMessage", status=429, headers={"Retry-After": "1"})
    fake.fail_next("chat.postMessage", error="not_in_channel")      # 200 {"ok": false, ...}
    fake.set_channel("C999", is_ext_shared=True)                     # conversations.info
    calls = fake.wait_for("chat.update", 2)                          # bounded wait (AssertionError)

``response_url`` posts go to ``fake.hooks_url + "..."`` and are recorded as method "response_url".

Expose the fixture to every test by adding to ``tests/conftest.py``::

    from fakes.slack_api import slack_api  # noqa: F401
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from fakes.slack_streaming import StreamingMethods

BOT_USER_ID = "UB0TSCOUT"
BOT_ID = "B0TSCOUT"
TEAM_ID = "T111"


@dataclass
class Call:
    """One recorded request: the API method and its merged query/form/JSON parameters."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    raw: bytes = b""


@dataclass
class Failure:
    """A scripted failure for the next call(s) of a method."""

    status: int = 200
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in {"1", "true"}


class FakeSlackAPI(StreamingMethods):
    """The mock server; use as a context manager or through the ``slack_api`` fixture."""

    def __init__(
        self, *, bot_user_id: str = BOT_USER_ID, bot_id: str = BOT_ID, team_id: str = TEAM_ID
    ) -> None:
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_id = team_id
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, bytes] = {}
        #: What ``apps.connections.open`` returns as ``url`` (a ``FakeSocketModeServer.url``).
        self.socket_mode_url: str | None = None
        self._failures: dict[str, list[Failure]] = {}
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeSlackAPI:
        """Start serving on a random port."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._handle(self)

            def do_POST(self) -> None:
                fake._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the server."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeSlackAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The Web API base URL (ends with '/')."""
        return f"http://127.0.0.1:{self.port}/api/"

    @property
    def hooks_url(self) -> str:
        """Prefix for fake ``response_url`` values."""
        return f"http://127.0.0.1:{self.port}/hooks/"

    # ------------------------------------------------------------------ scripting and inspection

    def fail_next(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail (HTTP status, or ``ok: false`` with ``error``)."""
        with self._lock:
            self._failures.setdefault(method, []).append(
                Failure(
                    status=status,
                    error=error or ("ratelimited" if status == 429 else None),
                    headers=headers or {},
                    times=times,
                )
            )

    def set_channel(self, channel: str, **info: Any) -> None:
        """What conversations.info returns for ``channel`` (e.g. ``is_ext_shared=True``)."""
        with self._lock:
            self.channels[channel] = {"id": channel, **info}

    def add_message(self, channel: str, message: dict[str, Any]) -> None:
        """Seed a message (e.g. the user's thread root) so conversations.replies returns it."""
        with self._lock:
            self.messages.setdefault(channel, []).append(dict(message))

    def calls_of(self, method: str) -> list[Call]:
        """Every recorded call of ``method``, in order."""
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, n: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until ``method`` was called at least ``n`` times; AssertionError after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                calls = [c for c in self.calls if c.method == method]
                if len(calls) >= n:
                    return calls
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(f"{method} called {len(calls)} times, wanted {n}; seen: {seen}")
                self._lock.wait(remaining)

    def thread(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """The stored messages of a thread (root first)."""
        with self._lock:
            return [
                dict(m)
                for m in sorted(self.messages.get(channel, []), key=lambda m: float(m["ts"]))
                if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts
            ]

    # ------------------------------------------------------------------ HTTP

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        params: dict[str, Any] = dict(parse_qsl(parts.query))
        content_type = request.headers.get("Content-Type") or ""
        if raw and "json" in content_type:
            params.update(json.loads(raw))
        elif raw and "x-www-form-urlencoded" in content_type:
            params.update(parse_qsl(raw.decode()))
        headers = {k.lower(): v for k, v in request.headers.items()}
        if parts.path.startswith("/api/"):
            method = parts.path.removeprefix("/api/")
        elif parts.path.startswith("/upload/"):
            method = "upload"
        elif parts.path.startswith("/hooks/"):
            method = "response_url"
        else:
            method = parts.path
        with self._lock:
            self.calls.append(Call(method, params, headers, raw))
            failure = self._pop_failure(method)
            self._lock.notify_all()
        if failure is not None:
            body: dict[str, Any] = {"ok": False, "error": failure.error or "fatal_error"}
            self._reply(request, failure.status, body, failure.headers)
            return
        if method == "upload":
            with self._lock:
                self.uploads[parts.path.removeprefix("/upload/")] = raw
            self._reply_text(request, 200, "OK - 1")
            return
        if method == "response_url":
            self._reply_text(request, 200, "ok")
            return
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        body = handler(params) if handler else {"ok": False, "error": "unknown_method"}
        self._reply(request, 200, body, {})

    def _pop_failure(self, method: str) -> Failure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    @staticmethod
    def _reply(
        request: BaseHTTPRequestHandler, status: int, body: dict[str, Any], headers: dict[str, str]
    ) -> None:
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(data)

    @staticmethod
    def _reply_text(request: BaseHTTPRequestHandler, status: int, text: str) -> None:
        data = text.encode()
        request.send_response(status)
        request.send_header("Content-Type", "text/plain")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _next_ts(self) -> str:
        n = next(self._ts)
        return f"{1_700_000_000 + n}.{n:06d}"

    # ------------------------------------------------------------------ methods

    def _m_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://example.slack.com/",
            "team": "Example",
            "user": "scout",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _m_apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        # Socket Mode: called with the app-level token; the client then opens a WebSocket to ``url``.
        if self.socket_mode_url is None:
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": self.socket_mode_url}

    def _m_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel"))
        with self._lock:
            ts = self._next_ts()
            message = {
                "type": "message",
                "ts": ts,
                "user": self.bot_user_id,
                "bot_id": self.bot_id,
                "text": params.get("text", ""),
                "blocks": params.get("blocks", []),
            }
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            if params.get("metadata"):
                metadata = params["metadata"]
                message["metadata"] = json.loads(metadata) if isinstance(metadata, str) else metadata
            self.messages.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _m_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(params.get("channel")), str(params.get("ts"))
        with self._lock:
            for message in self.messages.get(channel, []):
                if message["ts"] == ts:
                    message["text"] = params.get("text", message["text"])
                    blocks = params.get("blocks", message.get("blocks", []))
                    message["blocks"] = json.loads(blocks) if isinstance(blocks, str) else blocks
                    message["streaming"] = False
                    if params.get("metadata"):
                        message["metadata"] = params["metadata"]
                    return {"ok": True, "channel": channel, "ts": ts, "text": message["text"]}
        return {"ok": False, "error": "message_not_found"}

    def _m_chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            return {"ok": True, "message_ts": self._next_ts()}

    # ------------------------------------------------------------------ streaming (chat.*Stream)
    # Faithful to https://docs.slack.dev/reference/methods/chat.startStream (and appendStream,
    # stopStream): startStream needs channel and thread_ts (streamed messages are replies), and outside
    # a DM also recipient_user_id and recipient_team_id; markdown_text is capped at 12,000 characters;
    # appending to or stopping a message that is not streaming fails with
    # message_not_in_streaming_state; stopStream may add blocks and metadata to the final message.

    MAX_MARKDOWN_TEXT = 12_000

    def _m_views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        view = params.get("view")
        view = json.loads(view) if isinstance(view, str) else view
        with self._lock:
            return {"ok": True, "view": {"id": f"V{next(self._ts):06d}", **(view or {})}}

    def _m_conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel"))
        with self._lock:
            top = [dict(m) for m in self.messages.get(channel, []) if m.get("thread_ts") in (None, m["ts"])]
        top.sort(key=lambda m: float(m["ts"]), reverse=True)  # newest first, as Slack returns them
        if not _truthy(params.get("include_all_metadata")):
            for message in top:
                message.pop("metadata", None)
        limit = int(params.get("limit") or 100)
        return {"ok": True, "messages": top[:limit], "has_more": len(top) > limit}

    def _m_conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(params.get("channel")), str(params.get("ts"))
        messages = self.thread(channel, ts)
        if messages and (params.get("latest") or params.get("oldest")):
            inclusive = _truthy(params.get("inclusive"))
            low, high = float(params.get("oldest") or 0), float(params.get("latest") or 1e12)

            def within(m: dict[str, Any]) -> bool:
                t = float(m["ts"])
                return low <= t <= high if inclusive else low < t < high

            # The parent comes first whatever the window, as in Slack's answers.
            messages = [messages[0], *(m for m in messages[1:] if within(m))]
        if not _truthy(params.get("include_all_metadata")):
            for message in messages:
                message.pop("metadata", None)
        if not messages:
            return {"ok": False, "error": "thread_not_found"}
        return {"ok": True, "messages": messages, "has_more": False, "response_metadata": {"next_cursor": ""}}

    def _m_conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = str(params.get("channel"))
        with self._lock:
            info = self.channels.get(channel, {"id": channel, "is_ext_shared": False})
        return {"ok": True, "channel": info}

    def _m_assistant_threads_setStatus(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True}

    def _m_assistant_threads_setTitle(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True}

    def _m_assistant_threads_setSuggestedPrompts(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True}

    def _m_files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            file_id = f"F{next(self._ts):06d}"
        return {
            "ok": True,
            "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}",
            "file_id": file_id,
        }

    def _m_files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files")
        items = json.loads(files) if isinstance(files, str) else files or []
        return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in items]}

    def _m_reactions_add(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True}

    def _m_users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = str(params.get("user"))
        return {"ok": True, "user": {"id": user, "name": user.lower(), "tz": "UTC", "is_bot": False}}


@pytest.fixture
def slack_api() -> Iterator[FakeSlackAPI]:
    """A started mock Slack Web API, stopped after the test."""
    with FakeSlackAPI() as fake:
        yield fake
