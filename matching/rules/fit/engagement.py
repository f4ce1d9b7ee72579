"""Fit rule ``engagement``: engagement rate against the median of the creator's own tier and platform."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, pct, platform_name, result
from matching.tiers import engagement_benchmark


def engagement(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Engagement rate against the median of the creator's own tier and platform."""
    p, cfg = candidate.profile, ctx.config
    er = p.engagement_rate
    if er is None:
        return result(
            "engagement",
            ctx,
            0.5,
            UNKNOWN_CONFIDENCE,
            "Engagement unknown: no likes or engagement rate on file",
        )
    tier = cfg.tier_of(p.followers)
    bench, exact = engagement_benchmark(p.platform, tier)
    ratio = er / bench
    peers = f"{platform_name(p.platform)} {tier} accounts"
    if not exact:
        peers += " (Instagram's figure: no benchmark for this platform)"
    confidence = 0.9 * (cfg.derived_engagement_confidence if p.engagement_derived else 1.0)
    confidence *= 1.0 if exact else 0.75
    derived = " (derived from average likes and comments)" if p.engagement_derived else ""
    if p.engagement_lifetime:
        # Lifetime likes / videos is not the per-post rate the benchmarks measure: say so, trust it less.
        derived = " (lifetime average: total likes / videos, not a per-post rate)"
        confidence *= 0.6
    line = f"Engagement {pct(er)} vs {pct(bench)} median for {peers} ({ratio:.1f}x){derived}"
    if ratio > cfg.engagement_pod_ratio or er > 1.0:
        # Too good to be true for this tier: a warning, not a win.
        return result(
            "engagement",
            ctx,
            0.45,
            confidence * 0.8,
            f"{line}: unusually high, check for engagement pods or giveaways",
            caveat=True,
        )
    # Hill curve through (0, 0), (1, engagement_at_median), saturating at engagement_ceiling.
    top, mid = cfg.engagement_ceiling, cfg.engagement_at_median
    half = top / mid - 1.0  # ratio**2 / (ratio**2 + half) * top == mid at ratio 1
    score = top * ratio**2 / (ratio**2 + half)
    low = ratio < cfg.engagement_low_ratio
    below_min = ctx.brief.min_engagement is not None and er < ctx.brief.min_engagement
    if below_min and ctx.brief.min_engagement is not None:
        line += f"; under the asked minimum {pct(ctx.brief.min_engagement)}"
    elif low:
        line += ": well below its peers"
    return result("engagement", ctx, score, confidence, line, caveat=low or below_min)


RULE = FitRule(id="engagement", label="engagement for its tier", weight=2.5, judge=engagement)
