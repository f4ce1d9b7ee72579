"""The Slack adapter over a real Socket Mode connection, and `scout serve` choosing its mode.

``bot.server.serve_socket_mode`` runs as in production (slack_bolt's built-in ``SocketModeHandler``
and slack_sdk's own WebSocket client) in a background thread. The mock Web API answers
``apps.connections.open`` with the URL of a local fake Socket Mode endpoint (a WebSocket server that
sends ``hello`` and pushes envelopes); the service is the real ``RecommendationService`` over the
in-memory climbing profiles and the offline model. So the only fakes are Slack's two endpoints.

``serve_socket_mode`` blocks forever by design (``SocketModeHandler.start`` waits on a fresh
``threading.Event``); the fixture swaps that ``Event`` for one it can set, and records the handler so
it can close it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import slack_bolt.adapter.socket_mode as socket_mode_adapter
from click.testing import CliRunner
from slack_bolt import App
from slack_bolt.adapter.socket_mode import base_handler
from slack_bolt.adapter.socket_mode.builtin import SocketModeHandler

from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from bot.app import create_app
from bot.server import serve_socket_mode
from bot.state import STATE_EVENT_TYPE, state_from_metadata
from config.settings import Settings
from fakes.memory_store import MemoryStore
from fakes.profiles import TODAY, climbing_set
from fakes.slack_api import FakeSlackAPI
from fakes.slack_requests import FIXTURES, blocks_text, mention_body, metadata_of
from fakes.socket_mode_server import FakeSocketModeServer

pytestmark = pytest.mark.integration

BOT_TOKEN = "xoxb-socket-mode-test"
APP_TOKEN = "xapp-1-socket-mode-test"
SECRET = "socket-mode-cli-secret"
QUESTION = "3 Instagram creators for climbing snacks, audience in the US"
MENTION_TS = "1595926230.009600"
#: The Instagram climbers in climbing_set() (the rest are off-topic, TikTok, or planted problems).
CLIMBERS = {"crag_kiwi", "boulder_bea", "sendit_sam", "nano_crimper", "uk_boulderer"}


def make_service() -> RecommendationService:
    return RecommendationService(MemoryStore(climbing_set()), OfflineModel(), today=lambda: TODAY)


@dataclass
class SocketBot:
    slack: FakeSlackAPI
    socket: FakeSocketModeServer
    handler: SocketModeHandler


@pytest.fixture
def socket_bot(slack_api: FakeSlackAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[SocketBot]:
    """``serve_socket_mode(create_app(...), APP_TOKEN)`` connected to the fake endpoint."""
    settings = Settings(
        _env_file=None,
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN,
        slack_signing_secret=None,
        slack_api_url=slack_api.url,
        allowed_channels="",
        allow_external=False,
    )
    app = create_app(make_service(), settings.slack_config(), socket_mode=True)
    handlers: list[SocketModeHandler] = []

    class RecordingHandler(SocketModeHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            handlers.append(self)

    stop = threading.Event()
    monkeypatch.setattr(socket_mode_adapter, "SocketModeHandler", RecordingHandler)
    monkeypatch.setattr(base_handler, "Event", lambda: stop)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            serve_socket_mode(app, APP_TOKEN)
        except BaseException as exc:
            errors.append(exc)

    with FakeSocketModeServer() as socket:
        slack_api.socket_mode_url = socket.url
        thread = threading.Thread(target=run, name="serve-socket-mode", daemon=True)
        thread.start()
        try:
            socket.wait_connected()
            assert len(handlers) == 1 and not errors
            yield SocketBot(slack_api, socket, handlers[0])
        finally:
            stop.set()
            thread.join(timeout=5)
            for handler in handlers:
                handler.client.auto_reconnect_enabled = False  # the endpoint hangs up next: do not dial back
            socket.close_connections()
            for handler in handlers:
                handler.close()  # type: ignore[no-untyped-call]
            assert not thread.is_alive(), "serve_socket_mode did not return"
    assert not errors, errors


def slash_payload(text: str, slack: FakeSlackAPI, channel: str = "C111") -> dict[str, Any]:
    """A /scout command as Socket Mode delivers it: Slack's fields, as a JSON object."""
    fields: dict[str, Any] = dict(
        parse_qsl((FIXTURES / "slash_command_form_encoded.txt").read_text().strip())
    )
    fields.update(
        {
            "command": "/scout",
            "text": text,
            "channel_id": channel,
            "api_app_id": "A111",
            "is_enterprise_install": "false",
            "response_url": slack.hooks_url + "commands/T111/111/xxxxx",
        }
    )
    return fields


def handles_in(params: dict[str, Any]) -> set[str]:
    """The climbing_set() handles a chat.postMessage / chat.update shows (as ``@handle``)."""
    rendered = blocks_text(params)
    return {p.handle for p in climbing_set() if f"@{p.handle}" in rendered}


# --------------------------------------------------------------------------- Socket Mode


def test_mention_over_socket_mode_is_acked_then_answered_in_its_thread(socket_bot: SocketBot) -> None:
    slack, socket = socket_bot.slack, socket_bot.socket

    envelope_id = socket.push_event(mention_body(QUESTION, event_id="EvSock1", ts=MENTION_TS))

    assert socket.wait_for_ack(envelope_id) == {"envelope_id": envelope_id}
    start = slack.wait_for("chat.startStream")[0].params
    assert start["channel"] == "C111" and start["thread_ts"] == MENTION_TS
    update = slack.wait_for("chat.stopStream")[0].params
    [answer] = slack.thread("C111", MENTION_TS)
    assert update["ts"] == answer["ts"]
    picks = handles_in(update)
    assert picks & {"crag_kiwi", "boulder_bea"}, blocks_text(update)
    assert picks <= CLIMBERS  # Instagram climbers only: no TikTok, no planted problem accounts
    metadata = metadata_of(update)
    assert metadata is not None and metadata["event_type"] == STATE_EVENT_TYPE
    state = state_from_metadata(metadata)
    assert state is not None and state.ranked_ids
    # The WebSocket URL came from apps.connections.open with the app-level token; posts use the bot token.
    [opened] = slack.calls_of("apps.connections.open")
    assert opened.headers["authorization"] == f"Bearer {APP_TOKEN}"
    assert slack.calls_of("chat.startStream")[0].headers["authorization"] == f"Bearer {BOT_TOKEN}"
    assert socket.paths == ["/link/?ticket=fake-ticket&app_id=A111"]


def test_slash_command_over_socket_mode_acks_with_a_reply_then_posts_the_answer(
    socket_bot: SocketBot,
) -> None:
    slack, socket = socket_bot.slack, socket_bot.socket

    envelope_id = socket.push_slash_command(slash_payload(QUESTION, slack))

    ack = socket.wait_for_ack(envelope_id)
    assert ack["envelope_id"] == envelope_id
    assert "Working on it" in ack["payload"]["text"]
    posted = slack.wait_for("chat.postMessage")[0].params
    assert posted["channel"] == "C111" and "thread_ts" not in posted  # top level, the answer itself
    assert handles_in(posted) & {"crag_kiwi", "boulder_bea"}, blocks_text(posted)
    assert "asked:" in blocks_text(posted)


def test_slash_help_over_socket_mode_is_answered_in_the_ack(socket_bot: SocketBot) -> None:
    envelope_id = socket_bot.socket.push_slash_command(slash_payload("help", socket_bot.slack))

    ack = socket_bot.socket.wait_for_ack(envelope_id)
    assert ack["payload"]["blocks"] and ack["payload"]["text"]


def test_redelivered_envelopes_are_acked_and_not_answered_again(
    socket_bot: SocketBot, caplog: pytest.LogCaptureFixture
) -> None:
    slack, socket = socket_bot.slack, socket_bot.socket
    caplog.set_level(logging.INFO, logger="bot.dedupe")
    body = mention_body(QUESTION, event_id="EvSock2", ts=MENTION_TS)
    socket.wait_for_ack(socket.push_event(body))
    slack.wait_for("chat.stopStream")

    # Slack's retry of the same event (it did not see the first ack in time), then a plain replay.
    retry = socket.push_event(body, retry_attempt=1, retry_reason="timeout")
    assert socket.wait_for_ack(retry) == {"envelope_id": retry}
    replay = socket.push_event(body)
    assert socket.wait_for_ack(replay) == {"envelope_id": replay}
    assert "skipping Slack retry 1 (reason timeout)" in caplog.text
    assert "skipping duplicate event EvSock2" in caplog.text

    # A new mention after the duplicates is answered: the connection works and nothing else was posted.
    later = mention_body(QUESTION, event_id="EvSock3", ts="1595926300.000100")
    socket.wait_for_ack(socket.push_event(later))
    slack.wait_for("chat.stopStream", 2)
    threads = [c.params.get("thread_ts") for c in slack.calls_of("chat.startStream")]
    assert threads == [MENTION_TS, "1595926300.000100"]
    assert len(slack.calls_of("chat.stopStream")) == 2 and slack.calls_of("chat.postMessage") == []


# --------------------------------------------------------------------------- scout serve picks the mode


@pytest.fixture
def serve_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Tokens in the environment, no .env, a memory service, and recorders instead of the servers."""
    for name in ("SLACK_API_URL", "PORT", "OPENAI_API_KEY", "CHROMA_HOST", "SCOUT_ALLOWED_CHANNELS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # Settings reads .env from the working directory
    monkeypatch.setenv("CHROMA_PATH", str(tmp_path / "chroma"))
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    # scout.cli imported make_service at import time: patch the name it calls.
    monkeypatch.setattr("scout.cli.make_service", lambda settings: make_service())
    calls: dict[str, list[tuple[Any, ...]]] = {"socket_mode": [], "http": []}
    monkeypatch.setattr(
        "bot.server.serve_socket_mode", lambda app, token: calls["socket_mode"].append((app, token))
    )
    monkeypatch.setattr("bot.server.serve_http", lambda app, port, **_: calls["http"].append((app, port)))
    return calls


def test_serve_uses_socket_mode_when_the_app_token_is_set(serve_env: dict[str, list[Any]]) -> None:
    from scout.cli import main

    result = CliRunner().invoke(main, ["serve"], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert serve_env["http"] == []
    [(app, token)] = serve_env["socket_mode"]
    assert isinstance(app, App) and token == APP_TOKEN
    assert APP_TOKEN not in result.output and BOT_TOKEN not in result.output


def test_serve_http_flag_forces_http_mode_on_the_given_port(serve_env: dict[str, list[Any]]) -> None:
    from scout.cli import main

    result = CliRunner().invoke(main, ["serve", "--http", "--port", "3456"], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert serve_env["socket_mode"] == []
    [(app, port)] = serve_env["http"]
    assert isinstance(app, App) and port == 3456
