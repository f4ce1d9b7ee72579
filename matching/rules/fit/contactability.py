"""Fit rule ``contactability``: a contact email and the share of outreach answered."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, pct, result


def contactability(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """A contact email and the share of outreach answered."""
    p = candidate.profile
    parts: list[float] = []
    facts: list[str] = []
    if p.contact_email:
        parts.append(0.8)
        facts.append("contact email on file")
    if p.reply_rate is not None:
        parts.append(0.3 + 0.65 * p.reply_rate)
        facts.append(f"replies to {pct(p.reply_rate)} of outreach")
    if not parts:
        return result(
            "contactability", ctx, 0.5, UNKNOWN_CONFIDENCE, "Contact unknown: no email or reply rate on file"
        )
    line = "; ".join(facts)
    return result(
        "contactability", ctx, sum(parts) / len(parts), 0.4 + 0.2 * len(parts), line[0].upper() + line[1:]
    )


RULE = FitRule(id="contactability", label="contactability", weight=0.5, judge=contactability)
