"""Thread state in Slack metadata, and the duplicate-delivery guards."""

from __future__ import annotations

import json
from typing import Any

from assistant.answer import ThreadState
from bot.dedupe import Deduper, TtlLru
from bot.state import (
    METADATA_BUDGET_BYTES,
    STATE_EVENT_TYPE,
    ThreadStateStore,
    state_from_metadata,
    state_metadata,
)
from matching.brief import Brief


def state(n: int = 10, *, question: str = "climbing snacks", shown: int = 5) -> ThreadState:
    return ThreadState(
        brief=Brief(question=question, platforms=["instagram"], notes=["n"] * 3, provenance={"k": "parser"}),
        ranked_ids=[f"instagram:creator_{i:05d}_with_a_long_id" for i in range(n)],
        shown=shown,
        shortlist=["instagram:creator_00001_with_a_long_id"],
    )


def size(metadata: dict[str, Any]) -> int:
    return len(json.dumps(metadata).encode())


def test_round_trip_small_state_as_plain_json() -> None:
    original = state(5)
    metadata = state_metadata(original)
    assert metadata["event_type"] == STATE_EVENT_TYPE and "json" in metadata["event_payload"]
    assert state_from_metadata(metadata) == original


def test_large_state_is_compressed_then_trimmed_to_the_budget_keeping_what_was_shown() -> None:
    big = state(50, question="q" * 3000, shown=7)
    metadata = state_metadata(big)
    assert size(metadata) <= METADATA_BUDGET_BYTES
    back = state_from_metadata(metadata)
    assert back is not None
    assert back.ranked_ids[:7] == big.ranked_ids[:7] and back.shortlist == big.shortlist
    huge = state(50, question="".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(3000)), shown=3)
    metadata = state_metadata(huge)
    back = state_from_metadata(metadata)
    assert back is not None and back.shortlist == huge.shortlist


def test_foreign_or_broken_metadata_is_ignored() -> None:
    assert state_from_metadata(None) is None
    assert (
        state_from_metadata({"event_type": "assistant_thread_context", "event_payload": {"channel_id": "C1"}})
        is None
    )
    assert (
        state_from_metadata({"event_type": STATE_EVENT_TYPE, "event_payload": {"json": "{not json"}}) is None
    )
    assert state_from_metadata({"event_type": STATE_EVENT_TYPE, "event_payload": {"z": "!!"}}) is None


class FakeClient:
    def __init__(self, messages: list[dict[str, Any]]) -> None:
        self.messages = messages
        self.calls = 0

    def conversations_replies(self, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        assert kwargs["include_all_metadata"] is True
        return {"messages": self.messages, "response_metadata": {"next_cursor": ""}}


def test_store_takes_the_latest_state_from_our_bot_and_caches_it() -> None:
    old, new, foreign = state(3), state(4), state(9)
    client = FakeClient(
        [
            {"ts": "1", "user": "W1", "text": "question"},
            {"ts": "2", "user": "UBOT", "bot_id": "B1", "metadata": state_metadata(old)},
            {"ts": "3", "user": "UOTHER", "bot_id": "B2", "metadata": state_metadata(foreign)},
            {"ts": "4", "user": "UBOT", "bot_id": "B1", "metadata": state_metadata(new)},
            {"ts": "5", "user": "UBOT", "bot_id": "B1", "text": "no metadata"},
        ]
    )
    store = ThreadStateStore()
    assert store.load(client, "C1", "1", bot_user_id="UBOT", bot_id="B1") == new  # type: ignore[arg-type]
    assert store.load(client, "C1", "1", bot_user_id="UBOT", bot_id="B1") == new  # type: ignore[arg-type]
    assert client.calls == 1
    store.clear()
    assert store.cached("C1", "1") is None


def test_store_lru_is_bounded() -> None:
    store = ThreadStateStore(max_entries=2)
    for i in range(3):
        store.remember("C", str(i), state(1))
    assert store.cached("C", "0") is None and store.cached("C", "2") is not None


def test_retry_header_rule_and_event_lru() -> None:
    deduper = Deduper()
    body = {"event_id": "Ev1"}
    assert not deduper.is_duplicate_delivery({}, body)
    assert deduper.is_duplicate_delivery({}, body)  # same event_id again
    other_process = Deduper()
    assert other_process.is_duplicate_delivery(
        {"x-slack-retry-num": ["1"], "x-slack-retry-reason": ["http_timeout"]}, body
    )
    # Slack says the first delivery never reached anyone: this copy is the one to answer.
    assert not other_process.is_duplicate_delivery(
        {"x-slack-retry-num": ["1"], "x-slack-retry-reason": ["connection_failed"]}, body
    )
    assert deduper.first_answer("C1", "1.0") and not deduper.first_answer("C1", "1.0")


def test_ttl_expires() -> None:
    now = [0.0]
    lru = TtlLru(ttl_s=10, clock=lambda: now[0])
    assert lru.first_time("a") and not lru.first_time("a")
    now[0] = 11
    assert lru.first_time("a")


def test_retry_number_zero_is_the_first_delivery() -> None:
    # Socket Mode marks every first delivery retry_attempt 0, which Bolt copies into this header.
    deduper = Deduper()
    first = {"event_id": "Ev0FIRST"}
    assert not deduper.is_duplicate_delivery(
        {"x-slack-retry-num": ["0"], "x-slack-retry-reason": [""]}, first
    )
    assert deduper.is_duplicate_delivery({"x-slack-retry-num": ["1"]}, {"event_id": "Ev0OTHER"})


def test_a_message_has_its_own_state_not_the_threads_latest() -> None:
    old, new = state(3, question="instagram climbers"), state(4, question="tiktok instead")
    client = FakeClient(
        [
            {"ts": "2", "user": "UBOT", "bot_id": "B1", "metadata": state_metadata(old)},
            {"ts": "4", "user": "UBOT", "bot_id": "B1", "metadata": state_metadata(new)},
        ]
    )
    store = ThreadStateStore()
    assert store.load(client, "C1", "1", bot_user_id="UBOT", bot_id="B1") == new  # type: ignore[arg-type]
    assert store.load_message(client, "C1", "1", "2") == old  # type: ignore[arg-type]
    assert store.load_message(client, "C1", "1", "4") == new  # type: ignore[arg-type]
    assert store.load_message(client, "C1", "1", "9") is None  # type: ignore[arg-type]
    # The click payload's own metadata wins when Slack sends it.
    inline = {"ts": "2", "metadata": state_metadata(new)}
    assert store.load_message(client, "C1", "1", "2", message=inline) == new  # type: ignore[arg-type]


def test_state_older_than_the_limit_is_expired() -> None:
    metadata = state_metadata(state(3), now=1_000_000)
    assert state_from_metadata(metadata, max_age_s=3600, now=1_000_000 + 3599) is not None
    assert state_from_metadata(metadata, max_age_s=3600, now=1_000_000 + 3601) is None
    assert state_from_metadata(metadata) is not None  # thread follow-ups do not expire by age
    assert metadata["event_payload"]["at"] == 1_000_000
