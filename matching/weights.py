"""Every fit rule's weight and threshold in one typed object.

The thresholds' numbers and sources live in ``matching/data/domain.json`` (``thresholds``); numbers
without a published source are marked "Scout heuristic" there so nobody mistakes them for industry
data. Default weights derive from the rule registry. :func:`rule_config` builds the config of a domain
catalogue (a team's SCOUT_DOMAIN file may change thresholds and weights); in code, override weights
with :meth:`RuleConfig.with_weights`, anything else with ``dataclasses.replace``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Final

from matching import domain
from matching.rules.registry import DEFAULT_WEIGHTS, RULE_IDS
from matching.tiers import DEFAULT_TIERS, Tier, tier_of, tiers_of

# Rule ids and default weights derive from the rule registry (the rationale is there); the
# thresholds' defaults from the bundled domain file.
_THRESHOLDS: Final = domain.load_domain().threshold_values()


def _float(name: str) -> float:
    value = _THRESHOLDS[name]
    if not isinstance(value, int | float):
        raise TypeError(f"threshold {name} must be a number")
    return float(value)


def _int(name: str) -> int:
    value = _THRESHOLDS[name]
    if not isinstance(value, int):
        raise TypeError(f"threshold {name} must be a whole number")
    return value


def _mapping(name: str) -> Mapping[str, float]:
    value = _THRESHOLDS[name]
    if not isinstance(value, dict):
        raise TypeError(f"threshold {name} must be an object of numbers")
    return MappingProxyType({str(k): float(v) for k, v in value.items()})


def _names(name: str) -> tuple[str, ...]:
    value = _THRESHOLDS[name]
    if not isinstance(value, list):
        raise TypeError(f"threshold {name} must be a list of names")
    return tuple(str(v) for v in value)


def _default_weights() -> Mapping[str, float]:
    return DEFAULT_WEIGHTS


@dataclass(frozen=True)
class RuleConfig:
    """Weights and thresholds of the fit rules and the ranking. Shares and rates are fractions."""

    weights: Mapping[str, float] = field(default_factory=_default_weights)
    tiers: tuple[Tier, ...] = DEFAULT_TIERS
    """Tier boundaries (Later x Fohr; see ``matching.tiers``)."""

    # --- tier_fit ---------------------------------------------------------------------------------
    sweet_spot_bonus: Mapping[str, float] = field(default_factory=lambda: _mapping("sweet_spot_bonus"))
    """Added to an in-window score by tier: micro is the sweet spot (DESIGN.md; Later x Fohr tiers).
    The sizes of the bonuses are a Scout heuristic."""

    # --- engagement -------------------------------------------------------------------------------
    engagement_at_median: float = _float("engagement_at_median")
    """Score at exactly the tier/platform median (HypeAuditor 2026 medians in ``matching.tiers``)."""
    engagement_ceiling: float = _float("engagement_ceiling")
    """Upper asymptote of the saturating curve (Scout heuristic: about 0.83 at 2x, 0.89 at 3x)."""
    engagement_pod_ratio: float = _float("engagement_pod_ratio")
    """ER above this multiple of the tier median is treated as suspicious (engagement pods,
    giveaways): Scout heuristic; HypeAuditor flags "unnatural" engagement well above tier norms.
    10x rather than 8x because HypeAuditor's medians are low: 8x the Instagram micro median is only
    4.3%, which genuine small creators reach."""
    engagement_low_ratio: float = _float("engagement_low_ratio")
    """Below half the tier median the rule adds a caveat (Scout heuristic)."""
    derived_engagement_confidence: float = _float("derived_engagement_confidence")
    """Confidence when ER was derived from average likes and comments rather than reported."""

    # --- credibility ------------------------------------------------------------------------------
    credibility_very_good: float = _float("credibility_very_good")
    """Real-follower share above 90% is very good (GRIN)."""
    credibility_good: float = _float("credibility_good")
    """Above 80% genuine is good (GRIN)."""
    suspicious_ceiling: float = _float("suspicious_ceiling")
    """Mass followers plus suspicious accounts at most 25% (HypeAuditor guidance): credibility under
    1 - 0.25 = 75% gets a caveat."""
    credibility_red_flag: float = _float("credibility_red_flag")
    """Under 60% real followers is a red flag that sinks the creator below clean ones (Scout heuristic,
    well under both GRIN's and HypeAuditor's lines)."""
    growth_spike: float = _float("growth_spike")
    """Monthly follower growth above 30% looks bought or viral-spiked (Scout heuristic; HypeAuditor
    flags sudden follower spikes as a fraud signal)."""
    fraud_prone_tiers: tuple[str, ...] = _names("fraud_prone_tiers")
    """Tiers where fraud is far more common (DESIGN.md, HypeAuditor): unknown credibility there is
    trusted even less."""

    # --- sponsored_saturation ---------------------------------------------------------------------
    sponsored_ok: float = _float("sponsored_ok")
    """At most ~20% sponsored posts is healthy: the "80/20 rule" of organic to sponsored content
    (Later, Influencer Marketing Hub guidance)."""
    sponsored_saturated: float = _float("sponsored_saturated")
    """More than half the posts sponsored: ad-saturated, caveat (Scout heuristic)."""

    # --- audience ---------------------------------------------------------------------------------
    audience_share_full: float = _float("audience_share_full")
    """Audience share in the asked countries/languages/ages treated as fully on target (Scout heuristic)."""
    audience_share_low: float = _float("audience_share_low")
    """Under 20% in the asked place or language gets a caveat (Scout heuristic)."""

    # --- relevance --------------------------------------------------------------------------------
    similarity_midpoint: float = _float("similarity_midpoint")
    """Cosine that maps to 0.5. all-MiniLM-L6-v2 cosines run ~0.2 for unrelated text, 0.4-0.5 for
    related and 0.6+ for strongly related (sentence-transformers model card and our sample data)."""
    similarity_scale: float = _float("similarity_scale")
    """Logistic width: 0.2 -> 0.08, 0.4 -> 0.5, 0.5 -> 0.78, 0.6 -> 0.92."""
    similarity_share: float = _float("similarity_share")
    """Share of the relevance score from the embedding when both it and keywords are available."""

    # --- topic_focus ------------------------------------------------------------------------------
    specialist_max_niches: int = _int("specialist_max_niches")
    """Up to this many distinct niches is a specialist (Scout heuristic)."""
    generalist_min_niches: int = _int("generalist_min_niches")
    """From this many distinct niches on, a generalist (Scout heuristic)."""

    # --- recency (days since the last post) -------------------------------------------------------
    recent_great_days: int = _int("recent_great_days")
    recent_good_days: int = _int("recent_good_days")
    recent_weak_days: int = _int("recent_weak_days")
    inactive_days: int = _int("inactive_days")
    """Windows are a Scout heuristic; 90+ days silent is "weak", 180+ "inactive" (caveat)."""

    # --- growth -----------------------------------------------------------------------------------
    healthy_growth_max: float = _float("healthy_growth_max")
    """Up to +10%/month reads as healthy organic growth for small accounts (Scout heuristic)."""
    shrinking: float = _float("shrinking")
    """Losing more than 5% a month gets a caveat (Scout heuristic)."""

    # --- ranking ----------------------------------------------------------------------------------
    mmr_lambda: float = _float("mmr_lambda")
    """Maximal Marginal Relevance trade-off (Carbonell & Goldstein 1998): 1 = score only."""
    diversity_floor: float = _float("diversity_floor")
    """Similarity under which two creators are not penalised as alike; above it the MMR penalty grows
    linearly to 1 at identical (Scout heuristic: only near-clones should be pushed apart, creators who
    merely share the asked niche should not)."""
    diversity_pool: int = _int("diversity_pool")
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


def _typed(name: str, value: object, default: object) -> object:
    """``value`` converted to the type of the field's ``default``, or a clear error."""
    if isinstance(default, bool) or default is None:
        raise TypeError(f"threshold {name} cannot be set")
    if isinstance(default, int) and not isinstance(default, bool):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"threshold {name} must be a whole number, got {value!r}")
        return value
    if isinstance(default, float):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise TypeError(f"threshold {name} must be a number, got {value!r}")
        return float(value)
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"threshold {name} must be a list of names, got {value!r}")
        return tuple(value)
    if not isinstance(value, dict) or not all(isinstance(v, int | float) for v in value.values()):
        raise TypeError(f"threshold {name} must be an object of numbers, got {value!r}")
    return MappingProxyType({str(k): float(v) for k, v in value.items()})


def rule_config(catalogue: domain.Domain | None = None) -> RuleConfig:
    """The rule config of a domain catalogue (default: the active one): its tiers, thresholds, weights.

    Raises:
        TypeError: A threshold of the wrong type.
        ValueError: A weight for an unknown rule, or a negative weight.

    """
    catalogue = catalogue or domain.active()
    known = {f.name for f in fields(RuleConfig)} - {"weights", "tiers"}
    changes = {
        name: _typed(name, value, getattr(DEFAULT_CONFIG, name))
        for name, value in catalogue.threshold_values().items()
        if name in known
    }
    config = replace(DEFAULT_CONFIG, tiers=tiers_of(catalogue), **changes)  # type: ignore[arg-type]
    return config.with_weights(catalogue.weights) if catalogue.weights else config
