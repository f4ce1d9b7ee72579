"""The Slack adapter end to end over HTTP: real Bolt App + WebClient, waitress, signed requests, mock Web API.

Payloads start from Slack's own test payloads (fakes/slack_payloads, copied from bolt-python).
"""

from __future__ import annotations

import copy
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from slack_sdk.signature import SignatureVerifier
from waitress.server import create_server

from assistant.answer import Answer, Recommendation, ThreadState
from assistant.feedback import MemoryFeedbackLog
from bot.app import SlackConfigError, create_app
from bot.blocks import (
    ACTION_EXPORT,
    ACTION_FEEDBACK,
    ACTION_MORE_LIKE,
    ACTION_NOT_A_FIT,
    ACTION_SHORTLIST_ADD,
    ACTION_WHY,
)
from bot.dedupe import Deduper
from bot.server import make_wsgi_app
from bot.service_port import ServiceReply
from bot.state import STATE_EVENT_TYPE, ThreadStateStore, state_from_metadata
from config.settings import Settings
from fakes.slack_api import FakeSlackAPI
from fakes.slack_requests import click_body, reason_submission, serve_in_thread
from matching.brief import Brief

pytestmark = pytest.mark.integration

SECRET = "test-signing-secret-8f2e"
BOT_TOKEN = "xoxb-111-222-secret-token-never-logged"
FIXTURES = Path(__file__).resolve().parents[2] / "fakes" / "slack_payloads"
EVIL = "<!channel> <!here> <@U123> <https://evil.example|click>"


def wait_until(check: Any, timeout: float = 10.0) -> Any:
    """Poll ``check`` until it returns something truthy; AssertionError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def fixture(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return body


# --------------------------------------------------------------------------- the fake service


def rec(i: int, *, bio: str = "") -> Recommendation:
    return Recommendation(
        rank=i + 1,
        handle=f"creator{i}",
        platform="instagram",
        followers=23_400 + i,
        engagement_rate=0.031,
        engagement_benchmark=0.0054,
        country="US",
        tier="micro",
        score=0.9 - i / 100,
        reasons=[f"Posts about climbing snacks {bio}".strip()],
        caveats=["Few recent posts"] if i == 0 else [],
        profile_url=f"https://instagram.com/creator{i}",
        profile_id=f"ig:creator{i}",
    )


@dataclass
class FakeService:
    """Canned answers from the real models; records calls; can block or fail."""

    n: int = 3
    bio: str = ""
    gate: threading.Event | None = None
    fail: Exception | None = None
    events: list[str] = field(default_factory=list)
    asks: list[tuple[str, ThreadState | None, bool]] = field(default_factory=list)
    actions: list[tuple[str, str, ThreadState | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _state(self, question: str, shortlist: list[str] | None = None) -> ThreadState:
        return ThreadState(
            brief=Brief(question=question, platforms=["instagram"], audience_countries=["US"], k=self.n),
            ranked_ids=[f"ig:creator{i}" for i in range(self.n)],
            shown=self.n,
            shortlist=shortlist or [],
        )

    def ask(
        self, text: str, state: ThreadState | None = None, *, k: int | None = None, prose: bool = True
    ) -> ServiceReply:
        with self.lock:
            self.asks.append((text, state, prose))
        if self.gate is not None:
            assert self.gate.wait(10), "the test never released the service"
        with self.lock:
            self.events.append("service_done")
        if self.fail is not None:
            raise self.fail
        recs = [rec(i, bio=self.bio) for i in range(self.n)]
        brief = Brief(
            question=text,
            platforms=["instagram"],
            audience_countries=["US"],
            min_followers=10_000,
            max_followers=100_000,
            k=self.n,
        )
        answer = Answer(
            kind="recommendations",
            question=text,
            brief=brief,
            recommendations=recs,
            answer="Fast offline prose.",
            matched=412,
        )
        return ServiceReply(answer=answer, state=self._state(text))

    def polish(self, reply: ServiceReply) -> ServiceReply:
        answer = reply.answer.model_copy(update={"answer": "Polished LLM prose.", "llm": "fake:model"})
        return ServiceReply(answer=answer, state=reply.state)

    def action(self, action: str, profile_id: str, state: ThreadState | None) -> ServiceReply:
        with self.lock:
            self.actions.append((action, profile_id, state))
        question = state.brief.question if state else ""
        if action == "export":
            answer = Answer(
                kind="export", question=question, answer="Your list as CSV.", csv="rank,handle\n1,creator0\n"
            )
            return ServiceReply(answer=answer, state=state)
        if action == "shortlist_add":
            new_state = self._state(question, shortlist=[*(state.shortlist if state else []), profile_id])
            return ServiceReply(
                answer=Answer(kind="shortlist", question=question, answer="Added."), state=new_state
            )
        if action.startswith("feedback"):
            return ServiceReply(
                answer=Answer(kind="shortlist", question=question, answer="Thanks!"), state=state
            )
        kind = "profile" if action == "why" else "recommendations"
        answer = Answer(
            kind=kind, question=question, recommendations=[rec(0)], answer=f"{action} {profile_id}"
        )
        return ServiceReply(answer=answer, state=state)


# --------------------------------------------------------------------------- the harness


@dataclass
class Bot:
    url: str
    slack: FakeSlackAPI
    service: FakeService
    store: ThreadStateStore
    deduper: Deduper

    def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        sign: bool = True,
        secret: str = SECRET,
    ) -> tuple[int, str]:
        ts = str(int(time.time()))
        all_headers = {"Content-Type": content_type}
        if sign:
            all_headers["X-Slack-Request-Timestamp"] = ts
            signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
            all_headers["X-Slack-Signature"] = str(signature)
        all_headers.update(headers or {})
        request = urllib.request.Request(
            self.url + "/slack/events", data=body.encode(), headers=all_headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def event(self, body: dict[str, Any], **kwargs: Any) -> tuple[int, str]:
        return self.post(json.dumps(body), "application/json", **kwargs)

    def form(self, fields: dict[str, str], **kwargs: Any) -> tuple[int, str]:
        return self.post(urlencode(fields), "application/x-www-form-urlencoded", **kwargs)

    def action(self, body: dict[str, Any], **kwargs: Any) -> tuple[int, str]:
        return self.post("payload=" + quote(json.dumps(body)), "application/x-www-form-urlencoded", **kwargs)


def make_settings(slack: FakeSlackAPI, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "slack_bot_token": BOT_TOKEN,
        "slack_signing_secret": SECRET,
        "slack_api_url": slack.url.removesuffix("/"),
        "allowed_channels": "",
        "allow_external": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def make_bot(slack_api: FakeSlackAPI) -> Iterator[Any]:
    servers: list[Any] = []

    def build(
        service: FakeService | None = None, feedback: MemoryFeedbackLog | None = None, **overrides: Any
    ) -> Bot:
        service = service or FakeService()
        store, deduper = ThreadStateStore(), Deduper()
        app = create_app(
            service,
            make_settings(slack_api, **overrides).slack_config(),
            store=store,
            deduper=deduper,
            feedback=feedback,
        )
        server = create_server(make_wsgi_app(app), host="127.0.0.1", port=0, threads=4)
        serve_in_thread(server)
        servers.append(server)
        return Bot(f"http://127.0.0.1:{server.effective_port}", slack_api, service, store, deduper)

    yield build
    for server in servers:
        server.close()


@pytest.fixture
def bot(make_bot: Any) -> Bot:
    built: Bot = make_bot()
    return built


def mention(
    text: str = "<@UB0TSCOUT> 3 Instagram creators for climbing snacks",
    *,
    event_id: str = "Ev111",
    channel: str = "C111",
    **extra: Any,
) -> dict[str, Any]:
    body = fixture("app_mention.json")
    body["event_id"] = event_id
    body["event"].update({"text": text, "channel": channel, **extra})
    return body


def blocks_text(call_params: dict[str, Any]) -> str:
    blocks = call_params.get("blocks")
    return blocks if isinstance(blocks, str) else json.dumps(blocks, ensure_ascii=False)


def answer_mention(bot: Bot) -> tuple[str, str]:
    """Ask via a mention; return (thread_ts, answer message ts) once the polished answer is in."""
    status, _ = bot.event(mention())
    assert status == 200
    start = bot.slack.wait_for("chat.startStream")[0]
    bot.slack.wait_for("chat.stopStream")
    bot.slack.wait_for("chat.update")
    ts = bot.slack.thread("C111", "1595926230.009600")[0]["ts"]
    assert start.params["thread_ts"] == "1595926230.009600"
    return "1595926230.009600", ts


def answers(slack: FakeSlackAPI) -> list[Any]:
    """Every answer message Scout started: streamed (chat.startStream) or posted whole."""
    return [c for c in slack.calls if c.method in ("chat.startStream", "chat.postMessage")]


def streamed_text(params: dict[str, Any]) -> str:
    """The markdown a chat.*Stream call carried (markdown_text and markdown_text chunks)."""
    chunks = params.get("chunks") or []
    chunks = json.loads(chunks) if isinstance(chunks, str) else chunks
    return str(params.get("markdown_text") or "") + "".join(
        str(c.get("text", "")) for c in chunks if c.get("type") == "markdown_text"
    )


# --------------------------------------------------------------------------- tests


def test_health_and_404(bot: Bot) -> None:
    with urllib.request.urlopen(bot.url + "/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True}
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(bot.url + "/nope", timeout=5)
    assert err.value.code == 404


def test_mention_streams_the_ranked_answer_then_polish(bot: Bot) -> None:
    # Deliberate change: no placeholder; the first (notified) message already names the count and #1.
    thread_ts, answer_ts = answer_mention(bot)
    assert bot.slack.calls_of("chat.postMessage") == []
    start = bot.slack.calls_of("chat.startStream")[0].params
    first = streamed_text(start).replace("\\", "")  # Markdown escapes removed
    assert "3 creators" in first and "#1 @creator0" in first and "Fast offline prose." in first
    assert start["recipient_user_id"] == "W222" and start["recipient_team_id"] == "T111"
    assert start["task_display_mode"] == "plan"
    chunks = start["chunks"] if isinstance(start["chunks"], list) else json.loads(start["chunks"])
    assert any(c["type"] == "task_update" and "412 profiles match" in c["title"] for c in chunks)
    stop = bot.slack.calls_of("chat.stopStream")[0].params
    assert stop["ts"] == answer_ts
    assert bot.service.asks == [("3 Instagram creators for climbing snacks", None, False)]
    rendered = blocks_text(stop)
    assert "<https://instagram.com/creator0|@creator0>" in rendered
    assert "5.7× typical for micro" in rendered
    assert "Instagram" in rendered and "audience in United States" in rendered and "10k-100k" in rendered
    assert "scout_pick_menu" in rendered and "scout_export" in rendered and "feedback_buttons" in rendered
    assert stop["metadata"]["event_type"] == STATE_EVENT_TYPE
    polished = bot.slack.calls_of("chat.update")[0].params
    assert polished["ts"] == answer_ts and "Polished LLM prose." in blocks_text(polished)

    # Slack asks for new block_ids when a message is updated.
    def block_ids(params: dict[str, Any]) -> set[str]:
        raw = params["blocks"]
        return {b["block_id"] for b in (json.loads(raw) if isinstance(raw, str) else raw)}

    assert not block_ids(stop) & block_ids(polished)
    stored = bot.slack.thread("C111", thread_ts)[0]
    state = state_from_metadata(stored["metadata"])
    assert state is not None and state.ranked_ids == ["ig:creator0", "ig:creator1", "ig:creator2"]


def test_follow_up_in_thread_without_mention_reads_state_back_from_slack(bot: Bot) -> None:
    thread_ts, _ = answer_mention(bot)
    bot.store.clear()  # another process, or a restart: only Slack has the state
    body = fixture("message_channel_in_thread.json")
    body["event_id"] = "Ev333"
    body["event"].update(
        {"text": "only ones in the US please", "thread_ts": thread_ts, "ts": "1595926300.000100"}
    )
    assert bot.event(body)[0] == 200
    bot.slack.wait_for("chat.stopStream", 2)
    text, state, prose = bot.service.asks[1]
    assert text == "only ones in the US please" and prose is False
    assert state is not None and state.ranked_ids[0] == "ig:creator0"
    replies = bot.slack.calls_of("conversations.replies")
    assert replies and replies[-1].params["include_all_metadata"] in ("1", "true", "True", True)
    assert bot.slack.calls_of("chat.startStream")[-1].params["thread_ts"] == thread_ts


def test_thread_chatter_where_scout_has_not_answered_is_ignored(bot: Bot) -> None:
    body = fixture("message_channel_in_thread.json")
    body["event"]["text"] = "lunch?"
    assert bot.event(body)[0] == 200
    bot.slack.wait_for("conversations.replies")
    time.sleep(0.3)
    assert bot.service.asks == []
    assert answers(bot.slack) == []


def test_bot_messages_are_ignored(bot: Bot) -> None:
    assert bot.event(fixture("message_from_bot.json"))[0] == 200
    time.sleep(0.4)
    assert bot.service.asks == [] and answers(bot.slack) == []


@pytest.mark.parametrize(
    "author",
    [{"bot_id": "B999"}, {"bot_profile": {"id": "B999", "name": "other"}}, {"user": "UB0TSCOUT"}],
)
def test_mentions_written_by_a_bot_are_ignored(bot: Bot, author: dict[str, Any]) -> None:
    body = mention(event_id="EvBot")
    body["event"].update(author)
    assert bot.event(body)[0] == 200
    time.sleep(0.4)
    assert bot.service.asks == [] and answers(bot.slack) == []


def slash(bot: Bot, text: str, channel: str = "C111") -> tuple[int, str]:
    fields = dict(parse_qsl((FIXTURES / "slash_command_form_encoded.txt").read_text().strip()))
    fields.update(
        {
            "command": "/scout",
            "text": text,
            "channel_id": channel,
            "response_url": bot.slack.hooks_url + "commands/T111/1/x",
        }
    )
    return bot.form(fields)


def test_slash_command_acks_ephemeral_then_posts_answer_in_channel(bot: Bot) -> None:
    status, body = slash(bot, "3 creators for <!here> climbing snacks")
    assert status == 200 and "Working on it" in body
    posted = bot.slack.wait_for("chat.postMessage")[0].params
    assert "thread_ts" not in posted  # top-level: its thread takes follow-ups
    assert "&lt;!here&gt;" in blocks_text(posted) and "<!here>" not in blocks_text(posted)
    assert "asked:" in blocks_text(posted) and "#1 @creator0" in posted["text"]
    assert posted["metadata"]["event_type"] == STATE_EVENT_TYPE
    polished = bot.slack.wait_for("chat.update")[0].params
    # The polished update keeps who asked and what.
    assert "asked: 3 creators for &lt;!here&gt; climbing snacks" in blocks_text(polished)
    assert bot.service.asks[0][0] == "3 creators for <!here> climbing snacks"


def test_slash_help_is_answered_by_the_ack(bot: Bot) -> None:
    status, body = slash(bot, "help")
    assert status == 200 and "ranked by" in body
    time.sleep(0.3)
    assert bot.service.asks == [] and answers(bot.slack) == []


def click(
    bot: Bot, action_id: str, value: str, thread_ts: str, message_ts: str, *, menu: bool = True
) -> tuple[int, str]:
    """A click under the message at ``message_ts``: a pick's overflow-menu option, or a plain button."""
    body = click_body(action_id, value, channel="C111", thread_ts=thread_ts, message_ts=message_ts, menu=menu)
    body["response_url"] = bot.slack.hooks_url + "actions/T111/1/x"
    return bot.action(body)


def test_buttons_more_like_why_shortlist_export_feedback(make_bot: Any) -> None:
    feedback = MemoryFeedbackLog()
    bot = make_bot(feedback=feedback)
    thread_ts, answer_ts = answer_mention(bot)
    bot.store.clear()
    posted = len(answers(bot.slack))
    assert click(bot, ACTION_WHY, "ig:creator1", thread_ts, answer_ts)[0] == 200
    wait_until(lambda: len(answers(bot.slack)) >= posted + 1)
    assert bot.service.actions[0][:2] == ("why", "ig:creator1")
    assert bot.service.actions[0][2] is not None  # state read back from that message's metadata
    assert answers(bot.slack)[-1].params["thread_ts"] == thread_ts

    assert click(bot, ACTION_MORE_LIKE, "ig:creator0", thread_ts, answer_ts)[0] == 200
    wait_until(lambda: len(answers(bot.slack)) >= posted + 2)
    assert bot.service.actions[1][:2] == ("more_like", "ig:creator0")

    assert click(bot, ACTION_SHORTLIST_ADD, "ig:creator2", thread_ts, answer_ts)[0] == 200
    wait_until(lambda: len(answers(bot.slack)) >= posted + 3)
    bot.store.clear()
    assert click(bot, ACTION_EXPORT, "answer", thread_ts, answer_ts, menu=False)[0] == 200
    complete = bot.slack.wait_for("files.completeUploadExternal")[0].params
    assert complete["thread_ts"] == thread_ts and complete["channel_id"] == "C111"
    assert "Your list as CSV." in json.dumps(complete)  # one message: the file with the answer as comment
    assert list(bot.slack.uploads.values()) == [b"rank,handle\n1,creator0\n"]
    export_state = bot.service.actions[3][2]
    assert bot.service.actions[3][:2] == ("export", "")
    # Deliberate change: the button acts on its own message, whose shortlist was empty then.
    assert export_state is not None and export_state.shortlist == []

    assert click(bot, ACTION_FEEDBACK, "positive", thread_ts, answer_ts, menu=False)[0] == 200
    ephemeral = bot.slack.wait_for("chat.postEphemeral")[0].params
    assert ephemeral["user"] == "W111" and "Thanks" in ephemeral["text"]
    entry = wait_until(lambda: feedback.entries())[0]
    assert entry.value == "positive" and entry.user == "W111" and entry.thread_ts == thread_ts
    assert entry.handles == ["creator0", "creator1", "creator2"]


def test_a_button_on_a_message_without_state_says_expired(bot: Bot) -> None:
    bot.slack.add_message(
        "C111", {"ts": "1595926999.000001", "type": "message", "text": "old", "user": "UB0TSCOUT"}
    )
    assert click(bot, ACTION_WHY, "ig:creator1", "1595926999.000001", "1595926999.000001")[0] == 200
    ephemeral = bot.slack.wait_for("chat.postEphemeral")[0].params
    assert "expired" in ephemeral["text"] and bot.service.actions == []


def test_not_a_fit_is_recorded_with_a_reason_from_the_modal(make_bot: Any) -> None:
    feedback = MemoryFeedbackLog()
    bot = make_bot(feedback=feedback)
    thread_ts, answer_ts = answer_mention(bot)
    assert click(bot, ACTION_NOT_A_FIT, "ig:creator1", thread_ts, answer_ts)[0] == 200
    opened = bot.slack.wait_for("views.open")[0].params
    entry = feedback.entries()[0]
    assert entry.value == "not_a_fit" and entry.handle == "creator1" and entry.reason is None
    submission = reason_submission(opened["view"], "Too salesy")
    status, _ = bot.action(submission)
    assert status == 200
    assert wait_until(lambda: feedback.entries()[0].reason) == "Too salesy"


def test_a_feedback_click_that_cannot_be_stored_still_gets_thanks_and_a_reference(
    make_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    feedback = MemoryFeedbackLog()
    feedback.fail = True
    bot = make_bot(feedback=feedback)
    thread_ts, answer_ts = answer_mention(bot)
    assert click(bot, ACTION_FEEDBACK, "negative", thread_ts, answer_ts, menu=False)[0] == 200
    text = bot.slack.wait_for("chat.postEphemeral")[0].params["text"]
    assert "Thanks" in text and "reference `" in text
    ref = text.split("reference `")[1][:8]
    assert ref in caplog.text
    assert bot.slack.calls_of("views.open") == []


def test_assistant_thread_started_and_user_message(bot: Bot) -> None:
    assert bot.event(fixture("assistant_thread_started.json"))[0] == 200
    greeting = bot.slack.wait_for("chat.postMessage")[0].params
    assert greeting["channel"] == "D111" and greeting["thread_ts"] == "1726133698.626339"
    prompts = bot.slack.wait_for("assistant.threads.setSuggestedPrompts")[0].params
    assert "climbing" in json.dumps(prompts)

    body = fixture("message_im_in_assistant_thread.json")
    body["event_id"] = "Ev444"
    body["event"]["text"] = "TikTok creators for vegan skincare"
    assert bot.event(body)[0] == 200
    status = bot.slack.wait_for("assistant.threads.setStatus")[0].params
    assert status["status"] == "is finding creators..."
    loading = status["loading_messages"]
    assert isinstance(loading, list) and len(loading) == 3 and "Ranking by fit" in loading[2]
    title = bot.slack.wait_for("assistant.threads.setTitle")[0].params
    assert title["title"] == "TikTok creators for vegan skincare"
    bot.slack.wait_for("chat.stopStream")
    assert bot.service.asks[0][0] == "TikTok creators for vegan skincare"
    # No placeholder clears the status: the only messages are the greeting and the streamed answer.
    assert len(bot.slack.calls_of("chat.postMessage")) == 1
    assert bot.slack.calls_of("chat.startStream")[0].params["thread_ts"] == "1726133698.626339"
    assert len(bot.slack.calls_of("assistant.threads.setStatus")) == 1


def test_a_retried_delivery_is_answered_once(bot: Bot) -> None:
    answer_mention(bot)
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert bot.event(mention(), headers=retry)[0] == 200
    # The same event_id again without a retry header (a replay): the in-process event_id LRU catches it.
    bot.deduper.messages.clear()
    assert bot.event(mention())[0] == 200
    # A second process has no memory: the retry header alone must hold.
    bot.deduper.clear()
    assert bot.event(mention(), headers=retry)[0] == 200
    time.sleep(0.5)
    assert len(bot.service.asks) == 1
    assert len(answers(bot.slack)) == 1


def test_bad_signature_gets_401_and_nothing_is_posted(bot: Bot) -> None:
    assert bot.event(mention(), secret="wrong-secret")[0] == 401
    assert bot.event(mention(), sign=False)[0] == 401
    time.sleep(0.4)
    assert bot.service.asks == []
    assert answers(bot.slack) == []


def test_pings_from_a_bio_are_escaped(make_bot: Any) -> None:
    bot = make_bot(FakeService(bio=EVIL))
    answer_mention(bot)
    calls = bot.slack.calls_of("chat.update") + bot.slack.calls_of("chat.stopStream")
    for call in calls:
        rendered = blocks_text(call.params) + str(call.params.get("text", ""))
        for ping in ("<!channel>", "<!here>", "<@U123>", "<https://evil.example"):
            assert ping not in rendered
        assert "&lt;!channel&gt;" in rendered


def test_channel_not_in_the_allow_list_gets_nothing(make_bot: Any) -> None:
    bot = make_bot(allowed_channels="C222")
    assert bot.event(mention())[0] == 200
    status, body = slash(bot, "creators please")
    assert status == 200 and "isn't enabled" in body
    time.sleep(0.5)
    assert bot.service.asks == [] and answers(bot.slack) == []


def test_external_channels_are_refused_unless_allowed(make_bot: Any, slack_api: FakeSlackAPI) -> None:
    bot = make_bot()
    assert bot.event(mention(is_ext_shared_channel=True) | {"is_ext_shared_channel": True})[0] == 200
    slack_api.set_channel("C777", is_ext_shared=True)
    assert bot.event(mention(event_id="Ev2", channel="C777", ts="1595926231.000001"))[0] == 200
    slack_api.wait_for("conversations.info")
    time.sleep(0.4)
    assert bot.service.asks == [] and answers(slack_api) == []

    open_bot = make_bot(allow_external=True)
    assert open_bot.event(mention(event_id="Ev3", channel="C777", ts="1595926232.000001"))[0] == 200
    slack_api.wait_for("chat.stopStream")
    assert len(open_bot.service.asks) == 1


def test_service_error_is_friendly_with_reference_and_no_stack(
    make_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot = make_bot(FakeService(fail=RuntimeError("db password=hunter2 exploded")))
    bot.event(mention())
    update = bot.slack.wait_for("chat.postMessage")[0].params
    rendered = blocks_text(update) + update["text"]
    assert "Sorry" in rendered and "Reference" in rendered.title()
    assert "hunter2" not in rendered and "Traceback" not in rendered and "RuntimeError" not in rendered
    ref = rendered.split("reference `")[1][:8]
    assert ref in caplog.text and "Traceback" in caplog.text


def test_429_on_post_message_is_retried_per_retry_after(bot: Bot) -> None:
    bot.slack.fail_next("chat.postMessage", status=429, headers={"Retry-After": "1"})
    slash(bot, "3 creators for snacks")
    bot.slack.wait_for("chat.update", 1, timeout=15)
    assert len(bot.slack.calls_of("chat.postMessage")) == 2


def test_a_refused_stream_falls_back_to_one_whole_message(bot: Bot) -> None:
    bot.slack.fail_next("chat.startStream", error="not_allowed_token_type")
    bot.event(mention())
    posted = bot.slack.wait_for("chat.postMessage")[0].params
    assert posted["thread_ts"] == "1595926230.009600" and "#1 @creator0" in posted["text"]
    assert posted["metadata"]["event_type"] == STATE_EVENT_TYPE


def test_a_stream_refused_at_stop_is_finished_with_chat_update(bot: Bot) -> None:
    bot.slack.fail_next("chat.stopStream", error="message_not_in_streaming_state")
    bot.event(mention())
    start = bot.slack.wait_for("chat.startStream")[0]
    fixed = bot.slack.wait_for("chat.update")[0].params
    answer_ts = bot.slack.thread("C111", "1595926230.009600")[0]["ts"]
    assert fixed["ts"] == answer_ts and "scout_pick_menu" in blocks_text(fixed)
    assert fixed["metadata"]["event_type"] == STATE_EVENT_TYPE and start.params["channel"] == "C111"


def test_every_request_is_acked_before_the_slow_service_finishes(make_bot: Any) -> None:
    gate = threading.Event()
    service = FakeService(gate=gate)
    bot = make_bot(service)
    assert bot.event(mention())[0] == 200
    service.events.append("mention_acked")
    status, body = slash(bot, "3 creators for snacks")
    assert status == 200 and "Working on it" in body
    service.events.append("slash_acked")
    gate.set()
    bot.slack.wait_for("chat.update", 2)
    assert service.events[:2] == ["mention_acked", "slash_acked"]
    assert service.events.count("service_done") == 2


def test_tokens_never_appear_in_logs(make_bot: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    bot = make_bot(FakeService(fail=RuntimeError("boom")))
    bot.event(mention())
    bot.slack.wait_for("chat.postMessage")
    ok = make_bot()
    ok.event(mention(event_id="Ev9", ts="1595926239.000001"))
    bot.slack.wait_for("chat.update")
    assert caplog.text  # something was logged at DEBUG
    assert BOT_TOKEN not in caplog.text and SECRET not in caplog.text
    sent = bot.slack.calls_of("chat.postMessage")[0]
    assert sent.headers["authorization"] == f"Bearer {BOT_TOKEN}"  # the token did reach Slack


def test_missing_credentials_fail_fast(slack_api: FakeSlackAPI) -> None:
    with pytest.raises(SlackConfigError, match="SLACK_BOT_TOKEN"):
        create_app(FakeService(), make_settings(slack_api, slack_bot_token=None).slack_config())
    with pytest.raises(SlackConfigError, match="SLACK_SIGNING_SECRET"):
        create_app(FakeService(), make_settings(slack_api, slack_signing_secret=None).slack_config())
    with pytest.raises(SlackConfigError, match="SLACK_APP_TOKEN"):
        create_app(
            FakeService(),
            make_settings(slack_api, slack_signing_secret=None).slack_config(),
            socket_mode=True,
        )


def test_fixture_payloads_are_slacks_own() -> None:
    body = fixture("app_mention.json")
    assert body["type"] == "event_callback" and body["event"]["type"] == "app_mention"
    assert copy.deepcopy(body) == body
