"""Where the feedback a team gives in Slack is kept: the FeedbackLog interface and an in-memory one.

The record and the "Not a fit" re-ranking are plain engine code (``matching/feedback.py``, re-exported
here). 👍/👎 on an answer and "Not a fit" on a pick become :class:`FeedbackEntry` records kept by a
:class:`FeedbackLog` (``retrieval/feedback_store.py`` keeps them in a Chroma collection beside the
profiles, so every bot process shares them; :class:`MemoryFeedbackLog` serves tests and the
offline CLI). ``scout feedback --json`` lists them in the contract in docs/CONTRACT.md (newest first).

A creator marked "Not a fit" for a brand sinks below the other picks for that brand's later briefs
(:func:`sink_not_a_fit`), and the answer says so.
"""

from __future__ import annotations

import threading
from typing import Protocol

from matching.feedback import (
    MAX_REASON_CHARS,
    FeedbackEntry,
    FeedbackValue,
    brand_key,
    clean_reason,
    marked_for,
    newest_first,
    sink_not_a_fit,
    sunk_note,
)

__all__ = [
    "MAX_REASON_CHARS",
    "FeedbackEntry",
    "FeedbackLog",
    "FeedbackValue",
    "MemoryFeedbackLog",
    "brand_key",
    "clean_reason",
    "marked_for",
    "newest_first",
    "sink_not_a_fit",
    "sunk_note",
]


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
