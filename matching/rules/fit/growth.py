"""Fit rule ``growth``: healthy organic follower growth; spikes are flagged by ``credibility``, drops here."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, interp, pct, result


def growth(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Healthy organic follower growth; spikes are flagged by ``credibility``, drops here."""
    p, cfg = candidate.profile, ctx.config
    g = p.follower_growth
    if g is None:
        return result("growth", ctx, 0.5, UNKNOWN_CONFIDENCE, "Follower growth unknown")
    sign = "+" if g >= 0 else "-"
    rate = f"{sign}{pct(abs(g))}/month"
    if g > cfg.growth_spike:
        # The caveat is raised once, by the credibility rule.
        return result("growth", ctx, 0.3, 0.6, f"Followers {rate}: faster than organic growth")
    if g < cfg.shrinking:
        return result("growth", ctx, 0.25, 0.7, f"Followers {rate}: losing audience", caveat=True)
    score = interp(
        g,
        [
            (cfg.shrinking, 0.35),
            (0.0, 0.5),
            (0.01, 0.7),
            (cfg.healthy_growth_max, 0.8),
            (cfg.growth_spike, 0.55),
        ],
    )
    verdict = (
        "healthy organic growth"
        if 0.0 < g <= cfg.healthy_growth_max
        else "flat"
        if g <= 0.005
        else "fast growth"
    )
    return result("growth", ctx, score, 0.7, f"Followers {rate}: {verdict}")


RULE = FitRule(id="growth", label="follower growth", weight=0.5, judge=growth)
