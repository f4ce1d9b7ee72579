"""Campaign planning: a creator mix within a budget, with labelled cost estimates and grounded angles.

Cost per post, USD (Influencer Marketing Hub style rules of thumb, DESIGN.md): Instagram micro
$100-500, TikTok micro $25-125, YouTube micro $200-1,000. Other tiers scale from those (nano about a
fifth of micro, mid about 4x, macro about 10x, mega 25x+), in line with the same sources' tier tables.
These are estimates and every plan says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from matching.candidates import ScoredCandidate
from matching.profile import Profile
from matching.vocabulary import NICHES, mentions

MICRO_COST: Final[dict[str, tuple[float, float]]] = {
    "instagram": (100.0, 500.0),
    "tiktok": (25.0, 125.0),
    "youtube": (200.0, 1_000.0),
}
TIER_COST_FACTOR: Final[dict[str, float]] = {
    "nano": 0.2,
    "micro": 1.0,
    "mid": 4.0,
    "macro": 10.0,
    "mega": 25.0,
}

# Share of followers who see a post (organic reach), rough industry medians: Instagram feed ~20-30%,
# TikTok videos are distributed beyond followers, YouTube ~10-20% of subscribers per video.
REACH_RATE: Final[dict[str, float]] = {"instagram": 0.25, "tiktok": 0.40, "youtube": 0.15}

# Fixed, labelled conversion for budgets stated in other major currencies (approximate, late 2026).
USD_PER: Final[dict[str, float]] = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CAD": 0.73, "AUD": 0.66}

FORMATS: Final[dict[str, tuple[str, ...]]] = {
    "climbing": ("day-in-the-life at the crag", "tutorial", "review"),
    "running": ("training-day vlog", "review", "giveaway"),
    "cycling": ("ride vlog", "review", "tutorial"),
    "hiking": ("trail day-in-the-life", "packing list", "review"),
    "camping": ("camp-kitchen tutorial", "day-in-the-life", "review"),
    "yoga": ("flow tutorial", "morning-routine day-in-the-life", "giveaway"),
    "fitness": ("workout tutorial", "what-I-eat day-in-the-life", "review"),
    "nutrition": ("recipe tutorial", "what-I-eat day-in-the-life", "review"),
    "vegan food": ("recipe tutorial", "taste-test review", "giveaway"),
    "baking": ("recipe tutorial", "taste-test review", "giveaway"),
    "cooking": ("recipe tutorial", "review", "UGC"),
    "skincare": ("routine tutorial", "honest review", "UGC"),
    "makeup": ("get-ready-with-me tutorial", "review", "giveaway"),
    "fashion": ("styling try-on", "haul review", "UGC"),
    "parenting": ("day-in-the-life", "honest review", "giveaway"),
    "pets": ("day-in-the-life", "review", "giveaway"),
    "gaming": ("stream integration", "review", "giveaway"),
    "tech": ("unboxing review", "tutorial", "comparison"),
    "travel": ("trip day-in-the-life", "packing list", "review"),
}
DEFAULT_FORMATS: Final = ("day-in-the-life", "review", "UGC", "tutorial", "giveaway")


@dataclass(frozen=True, slots=True)
class CostEstimate:
    """Per-post cost range in USD."""

    low: float
    high: float


def cost_per_post(profile: Profile) -> CostEstimate:
    """Estimated USD per post: the profile's own rate when stored (±25%), else the tier table."""
    if profile.rate_per_post:
        return CostEstimate(round(profile.rate_per_post * 0.75, 2), round(profile.rate_per_post * 1.25, 2))
    low, high = MICRO_COST.get(profile.platform, MICRO_COST["instagram"])
    f = TIER_COST_FACTOR.get(profile.tier, 1.0)
    return CostEstimate(round(low * f, 2), round(high * f, 2))


def expected_engagements(profile: Profile) -> int:
    """Followers times engagement rate (0 when the rate is unknown: never invented)."""
    return int(profile.followers * (profile.engagement_rate or 0.0))


def expected_reach(profile: Profile) -> int:
    """Average views when known, else followers times the platform's organic reach rate."""
    if profile.avg_views:
        return int(profile.avg_views)
    return int(profile.followers * REACH_RATE.get(profile.platform, 0.2))


def primary_niche(profile: Profile) -> str | None:
    """The creator's first recognised niche, from topics then bio."""
    text = " ".join([*profile.topics, profile.bio or ""])
    for niche, words in NICHES.items():
        if mentions(text, (niche, *words)):
            return niche
    return None


def _caption_for(profile: Profile, topics: Sequence[str]) -> str | None:
    """The creator's own caption most related to the brief topics (or their latest one)."""
    best: tuple[int, str] | None = None
    for caption in profile.recent_captions:
        words = [w for t in topics for w in (t, *NICHES.get(t, ()))]
        hits = len(mentions(caption, words)) if words else 0
        if best is None or hits > best[0]:
            best = (hits, caption)
    return best[1] if best else None


def _quote(text: str, limit: int = 90) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def content_angle(profile: Profile, topics: Sequence[str], product: str) -> tuple[str, str]:
    """A suggested format and an angle grounded only in the creator's own posts.

    Returns:
        ``(format, angle)``; the angle quotes the creator's caption or bio and never adds facts.

    """
    niche = primary_niche(profile)
    formats = FORMATS.get(niche or "", DEFAULT_FORMATS)
    # Deterministic choice per creator so reruns agree.
    fmt = formats[sum(map(ord, profile.id)) % len(formats)]
    caption = _caption_for(profile, topics)
    if caption:
        angle = f'Build on their own post "{_quote(caption)}": a {fmt} featuring {product}.'
    elif profile.bio:
        angle = f'Tie into how they describe themselves ("{_quote(profile.bio)}"): a {fmt} with {product}.'
    else:
        angle = f"A {fmt} with {product}; no recent posts on file to build on, so brief them directly."
    return fmt, angle


def overlap_key(profile: Profile) -> tuple[str, str, str]:
    """Creators sharing niche, country and platform reach largely the same people."""
    return (primary_niche(profile) or "-", profile.country or "-", profile.platform)


@dataclass(frozen=True, slots=True)
class MixChoice:
    """One chosen creator and its estimates."""

    pick: ScoredCandidate
    cost: CostEstimate
    reach: int
    engagements: int


def choose_mix(
    ranked: Sequence[ScoredCandidate],
    budget_usd: float | None,
    *,
    max_picks: int = 8,
    max_per_cluster: int = 2,
) -> list[MixChoice]:
    """Pick creators that fit the budget, best value first, avoiding heavy audience overlap.

    Value is fit score times expected engagements per dollar (upper cost), so a trusted nano creator can
    beat a pricier micro one. The total of the upper cost estimates never exceeds the budget.

    Args:
        ranked: Candidates already ranked by fit (red flags already pushed down).
        budget_usd: The budget in USD; None means unlimited (still capped at ``max_picks``).
        max_picks: Upper bound on creators in the mix: a plan stays focused.
        max_per_cluster: At most this many creators from one niche/country/platform cluster.

    """
    pool = [sc for sc in ranked[:60] if not sc.caveats()] or list(ranked[:60])
    scored: list[tuple[float, str, MixChoice]] = []
    for sc in pool:
        cost = cost_per_post(sc.profile)
        eng = expected_engagements(sc.profile)
        value = sc.score * max(eng, 1) / max(cost.high, 1.0)
        # Fit dominates: value only orders creators of similar fit.
        order = sc.score * 10 + min(value, 50) / 50
        scored.append((order, sc.profile.id, MixChoice(sc, cost, expected_reach(sc.profile), eng)))
    scored.sort(key=lambda t: (-t[0], t[1]))
    chosen: list[MixChoice] = []
    clusters: dict[tuple[str, str, str], int] = {}
    spent = 0.0
    for _, _, choice in scored:
        if len(chosen) >= max_picks:
            break
        cluster = overlap_key(choice.pick.profile)
        if clusters.get(cluster, 0) >= max_per_cluster:
            continue
        if budget_usd is not None and spent + choice.cost.high > budget_usd:
            continue
        chosen.append(choice)
        clusters[cluster] = clusters.get(cluster, 0) + 1
        spent += choice.cost.high
    return chosen
