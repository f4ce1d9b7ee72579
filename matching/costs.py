"""Cost, reach and currency estimates for campaign plans, from the domain catalogue.

Cost per post, USD (Influencer Marketing Hub style rules of thumb; docs/CONTRACT.md): Instagram micro
$100-500, TikTok micro $25-125, YouTube micro $200-1,000; other tiers scale from those. The figures,
their sources and the currency rates' as-of date live in ``matching/data/domain.json``. These are
estimates and every plan says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from matching import domain
from matching.profile import Profile

# Costs, reach rates and currency rates (with their sources and as-of date) live in
# matching/data/domain.json. The constants are the bundled figures; the functions read the active
# catalogue, so a team file (SCOUT_DOMAIN) reaches them.
_BUNDLED: Final = domain.load_domain()
MICRO_COST: Final[dict[str, tuple[float, float]]] = _BUNDLED.micro_costs
TIER_COST_FACTOR: Final[dict[str, float]] = _BUNDLED.tiers.cost_factor
REACH_RATE: Final[dict[str, float]] = _BUNDLED.reach_rates
USD_PER: Final[dict[str, float]] = _BUNDLED.currencies.usd_per


def usd_per() -> dict[str, float]:
    """USD per unit of each currency Scout converts (fixed, labelled estimates)."""
    return domain.active().currencies.usd_per


def rates_as_of() -> str:
    """When the currency rates were read (for the plan's assumption line)."""
    return domain.active().currencies.as_of


# Currencies we recognise in a question but hold no rate for: the plan asks instead of guessing.
_OTHER_CURRENCIES: Final[dict[str, str]] = _BUNDLED.currencies.unpriced
_NUMBER: Final = r"\d[\d,.\s]*(?:k|m|mn|million|thousand)?"
# Words that also mean something else ("won", "rand", "franc") only count after a number; before a
# number only symbols and ISO codes do ("¥500", "INR 5000", "Rs. 5000").
_BEFORE: Final = (
    "¥",
    "₹",
    "₩",
    "r$",
    "₽",
    "₦",
    "₺",
    "rs.",
    "rs",
    *(c for c in _OTHER_CURRENCIES if len(c) == 3 and c.isalpha() and c != "won"),
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=lambda s: (-len(s), s)))


_OTHER_AFTER: Final = re.compile(
    rf"(?<![\w$€£])({_NUMBER})\s*({_alternation(_OTHER_CURRENCIES)})(?!\w)", re.IGNORECASE
)
_OTHER_BEFORE: Final = re.compile(rf"(?<!\w)({_alternation(_BEFORE)})\s*({_NUMBER})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CostEstimate:
    """Per-post cost range in USD."""

    low: float
    high: float


def cost_per_post(profile: Profile) -> CostEstimate:
    """Estimated USD per post: the profile's own rate when stored (±25%), else the tier table."""
    if profile.rate_per_post:
        return CostEstimate(round(profile.rate_per_post * 0.75, 2), round(profile.rate_per_post * 1.25, 2))
    catalogue = domain.active()
    costs = catalogue.micro_costs
    low, high = costs.get(profile.platform, costs[catalogue.cost_fallback])
    f = catalogue.tiers.cost_factor.get(profile.tier, 1.0)
    return CostEstimate(round(low * f, 2), round(high * f, 2))


def cost_source(profile: Profile) -> str:
    """Where a cost estimate comes from: ``listed`` rate, the ``table``, or the Instagram ``fallback``."""
    if profile.rate_per_post:
        return "listed"
    return "table" if profile.platform in domain.active().micro_costs else "fallback"


def expected_engagements(profile: Profile) -> int:
    """Followers times engagement rate (0 when the rate is unknown: never invented)."""
    return int(profile.followers * (profile.engagement_rate or 0.0))


def expected_reach(profile: Profile) -> int:
    """Average views when known, else followers times the platform's organic reach rate."""
    if profile.avg_views:
        return int(profile.avg_views)
    catalogue = domain.active()
    return int(profile.followers * catalogue.reach_rates.get(profile.platform, catalogue.default_reach_rate))


def unsupported_currency(text: str) -> tuple[str, str] | None:
    """A budget in a currency we hold no rate for: ``(code, phrase as written)``, else None.

    "500 yen" gives ``("JPY", "500 yen")``: the plan asks for the budget in a currency it can cost
    rather than silently ignoring it or guessing an exchange rate.
    """
    found = [
        (m.start(), m.group(cur).lower().rstrip("."), m.group(0).strip())
        for pattern, cur in ((_OTHER_AFTER, 2), (_OTHER_BEFORE, 1))
        for m in pattern.finditer(text)
    ]
    if not found:
        return None
    _start, word, phrase = min(found)
    return _OTHER_CURRENCIES.get(word, word.upper()), phrase
