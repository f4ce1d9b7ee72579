"""Fit rule ``topic_focus``: a specialist beats a generalist, more so when the brief's topic is the creator's main one."""

from __future__ import annotations

from matching.brief import Brief
from matching.candidates import Candidate, RuleResult
from matching.rules.base import (
    UNKNOWN_CONFIDENCE,
    FitRule,
    RuleContext,
    content_text,
    interp,
    profile_niches,
    result,
)
from matching.vocabulary import NICHES, canonical_niche, find_labels
from matching.wording import join_words


def _asked_topics(brief: Brief) -> list[str]:
    """Brief topics, plus niches named in the brand description."""
    topics = [t for t in brief.topics if t.strip()]
    if brief.brand:
        topics.extend(label for label in find_labels(brief.brand, NICHES) if label not in topics)
    return topics


def topic_focus(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """A specialist beats a generalist, more so when the brief's topic is the creator's main one."""
    p, cfg = candidate.profile, ctx.config
    counts = profile_niches(p)
    if not counts:
        if not content_text(p):
            return result(
                "topic_focus",
                ctx,
                0.5,
                UNKNOWN_CONFIDENCE,
                "Topic focus unknown: no topics, bio or captions on file",
            )
        return result("topic_focus", ctx, 0.5, 0.3, "No recognised niche in topics, bio or captions")
    n = len(counts)
    score = interp(
        n,
        [
            (cfg.specialist_max_niches, 0.8),
            (cfg.generalist_min_niches, 0.35),
            (cfg.generalist_min_niches + 4, 0.2),
        ],
    )
    ordered = [label for label, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    top = counts[ordered[0]]
    main = [label for label in ordered if counts[label] == top]
    shown = join_words(ordered[:4]) + (", ..." if n > 4 else "")
    kind = (
        "specialist"
        if n <= cfg.specialist_max_niches
        else "generalist"
        if n >= cfg.generalist_min_niches
        else "focused"
    )
    reason = f"Covers {n} niche{'s' if n > 1 else ''} ({shown}): {kind}"
    asked = {canonical_niche(t) or t.lower() for t in _asked_topics(ctx.brief)}
    if asked:
        if asked & set(main):
            score += 0.15
            reason += f"; {join_words(sorted(asked & set(main)))} is the main topic"
        elif asked & set(counts):
            reason += f"; {join_words(sorted(asked & set(counts)))} is a side topic"
        else:
            score -= 0.15
            reason += "; none of them is the asked topic"
    return result("topic_focus", ctx, score, 0.7, reason)


RULE = FitRule(id="topic_focus", label="topic focus", weight=1.5, judge=topic_focus)
