"""Fit rule ``sponsored_saturation``: a low share of sponsored posts is good; more than half is ad-saturated."""

from __future__ import annotations

from matching.candidates import Candidate, RuleResult
from matching.profile import Profile
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, interp, pct, result
from matching.vocabulary import SPONSORED_MARKERS, mentions


def sponsored_share(profile: Profile) -> tuple[float, int, int] | None:
    """The sponsored share, from the profile or else from ad tags in captions.

    Returns:
        ``(share, tagged, captions)``, with ``captions`` 0 when the share was on file; None when unknown.

    """
    if profile.sponsored_share is not None:
        return profile.sponsored_share, 0, 0
    captions = [c for c in profile.recent_captions if c.strip()]
    if not captions:
        return None
    tagged = sum(1 for c in captions if mentions(c, SPONSORED_MARKERS))
    return tagged / len(captions), tagged, len(captions)


def sponsored_saturation(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """A low share of sponsored posts is good; more than half is ad-saturated."""
    p, cfg = candidate.profile, ctx.config
    found = sponsored_share(p)
    if found is None:
        return result(
            "sponsored_saturation",
            ctx,
            0.5,
            UNKNOWN_CONFIDENCE,
            "Sponsored share unknown: no share on file and no captions to check",
        )
    share, tagged, n = found
    score = interp(
        share,
        [(0.0, 0.9), (cfg.sponsored_ok, 0.8), (cfg.sponsored_saturated, 0.35), (1.0, 0.05)],
    )
    if n:
        what = f"{tagged} of {n} recent captions carry ad tags ({pct(share)})"
        confidence = min(0.6, 0.1 + 0.1 * n)
    else:
        what = f"{pct(share)} of posts sponsored"
        confidence = 0.85
    saturated = share > cfg.sponsored_saturated
    if saturated:
        what += ": ad-saturated"
    elif share <= cfg.sponsored_ok:
        what += f" (within the {pct(cfg.sponsored_ok)} guide)"
    return result("sponsored_saturation", ctx, score, confidence, what, caveat=saturated)


RULE = FitRule(id="sponsored_saturation", label="ad load", weight=1.0, judge=sponsored_saturation)
