"""Feedback a team gives in Slack: the record, the log interface, and how "Not a fit" is used.

👍/👎 on an answer and "Not a fit" on a pick become :class:`FeedbackEntry` records kept by a
:class:`FeedbackLog` (``retrieval/feedback_store.py`` keeps them in a Chroma collection beside the
profiles, so every bot process shares them; :class:`MemoryFeedbackLog` serves tests and the
offline CLI). ``scout feedback --json`` lists them in the contract of docs/DESIGN (newest first).

A creator marked "Not a fit" for a brand sinks below the other picks for that brand's later briefs
(:func:`sink_not_a_fit`), and the answer says so.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from matching.brief import Brief
from matching.candidates import ScoredCandidate

FeedbackValue = Literal["positive", "negative", "not_a_fit"]
#: Longest reason kept (a short modal answer, not an essay).
MAX_REASON_CHARS = 500


def brand_key(brief: Brief | None) -> str:
    """What "the same brand" means across briefs: the brand words, else the topics, lower case."""
    if brief is None:
        return ""
    text = brief.brand or " ".join(sorted(brief.topics))
    words = re.findall(r"[a-z0-9]+", text.lower())
    stop = {"a", "an", "the", "for", "our", "my", "brand", "new", "launch", "of"}
    return " ".join(w for w in words if w not in stop)


class FeedbackEntry(BaseModel):
    """One piece of feedback, as kept and as ``scout feedback --json`` prints it (plus id, brand, team)."""

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    value: FeedbackValue
    user: str
    channel: str
    thread_ts: str
    question: str = ""
    handles: list[str] = Field(default_factory=list, description="The picks of the answer, in order.")
    handle: str | None = Field(None, description="The creator marked, for not_a_fit.")
    reason: str | None = None
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    brand: str = Field("", description="brand_key() of the brief the answer was for.")
    team: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md ``scout feedback --json`` item."""
        return {
            "value": self.value,
            "user": self.user,
            "channel": self.channel,
            "thread_ts": self.thread_ts,
            "question": self.question,
            "handles": list(self.handles),
            "handle": self.handle,
            "reason": self.reason,
            "at": self.at.isoformat(),
        }


class FeedbackLog(Protocol):
    """Where feedback is kept."""

    def record(self, entry: FeedbackEntry) -> None:
        """Keep one entry (raises when it cannot be stored)."""
        ...

    def set_reason(self, entry_id: str, reason: str) -> bool:
        """Attach the reason from the modal; False when the entry is unknown."""
        ...

    def entries(self, limit: int = 1000) -> list[FeedbackEntry]:
        """Entries, newest first."""
        ...

    def not_a_fit(self, brand: str, team: str | None = None) -> set[str]:
        """Handles marked "Not a fit" for ``brand`` (in ``team`` when given)."""
        ...


def newest_first(entries: Sequence[FeedbackEntry]) -> list[FeedbackEntry]:
    """Sort by time, newest first; the id breaks ties so the order is stable."""
    return sorted(entries, key=lambda e: (e.at, e.id), reverse=True)


def clean_reason(text: str | None) -> str | None:
    """A modal reason: whitespace collapsed, cut to 500 characters, None when empty."""
    if not text:
        return None
    flat = " ".join(text.split())[:MAX_REASON_CHARS]
    return flat or None


class MemoryFeedbackLog:
    """An in-process FeedbackLog (tests, and a fallback when no store is configured)."""

    def __init__(self) -> None:
        self._entries: dict[str, FeedbackEntry] = {}
        self._lock = threading.Lock()
        self.fail = False

    def record(self, entry: FeedbackEntry) -> None:
        """Keep one entry."""
        if self.fail:
            raise OSError("feedback store unavailable")
        with self._lock:
            self._entries[entry.id] = entry

    def set_reason(self, entry_id: str, reason: str) -> bool:
        """Attach a reason."""
        with self._lock:
            entry = self._entries.get(entry_id)
            if entry is None:
                return False
            self._entries[entry_id] = entry.model_copy(update={"reason": clean_reason(reason)})
            return True

    def entries(self, limit: int = 1000) -> list[FeedbackEntry]:
        """Entries, newest first."""
        with self._lock:
            return newest_first(list(self._entries.values()))[:limit]

    def not_a_fit(self, brand: str, team: str | None = None) -> set[str]:
        """Handles marked not a fit for ``brand``."""
        return marked_for(self.entries(), brand, team)


def marked_for(entries: Sequence[FeedbackEntry], brand: str, team: str | None = None) -> set[str]:
    """The handles in ``entries`` marked "Not a fit" for ``brand`` (and ``team`` when given)."""
    if not brand:
        return set()
    return {
        e.handle.lower()
        for e in entries
        if e.value == "not_a_fit"
        and e.handle
        and e.brand == brand
        and (team is None or e.team is None or e.team == team)
    }


def sink_not_a_fit(
    picks: Sequence[ScoredCandidate], marked: set[str]
) -> tuple[list[ScoredCandidate], list[str]]:
    """Move creators marked "Not a fit" below every other candidate, keeping both groups' order.

    Returns:
        The reordered candidates and the handles that were moved down.

    """
    if not marked:
        return list(picks), []
    kept = [p for p in picks if p.profile.handle.lower() not in marked]
    sunk = [p for p in picks if p.profile.handle.lower() in marked]
    return kept + sunk, [p.profile.handle for p in sunk]


def sunk_note(handles: Sequence[str]) -> str:
    """The sentence an answer adds when feedback moved creators down."""
    names = ", ".join("@" + h for h in handles[:5]) + (
        f" and {len(handles) - 5} more" if len(handles) > 5 else ""
    )
    verb = "was" if len(handles) == 1 else "were"
    return f"Moved down: {names} ({verb} marked 'Not a fit' for this brand by your team)."
