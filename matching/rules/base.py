"""What every fit rule shares: the context it sees, its registry entry, and the reason-line helpers.

Every rule is a pure function ``(candidate, ctx) -> RuleResult``. The score is in [0, 1] with 0.5 as
neutral; missing data gives 0.5, a confidence of at most 0.3 and a reason that says what is unknown,
never an invented number. A rule returns weight 0 when the brief does not ask about its criterion, so
unasked criteria do not dilute the total. Thresholds live in ``matching.weights`` (read from
``matching/data/rules.json``); ids, labels and default weights in each rule's ``RULE`` entry.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from matching import domain
from matching.brief import Brief
from matching.candidates import Candidate, RuleResult
from matching.profile import Profile
from matching.vocabulary import NICHES, canonical_niche, find_labels
from matching.wording import join_words

if TYPE_CHECKING:
    from matching.weights import RuleConfig

UNKNOWN_CONFIDENCE = 0.2
"""Confidence of a rule that had no data (the contract: at most 0.3)."""

PLATFORM_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {name: p.display_name for name, p in domain.load_domain().platforms.items()}
)
"""Display names of the bundled platforms; :func:`platform_name` reads the active catalogue."""


def _default_config() -> RuleConfig:
    # Imported here: matching.weights derives its default weights from the registry, which imports
    # the rules, which import this module.
    from matching.weights import DEFAULT_CONFIG

    return DEFAULT_CONFIG


@dataclass(frozen=True)
class RuleContext:
    """What every rule sees besides the candidate."""

    brief: Brief
    today: date
    config: RuleConfig = field(default_factory=_default_config)


Rule = Callable[[Candidate, RuleContext], RuleResult]


@dataclass(frozen=True)
class FitRule:
    """A fit rule's registry entry: everything else about the rule derives from these.

    Attributes:
        id: Stable rule id (JSON, feedback, weight overrides use it).
        label: What the rule judges, as a noun phrase for comparisons ("ahead of @b on engagement
            for its tier").
        weight: Default relative weight (only ratios matter: the total is a weighted mean).
        judge: The rule itself.

    """

    id: str
    label: str
    weight: float
    judge: Rule


# --- small helpers ---------------------------------------------------------------------------------


def pct(rate: float) -> str:
    """A fraction as a short percentage: 0.0054 -> '0.54%', 0.031 -> '3.1%', 0.5 -> '50%'."""
    value = rate * 100
    text = f"{value:.2f}" if value < 10 else f"{value:.1f}"
    return text.rstrip("0").rstrip(".") + "%"


def platform_name(platform: str) -> str:
    """'instagram' -> 'Instagram', 'tiktok' -> 'TikTok'."""
    return domain.active().display_name(platform)


def clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    """``x`` limited to ``[lo, hi]``."""
    return max(lo, min(hi, x))


def interp(x: float, points: Sequence[tuple[float, float]]) -> float:
    """Piecewise-linear interpolation through sorted ``(x, y)`` points, flat outside them."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1
    return points[-1][1]


def quote(words: Sequence[str], limit: int = 4) -> str:
    """Quote words for a reason line: 'a', 'b' and 'c'."""
    return join_words([f"'{w}'" for w in dict.fromkeys(words)][:limit])


def content_text(profile: Profile, *, with_topics: bool = True) -> str:
    """The creator's own words: topics, bio and recent captions, as one string."""
    parts = [*(profile.topics if with_topics else []), profile.bio or "", *profile.recent_captions]
    return "\n".join(p for p in parts if p)


def topic_terms(topic: str) -> tuple[str, ...]:
    """The words that signal a brief topic: its niche's synonyms, or the topic itself."""
    niche = canonical_niche(topic)
    if niche is None:
        return (topic.strip().lower(),)
    return tuple(dict.fromkeys((niche, *NICHES[niche])))


@lru_cache(maxsize=16_384)
def niches_in(text: str) -> tuple[str, ...]:
    """The niches a piece of text mentions (cached: the same captions are read by several rules)."""
    niche = canonical_niche(text)
    if niche is not None:
        return (niche,)
    return tuple(find_labels(text, NICHES))


def profile_niches(profile: Profile) -> Counter[str]:
    """How strongly each niche shows in a profile: a listed topic counts 2, the bio and each caption 1."""
    counts: Counter[str] = Counter()
    for topic in profile.topics:
        for label in niches_in(topic):
            counts[label] += 2
    for text in [profile.bio or "", *profile.recent_captions]:
        if text:
            for label in niches_in(text):
                counts[label] += 1
    return counts


def result(
    rule: str,
    ctx: RuleContext,
    score: float,
    confidence: float,
    reason: str,
    *,
    caveat: bool = False,
    weight: float | None = None,
) -> RuleResult:
    """A rule's verdict, score and confidence clamped to [0, 1], weight from the config unless given."""
    return RuleResult(
        rule=rule,
        score=round(clamp(score), 4),
        weight=ctx.config.weight(rule) if weight is None else weight,
        confidence=round(clamp(confidence), 4),
        reason=reason,
        caveat=caveat,
    )


def not_asked(rule: str, ctx: RuleContext, reason: str) -> RuleResult:
    """The verdict of a rule whose criterion the brief does not ask about."""
    # Weight 0: a criterion the brief does not ask about must not dilute the others.
    return result(rule, ctx, 0.5, 1.0, reason, weight=0.0)


def share_score(share: float, cfg: RuleConfig) -> float:
    """An audience share as a score: 0 -> 0.1, ``cfg.audience_share_full`` and above -> 0.95."""
    # 0 -> 0.1, audience_share_full and above -> 0.95, linear in between.
    return 0.1 + 0.85 * clamp(share / cfg.audience_share_full)
