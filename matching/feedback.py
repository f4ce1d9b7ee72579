"""Feedback records and how "Not a fit" changes a ranking: plain data and pure functions, no I/O.

Where feedback is kept is the application's business (``assistant/feedback.py`` for the interface,
``retrieval/feedback_store.py`` for Chroma); this module holds the record itself, what "the same
brand" means across briefs, and the re-ranking that sinks creators a team marked "Not a fit".
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

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
    at: datetime = Field(description="When the click happened (the adapter's clock).")
    brand: str = Field("", description="brand_key() of the brief the answer was for.")
    team: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``scout feedback --json`` item of docs/CONTRACT.md."""
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


def newest_first(entries: Sequence[FeedbackEntry]) -> list[FeedbackEntry]:
    """Sort by time, newest first; the id breaks ties so the order is stable."""
    return sorted(entries, key=lambda e: (e.at, e.id), reverse=True)


def clean_reason(text: str | None) -> str | None:
    """A modal reason: whitespace collapsed, cut to 500 characters, None when empty."""
    if not text:
        return None
    flat = " ".join(text.split())[:MAX_REASON_CHARS]
    return flat or None


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
