"""Fit rule ``values_fit``: brand values against the value words the creator uses."""

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
from matching.vocabulary import VALUES, canonical_value, mentions
from matching.wording import join_words


def values_fit(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Brand values against the value words the creator uses."""
    p = candidate.profile
    asked = [v for v in ctx.brief.values if v.strip()]
    if not asked:
        return not_asked("values_fit", ctx, "No brand values asked")
    text = content_text(p)
    if not text:
        return result(
            "values_fit", ctx, 0.5, UNKNOWN_CONFIDENCE, "Values unknown: no topics, bio or captions on file"
        )
    words: list[str] = []
    shown: list[str] = []
    for value in asked:
        canonical = canonical_value(value)
        terms = (canonical, *VALUES[canonical]) if canonical else (value.lower(),)
        hits = mentions(text, tuple(dict.fromkeys(terms)))
        if hits:
            words.extend(hits)
            shown.append(canonical or value)
    if not shown:
        # Absence of evidence: mildly below neutral, not a conflict.
        return result("values_fit", ctx, 0.35, 0.5, f"No sign of {quote(asked)} in bio or captions")
    share = len(shown) / len(asked)
    own = content_text(p, with_topics=False)
    # A value word found only in a category label is not the creator talking about it: say where it is.
    said = "Talks about" if own and mentions(own, tuple(dict.fromkeys(words))) else "Listed category mentions"
    return result(
        "values_fit",
        ctx,
        0.55 + 0.4 * share,
        0.7 if said == "Talks about" else 0.5,
        f"{said} {quote(words)} ({join_words(shown)})",
    )


RULE = FitRule(id="values_fit", label="brand values", weight=1.5, judge=values_fit)
