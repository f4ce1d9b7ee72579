"""Fit rule ``competitor_conflict``: mentions of brands the brief excludes (competitors)."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.rules.base import (
    UNKNOWN_CONFIDENCE,
    FitRule,
    RuleContext,
    content_text,
    not_asked,
    quote,
    result,
)
from matching.vocabulary import mentions


def competitor_conflict(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Mentions of brands the brief excludes (competitors)."""
    p = candidate.profile
    excluded = [b for b in ctx.brief.exclude_brands if b.strip()]
    if not excluded:
        return not_asked("competitor_conflict", ctx, "No competitor brands to avoid")
    listed = {b.strip().lower() for b in p.brands_mentioned}
    hits = [b for b in excluded if b.strip().lower() in listed]
    text = content_text(p, with_topics=False)
    hits += [b for b in mentions(text, excluded) if b not in hits] if text else []
    if hits:
        return result(
            "competitor_conflict",
            ctx,
            0.05,
            0.85,
            f"Works with or mentions {quote(hits)}, a brand to avoid",
            caveat=True,
        )
    if not text and not p.brands_mentioned:
        return result(
            "competitor_conflict",
            ctx,
            0.5,
            UNKNOWN_CONFIDENCE,
            "Competitor mentions unknown: no brands or captions on file",
        )
    return result("competitor_conflict", ctx, 0.7, 0.6, f"No mention of {quote(excluded)}")


RULE = FitRule(id="competitor_conflict", label="competitor ties", weight=1.5, judge=competitor_conflict)
