"""Every fit rule's weight and threshold in one place.

The numbers below are the engine's knobs. Published benchmarks are cited next to the field that uses
them; numbers without a published source are marked "Scout heuristic" so nobody mistakes them for
industry data. Override weights with :meth:`RuleConfig.with_weights`, anything else with
``dataclasses.replace``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Final

from matching.tiers import DEFAULT_TIERS, Tier, tier_of

# Stable rule IDs, in the order the rules run and are shown.
RULE_IDS: Final = (
    "relevance",
    "topic_focus",
    "engagement",
    "credibility",
    "brand_safety",
    "audience_location",
    "audience_language",
    "audience_demographics",
    "values_fit",
    "competitor_conflict",
    "sponsored_saturation",
    "tier_fit",
    "recency",
    "growth",
    "contactability",
)

# Relative weights (only ratios matter: the total is a weighted mean).
# Why these: the thesis is fit over reach, so what the creator talks about (relevance, topic focus) and
# whether a real audience listens (engagement against its own tier, credibility) carry the most.
# Brand safety is weighted high and also sinks a flagged creator below clean ones in the ranking.
# Audience match counts when the brief asks for it (the rules return weight 0 otherwise, so an
# unasked criterion never dilutes the others). Recency, growth and contactability are hygiene.
DEFAULT_WEIGHTS: Final[Mapping[str, float]] = MappingProxyType(
    {
        "relevance": 3.0,
        "topic_focus": 1.5,
        "engagement": 2.5,
        "credibility": 2.0,
        "brand_safety": 2.0,
        "audience_location": 1.5,
        "audience_language": 1.0,
        "audience_demographics": 1.0,
        "values_fit": 1.5,
        "competitor_conflict": 1.5,
        "sponsored_saturation": 1.0,
        "tier_fit": 1.0,
        "recency": 1.0,
        "growth": 0.5,
        "contactability": 0.5,
    }
)


def _default_weights() -> Mapping[str, float]:
    return DEFAULT_WEIGHTS


@dataclass(frozen=True)
class RuleConfig:
    """Weights and thresholds of the fit rules and the ranking. Shares and rates are fractions."""

    weights: Mapping[str, float] = field(default_factory=_default_weights)
    tiers: tuple[Tier, ...] = DEFAULT_TIERS
    """Tier boundaries (Later x Fohr; see ``matching.tiers``)."""

    # --- tier_fit ---------------------------------------------------------------------------------
    sweet_spot_bonus: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"nano": 0.10, "micro": 0.15, "mid": 0.05, "macro": 0.0, "mega": -0.10}
        )
    )
    """Added to an in-window score by tier: micro is the sweet spot (DESIGN.md; Later x Fohr tiers).
    The sizes of the bonuses are a Scout heuristic."""

    # --- engagement -------------------------------------------------------------------------------
    engagement_at_median: float = 0.60
    """Score at exactly the tier/platform median (HypeAuditor 2026 medians in ``matching.tiers``)."""
    engagement_ceiling: float = 0.95
    """Upper asymptote of the saturating curve (Scout heuristic: about 0.83 at 2x, 0.89 at 3x)."""
    engagement_pod_ratio: float = 10.0
    """ER above this multiple of the tier median is treated as suspicious (engagement pods,
    giveaways): Scout heuristic; HypeAuditor flags "unnatural" engagement well above tier norms.
    10x rather than 8x because HypeAuditor's medians are low: 8x the Instagram micro median is only
    4.3%, which genuine small creators reach."""
    engagement_low_ratio: float = 0.5
    """Below half the tier median the rule adds a caveat (Scout heuristic)."""
    derived_engagement_confidence: float = 0.75
    """Confidence when ER was derived from average likes and comments rather than reported."""

    # --- credibility ------------------------------------------------------------------------------
    credibility_very_good: float = 0.90
    """Real-follower share above 90% is very good (GRIN)."""
    credibility_good: float = 0.80
    """Above 80% genuine is good (GRIN)."""
    suspicious_ceiling: float = 0.25
    """Mass followers plus suspicious accounts at most 25% (HypeAuditor guidance): credibility under
    1 - 0.25 = 75% gets a caveat."""
    credibility_red_flag: float = 0.60
    """Under 60% real followers is a red flag that sinks the creator below clean ones (Scout heuristic,
    well under both GRIN's and HypeAuditor's lines)."""
    growth_spike: float = 0.30
    """Monthly follower growth above 30% looks bought or viral-spiked (Scout heuristic; HypeAuditor
    flags sudden follower spikes as a fraud signal)."""
    fraud_prone_tiers: tuple[str, ...] = ("mega",)
    """Tiers where fraud is far more common (DESIGN.md, HypeAuditor): unknown credibility there is
    trusted even less."""

    # --- sponsored_saturation ---------------------------------------------------------------------
    sponsored_ok: float = 0.20
    """At most ~20% sponsored posts is healthy: the "80/20 rule" of organic to sponsored content
    (Later, Influencer Marketing Hub guidance)."""
    sponsored_saturated: float = 0.50
    """More than half the posts sponsored: ad-saturated, caveat (Scout heuristic)."""

    # --- audience ---------------------------------------------------------------------------------
    audience_share_full: float = 0.70
    """Audience share in the asked countries/languages/ages treated as fully on target (Scout heuristic)."""
    audience_share_low: float = 0.20
    """Under 20% in the asked place or language gets a caveat (Scout heuristic)."""

    # --- relevance --------------------------------------------------------------------------------
    similarity_midpoint: float = 0.40
    """Cosine that maps to 0.5. all-MiniLM-L6-v2 cosines run ~0.2 for unrelated text, 0.4-0.5 for
    related and 0.6+ for strongly related (sentence-transformers model card and our sample data)."""
    similarity_scale: float = 0.08
    """Logistic width: 0.2 -> 0.08, 0.4 -> 0.5, 0.5 -> 0.78, 0.6 -> 0.92."""
    similarity_share: float = 0.65
    """Share of the relevance score from the embedding when both it and keywords are available."""

    # --- topic_focus ------------------------------------------------------------------------------
    specialist_max_niches: int = 2
    """Up to this many distinct niches is a specialist (Scout heuristic)."""
    generalist_min_niches: int = 6
    """From this many distinct niches on, a generalist (Scout heuristic)."""

    # --- recency (days since the last post) -------------------------------------------------------
    recent_great_days: int = 14
    recent_good_days: int = 30
    recent_weak_days: int = 90
    inactive_days: int = 180
    """Windows are a Scout heuristic; 90+ days silent is "weak", 180+ "inactive" (caveat)."""

    # --- growth -----------------------------------------------------------------------------------
    healthy_growth_max: float = 0.10
    """Up to +10%/month reads as healthy organic growth for small accounts (Scout heuristic)."""
    shrinking: float = -0.05
    """Losing more than 5% a month gets a caveat (Scout heuristic)."""

    # --- ranking ----------------------------------------------------------------------------------
    mmr_lambda: float = 0.75
    """Maximal Marginal Relevance trade-off (Carbonell & Goldstein 1998): 1 = score only."""
    diversity_floor: float = 0.5
    """Similarity under which two creators are not penalised as alike; above it the MMR penalty grows
    linearly to 1 at identical (Scout heuristic: only near-clones should be pushed apart, creators who
    merely share the asked niche should not)."""
    diversity_pool: int = 3
    """Re-rank the top ``diversity_pool * k`` candidates for diversity."""

    def weight(self, rule: str) -> float:
        """The weight of ``rule`` (0 when the rule is unknown or switched off)."""
        return float(self.weights.get(rule, 0.0))

    def tier_of(self, followers: int) -> str:
        """The tier name of a follower count under this config's tiers."""
        return tier_of(followers, self.tiers)

    def with_weights(self, overrides: Mapping[str, float]) -> RuleConfig:
        """A copy with some weights replaced.

        Args:
            overrides: Rule ID -> weight (>= 0; 0 switches the rule off).

        Raises:
            ValueError: For an unknown rule ID or a negative weight.

        """
        unknown = sorted(set(overrides) - set(RULE_IDS))
        if unknown:
            raise ValueError(f"unknown rule(s): {', '.join(unknown)}; known: {', '.join(RULE_IDS)}")
        negative = sorted(k for k, v in overrides.items() if v < 0)
        if negative:
            raise ValueError(f"negative weight for: {', '.join(negative)}")
        merged = {**self.weights, **{k: float(v) for k, v in overrides.items()}}
        return replace(self, weights=MappingProxyType(merged))


DEFAULT_CONFIG: Final = RuleConfig()
