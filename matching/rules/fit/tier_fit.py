"""Fit rule ``tier_fit``: inside the brief's follower window scores high, with a bonus for the micro sweet spot."""

from __future__ import annotations

import math

from matching.candidates import Candidate, RuleResult
from matching.rules.base import FitRule, RuleContext, result


def tier_fit(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Inside the brief's follower window scores high, with a bonus for the micro sweet spot."""
    p, cfg = candidate.profile, ctx.config
    tier = cfg.tier_of(p.followers)
    bonus = cfg.sweet_spot_bonus.get(tier, 0.0)
    lo, hi = ctx.brief.follower_window()
    count = f"{p.followers:,} followers ({tier})"
    if lo is None and hi is None:
        return result("tier_fit", ctx, 0.65 + bonus, 0.9, f"{count}; no size asked")
    if lo is not None and hi is not None:
        window = f"{lo:,}-{hi:,}"
    else:
        window = f"up to {hi:,}" if hi is not None else f"{lo or 0:,}+"
    if (lo is None or p.followers >= lo) and (hi is None or p.followers <= hi):
        sweet = ": the micro sweet spot" if tier == "micro" else ""
        asked = "the default micro window, no size asked" if ctx.brief.size_defaulted else "the asked window"
        return result("tier_fit", ctx, 0.75 + bonus, 0.9, f"{count}, inside {asked} ({window}){sweet}")
    # Outside the window (named-creator look-ups): the further out, on a log scale, the lower.
    edge = lo if lo is not None and p.followers < lo else hi
    ratio = max(p.followers, 1) / max(edge or 1, 1)
    distance = abs(math.log10(ratio))
    side = "under" if lo is not None and p.followers < lo else "over"
    return result(
        "tier_fit",
        ctx,
        max(0.05, 0.4 - 0.35 * distance),
        0.9,
        f"{count}, {side} the asked window ({window})",
        caveat=True,
    )


RULE = FitRule(id="tier_fit", label="size fit", weight=1.0, judge=tier_fit)
