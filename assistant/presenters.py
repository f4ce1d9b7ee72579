"""Turn engine results into the answer's Recommendation rows and short human summaries."""

from __future__ import annotations

from collections.abc import Sequence

from assistant import presentation
from assistant.answer import Recommendation
from matching.brief import Brief
from matching.candidates import ScoredCandidate
from matching.tiers import engagement_benchmark


def human_count(n: int | float) -> str:
    """Follower counts (see ``assistant.presentation.followers``)."""
    return presentation.followers(n)


def percent(rate: float | None) -> str:
    """A fraction as a percentage (see ``assistant.presentation.percent``)."""
    return presentation.percent(rate)


def to_recommendation(rank: int, sc: ScoredCandidate, *, n_reasons: int = 3) -> Recommendation:
    """One ranked pick as the JSON contract and the renderers want it."""
    p = sc.profile
    bench, _ = engagement_benchmark(p.platform, p.tier)
    reasons = sc.top_reasons(n_reasons) or [r.reason for r in sc.results if r.weight > 0][:n_reasons]
    return Recommendation(
        rank=rank,
        handle=p.handle,
        platform=p.platform,
        followers=p.followers,
        engagement_rate=p.engagement_rate,
        country=p.country,
        tier=p.tier,
        score=round(sc.score, 4),
        reasons=reasons,
        profile_url=p.display_url(),
        profile_id=p.id,
        display_name=p.display_name,
        caveats=sc.caveats(),
        engagement_benchmark=bench,
        confidence=round(sc.confidence, 3),
        relevance=round(sc.relevance, 4) if sc.relevance is not None else 0.5,
        match=sc.match or "partial",
        rules=sc.results,
    )


def to_recommendations(picks: Sequence[ScoredCandidate], *, start: int = 1) -> list[Recommendation]:
    """Rank-numbered rows for a list of picks."""
    return [to_recommendation(start + i, sc) for i, sc in enumerate(picks)]


def describe_window(brief: Brief) -> str:
    """The follower window in words (see ``assistant.presentation.follower_window``)."""
    return presentation.follower_window(brief)


def describe_brief(brief: Brief) -> str:
    """The brief as understood, in one line (see ``assistant.presentation.brief_line``)."""
    return presentation.brief_line(brief)
