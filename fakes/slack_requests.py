"""Signed Slack Events API requests for tests and the Slack bench (no Slack needed).

Bodies start from Slack's own test payloads in fakes/slack_payloads (copied from bolt-python) and are
signed like Slack does (``X-Slack-Request-Timestamp`` / ``X-Slack-Signature`` over the raw body)::

    status, text = send_event(url, mention_body("3 climbers", event_id="Ev1"), secret=SECRET)
"""

from __future__ import annotations

import contextlib
import copy
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from slack_bolt import App
from slack_sdk.signature import SignatureVerifier

from assistant.llm import AnswerFacts, LLMUsage
from assistant.router import FollowUp
from fakes.slack_api import BOT_USER_ID, FakeSlackAPI
from matching.brief import Brief

FIXTURES = Path(__file__).resolve().parent / "slack_payloads"


@cache
def _fixture(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return body


def fixture(name: str) -> dict[str, Any]:
    """A fresh copy of one of Slack's test payloads."""
    return copy.deepcopy(_fixture(name))


def signed_headers(body: str, secret: str, *, timestamp: int | None = None) -> dict[str, str]:
    """The two signature headers Slack adds to a request with this raw body."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": str(signature)}


def send_event(
    base_url: str,
    body: dict[str, Any],
    *,
    secret: str,
    headers: dict[str, str] | None = None,
    sign: bool = True,
    timeout: float = 10.0,
) -> tuple[int, str]:
    """POST a JSON event to ``base_url + /slack/events``; returns (status, response text)."""
    raw = json.dumps(body)
    all_headers = {"Content-Type": "application/json"}
    if sign:
        all_headers.update(signed_headers(raw, secret))
    all_headers.update(headers or {})
    request = urllib.request.Request(
        base_url + "/slack/events", data=raw.encode(), headers=all_headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def mention_body(
    text: str,
    *,
    event_id: str,
    channel: str = "C111",
    ts: str = "1595926230.009600",
    thread_ts: str | None = None,
    user: str = "W222",
) -> dict[str, Any]:
    """An ``app_mention`` event callback: ``<@bot> text`` in ``channel`` at ``ts``."""
    body = fixture("app_mention.json")
    body["event_id"] = event_id
    body["event"].update(
        {"text": f"<@{BOT_USER_ID}> {text}", "channel": channel, "ts": ts, "event_ts": ts, "user": user}
    )
    if thread_ts is not None:
        body["event"]["thread_ts"] = thread_ts
    return body


def thread_message_body(
    text: str, *, event_id: str, channel: str, thread_ts: str, ts: str, user: str = "W222"
) -> dict[str, Any]:
    """A plain ``message`` reply in a channel thread (no mention)."""
    body = fixture("message_channel_in_thread.json")
    body["event_id"] = event_id
    body["event"].update(
        {"text": text, "channel": channel, "thread_ts": thread_ts, "ts": ts, "event_ts": ts, "user": user}
    )
    return body


#: Pick actions that live in a pick's overflow menu (option value "<action_id>|<profile_id>").
MENU_ACTIONS = frozenset({"scout_why", "scout_more_like", "scout_shortlist_add", "scout_not_a_fit"})


def click_body(
    action_id: str, value: str, *, channel: str, thread_ts: str, message_ts: str, menu: bool = True
) -> dict[str, Any]:
    """A ``block_actions`` payload for a click under the message at ``message_ts``.

    Pick actions arrive as the pick's overflow menu option (unless ``menu=False``: a plain button);
    the ``message`` carries no metadata, so Scout must find that message's own state.
    """
    body = fixture("block_actions.json")
    body["container"].update(
        {"message_ts": message_ts, "channel_id": channel, "is_ephemeral": False, "thread_ts": thread_ts}
    )
    body["channel"] = {"id": channel, "name": "marketing"}
    body["message"] = {"ts": message_ts, "thread_ts": thread_ts, "type": "message"}
    if menu and action_id in MENU_ACTIONS:
        body["actions"] = [
            {
                "type": "overflow",
                "action_id": "scout_pick_menu",
                "block_id": "scout_pick_0_abc",
                "selected_option": {
                    "text": {"type": "plain_text", "text": "x"},
                    "value": f"{action_id}|{value}",
                },
                "action_ts": "1596530385.194939",
            }
        ]
    else:
        body["actions"][0].update({"action_id": action_id, "value": value, "block_id": "scout_answer_abc"})
    return body


def reason_submission(view: dict[str, Any] | str, reason: str) -> dict[str, Any]:
    """The ``view_submission`` of Scout's feedback modal (``view`` as views.open got it) with ``reason``."""
    opened = json.loads(view) if isinstance(view, str) else view
    body = fixture("view_submission.json")
    body["view"].update(
        {
            "callback_id": opened["callback_id"],
            "private_metadata": opened["private_metadata"],
            "state": {"values": {"reason": {"reason_input": {"type": "plain_text_input", "value": reason}}}},
        }
    )
    return body


def free_port() -> int:
    """A TCP port that was free a moment ago on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base_url: str, timeout: float = 60.0, alive: Any = None) -> None:
    """Poll ``GET /healthz`` until it answers 200; ``alive()`` False (a dead process) stops early.

    Raises:
        AssertionError: Not healthy within ``timeout`` seconds, or ``alive()`` returned False.

    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            raise AssertionError("the server process exited before it became healthy")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{base_url}/healthz not ready after {timeout:.0f} s")


def blocks_text(params: dict[str, Any]) -> str:
    """A Web API call's ``blocks`` as one string (form-encoded calls send it as JSON text)."""
    blocks = params.get("blocks")
    return blocks if isinstance(blocks, str) else json.dumps(blocks, ensure_ascii=False)


def metadata_of(params: dict[str, Any]) -> dict[str, Any] | None:
    """A Web API call's ``metadata`` argument, decoded when it was sent as JSON text."""
    metadata = params.get("metadata")
    if isinstance(metadata, str):
        decoded: dict[str, Any] = json.loads(metadata)
        return decoded
    return metadata


# --------------------------------------------------------------------------- load and bench helpers


class SlowProseModel:
    """A ``LanguageModel``: offline routing and briefs, but prose that takes ``delay_s`` (a slow LLM).

    Its label is not ``"offline"``, so ``RecommendationService.polish`` really calls ``write_answer``.
    """

    label = "fake:slow-prose"

    def __init__(self, delay_s: float = 5.0) -> None:
        from assistant.llm import OfflineModel

        self.delay_s = delay_s
        self._offline = OfflineModel()
        self._lock = threading.Lock()
        self.calls = 0

    def begin_turn(self) -> None:
        self._offline.begin_turn()

    def extract_brief(self, question: str, parsed: Brief) -> Brief:
        return self._offline.extract_brief(question, parsed)

    def route(self, text: str, *, has_list: bool) -> FollowUp:
        return self._offline.route(text, has_list=has_list)

    def write_answer(self, facts: AnswerFacts) -> str | None:
        with self._lock:
            self.calls += 1
        time.sleep(self.delay_s)
        return POLISHED + " " + ", ".join(f"@{p.handle}" for p in facts.picks) + "."

    def take_warnings(self) -> list[str]:
        return []

    @property
    def last_usage(self) -> LLMUsage:
        return self._offline.last_usage


POLISHED = "Polished prose:"


class TimedSlackAPI(FakeSlackAPI):
    """The mock Web API, also noting when each post/update arrived (``time.monotonic()``).

    ``events`` holds ``(t, method, channel, ts, shown)`` tuples (``shown``: fallback text, streamed
    markdown and blocks) for posts, updates and streams; the bot runs in-process, so its clock and the
    test's are the same.
    """

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[float, str, str, str, str]] = []

    def _note(self, method: str, params: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
        # What the message shows: its fallback text, streamed markdown and blocks.
        shown = str(params.get("text", "")) + str(params.get("markdown_text") or "")
        chunks = params.get("chunks") or []
        for chunk in json.loads(chunks) if isinstance(chunks, str) else chunks:
            shown += str(chunk.get("text", "")) if chunk.get("type") == "markdown_text" else ""
        if params.get("blocks"):
            shown += blocks_text(params)
        with self._lock:
            self.events.append(
                (
                    time.monotonic(),
                    method,
                    str(params.get("channel")),
                    str(result.get("ts", "") or params.get("ts", "")),
                    shown,
                )
            )
        return result

    def _m_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._note("chat.postMessage", params, super()._m_chat_postMessage(params))

    def _m_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._note("chat.update", params, super()._m_chat_update(params))

    def _m_chat_startStream(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._note("chat.startStream", params, super()._m_chat_startStream(params))

    def _m_chat_stopStream(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._note("chat.stopStream", params, super()._m_chat_stopStream(params))

    def events_in(self, channel: str) -> list[tuple[float, str, str, str, str]]:
        """The posts and updates in ``channel``, in arrival order."""
        with self._lock:
            return [e for e in self.events if e[2] == channel]


@dataclass
class InProcessBot:
    """A Bolt app from ``create_app`` served by waitress on a random local port."""

    url: str
    app: App
    server: Any

    def close(self) -> None:
        """Stop serving and waitress's worker threads (the app's own listener pools stay)."""
        self.server.close()
        self.server.task_dispatcher.shutdown(timeout=5)


def serve_in_thread(server: Any, name: str = "waitress-inprocess") -> threading.Thread:
    """Run a waitress server in a daemon thread; closing it from another thread ends the loop quietly."""

    def run() -> None:
        # server.close() from the test thread closes the socket under select(): that is the stop.
        with contextlib.suppress(OSError):
            server.run()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def start_inprocess_bot(
    service: Any, slack: FakeSlackAPI, secret: str, *, threads: int = 8, **settings: Any
) -> InProcessBot:
    """``create_app(service, settings)`` behind waitress, as ``scout serve --http`` runs it."""
    from waitress.server import create_server

    from bot.app import create_app
    from bot.server import make_wsgi_app
    from config.settings import Settings

    values: dict[str, Any] = {
        "slack_bot_token": "xoxb-load-test",
        "slack_signing_secret": secret,
        "slack_api_url": slack.url,
        "allowed_channels": "",
        "allow_external": False,
        **settings,
    }
    app = create_app(service, Settings(_env_file=None, **values).slack_config())
    server = create_server(make_wsgi_app(app), host="127.0.0.1", port=0, threads=threads)
    serve_in_thread(server)
    return InProcessBot(f"http://127.0.0.1:{server.effective_port}", app, server)
