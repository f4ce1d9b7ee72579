"""Fit rule ``audience_demographics``: audience gender and age shares against the asked gender and age bands."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.rules.base import (
    UNKNOWN_CONFIDENCE,
    FitRule,
    RuleContext,
    interp,
    not_asked,
    pct,
    result,
    share_score,
)


def audience_demographics(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Audience gender and age shares against the asked gender and age bands."""
    p, brief, cfg = candidate.profile, ctx.brief, ctx.config
    asked_parts = int(brief.audience_gender is not None) + int(bool(brief.audience_ages))
    if not asked_parts:
        return not_asked("audience_demographics", ctx, "No audience gender or age asked")
    scores: list[float] = []
    facts: list[str] = []
    unknown: list[str] = []
    if brief.audience_gender is not None:
        if p.audience.gender:
            share = p.audience.gender.get(brief.audience_gender, 0.0)
            # 50% -> neutral; 80%+ -> 0.9; 20% or less -> 0.1.
            scores.append(interp(share, [(0.2, 0.1), (0.5, 0.5), (0.8, 0.9), (1.0, 0.95)]))
            facts.append(f"{pct(share)} {brief.audience_gender}")
        else:
            unknown.append("gender")
    if brief.audience_ages:
        if p.audience.age_bands:
            share = sum(p.audience.age_bands.get(band, 0.0) for band in brief.audience_ages)
            scores.append(share_score(share, cfg))
            facts.append(f"{pct(share)} aged {'/'.join(brief.audience_ages)}")
        else:
            unknown.append("age")
    if not scores:
        return result(
            "audience_demographics",
            ctx,
            0.5,
            UNKNOWN_CONFIDENCE,
            f"Audience {' and '.join(unknown)} unknown: no demographics on file",
        )
    score = sum(scores) / len(scores)
    reason = "Audience " + ", ".join(facts)
    if unknown:
        reason += f" ({' and '.join(unknown)} unknown)"
    confidence = 0.8 * len(scores) / asked_parts
    return result("audience_demographics", ctx, score, confidence, reason, caveat=score < 0.3)


RULE = FitRule(
    id="audience_demographics", label="audience age and gender", weight=1.0, judge=audience_demographics
)
