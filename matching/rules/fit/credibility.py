"""Fit rule ``credibility``: share of real followers (GRIN, HypeAuditor lines) and follower-growth spikes."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, interp, pct, result


def credibility(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Share of real followers (GRIN, HypeAuditor lines) and follower-growth spikes."""
    p, cfg = candidate.profile, ctx.config
    cred = p.audience.credibility
    tier = cfg.tier_of(p.followers)
    growth = p.follower_growth
    spike = growth is not None and growth > cfg.growth_spike
    spike_note = (
        f"; followers grew {pct(growth)} in a month (check for bought followers)" if spike and growth else ""
    )
    if cred is None:
        prone = tier in cfg.fraud_prone_tiers
        note = f" (fraud is more common in {tier} accounts)" if prone else ""
        return result(
            "credibility",
            ctx,
            0.35 if spike else 0.5,
            0.1 if prone else UNKNOWN_CONFIDENCE,
            f"Audience credibility unknown: no real-follower share on file{note}{spike_note}",
            caveat=spike,
        )
    suspicious_line = 1.0 - cfg.suspicious_ceiling
    score = interp(
        cred,
        [
            (cfg.credibility_red_flag - 0.1, 0.0),
            (cfg.credibility_red_flag, 0.1),
            (suspicious_line, 0.45),
            (cfg.credibility_good, 0.7),
            (cfg.credibility_very_good, 0.9),
            (1.0, 1.0),
        ],
    )
    caveat = False
    if cred >= cfg.credibility_very_good:
        verdict = "very good"
    elif cred >= cfg.credibility_good:
        verdict = "good"
    elif cred >= suspicious_line:
        verdict = "fair"
    elif cred >= cfg.credibility_red_flag:
        verdict = f"over {pct(cfg.suspicious_ceiling)} suspicious followers"
        caveat = True
    else:
        verdict = "red flag: many fake or inactive followers"
        caveat = True
    min_cred = ctx.brief.min_credibility
    if min_cred is not None and cred < min_cred:
        verdict += f"; under the asked minimum {pct(min_cred)}"
        caveat = True
    if spike:
        score = min(score, 0.3)
        caveat = True
    return result(
        "credibility",
        ctx,
        score,
        0.85,
        f"Audience credibility {pct(cred)} real followers ({verdict}){spike_note}",
        caveat=caveat,
    )


RULE = FitRule(id="credibility", label="audience credibility", weight=2.0, judge=credibility)
