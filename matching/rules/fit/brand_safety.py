"""Fit rule ``brand_safety``: brand-safety words in the creator's own text: any hit is a caveat."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, content_text, quote, result
from matching.vocabulary import SAFETY, find_labels


def brand_safety(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Brand-safety words in the creator's own text: any hit is a caveat."""
    text = content_text(candidate.profile)
    # A category label is no text to check: absence of evidence is never a clean bill.
    if not content_text(candidate.profile, with_topics=False):
        return result(
            "brand_safety", ctx, 0.5, UNKNOWN_CONFIDENCE, "Brand safety unknown: no bio or captions to check"
        )
    found = find_labels(text, SAFETY)
    if found:
        parts = [f"{label} ({quote(words, 3)})" for label, words in found.items()]
        return result("brand_safety", ctx, 0.02, 0.8, "Brand-safety flag: " + "; ".join(parts), caveat=True)
    # Absence of evidence, so only moderate confidence.
    return result("brand_safety", ctx, 0.75, 0.5, "No brand-safety flags in bio or captions")


RULE = FitRule(id="brand_safety", label="brand safety", weight=2.0, judge=brand_safety)
