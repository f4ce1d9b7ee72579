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
    """Weights and thresholds of the fit rules and the ranking. Shares and rates are fractions.

    Each threshold's meaning and source (a published figure, or "Scout heuristic") is written beside
    its number under ``thresholds`` in ``matching/data/domain.json``, the one place it is kept.
    """

    weights: Mapping[str, float] = field(default_factory=_default_weights)
    tiers: tuple[Tier, ...] = DEFAULT_TIERS
    """Tier boundaries (Later x Fohr; see ``matching.tiers``)."""

    # --- tier_fit ---------------------------------------------------------------------------------
    sweet_spot_bonus: Mapping[str, float] = field(default_factory=lambda: _mapping("sweet_spot_bonus"))

    # --- engagement -------------------------------------------------------------------------------
    engagement_at_median: float = _float("engagement_at_median")
    engagement_ceiling: float = _float("engagement_ceiling")
    engagement_pod_ratio: float = _float("engagement_pod_ratio")
    engagement_low_ratio: float = _float("engagement_low_ratio")
    derived_engagement_confidence: float = _float("derived_engagement_confidence")

    # --- credibility ------------------------------------------------------------------------------
    credibility_very_good: float = _float("credibility_very_good")
    credibility_good: float = _float("credibility_good")
    suspicious_ceiling: float = _float("suspicious_ceiling")
    credibility_red_flag: float = _float("credibility_red_flag")
    growth_spike: float = _float("growth_spike")
    fraud_prone_tiers: tuple[str, ...] = _names("fraud_prone_tiers")

    # --- sponsored_saturation ---------------------------------------------------------------------
    sponsored_ok: float = _float("sponsored_ok")
    sponsored_saturated: float = _float("sponsored_saturated")

    # --- audience ---------------------------------------------------------------------------------
    audience_share_full: float = _float("audience_share_full")
    audience_share_low: float = _float("audience_share_low")

    # --- relevance --------------------------------------------------------------------------------
    similarity_midpoint: float = _float("similarity_midpoint")
    similarity_scale: float = _float("similarity_scale")
    similarity_share: float = _float("similarity_share")

    # --- topic_focus ------------------------------------------------------------------------------
    specialist_max_niches: int = _int("specialist_max_niches")
    generalist_min_niches: int = _int("generalist_min_niches")

    # --- recency (days since the last post) -------------------------------------------------------
    recent_great_days: int = _int("recent_great_days")
    recent_good_days: int = _int("recent_good_days")
    recent_weak_days: int = _int("recent_weak_days")
    inactive_days: int = _int("inactive_days")

    # --- growth -----------------------------------------------------------------------------------
    healthy_growth_max: float = _float("healthy_growth_max")
    shrinking: float = _float("shrinking")

    # --- ranking ----------------------------------------------------------------------------------
    mmr_lambda: float = _float("mmr_lambda")
    diversity_floor: float = _float("diversity_floor")
    diversity_pool: int = _int("diversity_pool")

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
