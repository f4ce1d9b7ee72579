"""Thread state that survives restarts and works across several bot processes.

The state of a thread travels *in Slack*: every answer message Scout posts carries
``metadata={"event_type": "scout_state", "event_payload": {...}}``. Any process reads it back with
``conversations.replies(channel, ts=thread_ts, include_all_metadata=True)`` and takes the latest
message posted by this bot with that event type. An in-process LRU cache sits in front; it is an
optimisation only (a cache miss always falls back to Slack).

Encoding: Slack's documented payload shape allows only scalars and flat objects as values, so the
ThreadState goes in as one JSON string (``{"v": 1, "json": "..."}``), or zlib+base64 (``"z"``) when the
JSON is long. We keep the whole metadata under :data:`METADATA_BUDGET_BYTES` (a conservative 4 KB; a
typical state is 0.5-2 KB); when even the compressed form is too big, the unseen tail of
``ranked_ids`` is dropped first, then the brief's ``notes`` and ``provenance``. The exact server-side
limit could not be verified offline, hence the margin.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Final

from pydantic import ValidationError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.answer import ThreadState

logger = logging.getLogger(__name__)

STATE_EVENT_TYPE: Final = "scout_state"
METADATA_BUDGET_BYTES: Final = 4000
_VERSION: Final = 1
_MAX_REPLY_PAGES: Final = 10


def _encode(state: ThreadState) -> dict[str, Any]:
    raw = state.model_dump_json(exclude_defaults=True)
    if len(raw.encode()) <= METADATA_BUDGET_BYTES // 2:
        return {"v": _VERSION, "json": raw}
    packed = base64.b64encode(zlib.compress(raw.encode(), 9)).decode("ascii")
    return {"v": _VERSION, "z": packed}


def _size(payload: Mapping[str, Any]) -> int:
    return len(json.dumps({"event_type": STATE_EVENT_TYPE, "event_payload": payload}).encode())


def state_metadata(state: ThreadState) -> dict[str, Any]:
    """The chat.postMessage ``metadata`` argument carrying ``state``, trimmed to fit the budget.

    Args:
        state: What the thread must remember.

    Returns:
        ``{"event_type": "scout_state", "event_payload": {...}}``.

    """
    payload = _encode(state)
    trimmed = state
    while _size(payload) > METADATA_BUDGET_BYTES:
        keep = max(trimmed.shown, 0)
        if len(trimmed.ranked_ids) > keep:
            # Drop half of the unseen tail each round: those picks can be recomputed from the brief.
            unseen = len(trimmed.ranked_ids) - keep
            trimmed = trimmed.model_copy(update={"ranked_ids": trimmed.ranked_ids[: keep + unseen // 2]})
        elif trimmed.brief.notes or trimmed.brief.provenance:
            brief = trimmed.brief.model_copy(update={"notes": [], "provenance": {}})
            trimmed = trimmed.model_copy(update={"brief": brief})
        elif trimmed.ranked_ids:
            trimmed = trimmed.model_copy(
                update={"ranked_ids": trimmed.ranked_ids[: len(trimmed.ranked_ids) // 2]}
            )
        else:
            logger.warning("thread state still over %d bytes after trimming", METADATA_BUDGET_BYTES)
            break
        payload = _encode(trimmed)
    return {"event_type": STATE_EVENT_TYPE, "event_payload": payload}


def state_from_metadata(metadata: Mapping[str, Any] | None) -> ThreadState | None:
    """Decode a message's metadata; None when it is not (valid) Scout state."""
    if not metadata or metadata.get("event_type") != STATE_EVENT_TYPE:
        return None
    payload = metadata.get("event_payload") or {}
    try:
        if "json" in payload:
            raw = str(payload["json"])
        elif "z" in payload:
            raw = zlib.decompress(base64.b64decode(str(payload["z"]))).decode()
        else:
            return None
        return ThreadState.model_validate_json(raw)
    except (ValueError, ValidationError, zlib.error) as exc:
        logger.warning("ignoring unreadable scout_state metadata: %s", type(exc).__name__)
        return None


class ThreadStateStore:
    """Thread state keyed by (channel, thread_ts): LRU cache in front of Slack message metadata."""

    def __init__(self, max_entries: int = 1024) -> None:
        self._cache: OrderedDict[tuple[str, str], ThreadState] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def remember(self, channel: str, thread_ts: str, state: ThreadState) -> None:
        """Put a state in the cache (call after the message carrying it was posted)."""
        with self._lock:
            self._cache[(channel, thread_ts)] = state
            self._cache.move_to_end((channel, thread_ts))
            while len(self._cache) > self._max:
                self._cache.popitem(last=False)

    def cached(self, channel: str, thread_ts: str) -> ThreadState | None:
        """The cached state, if any (no Slack call)."""
        with self._lock:
            state = self._cache.get((channel, thread_ts))
            if state is not None:
                self._cache.move_to_end((channel, thread_ts))
            return state

    def clear(self) -> None:
        """Forget every cached state (what a restart or another process sees)."""
        with self._lock:
            self._cache.clear()

    def load(
        self,
        client: WebClient,
        channel: str,
        thread_ts: str,
        *,
        bot_user_id: str | None = None,
        bot_id: str | None = None,
    ) -> ThreadState | None:
        """The thread's latest state: from the cache, else from the bot's messages in the thread.

        Args:
            client: Web API client for this request.
            channel: Channel ID.
            thread_ts: The thread's root ts.
            bot_user_id: Our bot user (only its messages count; None = any bot message).
            bot_id: Our bot ID (alternative match for messages without ``user``).

        Returns:
            The state, or None when Scout has not answered in this thread.

        """
        state = self.cached(channel, thread_ts)
        if state is not None:
            return state
        state = self._fetch(client, channel, thread_ts, bot_user_id=bot_user_id, bot_id=bot_id)
        if state is not None:
            self.remember(channel, thread_ts, state)
        return state

    @staticmethod
    def _fetch(
        client: WebClient, channel: str, thread_ts: str, *, bot_user_id: str | None, bot_id: str | None
    ) -> ThreadState | None:
        latest: ThreadState | None = None
        cursor: str | None = None
        for _ in range(_MAX_REPLY_PAGES):
            try:
                response = client.conversations_replies(
                    channel=channel, ts=thread_ts, include_all_metadata=True, limit=200, cursor=cursor
                )
            except SlackApiError as exc:
                # thread_not_found / not_in_channel: no state we can read.
                logger.info("conversations.replies failed: %s", exc.response.get("error"))
                return latest
            for message in response.get("messages") or []:
                if not _is_ours(message, bot_user_id, bot_id):
                    continue
                state = state_from_metadata(message.get("metadata"))
                if state is not None:
                    latest = state  # replies come oldest first: the last one wins
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return latest


def _is_ours(message: Mapping[str, Any], bot_user_id: str | None, bot_id: str | None) -> bool:
    if bot_user_id is None and bot_id is None:
        return message.get("bot_id") is not None
    return (bot_user_id is not None and message.get("user") == bot_user_id) or (
        bot_id is not None and message.get("bot_id") == bot_id
    )
