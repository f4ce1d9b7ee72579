"""Turn engine results into the answer's Recommendation rows and short human summaries."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer import Recommendation
from matching.brief import Brief
from matching.candidates import ScoredCandidate
from matching.geo import country_name
from matching.tiers import DEFAULT_FOLLOWER_RANGE, engagement_benchmark


def human_count(n: int | float) -> str:
    """23_400 -> '23.4k', 1_200_000 -> '1.2M'."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M".replace(".0M", "M")
    if n >= 1_000:
        return f"{n / 1_000:.1f}k".replace(".0k", "k")
    return f"{int(n)}"


def percent(rate: float | None) -> str:
    """0.0312 -> '3.1%'; None -> 'unknown'."""
    return "unknown" if rate is None else f"{rate * 100:.1f}%"


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
    """The follower window in words: 'micro (10k-100k followers)', 'under 50k followers'."""
    lo, hi = brief.min_followers, brief.max_followers
    if lo is None and hi is None:
        return "any size"
    if (lo, hi) == DEFAULT_FOLLOWER_RANGE:
        return "micro (10k-100k followers)"
    if lo is not None and hi is not None:
        return f"{human_count(lo)}-{human_count(hi)} followers"
    if hi is not None:
        return f"up to {human_count(hi)} followers"
    assert lo is not None
    return f"{human_count(lo)}+ followers"


def describe_brief(brief: Brief) -> str:
    """The brief as understood, in one line, so the user can correct it."""
    parts: list[str] = []
    if brief.topics or brief.brand:
        parts.append(brief.brand or ", ".join(brief.topics))
    if brief.values:
        parts.append("values: " + ", ".join(brief.values))
    parts.append(
        ", ".join(p.title() if p != "tiktok" else "TikTok" for p in brief.platforms) or "any platform"
    )
    if brief.excluded_platforms:
        parts.append("not " + ", ".join(brief.excluded_platforms))
    if brief.countries:
        parts.append("based in " + ", ".join(country_name(c) for c in brief.countries))
    if brief.audience_countries:
        parts.append("audience in " + ", ".join(country_name(c) for c in brief.audience_countries))
    if brief.languages:
        parts.append("language: " + ", ".join(brief.languages))
    if brief.audience_gender or brief.audience_ages:
        who = " ".join([brief.audience_gender or "", ", ".join(brief.audience_ages)]).strip()
        parts.append(f"audience: {who}")
    parts.append(describe_window(brief))
    if brief.exclude_handles:
        parts.append("excluding " + ", ".join("@" + h for h in brief.exclude_handles))
    if brief.exclude_brands:
        parts.append("avoiding " + ", ".join(brief.exclude_brands))
    if brief.require_email:
        parts.append("with contact email")
    if brief.max_days_since_post:
        parts.append(f"posted in the last {brief.max_days_since_post} days")
    parts.append(f"{brief.k} pick{'s' if brief.k != 1 else ''}")
    return " · ".join(parts)
