"""Scout as a real process, end to end: `scout ingest`, then `scout serve --http` answering signed events.

The store is real (embedded Chroma + the bundled MiniLM), the Slack Web API is the local mock
(``SLACK_API_URL``), and the language model is either absent (offline) or a fake OpenAI endpoint that
only returns 500s. Handles in tests/fixtures/e2e/creators.jsonl start with ``e2e_`` so a pick can only
have come from the ingested file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.state import STATE_EVENT_TYPE, state_from_metadata
from fakes.openai_server import FakeOpenAI
from fakes.slack_api import FakeSlackAPI
from fakes.slack_requests import (
    blocks_text,
    free_port,
    mention_body,
    metadata_of,
    send_event,
    thread_message_body,
    wait_healthy,
)

pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("slack_e2e")]

SECRET = "e2e-signing-secret-3c1d"
BOT_TOKEN = "xoxb-test"
DATA = Path(__file__).resolve().parents[1] / "fixtures" / "e2e" / "creators.jsonl"
SCOUT = Path(sys.executable).parent / "scout"
QUESTION = "3 Instagram climbing creators for a trail snack brand, audience in the US"
CLIMBERS = {
    "e2e_crag_ivy",
    "e2e_boulder_otto",
    "e2e_chalk_nia",
    "e2e_rope_rafa",
    "e2e_crimp_kay",
    "e2e_belay_bo",
}
# Variables a developer's shell may carry that would change what the subprocess does.
SCRUBBED = (
    "SLACK_APP_TOKEN",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_MODEL",
    "CHROMA_HOST",
    "CHROMA_PORT",
    "SCOUT_COLLECTION",
    "SCOUT_EMBEDDINGS",
    "SCOUT_ALLOWED_CHANNELS",
    "SCOUT_ALLOW_EXTERNAL",
    "SCOUT_LLM_TIMEOUT",
    "PORT",
)


def wait_until(check: Callable[[], Any], timeout: float = 20.0, what: str = "condition") -> Any:
    """Poll ``check`` until it returns something truthy; AssertionError after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def scout_env(chroma_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(
        {
            "CHROMA_PATH": str(chroma_path),
            "ANONYMIZED_TELEMETRY": "False",
            "SCOUT_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def chroma_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture file ingested with the real CLI into a fresh embedded store."""
    work = tmp_path_factory.mktemp("e2e")
    path = work / "chroma"
    done = subprocess.run(
        [str(SCOUT), "ingest", str(DATA)],
        env=scout_env(path),
        cwd=work,  # no developer .env is read
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "28 accepted, 0 rejected" in done.stdout
    return path


@dataclass
class Served:
    url: str
    slack: FakeSlackAPI
    proc: subprocess.Popen[bytes]
    log: Path

    def event(self, body: dict[str, Any], **kwargs: Any) -> tuple[int, str]:
        kwargs.setdefault("secret", SECRET)
        return send_event(self.url, body, **kwargs)

    def calls(self, method: str, channel: str) -> list[dict[str, Any]]:
        return [c.params for c in self.slack.calls_of(method) if c.params.get("channel") == channel]


@contextmanager
def serve(chroma_path: Path, slack: FakeSlackAPI, log: Path, **env: str) -> Iterator[Served]:
    """`scout serve --http` on a free port, healthy; terminated (then killed) on exit."""
    port = free_port()
    variables = scout_env(
        chroma_path,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.url,
        **env,
    )
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(SCOUT), "serve", "--http", "--port", str(port)],
            env=variables,
            cwd=chroma_path.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            try:
                wait_healthy(url, timeout=60, alive=lambda: proc.poll() is None)
            except AssertionError:
                raise AssertionError(log.read_text(errors="replace")[-3000:]) from None
            yield Served(url, slack, proc, log)
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    with suppress(subprocess.TimeoutExpired):
                        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def offline_bot(chroma_path: Path) -> Iterator[Served]:
    """One offline bot process (no OPENAI_API_KEY, no SLACK_APP_TOKEN) for the module's tests."""
    with FakeSlackAPI() as slack, serve(chroma_path, slack, chroma_path.parent / "serve-offline.log") as bot:
        yield bot


@dataclass
class Asked:
    thread_ts: str
    answer_ts: str
    handles: list[str]
    final: dict[str, Any]


def streamed(params: dict[str, Any]) -> str:
    """The markdown a chat.*Stream call carried, Markdown escapes removed."""
    chunks = params.get("chunks") or []
    chunks = json.loads(chunks) if isinstance(chunks, str) else chunks
    text = str(params.get("markdown_text") or "") + "".join(
        str(c.get("text", "")) for c in chunks if c.get("type") == "markdown_text"
    )
    return text.replace("\\", "")


def ask(bot: Served, channel: str, *, question: str = QUESTION) -> Asked:
    """Mention the bot in ``channel``; wait for the streamed answer (start, then stop with the picks)."""
    ts = "1700000100.000100"
    status, _ = bot.event(mention_body(question, event_id=f"Ev-{channel}", channel=channel, ts=ts))
    assert status == 200
    start = wait_until(lambda: bot.calls("chat.startStream", channel), what="the streamed answer")[0]
    assert start["thread_ts"] == ts
    # The first message a user is notified of already names the count and the first pick.
    assert "#1 @" in streamed(start) and "creators" in streamed(start)
    final = wait_until(lambda: bot.calls("chat.stopStream", channel), what="the finished answer")[0]
    meta = metadata_of(final)
    assert meta is not None and meta["event_type"] == STATE_EVENT_TYPE
    state = state_from_metadata(meta)
    assert state is not None
    handles = [pid.split(":", 1)[1] for pid in state.ranked_ids[: state.shown]]
    answer_ts = bot.slack.thread(channel, ts)[0]["ts"]
    assert final["ts"] == answer_ts  # the started message itself was finished
    assert f"#1 @{handles[0]}" in streamed(start)
    return Asked(ts, answer_ts, handles, final)


# --------------------------------------------------------------------------- offline


def test_mention_streams_ranked_picks_from_the_ingested_file(offline_bot: Served) -> None:
    asked = ask(offline_bot, "CE2E1")
    assert len(asked.handles) == 3
    assert set(asked.handles) <= CLIMBERS, asked.handles
    rendered = blocks_text(asked.final)
    for handle in asked.handles:
        assert f"@{handle}" in rendered.replace("\\_", "_")
    assert "instagram.com" in rendered
    assert "scout_pick_menu" in rendered  # the pick menus came with the picks
    # Offline: no polish, so the streamed answer is the one and only message, never updated.
    time.sleep(0.3)
    assert offline_bot.calls("chat.update", "CE2E1") == []
    assert offline_bot.calls("chat.postMessage", "CE2E1") == []
    assert len(offline_bot.calls("chat.startStream", "CE2E1")) == 1


def test_follow_up_in_the_thread_without_a_mention_answers_about_pick_2(offline_bot: Served) -> None:
    channel = "CE2E2"
    asked = ask(offline_bot, channel)
    second = asked.handles[1]
    body = thread_message_body(
        "tell me more about #2",
        event_id="Ev-e2e-followup",
        channel=channel,
        thread_ts=asked.thread_ts,
        ts="1700000200.000200",
    )
    assert offline_bot.event(body)[0] == 200
    update = wait_until(lambda: offline_bot.calls("chat.postMessage", channel), what="the follow-up")[0]
    assert update["thread_ts"] == asked.thread_ts
    # A details answer about the thread's #2: it leads and keeps its rank in the thread.
    blocks = update["blocks"] if isinstance(update["blocks"], list) else json.loads(update["blocks"])
    first_pick = next(b for b in blocks if b["type"] == "section" and "|@" in b["text"]["text"])
    assert "*2. <" in first_pick["text"]["text"], first_pick
    assert f"|@{second}>" in first_pick["text"]["text"]
    assert f"@{second}" in update["text"]


def test_a_retried_delivery_posts_nothing_new(offline_bot: Served) -> None:
    channel = "CE2E3"
    ask(offline_bot, channel)
    before = len(offline_bot.slack.calls)
    body = mention_body(QUESTION, event_id=f"Ev-{channel}", channel=channel, ts="1700000100.000100")
    status, _ = offline_bot.event(
        body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    assert status == 200
    time.sleep(1.0)  # long enough for a lazy listener to have posted (they answer in milliseconds)
    new = [c.method for c in offline_bot.slack.calls[before:]]
    assert not {"chat.postMessage", "chat.update", "chat.startStream"} & set(new), new
    assert len(offline_bot.calls("chat.startStream", channel)) == 1


def test_a_bad_signature_gets_401_and_nothing_is_posted(offline_bot: Served) -> None:
    channel = "CE2E4"
    body = mention_body(QUESTION, event_id="Ev-bad-sig", channel=channel)
    assert offline_bot.event(body, secret="not-the-secret")[0] == 401
    assert offline_bot.event(body, sign=False)[0] == 401
    time.sleep(0.5)
    assert offline_bot.calls("chat.postMessage", channel) == []
    assert offline_bot.calls("chat.startStream", channel) == []


# --------------------------------------------------------------------------- the LLM is down


def test_llm_down_still_answers_with_the_offline_picks(offline_bot: Served, chroma_path: Path) -> None:
    offline = ask(offline_bot, "CE2E5")
    with (
        FakeOpenAI() as llm,  # nothing scripted: every request gets a 500 (x-should-retry: false)
        FakeSlackAPI() as slack,
        serve(
            chroma_path,
            slack,
            chroma_path.parent / "serve-llm-down.log",
            OPENAI_API_KEY="x",
            OPENAI_BASE_URL=llm.base_url,
            SCOUT_LLM_TIMEOUT="2",
        ) as bot,
    ):
        # The fast list, then (the LLM having failed) an update that adds the warning.
        asked = ask(bot, "CE2E6")
        assert asked.handles == offline.handles
        wait_until(lambda: llm.requests, what="a request to the LLM")
        final = wait_until(
            lambda: next((u for u in bot.calls("chat.update", "CE2E6") if "offline" in blocks_text(u)), None),
            what="the answer noting the LLM fallback",
        )
        assert "Sorry" not in final["text"]
        state = state_from_metadata(metadata_of(final))
        assert state is not None
        assert [pid.split(":", 1)[1] for pid in state.ranked_ids[: state.shown]] == offline.handles
        rendered = blocks_text(final).replace("\\_", "_")
        assert all(f"@{h}" in rendered for h in offline.handles)
