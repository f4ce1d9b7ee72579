"""The streaming methods against the mock Web API with the real WebClient and its chat_stream helper,
and Scout's delivery with its two fallbacks (stream refused at the start, refused at the stop)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.messages.chunk import TaskUpdateChunk

from assistant.answer import Answer, Recommendation, ThreadState
from bot.delivery import Delivery, Where
from bot.service_port import ServiceReply
from bot.state import ThreadStateStore, state_from_metadata
from fakes.slack_api import FakeSlackAPI
from matching.brief import Brief

pytestmark = pytest.mark.integration


def client(slack: FakeSlackAPI) -> WebClient:
    return WebClient(token="xoxb-stream", base_url=slack.url)


def test_chat_stream_helper_starts_appends_and_stops(slack_api: FakeSlackAPI) -> None:
    web = client(slack_api)
    streamer = web.chat_stream(
        channel="C1", thread_ts="1.000001", recipient_user_id="U1", recipient_team_id="T1", buffer_size=10
    )
    streamer.append(
        markdown_text="**5 creators**, first @a",
        chunks=[TaskUpdateChunk(id="t", title="x", status="complete")],
    )
    streamer.append(markdown_text=" and more text to flush")
    streamer.stop(
        blocks=[{"type": "divider"}], metadata={"event_type": "scout_state", "event_payload": {"v": 1}}
    )
    [message] = slack_api.thread("C1", "1.000001")
    assert message["text"] == "**5 creators**, first @a and more text to flush"
    assert message["blocks"] == [{"type": "divider"}] and message["metadata"]["event_type"] == "scout_state"
    assert [c.method for c in slack_api.calls] == ["chat.startStream", "chat.appendStream", "chat.stopStream"]


def test_documented_errors(slack_api: FakeSlackAPI) -> None:
    web = client(slack_api)
    # Outside a DM the recipient is required.
    with pytest.raises(SlackApiError) as err:
        web.chat_startStream(channel="C1", thread_ts="1.000001", markdown_text="hi")
    assert err.value.response["error"] == "invalid_arguments"
    # In a DM it is not.
    started = web.chat_startStream(channel="D1", thread_ts="1.000001", markdown_text="hi")
    web.chat_stopStream(channel="D1", ts=str(started["ts"]))
    with pytest.raises(SlackApiError) as err:
        web.chat_appendStream(channel="D1", ts=str(started["ts"]), markdown_text="late")
    assert err.value.response["error"] == "message_not_in_streaming_state"
    with pytest.raises(SlackApiError) as err:
        web.chat_appendStream(channel="D1", ts="9.999999", markdown_text="x")
    assert err.value.response["error"] == "message_not_found"
    with pytest.raises(SlackApiError) as err:
        web.chat_startStream(channel="D1", thread_ts="1.000001", markdown_text="x" * 12_001)
    assert err.value.response["error"] == "msg_too_long"


def reply() -> ServiceReply:
    rec = Recommendation(
        rank=1,
        handle="crag_ivy",
        platform="instagram",
        followers=23_400,
        engagement_rate=0.031,
        country="US",
        tier="micro",
        score=0.8,
        reasons=["Posts about bouldering"],
        profile_url=None,
        profile_id="ig:crag_ivy",
    )
    brief = Brief(question="q", brand="a trail snack brand", platforms=["instagram"])
    answer = Answer(
        kind="recommendations", question="q", brief=brief, recommendations=[rec], answer="Prose.", matched=40
    )
    return ServiceReply(answer=answer, state=ThreadState(brief=brief, ranked_ids=["ig:crag_ivy"], shown=1))


def blocks_of(params: dict[str, Any]) -> list[dict[str, Any]]:
    raw = params["blocks"]
    return json.loads(raw) if isinstance(raw, str) else raw


def test_delivery_streams_and_remembers_the_message_state(slack_api: FakeSlackAPI) -> None:
    store = ThreadStateStore()
    ts = Delivery(store).deliver(client(slack_api), Where("C1", "1.000001", "U1", "T1"), reply())
    start = slack_api.calls_of("chat.startStream")[0].params
    first = next(c["text"] for c in start["chunks"] if c["type"] == "markdown_text")
    assert "#1 @crag\\_ivy" in first and start["recipient_user_id"] == "U1"  # Markdown-escaped handle
    [message] = slack_api.thread("C1", "1.000001")
    assert message["ts"] == ts and state_from_metadata(message["metadata"]) is not None
    assert store.load_message(client(slack_api), "C1", "1.000001", str(ts)) is not None


def test_delivery_posts_whole_when_the_stream_is_refused(slack_api: FakeSlackAPI) -> None:
    slack_api.fail_next("chat.startStream", error="not_allowed_token_type")
    Delivery(ThreadStateStore()).deliver(client(slack_api), Where("C1", "1.000001", "U1", "T1"), reply())
    posted = slack_api.calls_of("chat.postMessage")[0].params
    assert "#1 @crag_ivy" in posted["text"] and posted["thread_ts"] == "1.000001"


def test_delivery_finishes_with_chat_update_when_stop_is_refused(slack_api: FakeSlackAPI) -> None:
    slack_api.fail_next("chat.stopStream", error="message_not_in_streaming_state")
    ts = Delivery(ThreadStateStore()).deliver(client(slack_api), Where("C1", "1.000001", "U1", "T1"), reply())
    update = slack_api.calls_of("chat.update")[0].params
    assert update["ts"] == ts and any(b.get("accessory") for b in blocks_of(update))
