"""The WSGI guard in bot/server.py, called directly: caps, signature before parsing, health (issue 12)."""

from __future__ import annotations

import io
import json
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.server import MAX_BODY_BYTES, make_wsgi_app

SECRET = "guard-secret"


class _Spy(io.BytesIO):
    """A request body that records how much of it was read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def _app() -> App:
    return App(
        signing_secret=SECRET,
        client=WebClient(token="xoxb-guard", base_url="http://127.0.0.1:9/"),
        token_verification_enabled=False,
    )


def _call(wsgi: Any, environ: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    seen: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"] = status

    body = b"".join(wsgi(environ, start_response))
    return seen["status"], json.loads(body) if body.startswith(b"{") else {"raw": body.decode()}


def _environ(body: bytes, length: str | None = None, **headers: str) -> dict[str, Any]:
    env: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)) if length is None else length,
        "wsgi.input": _Spy(body),
        "QUERY_STRING": "",
    }
    env.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
    return env


def test_a_body_over_the_cap_is_413_and_never_read() -> None:
    env = _environ(b"{}", length=str(MAX_BODY_BYTES + 1))

    status, doc = _call(make_wsgi_app(_app()), env)

    assert status.startswith("413") and doc["ok"] is False
    assert env["wsgi.input"].taken == 0


def test_an_unsigned_body_is_401_without_being_parsed() -> None:
    for body in (b"[" * 100_000, b"\xff\xfe\x00garbage", b"payload=%7B%7B%7B"):
        status, doc = _call(make_wsgi_app(_app()), _environ(body))
        assert status.startswith("401"), body[:10]
        assert doc == {"ok": False, "error": "invalid signature"}


def test_a_bad_content_length_is_400() -> None:
    status, _ = _call(make_wsgi_app(_app()), _environ(b"{}", length="lots"))
    assert status.startswith("400")


def test_healthz_is_503_with_the_reason_when_the_store_does_not_answer() -> None:
    def down() -> int:
        raise ConnectionError("connection refused")

    env = {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "wsgi.input": io.BytesIO()}
    status, doc = _call(make_wsgi_app(_app(), health=down), env)

    assert status.startswith("503")
    assert doc == {"ok": False, "reason": "store not answering: ConnectionError: connection refused"}


def test_healthz_is_200_when_the_store_answers() -> None:
    env = {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz", "wsgi.input": io.BytesIO()}
    status, doc = _call(make_wsgi_app(_app(), health=lambda: 3_688), env)

    assert status.startswith("200") and doc == {"ok": True, "store": "ok"}
