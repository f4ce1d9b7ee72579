"""Fit rule ``relevance``: the relevance verdict (listed category, niche words in the creator's text, similarity)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from matching.candidates import Candidate, RuleResult
from matching.relevance import judge
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, content_text, quote, result
from matching.wording import join_words

if TYPE_CHECKING:
    from matching.weights import RuleConfig


def similarity_score(cosine: float, cfg: RuleConfig) -> float:
    """Map an embedding cosine to [0, 1] with a logistic around ``cfg.similarity_midpoint``."""
    return 1.0 / (1.0 + math.exp(-(cosine - cfg.similarity_midpoint) / cfg.similarity_scale))


def relevance(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """The relevance verdict (listed category, niche words in the creator's text, similarity).

    A miss is a caveat the user sees; category-only evidence says so ("listed category: Food").
    """
    p, cfg = candidate.profile, ctx.config
    sim = candidate.similarity
    sim_part = similarity_score(sim, cfg) if sim is not None else None
    verdict = judge(p, ctx.brief, sim_part)
    if verdict is None:
        if sim_part is None:
            return result(
                "relevance",
                ctx,
                0.5,
                UNKNOWN_CONFIDENCE,
                "Relevance unknown: no similarity score and no topics asked",
            )
        return result("relevance", ctx, sim_part, 0.7, f"No topics asked; semantic similarity {sim:.2f}")
    parts: list[str] = []
    if verdict.listed:
        how = "covers" if verdict.broader else "matches"
        parts.append(f"Listed category: {join_words(verdict.listed[:3])} ({how} {quote(verdict.matched)})")
    if verdict.words:
        parts.append(f"Posts about {join_words(verdict.words[:4])}")
        if not verdict.listed:
            parts[-1] += f" (matches {quote(verdict.matched)})"
    if verdict.name_words:
        parts.append(f"Handle or name says {quote(verdict.name_words)}")
        if not verdict.listed and not verdict.words:
            parts[-1] += f" (matches {quote(verdict.matched)}; a name is weak evidence)"
    if not parts:
        asked = verdict.asked or [w for w in (ctx.brief.brand, *ctx.brief.values) if w]
        parts.append(f"No mention of {quote(asked)} in categories, bio or captions (weak match)")
    # The miss on the main ask stays visible even when a side topic matched ("gaming" but not "chess").
    missed_main = bool(verdict.asked) and verdict.asked[0] not in verdict.matched
    if missed_main and verdict.matched:
        parts.append(f"no mention of {quote(verdict.asked[:1])} ({verdict.match} match)")
    if verdict.listed and not verdict.words and not content_text(p, with_topics=False):
        parts.append("thin data: only a listed category, no bio or captions")
    line = "; ".join(parts)
    if sim is not None:
        strength = (
            "strong" if sim >= 0.6 else "related" if sim >= 0.4 else "weak" if sim >= 0.25 else "unrelated"
        )
        line += f"; semantic similarity {sim:.2f} ({strength})"
    caveat = verdict.match == "weak" or (missed_main and verdict.match != "strong")
    return result("relevance", ctx, verdict.relevance, verdict.confidence, line, caveat=caveat)


RULE = FitRule(id="relevance", label="topic match", weight=3.0, judge=relevance)
