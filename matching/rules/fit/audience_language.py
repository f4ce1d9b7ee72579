"""Fit rule ``audience_language``: the creator's and the audience's languages against the asked languages."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, not_asked, pct, result, share_score


def audience_language(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """The creator's and the audience's languages against the asked languages."""
    p, brief, cfg = candidate.profile, ctx.brief, ctx.config
    wanted = [w.lower() for w in brief.languages]
    if not wanted:
        return not_asked("audience_language", ctx, "No language asked")
    asked = "/".join(wanted)
    shares = p.audience.languages
    if shares:
        share = sum(v for k, v in shares.items() if k.lower() in wanted)
        score = share_score(share, cfg)
        if p.language and p.language.lower() in wanted:
            score = max(score, 0.6)
        low = share < cfg.audience_share_low and not (p.language and p.language.lower() in wanted)
        return result(
            "audience_language",
            ctx,
            score,
            0.85,
            f"{pct(share)} of the audience speaks {asked}"
            + (f"; posts in {p.language}" if p.language else ""),
            caveat=low,
        )
    if p.language:
        ok = p.language.lower() in wanted
        return result(
            "audience_language",
            ctx,
            0.8 if ok else 0.15,
            0.6,
            f"Posts in {p.language} (asked {asked}); audience languages unknown",
            caveat=not ok,
        )
    return result("audience_language", ctx, 0.5, UNKNOWN_CONFIDENCE, "Language unknown: no language on file")


RULE = FitRule(id="audience_language", label="language", weight=1.0, judge=audience_language)
