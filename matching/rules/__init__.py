"""The fit rules: each one judges one aspect of one candidate against the brief.

The rules live one per file in ``matching/rules/fit/``; ``matching.rules.registry`` lists them, and
their ids, labels and default weights derive from it. Shared helpers are in ``matching.rules.base``.
This package re-exports the names callers use, and :func:`evaluate` combines the rules' verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence

from matching.candidates import Candidate, ScoredCandidate
from matching.relevance import match_of
from matching.rules.base import (
    PLATFORM_NAMES,
    UNKNOWN_CONFIDENCE,
    FitRule,
    Rule,
    RuleContext,
    content_text,
    niches_in,
    pct,
    platform_name,
    profile_niches,
    topic_terms,
)
from matching.rules.fit.audience_demographics import audience_demographics
from matching.rules.fit.audience_language import audience_language
from matching.rules.fit.audience_location import audience_location
from matching.rules.fit.brand_safety import brand_safety
from matching.rules.fit.competitor_conflict import competitor_conflict
from matching.rules.fit.contactability import contactability
from matching.rules.fit.credibility import credibility
from matching.rules.fit.engagement import engagement
from matching.rules.fit.growth import growth
from matching.rules.fit.recency import recency
from matching.rules.fit.relevance import relevance, similarity_score
from matching.rules.fit.sponsored_saturation import sponsored_saturation, sponsored_share
from matching.rules.fit.tier_fit import tier_fit
from matching.rules.fit.topic_focus import topic_focus
from matching.rules.fit.values_fit import values_fit
from matching.rules.registry import ALL_RULES, DEFAULT_WEIGHTS, RULE_IDS, RULE_LABELS, RULES

__all__ = [
    "ALL_RULES",
    "DEFAULT_WEIGHTS",
    "PLATFORM_NAMES",
    "RULES",
    "RULE_IDS",
    "RULE_LABELS",
    "UNKNOWN_CONFIDENCE",
    "FitRule",
    "Rule",
    "RuleContext",
    "audience_demographics",
    "audience_language",
    "audience_location",
    "brand_safety",
    "competitor_conflict",
    "contactability",
    "content_text",
    "credibility",
    "engagement",
    "evaluate",
    "growth",
    "niches_in",
    "pct",
    "platform_name",
    "profile_niches",
    "recency",
    "relevance",
    "similarity_score",
    "sponsored_saturation",
    "sponsored_share",
    "tier_fit",
    "topic_focus",
    "topic_terms",
    "values_fit",
]


def evaluate(candidate: Candidate, ctx: RuleContext, rules: Sequence[Rule] = ALL_RULES) -> ScoredCandidate:
    """Run every rule and combine them.

    The score is the weighted mean ``sum(w * s) / sum(w)`` over rules with weight > 0 (missing data
    scores 0.5, so it pulls toward neutral); the confidence is the weighted mean confidence.

    Args:
        candidate: The retrieved profile and its similarity.
        ctx: Brief, today's date and the rule config.
        rules: The rules to run (default: all, in display order).

    Returns:
        The candidate with every rule's verdict, its score and its confidence.

    """
    results = [rule(candidate, ctx) for rule in rules]
    weighted = [r for r in results if r.weight > 0]
    total = sum(r.weight for r in weighted)
    if total > 0:
        score = sum(r.weight * r.score for r in weighted) / total
        confidence = sum(r.weight * r.confidence for r in weighted) / total
    else:
        score, confidence = 0.5, 0.0
    rel = next((r for r in results if r.rule == "relevance"), None)
    asked = bool(ctx.brief.topics or ctx.brief.brand or ctx.brief.values)
    return ScoredCandidate(
        profile=candidate.profile,
        similarity=candidate.similarity,
        results=results,
        score=round(score, 6),
        confidence=round(confidence, 6),
        relevance=rel.score if rel is not None and asked else None,
        match=match_of(rel.score) if rel is not None and asked else None,
    )
