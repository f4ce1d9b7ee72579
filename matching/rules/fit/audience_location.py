"""Fit rule ``audience_location``: share of the audience in the asked audience countries (or the creator countries)."""

from __future__ import annotations

from collections.abc import Sequence

from matching.candidates import Candidate, RuleResult
from matching.rules.base import UNKNOWN_CONFIDENCE, FitRule, RuleContext, not_asked, pct, result, share_score


def _countries_share(shares: dict[str, float], wanted: Sequence[str]) -> float:
    return sum(v for k, v in shares.items() if k.upper() in {w.upper() for w in wanted})


def audience_location(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Share of the audience in the asked audience countries (or the creator countries)."""
    p, brief, cfg = candidate.profile, ctx.brief, ctx.config
    wanted = brief.audience_countries or brief.countries
    if not wanted:
        return not_asked("audience_location", ctx, "No audience location asked")
    asked = "/".join(wanted)
    shares = p.audience.top_countries
    if not shares:
        if p.country and p.country in wanted:
            return result(
                "audience_location",
                ctx,
                0.6,
                0.3,
                f"Audience location unknown; the creator is based in {p.country} (asked {asked})",
            )
        # Asked for and not known: a caveat the marketer sees (score and confidence stay neutral and low).
        based = f"; the creator is based in {p.country}, not {asked}" if p.country else ""
        return result(
            "audience_location",
            ctx,
            0.5,
            UNKNOWN_CONFIDENCE,
            f"Audience location unknown: no audience country data on file{based}",
            caveat=True,
        )
    share = _countries_share(shares, wanted)
    if share == 0:
        # Vendors list only the top countries: absent means "small", not a measured zero.
        top = ", ".join(f"{c} {pct(v)}" for c, v in sorted(shares.items(), key=lambda kv: -kv[1])[:3])
        return result(
            "audience_location",
            ctx,
            share_score(0.0, cfg),
            0.7,
            f"{asked} is not among the audience's top countries ({top})",
            caveat=True,
        )
    low = share < cfg.audience_share_low
    prefix = "Only " if low else ""
    return result(
        "audience_location",
        ctx,
        share_score(share, cfg),
        0.85,
        f"{prefix}{pct(share)} of the audience is in {asked}",
        caveat=low,
    )


RULE = FitRule(id="audience_location", label="audience location", weight=1.5, judge=audience_location)
