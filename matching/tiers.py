"""Follower tiers and engagement benchmarks by tier and platform.

The numbers and their sources live in ``matching/data/domain.json`` (``tiers``, ``platforms.*.engagement``,
``sources.engagement``), read by ``matching.domain``; cite a source there when changing one. The module
constants below are the bundled figures (the sample generator and older callers read them); the
functions read the active catalogue, so a team file (SCOUT_DOMAIN) reaches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from matching import domain

TIER_ORDER: Final = domain.TIER_NAMES


@dataclass(frozen=True, slots=True)
class Tier:
    """A named follower band: ``low <= followers < high`` (``high`` None = unbounded)."""

    name: str
    low: int
    high: int | None


def tiers_of(catalogue: domain.Domain) -> tuple[Tier, ...]:
    """The tier bands of a domain catalogue."""
    return tuple(Tier(b.name, b.low, b.high) for b in catalogue.tiers.bands)


_BUNDLED: Final = domain.load_domain()

DEFAULT_TIERS: Final[tuple[Tier, ...]] = tiers_of(_BUNDLED)
"""Later x Fohr tiers (bundled). Accounts under 1k are "nano" too: they are real creators."""

DEFAULT_FOLLOWER_RANGE: Final = _BUNDLED.tiers.default_follower_range
"""The default size window when a question names none: this is a micro-influencer tool."""

ENGAGEMENT_BENCHMARKS: Final[dict[str, dict[str, float]]] = _BUNDLED.engagement_benchmarks
"""Median engagement rate (fraction) by platform and tier (bundled)."""

FALLBACK_BENCHMARK_PLATFORM: Final = _BUNDLED.benchmark_fallback
"""Other platforms are judged against this one's figures, with lower confidence."""


_active_tiers: tuple[domain.Domain, tuple[Tier, ...]] = (_BUNDLED, DEFAULT_TIERS)


def active_tiers() -> tuple[Tier, ...]:
    """The tier bands of the active catalogue (cached until another catalogue is installed)."""
    global _active_tiers
    catalogue = domain.active()
    if _active_tiers[0] is not catalogue:
        _active_tiers = (catalogue, tiers_of(catalogue))
    return _active_tiers[1]


def tier_of(followers: int, tiers: tuple[Tier, ...] | None = None) -> str:
    """The tier name for a follower count (default: the active catalogue's tiers)."""
    tiers = tiers if tiers is not None else active_tiers()
    for tier in tiers:
        if followers >= tier.low and (tier.high is None or followers < tier.high):
            return tier.name
    return tiers[-1].name


def tier_range(name: str, tiers: tuple[Tier, ...] | None = None) -> tuple[int, int | None]:
    """The ``(low, high)`` follower band of a named tier (``high`` exclusive, None = unbounded)."""
    for tier in tiers if tiers is not None else active_tiers():
        if tier.name == name:
            # Nano starts at 1k in the industry definition; below that is not a creator account.
            low = domain.active().tiers.nano_floor if name == "nano" else tier.low
            return low, tier.high
    raise KeyError(name)


def default_follower_range() -> tuple[int, int]:
    """The size window when a question names none (the active catalogue's: this is a micro tool)."""
    return domain.active().tiers.default_follower_range


def engagement_benchmark(platform: str, tier: str) -> tuple[float, bool]:
    """The median engagement rate for ``platform`` and ``tier`` (from the active catalogue).

    Returns:
        ``(rate, exact)`` where ``exact`` is False when the platform has no benchmark of its own and
        the fallback platform's (Instagram's) is used instead.

    """
    catalogue = domain.active()
    table = catalogue.engagement_benchmarks.get(platform)
    if table is None:
        return catalogue.engagement_benchmarks[catalogue.benchmark_fallback][tier], False
    return table[tier], True
