"""The fit rules, in the order they run and are shown: ids, labels and default weights derive from here.

Adding a rule is one file in ``matching/rules/fit/`` (a judge function and its ``RULE`` entry) plus one
line below. Weights are relative (the total is a weighted mean). Why the defaults: the thesis is fit
over reach, so what the creator talks about (relevance, topic focus) and whether a real audience
listens (engagement against its own tier, credibility) carry the most. Brand safety is weighted high
and also sinks a flagged creator below clean ones in the ranking. Audience match counts when the brief
asks for it (the rules return weight 0 otherwise, so an unasked criterion never dilutes the others).
Recency, growth and contactability are hygiene. A team changes weights in its rules file
(SCOUT_RULES), not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from matching.rules.base import FitRule, Rule
from matching.rules.fit import (
    audience_demographics,
    audience_language,
    audience_location,
    brand_safety,
    competitor_conflict,
    contactability,
    credibility,
    engagement,
    growth,
    recency,
    relevance,
    sponsored_saturation,
    tier_fit,
    topic_focus,
    values_fit,
)

RULES: Final[tuple[FitRule, ...]] = (
    relevance.RULE,
    topic_focus.RULE,
    engagement.RULE,
    credibility.RULE,
    brand_safety.RULE,
    audience_location.RULE,
    audience_language.RULE,
    audience_demographics.RULE,
    values_fit.RULE,
    competitor_conflict.RULE,
    sponsored_saturation.RULE,
    tier_fit.RULE,
    recency.RULE,
    growth.RULE,
    contactability.RULE,
)


def _unique(rules: tuple[FitRule, ...]) -> tuple[FitRule, ...]:
    ids = [r.id for r in rules]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"fit rule id(s) registered twice: {', '.join(repeated)}")
    return rules


RULE_IDS: Final[tuple[str, ...]] = tuple(r.id for r in _unique(RULES))
"""Stable rule ids, in the order the rules run and are shown."""
RULE_LABELS: Final[Mapping[str, str]] = MappingProxyType({r.id: r.label for r in RULES})
"""What each rule judges, as a noun phrase for comparisons."""
DEFAULT_WEIGHTS: Final[Mapping[str, float]] = MappingProxyType({r.id: r.weight for r in RULES})
"""Default relative weight of each rule."""
ALL_RULES: Final[tuple[Rule, ...]] = tuple(r.judge for r in RULES)
"""The judge functions, in display order."""
