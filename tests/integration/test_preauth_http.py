"""Unauthenticated requests against `scout serve --http` (a real process) stay cheap (issue 12).

Before: one unsigned 300 MB POST took the server from 312 MB to 2.1 GB, and unsigned non-JSON or
deeply nested bodies got HTTP 500 with tracebacks in the log. Now the body is capped (waitress and
the handler) and the signature is checked on the raw bytes before anything parses them.

Memory is asserted as growth of the server's resident set across all the attacks, with a bound far
below what buffering a single attack would cost (robust to allocator noise; no timing asserted).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest

from fakes.slack_api import FakeSlackAPI
from fakes.slack_requests import free_port, signed_headers, wait_healthy

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("slack_e2e")]

SECRET = "preauth-signing-secret-77"
SCOUT = Path(sys.executable).with_name("scout")
BIG = 300 * 1024 * 1024  # the attack's announced size
SENT = 8 * 1024 * 1024  # what the attacker manages to push before the server hangs up (at most)
# Growth allowed across every attack below: a tenth of one buffered attack body.
MAX_GROWTH = 30 * 1024 * 1024


class Bot:
    def __init__(self, url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.proc = proc
        self.log = log
        self.port = int(url.rsplit(":", 1)[1])

    def rss(self) -> int:
        return int(psutil.Process(self.proc.pid).memory_info().rss)

    def raw(self, head: str, body: bytes = b"", *, stream: int = 0) -> int:
        """Send a raw request (optionally streaming ``stream`` zero bytes after ``body``); the status."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
            sock.sendall(head.encode() + b"\r\n" + body)
            chunk = b"\0" * 65536
            sent = 0
            with suppress(OSError):  # the server may close the connection mid-upload: that is the point
                while sent < stream:
                    sock.sendall(chunk)
                    sent += len(chunk)
            data = b""
            with suppress(OSError):
                while b"\r\n" not in data:
                    part = sock.recv(4096)
                    if not part:
                        break
                    data += part
        assert data.startswith(b"HTTP/1."), data[:200]
        return int(data.split(b" ", 2)[1])

    def post(self, body: bytes, headers: dict[str, str]) -> int:
        lines = [
            "POST /slack/events HTTP/1.1",
            "Host: 127.0.0.1",
            f"Content-Length: {len(body)}",
            "Connection: close",
        ]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        return self.raw("\r\n".join(lines) + "\r\n", body)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    work = tmp_path_factory.mktemp("preauth")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SLACK_", "CHROMA_", "SCOUT_"))
    }
    port = free_port()
    log = work / "serve.log"
    with FakeSlackAPI() as slack, log.open("wb") as out:
        env.update(
            {
                "CHROMA_PATH": str(work / "chroma"),
                "SLACK_BOT_TOKEN": "xoxb-preauth",
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": slack.url,
                "PYTHONUNBUFFERED": "1",
            }
        )
        proc = subprocess.Popen(
            [str(SCOUT), "serve", "--http", "--port", str(port)],
            env=env,
            cwd=work,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            try:
                wait_healthy(url, timeout=120, alive=lambda: proc.poll() is None)
            except AssertionError:
                raise AssertionError(log.read_text(errors="replace")[-3000:]) from None
            yield Bot(url, proc, log)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _json_headers() -> dict[str, str]:
    return {"Content-Type": "application/json"}


def test_pre_auth_attacks_are_refused_cheaply_and_never_500(bot: Bot) -> None:
    before = bot.rss()
    nested = b"[" * 500_000
    garbage = bytes(range(256)) * 3_000  # 768 KB of non-JSON, under the cap
    statuses = {}
    for attempt in range(3):
        # An announced 300 MB body: refused from the headers (waitress) before it is read.
        statuses[f"huge-{attempt}"] = bot.raw(
            "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {BIG}\r\n",
            stream=SENT,
        )
        # Chunked, with no length announced: cut off at the cap.
        statuses[f"chunked-{attempt}"] = bot.raw(
            "POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n",
            b"".join(b"%x\r\n%s\r\n" % (65536, b"{" * 65536) for _ in range(40)) + b"0\r\n\r\n",
        )
        statuses[f"garbage-{attempt}"] = bot.post(garbage, {"Content-Type": "application/octet-stream"})
        statuses[f"nested-{attempt}"] = bot.post(nested, _json_headers())
        statuses[f"form-{attempt}"] = bot.post(
            b"payload=" + nested, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        statuses[f"bad-signature-{attempt}"] = bot.post(
            b'{"type": "event_callback"}',
            {
                **_json_headers(),
                "X-Slack-Request-Timestamp": str(int(time.time())),
                "X-Slack-Signature": "v0=00",
            },
        )
    after = bot.rss()

    for name, status in statuses.items():
        expected = 413 if name.startswith(("huge", "chunked")) else 401
        assert status == expected, (name, status)
    assert after - before < MAX_GROWTH, f"RSS grew {(after - before) / 2**20:.0f} MB"
    assert "Traceback" not in bot.log.read_text(errors="replace")


def test_signed_but_malformed_bodies_get_a_4xx_not_a_500(bot: Bot) -> None:
    cases = {
        "nested-json": (b"[" * 200_000, "application/json"),
        "not-json": (b"\xff\xfe not json at all", "application/json"),
        "nested-form": (b"payload=" + quote("[" * 100_000).encode(), "application/x-www-form-urlencoded"),
        "form-not-json": (b"payload=%7Bnope", "application/x-www-form-urlencoded"),
    }
    for name, (body, kind) in cases.items():
        ts = str(int(time.time()))
        digest = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
        headers = {"Content-Type": kind, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}
        status = bot.post(body, headers)
        # Slack signs UTF-8 text only, so a signature over other bytes is refused like any bad one.
        assert 400 <= status < 500 or status == 200, (name, status)
    assert "Traceback" not in bot.log.read_text(errors="replace")


def test_a_signed_event_still_gets_through(bot: Bot) -> None:
    body = json.dumps({"token": "x", "type": "url_verification", "challenge": "abc123"}).encode()
    status = bot.post(body, {**_json_headers(), **signed_headers(body.decode(), SECRET)})
    assert status == 200


def test_healthz_reports_the_store(bot: Bot) -> None:
    import urllib.request

    with urllib.request.urlopen(bot.url + "/healthz", timeout=10) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True, "store": "ok"}
