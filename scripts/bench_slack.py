"""Slack HTTP-mode bench: ack latency and time to the first ranked list under a burst of mentions.

In process: the real ``RecommendationService`` over the in-memory store of hand-made profiles, a
language model whose prose takes ``--prose-delay`` seconds (a slow LLM), the Bolt app from
``create_app`` behind waitress, and the mock Slack Web API noting when each message arrived. It
sends ``--mentions`` signed ``app_mention`` events from ``--concurrency`` client threads, then waits
for every polished answer and reports, per mention:

- ``ack``: request sent -> HTTP 200 received (Slack wants this under 3 s);
- ``first_list``: request sent -> the ``chat.update`` carrying the ranked picks;
- ``polished``: request sent -> the ``chat.update`` carrying the LLM prose.

Run: ``.venv/bin/python -m scripts.bench_slack [--mentions 100 --concurrency 10 --prose-delay 5]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python scripts/bench_slack.py`: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from assistant.service import RecommendationService
from fakes.memory_store import MemoryStore
from fakes.profiles import TODAY, climbing_set
from fakes.slack_requests import (
    POLISHED,
    SlowProseModel,
    TimedSlackAPI,
    mention_body,
    send_event,
    start_inprocess_bot,
)

SECRET = "bench-signing-secret"
QUESTION = "3 Instagram creators for a climbing snack brand, audience in the US"


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99/max of ``values`` in milliseconds (input in seconds)."""
    if not values:
        return {
            "p50_ms": float("nan"),
            "p95_ms": float("nan"),
            "p99_ms": float("nan"),
            "max_ms": float("nan"),
        }
    ms = np.asarray(values) * 1000.0
    return {
        "p50_ms": round(float(np.percentile(ms, 50)), 1),
        "p95_ms": round(float(np.percentile(ms, 95)), 1),
        "p99_ms": round(float(np.percentile(ms, 99)), 1),
        "max_ms": round(float(ms.max()), 1),
    }


def run(mentions: int, concurrency: int, prose_delay: float, timeout: float) -> dict[str, Any]:
    """Run the bench and return its figures."""
    slack = TimedSlackAPI()
    slack.start()
    model = SlowProseModel(prose_delay)
    service = RecommendationService(MemoryStore(climbing_set()), model, today=lambda: TODAY)
    bot = start_inprocess_bot(service, slack, SECRET)
    threads_before = threading.active_count()
    try:
        # Warm-up (auth.test, first imports), not measured.
        send_event(bot.url, mention_body(QUESTION, event_id="EvWarm", channel="CWARM"), secret=SECRET)
        _wait(lambda: len(slack.events_in("CWARM")) >= 2, 30)

        sent: dict[str, float] = {}
        acked: dict[str, float] = {}
        statuses: list[int] = []
        lock = threading.Lock()

        def one(i: int) -> None:
            channel = f"CB{i:04d}"
            body = mention_body(QUESTION, event_id=f"EvB{i:04d}", channel=channel, ts=f"1700001000.{i:06d}")
            t0 = time.monotonic()
            status, _ = send_event(bot.url, body, secret=SECRET, timeout=30)
            t1 = time.monotonic()
            with lock:
                sent[channel], acked[channel] = t0, t1
                statuses.append(status)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(one, range(mentions)))
        send_s = time.monotonic() - started
        peak_threads = threading.active_count()

        def all_polished() -> bool:
            return all(any(POLISHED in e[4] for e in slack.events_in(c)) for c in sent)

        finished = _wait(all_polished, timeout)
        peak_threads = max(peak_threads, threading.active_count())
        acks, lists, polished, placeholders = [], [], [], []
        for channel, t0 in sent.items():
            acks.append(acked[channel] - t0)
            events = slack.events_in(channel)
            # The first message already carries the answer (streamed); it is finished by stopStream.
            posts = [e for e in events if e[1] in ("chat.startStream", "chat.postMessage")]
            updates = [e for e in events if e[1] == "chat.update"]
            finished_lists = [e for e in events if e[1] == "chat.stopStream"]
            if posts:
                placeholders.append(posts[0][0] - t0)
            if finished_lists:
                lists.append(finished_lists[0][0] - t0)
            done = [e for e in updates if POLISHED in e[4]]
            if done:
                polished.append(done[0][0] - t0)
        return {
            "mentions": mentions,
            "concurrency": concurrency,
            "prose_delay_s": prose_delay,
            "all_polished": finished,
            "http_200": sum(s == 200 for s in statuses),
            "send_all_s": round(send_s, 2),
            "ack": percentiles(acks),
            # Key kept for comparison with older runs: the first message now carries the answer.
            "placeholder": percentiles(placeholders),
            "first_list": percentiles(lists),
            "polished": percentiles(polished),
            "lists_posted": len(lists),
            "polished_posted": len(polished),
            "threads_before": threads_before,
            "threads_peak": peak_threads,
            "llm_calls": model.calls,
        }
    finally:
        bot.close()
        slack.stop()


def _wait(check: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return bool(check())


def markdown(result: dict[str, Any]) -> str:
    """The latency figures as a Markdown table."""
    lines = [
        f"{result['mentions']} mentions, {result['concurrency']} client threads, prose {result['prose_delay_s']:g} s",
        "",
        "| measure | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key, name in (
        ("ack", "HTTP ack"),
        ("placeholder", "mention -> first message (already the answer)"),
        ("first_list", "mention -> first ranked list"),
        ("polished", "mention -> polished answer"),
    ):
        p = result[key]
        lines.append(f"| {name} | {p['p50_ms']} | {p['p95_ms']} | {p['p99_ms']} | {p['max_ms']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--mentions", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--prose-delay", type=float, default=5.0)
    parser.add_argument("--timeout", type=float, default=300.0, help="Most seconds to wait for answers.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    result = run(args.mentions, args.concurrency, args.prose_delay, args.timeout)
    print(json.dumps(result, indent=2))
    print()
    print(markdown(result))
    return 0 if result["all_polished"] and result["http_200"] == result["mentions"] else 1


if __name__ == "__main__":
    sys.exit(main())
