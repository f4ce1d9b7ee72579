"""A whole recorded conversation through the real Bolt app, WebClient and service, over signed HTTP.

The service is the real ``RecommendationService`` over the bundled sample profiles (in-memory store,
offline model); feedback goes to a real Chroma collection in a temp folder, read back by
``scout feedback --json``. The conversation: a mention, a refinement, clicks on the old and the new
answer, a new brief in the same thread, a DM and its follow-up, ``/scout``, the assistant panel, and
feedback (👍, "Not a fit" with a reason) that changes a later answer.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from click.testing import CliRunner
from waitress.server import create_server

from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from bot.app import create_app
from bot.blocks import (
    ACTION_EXPORT,
    ACTION_FEEDBACK,
    ACTION_MORE_LIKE,
    ACTION_NOT_A_FIT,
    ACTION_WHY,
)
from bot.server import make_wsgi_app
from bot.state import state_from_metadata
from config.settings import Settings
from fakes.memory_store import MemoryStore
from fakes.slack_api import FakeSlackAPI
from fakes.slack_requests import (
    FIXTURES,
    click_body,
    fixture,
    reason_submission,
    serve_in_thread,
    signed_headers,
)
from matching.weights import RULE_IDS
from retrieval.feedback_store import ChromaFeedbackLog, feedback_collection_name
from sample_data import load_profiles
from scout.cli import main

pytestmark = pytest.mark.integration

SECRET = "conversation-secret-41"
QUESTION = "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US"
NEW_BRIEF = "A $5,000 TikTok campaign for a vegan skincare launch in the UK"
ROOT = "1700003000.000100"
#: Words a marketer should never see: rule ids, raw similarity, sub-scores.
INTERNAL = re.compile(
    r"\b(?:" + "|".join(re.escape(r) for r in RULE_IDS if "_" in r) + r")\b"
    r"|semantic similarity|similarity \d|\bscore \d|\(\d\.\d\d\)|confidence \d",
    re.IGNORECASE,
)


@dataclass
class Conversation:
    url: str
    slack: FakeSlackAPI
    chroma: Path

    def post(self, body: str, content_type: str) -> int:
        import urllib.request

        headers = {"Content-Type": content_type, **signed_headers(body, SECRET)}
        request = urllib.request.Request(self.url + "/slack/events", data=body.encode(), headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)

    def event(self, body: dict[str, Any]) -> None:
        assert self.post(json.dumps(body), "application/json") == 200

    def interaction(self, body: dict[str, Any]) -> None:
        assert self.post("payload=" + quote(json.dumps(body)), "application/x-www-form-urlencoded") == 200

    def wait(self, method: str, n: int, timeout: float = 15.0) -> list[Any]:
        return self.slack.wait_for(method, n, timeout=timeout)

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        return next(m for m in self.slack.messages[channel] if m["ts"] == ts)

    def state_of(self, channel: str, ts: str) -> Any:
        state = state_from_metadata(self.message(channel, ts).get("metadata"))
        assert state is not None, "every answer carries its own state"
        return state

    def click(self, channel: str, thread_ts: str, message_ts: str, action_id: str, value: str) -> None:
        self.interaction(
            click_body(action_id, value, channel=channel, thread_ts=thread_ts, message_ts=message_ts)
        )


def mention(text: str, *, event_id: str, channel: str, ts: str) -> dict[str, Any]:
    body = fixture("app_mention.json")
    body["event_id"] = event_id
    body["event"].update({"text": f"<@UB0TSCOUT> {text}", "channel": channel, "ts": ts, "event_ts": ts})
    return body


def message(
    text: str, *, event_id: str, channel: str, ts: str, thread_ts: str | None, im: bool = False
) -> dict[str, Any]:
    body = fixture("message_channel_in_thread.json")
    body["event_id"] = event_id
    body["event"].update({"text": text, "channel": channel, "ts": ts, "event_ts": ts})
    if thread_ts is None:
        body["event"].pop("thread_ts", None)
        body["event"].pop("parent_user_id", None)
    else:
        body["event"]["thread_ts"] = thread_ts
    if im:
        body["event"]["channel_type"] = "im"
    return body


def visible(params: dict[str, Any]) -> str:
    """What a reader sees of one Web API call: fallback text, streamed markdown, block texts."""
    out = [str(params.get("text") or ""), str(params.get("markdown_text") or "")]
    chunks = params.get("chunks") or []
    for chunk in json.loads(chunks) if isinstance(chunks, str) else chunks:
        out += [str(chunk.get(k) or "") for k in ("text", "title", "details")]
    raw = params.get("blocks") or []
    for block in json.loads(raw) if isinstance(raw, str) else raw:
        text = block.get("text")
        out.append(text.get("text", "") if isinstance(text, dict) else str(text or ""))
        out += [f.get("text", "") for f in block.get("fields") or []]
        out += [e.get("text", "") for e in block.get("elements") or [] if isinstance(e.get("text"), str)]
    return "\n".join(out)


@pytest.fixture
def conversation(tmp_path: Path) -> Iterator[Conversation]:
    chroma = tmp_path / "chroma"
    client = chromadb.PersistentClient(path=str(chroma), settings=ChromaSettings(anonymized_telemetry=False))
    feedback = ChromaFeedbackLog(client, feedback_collection_name("influencers"))
    service = RecommendationService(
        MemoryStore(load_profiles()), OfflineModel(), today=lambda: date(2026, 11, 1), feedback=feedback
    )
    with FakeSlackAPI() as slack:
        settings = Settings(
            _env_file=None,
            slack_bot_token="xoxb-conversation",
            slack_signing_secret=SECRET,
            slack_api_url=slack.url,
            allowed_channels="",
            allow_external=True,
        )
        app = create_app(service, settings.slack_config())
        server = create_server(make_wsgi_app(app), host="127.0.0.1", port=0, threads=4)
        serve_in_thread(server)
        try:
            yield Conversation(f"http://127.0.0.1:{server.effective_port}", slack, chroma)
        finally:
            server.close()


def test_a_whole_conversation(conversation: Conversation, monkeypatch: pytest.MonkeyPatch) -> None:
    c = conversation
    # 1. A mention: the streamed answer's first chunk names the count and the first pick.
    c.event(mention(QUESTION, event_id="Ev1", channel="C1", ts=ROOT))
    c.wait("chat.stopStream", 1)
    first_start = c.slack.calls_of("chat.startStream")[0].params
    a1 = c.slack.thread("C1", ROOT)[0]["ts"]
    s1 = c.state_of("C1", a1)
    picks1 = [i.split(":", 1)[1] for i in s1.ranked_ids[: s1.shown]]
    assert re.search(r"5 creators .*#1 @" + re.escape(picks1[0]), visible(first_start).replace("\\", ""))
    assert s1.brief.platforms == ["instagram"]

    # 2. A refinement in the thread (no mention): TikTok instead, same brand.
    c.event(
        message(
            "any on TikTok instead?", event_id="Ev2", channel="C1", ts="1700003001.000001", thread_ts=ROOT
        )
    )
    c.wait("chat.stopStream", 2)
    a2 = c.slack.thread("C1", ROOT)[1]["ts"]
    s2 = c.state_of("C1", a2)
    assert s2.brief.platforms == ["tiktok"] and s2.brief.brand == s1.brief.brand

    # 3. "More like this" on the OLD (Instagram) answer acts on that answer's list and brief.
    c.click("C1", ROOT, a1, ACTION_MORE_LIKE, s1.ranked_ids[0])
    c.wait("chat.stopStream", 3)
    a3 = c.slack.thread("C1", ROOT)[2]["ts"]
    assert c.state_of("C1", a3).brief.platforms == ["instagram"]

    # 4. "Export CSV" on the old answer exports the old list, as one message with the file.
    c.click("C1", ROOT, a1, ACTION_EXPORT, "answer")
    c.wait("files.completeUploadExternal", 1)
    csv_text = next(iter(c.slack.uploads.values())).decode()
    for handle in picks1:
        assert handle in csv_text
    picks2 = [i.split(":", 1)[1] for i in s2.ranked_ids[: s2.shown]]
    assert not set(picks2) - set(picks1) & set(csv_text.split(",")), "the TikTok list leaked into the export"

    # 5. "Tell me more" on the old answer judges that creator against the old brief.
    before = len(c.slack.calls_of("chat.postMessage"))
    c.click("C1", ROOT, a1, ACTION_WHY, s1.ranked_ids[1])
    details = c.wait("chat.postMessage", before + 1)[-1].params
    assert f"@{picks1[1]}" in visible(details) and "climbing" in visible(details)

    # 6. A new brief in the same thread starts fresh: nothing of the climbing snack in it.
    c.event(message(NEW_BRIEF, event_id="Ev3", channel="C1", ts="1700003002.000001", thread_ts=ROOT))
    plan = c.wait("chat.postMessage", before + 2)[-1].params
    assert "climbing" not in visible(plan).lower()
    s_new = state_from_metadata(plan["metadata"])
    assert s_new is not None and "climbing" not in (s_new.brief.brand or "") + " ".join(s_new.brief.topics)

    # 7. A click on the NEW TikTok answer (a2) acts on a2.
    c.click("C1", ROOT, a2, ACTION_MORE_LIKE, s2.ranked_ids[0])
    c.wait("chat.stopStream", 4)
    newest = [m for m in c.slack.thread("C1", ROOT) if m.get("metadata")][-1]
    assert c.state_of("C1", newest["ts"]).brief.platforms == ["tiktok"]

    # 8. A DM is answered at the top level of the DM, and its follow-up refines that answer.
    c.event(message(QUESTION, event_id="Ev4", channel="D9", ts="1700003100.000001", thread_ts=None, im=True))
    dm = next(p for p in (x.params for x in c.wait("chat.postMessage", before + 3)) if p["channel"] == "D9")
    assert "thread_ts" not in dm
    c.event(message("only UK", event_id="Ev5", channel="D9", ts="1700003101.000001", thread_ts=None, im=True))
    deadline = time.monotonic() + 15
    while len([x for x in c.slack.calls_of("chat.postMessage") if x.params["channel"] == "D9"]) < 2:
        assert time.monotonic() < deadline, "the DM follow-up was not answered"
        time.sleep(0.05)
    follow = [x.params for x in c.slack.calls_of("chat.postMessage") if x.params["channel"] == "D9"][1]
    dm_state = state_from_metadata(follow["metadata"])
    assert "thread_ts" not in follow and dm_state is not None
    assert (
        dm_state.brief.brand == s1.brief.brand
        and "GB" in dm_state.brief.audience_countries + dm_state.brief.countries
    )

    # 9. /scout keeps who asked and what.
    fields = dict(parse_qsl((FIXTURES / "slash_command_form_encoded.txt").read_text().strip()))
    fields.update(
        {"command": "/scout", "text": QUESTION, "channel_id": "C2", "response_url": c.slack.hooks_url + "x"}
    )
    assert c.post(urlencode(fields), "application/x-www-form-urlencoded") == 200
    deadline = time.monotonic() + 15
    while not [x for x in c.slack.calls_of("chat.postMessage") if x.params["channel"] == "C2"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    slash = next(x.params for x in c.slack.calls_of("chat.postMessage") if x.params["channel"] == "C2")
    assert re.search(r"<@W\w+> asked: 5 micro-influencers", visible(slash))

    # 10. The assistant panel: status with loading messages, then a streamed answer.
    c.event(fixture("assistant_thread_started.json"))
    panel = fixture("message_im_in_assistant_thread.json")
    panel["event_id"] = "Ev6"
    panel["event"]["text"] = QUESTION
    c.event(panel)
    status = c.wait("assistant.threads.setStatus", 1)[0].params
    assert len(status["loading_messages"]) == 3
    c.wait("chat.stopStream", 5)

    # 11. Feedback: 👍 on the first answer, "Not a fit" on its #1 with a reason.
    c.click("C1", ROOT, a1, ACTION_FEEDBACK, "positive")
    c.click("C1", ROOT, a1, ACTION_NOT_A_FIT, s1.ranked_ids[0])
    view = c.wait("views.open", 1)[0].params["view"]
    submission = reason_submission(view, "Too salesy")
    c.interaction(submission)

    # ... and the same brand's next brief ranks that creator lower and says so.
    c.event(mention(QUESTION, event_id="Ev7", channel="C3", ts="1700003200.000001"))
    c.wait("chat.stopStream", 6)
    again = next(x.params for x in c.slack.calls_of("chat.startStream") if x.params["channel"] == "C3")
    again_state = c.state_of("C3", c.slack.thread("C3", "1700003200.000001")[0]["ts"])
    assert again_state.ranked_ids[0] != s1.ranked_ids[0]
    assert f"@{picks1[0]}" in visible(again).replace("\\", "") and "Not a fit" in visible(again).replace(
        "\\", ""
    )

    # 12. scout feedback --json lists it, newest first.
    for var in ("CHROMA_HOST", "CHROMA_PORT", "SCOUT_COLLECTION"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(c.chroma.parent)
    monkeypatch.setenv("CHROMA_PATH", str(c.chroma))
    deadline = time.monotonic() + 10
    while True:
        doc = json.loads(CliRunner().invoke(main, ["feedback", "--json"], catch_exceptions=False).stdout)
        if doc["feedback"] and doc["feedback"][0].get("reason") == "Too salesy":
            break
        assert time.monotonic() < deadline, doc
        time.sleep(0.1)
    assert [f["value"] for f in doc["feedback"]] == ["not_a_fit", "positive"]
    assert doc["feedback"][0]["handle"] == picks1[0] and doc["feedback"][1]["handles"] == picks1
    assert doc["feedback"][0]["question"] == QUESTION and doc["feedback"][0]["channel"] == "C1"

    # 13. No internal rule names, raw similarity or sub-scores in anything posted.
    shown = [
        visible(x.params)
        for x in c.slack.calls
        if x.method
        in ("chat.postMessage", "chat.startStream", "chat.stopStream", "chat.update", "chat.postEphemeral")
    ]
    for text in shown:
        assert not INTERNAL.search(text), INTERNAL.search(text)
