"""Fit rule ``recency``: days since the last post."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, interp, result


def recency(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Days since the last post."""
    p, cfg = candidate.profile, ctx.config
    last = p.last_post_date
    if last is None:
        return result("recency", ctx, 0.5, UNKNOWN_CONFIDENCE, "Last post date unknown")
    days = max(0, (ctx.today - last).days)
    score = interp(
        days,
        [
            (cfg.recent_great_days, 0.95),
            (cfg.recent_good_days, 0.8),
            (cfg.recent_weak_days, 0.55),
            (cfg.inactive_days, 0.25),
            (cfg.inactive_days * 2, 0.05),
        ],
    )
    when = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
    line = f"Last posted {when} ({last.isoformat()})"
    inactive = days > cfg.inactive_days
    if inactive:
        line += ": looks inactive"
    elif days > cfg.recent_weak_days:
        line += ": posting has slowed"
    return result("recency", ctx, score, 0.9, line, caveat=inactive)


RULE = FitRule(id="recency", label="recent activity", weight=1.0, judge=recency)
