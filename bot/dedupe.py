"""Never answer the same Slack event twice.

Slack redelivers an Events API event (up to three times) when it did not get a 2xx within 3 seconds,
adding ``X-Slack-Retry-Num`` and ``X-Slack-Retry-Reason`` headers (Bolt keeps them in
``BoltRequest.headers``; the Socket Mode adapter copies ``retry_attempt`` / ``retry_reason`` into the
same headers). Scout acks every request at once and does the work in lazy listeners, so a retry means
the first delivery already reached *some* Scout process and is being handled there. Two guards:

1. The retry-header rule (holds across processes and restarts): a request carrying
   ``X-Slack-Retry-Num`` of 1 or more is acked and skipped (Socket Mode marks every first delivery
   ``retry_attempt: 0``, which is not a retry), unless its reason says the first delivery never
   reached us (``connection_failed``, ``ssl_error``), in which case it is the only copy we will get.
2. An in-process LRU with TTL of ``event_id`` values (and, per answered message, of
   ``channel:ts``) catches duplicates within one process, e.g. a retry whose first delivery failed to
   connect but did arrive, or the same message delivered as both ``app_mention`` and ``message``.

Across processes, only rule 1 holds; the LRU is per process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

logger = logging.getLogger(__name__)

#: Retry reasons where Slack knows its first delivery did not reach the app: process those.
UNDELIVERED_REASONS: Final = frozenset({"connection_failed", "ssl_error"})


class TtlLru:
    """A thread-safe set of recently seen keys, bounded in size and age."""

    def __init__(
        self, ttl_s: float = 900.0, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._ttl = ttl_s
        self._max = max_entries
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        """Record ``key``; True if it was not seen within the TTL (atomic check-and-set)."""
        now = self._clock()
        with self._lock:
            while self._seen and next(iter(self._seen.values())) <= now - self._ttl:
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            while len(self._seen) > self._max:
                self._seen.popitem(last=False)
            return True

    def clear(self) -> None:
        """Forget everything (what another process sees)."""
        with self._lock:
            self._seen.clear()


def _header(headers: Mapping[str, Sequence[str] | str], name: str) -> str | None:
    value = headers.get(name) or headers.get(name.title())
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return value[0] if value else None


class Deduper:
    """The two duplicate guards described in the module docstring."""

    def __init__(self, ttl_s: float = 900.0, max_entries: int = 10_000) -> None:
        self.events = TtlLru(ttl_s, max_entries)
        self.messages = TtlLru(ttl_s, max_entries)

    def is_duplicate_delivery(
        self, headers: Mapping[str, Sequence[str] | str], body: Mapping[str, Any]
    ) -> bool:
        """True when this request is a redelivery we must ack and ignore.

        Args:
            headers: Request headers (lower-case names, as Bolt normalises them).
            body: The parsed request body.

        """
        retry_num = _header(headers, "x-slack-retry-num")
        # Socket Mode sends retry_attempt 0 (retry_reason "") on every first delivery, and Bolt's adapter
        # copies it into this header: 0 is the original delivery, not a retry.
        if retry_num is not None and retry_num.strip() not in ("", "0"):
            reason = _header(headers, "x-slack-retry-reason") or ""
            if reason not in UNDELIVERED_REASONS:
                logger.info("skipping Slack retry %s (reason %s)", retry_num, reason or "unknown")
                return True
        event_id = body.get("event_id")
        if isinstance(event_id, str) and event_id and not self.events.first_time(event_id):
            logger.info("skipping duplicate event %s", event_id)
            return True
        return False

    def first_answer(self, channel: str, ts: str) -> bool:
        """Claim the right to answer the user message ``channel:ts`` in this process."""
        return self.messages.first_time(f"{channel}:{ts}")

    def clear(self) -> None:
        """Forget both in-process guards."""
        self.events.clear()
        self.messages.clear()

    def middleware(self) -> Callable[..., BoltResponse | None]:
        """A Bolt global middleware that acks and drops duplicate deliveries before any listener."""

        def skip_duplicate_deliveries(
            req: BoltRequest, next_: Callable[[], BoltResponse]
        ) -> BoltResponse | None:
            if self.is_duplicate_delivery(req.headers, req.body):
                return BoltResponse(status=200, body="")
            return next_()

        return skip_duplicate_deliveries
