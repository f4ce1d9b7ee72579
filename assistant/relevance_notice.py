"""The leading sentence and warning when nothing held fits the asked niche (every pick weak)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer import Recommendation
from matching.brief import Brief
from matching.wording import join_words


def all_weak_notice(brief: Brief, picks: Sequence[Recommendation]) -> str | None:
    """The "nothing I hold is about X" sentence when every pick is a weak match, else None."""
    if not picks or any(p.match != "weak" for p in picks):
        return None
    subject = join_words(brief.topics) if brief.topics else brief.brand or "what you asked"
    return (
        f"Nothing I hold is about {subject}: every pick below is a weak match, the closest I have, not a fit."
    )
