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

State belongs to a message: each payload also records when it was written (``"at"``, Unix seconds).
A button reads the state of *the message it sits on* (:meth:`ThreadStateStore.load_message`: the
click payload's own ``message.metadata`` when Slack sends it, else that exact message fetched by its
ts), never the thread's latest; a thread follow-up reads the latest (:meth:`ThreadStateStore.load`).
State older than :data:`MAX_STATE_AGE_S` counts as expired.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
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
#: A list older than this is stale (profiles and prices move): its buttons say "expired; ask again".
MAX_STATE_AGE_S: Final = 14 * 24 * 3600


def _encode(state: ThreadState, at: int) -> dict[str, Any]:
    raw = state.model_dump_json(exclude_defaults=True)
    if len(raw.encode()) <= METADATA_BUDGET_BYTES // 2:
        return {"v": _VERSION, "at": at, "json": raw}
    packed = base64.b64encode(zlib.compress(raw.encode(), 9)).decode("ascii")
    return {"v": _VERSION, "at": at, "z": packed}


def _size(payload: Mapping[str, Any]) -> int:
    return len(json.dumps({"event_type": STATE_EVENT_TYPE, "event_payload": payload}).encode())


def state_metadata(state: ThreadState, *, now: float | None = None) -> dict[str, Any]:
    """The chat.postMessage ``metadata`` argument carrying ``state``, trimmed to fit the budget.

    Args:
        state: What the message's list, brief and shortlist are.
        now: Unix time to record as the state's age (default: the clock).

    Returns:
        ``{"event_type": "scout_state", "event_payload": {...}}``.

    """
    at = int(time.time() if now is None else now)
    payload = _encode(state, at)
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
        payload = _encode(trimmed, at)
    return {"event_type": STATE_EVENT_TYPE, "event_payload": payload}


def state_from_metadata(
    metadata: Mapping[str, Any] | None, *, max_age_s: float | None = None, now: float | None = None
) -> ThreadState | None:
    """Decode a message's metadata; None when it is not (valid) Scout state, or older than ``max_age_s``."""
    if not metadata or metadata.get("event_type") != STATE_EVENT_TYPE:
        return None
    payload = metadata.get("event_payload") or {}
    if max_age_s is not None and isinstance(payload.get("at"), int | float):
        age = (time.time() if now is None else now) - float(payload["at"])
        if age > max_age_s:
            logger.info("scout_state is %.0f days old: expired", age / 86400)
            return None
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
        self._messages: OrderedDict[tuple[str, str], ThreadState] = OrderedDict()
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
            self._messages.clear()

    def remember_message(self, channel: str, message_ts: str, state: ThreadState) -> None:
        """Cache the state one posted message carries (its buttons act on exactly this)."""
        with self._lock:
            self._messages[(channel, message_ts)] = state
            self._messages.move_to_end((channel, message_ts))
            while len(self._messages) > self._max:
                self._messages.popitem(last=False)

    def load_message(
        self,
        client: WebClient,
        channel: str,
        thread_ts: str,
        message_ts: str,
        *,
        message: Mapping[str, Any] | None = None,
        max_age_s: float = MAX_STATE_AGE_S,
    ) -> ThreadState | None:
        """The state of one message (the one a button sits on); None when missing or expired.

        Args:
            client: Web API client for this request.
            channel: Channel ID.
            thread_ts: The message's thread root (its own ts for a top-level message).
            message_ts: The message's ts.
            message: The click payload's ``message`` object, whose ``metadata`` is used when present.
            max_age_s: Older state counts as expired.

        """
        if message is not None and message.get("metadata"):
            return state_from_metadata(message.get("metadata"), max_age_s=max_age_s)
        with self._lock:
            cached = self._messages.get((channel, message_ts))
        if cached is not None:
            return cached
        try:
            response = client.conversations_replies(
                channel=channel,
                ts=thread_ts,
                latest=message_ts,
                oldest=message_ts,
                inclusive=True,
                include_all_metadata=True,
                limit=200,
            )
        except SlackApiError as exc:
            logger.info("conversations.replies failed: %s", exc.response.get("error"))
            return None
        for found in response.get("messages") or []:
            if found.get("ts") == message_ts:
                state = state_from_metadata(found.get("metadata"), max_age_s=max_age_s)
                if state is not None:
                    self.remember_message(channel, message_ts, state)
                return state
        return None

    def load_latest_in_channel(
        self, client: WebClient, channel: str, *, bot_user_id: str | None, bot_id: str | None
    ) -> ThreadState | None:
        """The latest state Scout posted at the top level of ``channel`` (a DM is one conversation)."""
        key = (channel, "")
        state = self.cached(*key)
        if state is not None:
            return state
        try:
            response = client.conversations_history(channel=channel, include_all_metadata=True, limit=50)
        except SlackApiError as exc:
            logger.info("conversations.history failed: %s", exc.response.get("error"))
            return None
        for message in response.get("messages") or []:  # newest first
            if message.get("thread_ts") not in (None, message.get("ts")) or not _is_ours(
                message, bot_user_id, bot_id
            ):
                continue
            found = state_from_metadata(message.get("metadata"), max_age_s=MAX_STATE_AGE_S)
            if found is not None:
                self.remember(*key, found)
                return found
        return None

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
