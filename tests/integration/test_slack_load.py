"""A burst of mentions against the real service with a slow LLM: acks stay immediate, lists stay fast.

In process: ``create_app`` behind waitress (as ``scout serve --http``), the real
``RecommendationService`` over the in-memory store of hand-made profiles, and a language model whose
prose takes 5 s. Fifty signed ``app_mention`` events arrive at once from a thread pool.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from assistant.service import RecommendationService
from bot.listeners import POLISH_THREADS
from bot.state import STATE_EVENT_TYPE
from fakes.memory_store import MemoryStore
from fakes.profiles import TODAY, climbing_set
from fakes.slack_requests import (
    POLISHED,
    InProcessBot,
    SlowProseModel,
    TimedSlackAPI,
    blocks_text,
    mention_body,
    metadata_of,
    send_event,
    start_inprocess_bot,
)

pytestmark = pytest.mark.integration

SECRET = "load-signing-secret"
MENTIONS = 50
PROSE_DELAY_S = 5.0
QUESTION = "3 Instagram creators for a climbing snack brand, audience in the US"
#: Bolt's lazy-listener pool (slack_bolt App default).
BOLT_LAZY_THREADS = 5


def wait_until(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


@pytest.fixture
def slack() -> Iterator[TimedSlackAPI]:
    fake = TimedSlackAPI()
    fake.start()
    yield fake
    fake.stop()


def test_fifty_concurrent_mentions_with_a_slow_llm(slack: TimedSlackAPI) -> None:
    process = psutil.Process()
    model = SlowProseModel(PROSE_DELAY_S)
    service = RecommendationService(MemoryStore(climbing_set()), model, today=lambda: TODAY)
    threads_before = threading.active_count()
    rss_before = process.memory_info().rss
    bot: InProcessBot = start_inprocess_bot(service, slack, SECRET)
    try:
        acked: dict[str, float] = {}
        statuses: dict[str, int] = {}
        lock = threading.Lock()

        def one(i: int) -> None:
            channel = f"CL{i:03d}"
            body = mention_body(QUESTION, event_id=f"EvL{i:03d}", channel=channel, ts=f"1700002000.{i:06d}")
            status, _ = send_event(bot.url, body, secret=SECRET, timeout=30)
            with lock:
                acked[channel], statuses[channel] = time.monotonic(), status

        with ThreadPoolExecutor(max_workers=MENTIONS) as pool:
            list(pool.map(one, range(MENTIONS)))
        assert set(statuses.values()) == {200} and len(statuses) == MENTIONS

        peak = threading.active_count()

        def all_polished() -> bool:
            nonlocal peak
            peak = max(peak, threading.active_count())
            return all(any(POLISHED in e[4] for e in slack.events_in(c)) for c in acked)

        # Two rounds of 5 s prose on the polish pool; 60 s is a generous bound.
        assert wait_until(all_polished, 60), "not every mention got its polished answer within 60 s"
        time.sleep(0.3)  # anything posted late (a duplicate) would show now

        first_lists, polished_at = [], []
        for i, channel in enumerate(sorted(acked)):
            events = slack.events_in(channel)
            updates = [e for e in events if e[1] == "chat.update"]
            # One streamed message (its first chunk already the answer), then the prose in place.
            assert [e[1] for e in events] == ["chat.startStream", "chat.stopStream", "chat.update"], events
            assert len({e[3] for e in events}) == 1
            assert "#1 @" in events[0][4] and POLISHED not in events[1][4] and POLISHED in updates[0][4]
            assert not any("Sorry" in e[4] or "went wrong" in e[4] for e in events), events
            first_lists.append(events[0][0])
            polished_at.append(updates[0][0])
            # Every ack came back before that mention's answer was finished.
            assert acked[channel] < updates[0][0]
            call = next(
                c.params for c in slack.calls_of("chat.startStream") if c.params["channel"] == channel
            )
            assert call["thread_ts"] == f"1700002000.{i:06d}"

        # Ordering, not timing: all acks were back before any prose was written, and every ranked
        # list was on screen before the first polished answer (lists never queue behind the LLM).
        assert max(acked.values()) < min(polished_at)
        assert max(first_lists) < min(polished_at)
        assert model.calls == MENTIONS

        # The answers carry picks and thread state.
        update_calls = slack.calls_of("chat.stopStream") + slack.calls_of("chat.update")
        assert len(update_calls) == 2 * MENTIONS
        for update in update_calls:
            meta = metadata_of(update.params)
            assert meta is not None and meta["event_type"] == STATE_EVENT_TYPE
            assert "@" in blocks_text(update.params)

        # Bounded resources: the pools are fixed-size, so threads level off and come back down.
        bound = threads_before + BOLT_LAZY_THREADS + POLISH_THREADS + 16
        assert peak <= bound + MENTIONS, (peak, threads_before)
    finally:
        bot.close()
    assert wait_until(
        lambda: threading.active_count() <= threads_before + BOLT_LAZY_THREADS + POLISH_THREADS + 2, 10
    ), (threading.active_count(), threads_before)
    grown_mb = (process.memory_info().rss - rss_before) / 1e6
    assert grown_mb < 150, f"RSS grew {grown_mb:.0f} MB"
