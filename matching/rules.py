"""The fit rules: each one judges one aspect of one candidate against the brief.

Every rule is a pure function ``(candidate, ctx) -> RuleResult``. The score is in [0, 1] with 0.5 as
neutral; missing data gives 0.5, a confidence of at most 0.3 and a reason that says what is unknown,
never an invented number. A rule returns weight 0 when the brief does not ask about its criterion, so
unasked criteria do not dilute the total. Weights and thresholds live in ``matching.weights``.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from matching.brief import Brief
from matching.candidates import Candidate, RuleResult, ScoredCandidate
from matching.profile import Profile
from matching.relevance import judge, match_of
from matching.tiers import engagement_benchmark
from matching.vocabulary import (
    NICHES,
    SAFETY,
    SPONSORED_MARKERS,
    VALUES,
    canonical_niche,
    canonical_value,
    find_labels,
    mentions,
)
from matching.weights import DEFAULT_CONFIG, RuleConfig
from matching.wording import join_words

UNKNOWN_CONFIDENCE = 0.2
"""Confidence of a rule that had no data (the contract: at most 0.3)."""

PLATFORM_NAMES = {"tiktok": "TikTok", "youtube": "YouTube", "linkedin": "LinkedIn"}

# What each rule judges, as a noun phrase for comparisons ("ahead of @b on engagement for its tier").
RULE_LABELS: dict[str, str] = {
    "relevance": "topic match",
    "topic_focus": "topic focus",
    "engagement": "engagement for its tier",
    "credibility": "audience credibility",
    "brand_safety": "brand safety",
    "audience_location": "audience location",
    "audience_language": "language",
    "audience_demographics": "audience age and gender",
    "values_fit": "brand values",
    "competitor_conflict": "competitor ties",
    "sponsored_saturation": "ad load",
    "tier_fit": "size fit",
    "recency": "recent activity",
    "growth": "follower growth",
    "contactability": "contactability",
}


@dataclass(frozen=True)
class RuleContext:
    """What every rule sees besides the candidate."""

    brief: Brief
    today: date
    config: RuleConfig = field(default=DEFAULT_CONFIG)


Rule = Callable[[Candidate, RuleContext], RuleResult]


# --- small helpers ---------------------------------------------------------------------------------


def pct(rate: float) -> str:
    """A fraction as a short percentage: 0.0054 -> '0.54%', 0.031 -> '3.1%', 0.5 -> '50%'."""
    value = rate * 100
    text = f"{value:.2f}" if value < 10 else f"{value:.1f}"
    return text.rstrip("0").rstrip(".") + "%"


def platform_name(platform: str) -> str:
    """'instagram' -> 'Instagram', 'tiktok' -> 'TikTok'."""
    return PLATFORM_NAMES.get(platform, platform.capitalize())


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def _interp(x: float, points: Sequence[tuple[float, float]]) -> float:
    """Piecewise-linear interpolation through sorted ``(x, y)`` points, flat outside them."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1
    return points[-1][1]


def _quote(words: Sequence[str], limit: int = 4) -> str:
    """Quote words for a reason line: 'a', 'b' and 'c'."""
    return join_words([f"'{w}'" for w in dict.fromkeys(words)][:limit])


def content_text(profile: Profile, *, with_topics: bool = True) -> str:
    """The creator's own words: topics, bio and recent captions, as one string."""
    parts = [*(profile.topics if with_topics else []), profile.bio or "", *profile.recent_captions]
    return "\n".join(p for p in parts if p)


def topic_terms(topic: str) -> tuple[str, ...]:
    """The words that signal a brief topic: its niche's synonyms, or the topic itself."""
    niche = canonical_niche(topic)
    if niche is None:
        return (topic.strip().lower(),)
    return tuple(dict.fromkeys((niche, *NICHES[niche])))


@lru_cache(maxsize=16_384)
def niches_in(text: str) -> tuple[str, ...]:
    """The niches a piece of text mentions (cached: the same captions are read by several rules)."""
    niche = canonical_niche(text)
    if niche is not None:
        return (niche,)
    return tuple(find_labels(text, NICHES))


def profile_niches(profile: Profile) -> Counter[str]:
    """How strongly each niche shows in a profile: a listed topic counts 2, the bio and each caption 1."""
    counts: Counter[str] = Counter()
    for topic in profile.topics:
        for label in niches_in(topic):
            counts[label] += 2
    for text in [profile.bio or "", *profile.recent_captions]:
        if text:
            for label in niches_in(text):
                counts[label] += 1
    return counts


def _result(
    rule: str,
    ctx: RuleContext,
    score: float,
    confidence: float,
    reason: str,
    *,
    caveat: bool = False,
    weight: float | None = None,
) -> RuleResult:
    return RuleResult(
        rule=rule,
        score=round(_clamp(score), 4),
        weight=ctx.config.weight(rule) if weight is None else weight,
        confidence=round(_clamp(confidence), 4),
        reason=reason,
        caveat=caveat,
    )


def _not_asked(rule: str, ctx: RuleContext, reason: str) -> RuleResult:
    # Weight 0: a criterion the brief does not ask about must not dilute the others.
    return _result(rule, ctx, 0.5, 1.0, reason, weight=0.0)


# --- the rules -------------------------------------------------------------------------------------


def tier_fit(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Inside the brief's follower window scores high, with a bonus for the micro sweet spot."""
    p, cfg = candidate.profile, ctx.config
    tier = cfg.tier_of(p.followers)
    bonus = cfg.sweet_spot_bonus.get(tier, 0.0)
    lo, hi = ctx.brief.follower_window()
    count = f"{p.followers:,} followers ({tier})"
    if lo is None and hi is None:
        return _result("tier_fit", ctx, 0.65 + bonus, 0.9, f"{count}; no size asked")
    if lo is not None and hi is not None:
        window = f"{lo:,}-{hi:,}"
    else:
        window = f"up to {hi:,}" if hi is not None else f"{lo or 0:,}+"
    if (lo is None or p.followers >= lo) and (hi is None or p.followers <= hi):
        sweet = ": the micro sweet spot" if tier == "micro" else ""
        asked = "the default micro window, no size asked" if ctx.brief.size_defaulted else "the asked window"
        return _result("tier_fit", ctx, 0.75 + bonus, 0.9, f"{count}, inside {asked} ({window}){sweet}")
    # Outside the window (named-creator look-ups): the further out, on a log scale, the lower.
    edge = lo if lo is not None and p.followers < lo else hi
    ratio = max(p.followers, 1) / max(edge or 1, 1)
    distance = abs(math.log10(ratio))
    side = "under" if lo is not None and p.followers < lo else "over"
    return _result(
        "tier_fit",
        ctx,
        max(0.05, 0.4 - 0.35 * distance),
        0.9,
        f"{count}, {side} the asked window ({window})",
        caveat=True,
    )


def engagement(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Engagement rate against the median of the creator's own tier and platform."""
    p, cfg = candidate.profile, ctx.config
    er = p.engagement_rate
    if er is None:
        return _result(
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
        return _result(
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
    return _result("engagement", ctx, score, confidence, line, caveat=low or below_min)


def _countries_share(shares: dict[str, float], wanted: Sequence[str]) -> float:
    return sum(v for k, v in shares.items() if k.upper() in {w.upper() for w in wanted})


def _share_score(share: float, cfg: RuleConfig) -> float:
    # 0 -> 0.1, audience_share_full and above -> 0.95, linear in between.
    return 0.1 + 0.85 * _clamp(share / cfg.audience_share_full)


def audience_location(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Share of the audience in the asked audience countries (or the creator countries)."""
    p, brief, cfg = candidate.profile, ctx.brief, ctx.config
    wanted = brief.audience_countries or brief.countries
    if not wanted:
        return _not_asked("audience_location", ctx, "No audience location asked")
    asked = "/".join(wanted)
    shares = p.audience.top_countries
    if not shares:
        if p.country and p.country in wanted:
            return _result(
                "audience_location",
                ctx,
                0.6,
                0.3,
                f"Audience location unknown; the creator is based in {p.country} (asked {asked})",
            )
        return _result(
            "audience_location",
            ctx,
            0.5,
            UNKNOWN_CONFIDENCE,
            "Audience location unknown: no audience country data on file",
        )
    share = _countries_share(shares, wanted)
    if share == 0:
        # Vendors list only the top countries: absent means "small", not a measured zero.
        top = ", ".join(f"{c} {pct(v)}" for c, v in sorted(shares.items(), key=lambda kv: -kv[1])[:3])
        return _result(
            "audience_location",
            ctx,
            _share_score(0.0, cfg),
            0.7,
            f"{asked} is not among the audience's top countries ({top})",
            caveat=True,
        )
    low = share < cfg.audience_share_low
    prefix = "Only " if low else ""
    return _result(
        "audience_location",
        ctx,
        _share_score(share, cfg),
        0.85,
        f"{prefix}{pct(share)} of the audience is in {asked}",
        caveat=low,
    )


def audience_language(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """The creator's and the audience's languages against the asked languages."""
    p, brief, cfg = candidate.profile, ctx.brief, ctx.config
    wanted = [w.lower() for w in brief.languages]
    if not wanted:
        return _not_asked("audience_language", ctx, "No language asked")
    asked = "/".join(wanted)
    shares = p.audience.languages
    if shares:
        share = sum(v for k, v in shares.items() if k.lower() in wanted)
        score = _share_score(share, cfg)
        if p.language and p.language.lower() in wanted:
            score = max(score, 0.6)
        low = share < cfg.audience_share_low and not (p.language and p.language.lower() in wanted)
        return _result(
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
        return _result(
            "audience_language",
            ctx,
            0.8 if ok else 0.15,
            0.6,
            f"Posts in {p.language} (asked {asked}); audience languages unknown",
            caveat=not ok,
        )
    return _result("audience_language", ctx, 0.5, UNKNOWN_CONFIDENCE, "Language unknown: no language on file")


def audience_demographics(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Audience gender and age shares against the asked gender and age bands."""
    p, brief, cfg = candidate.profile, ctx.brief, ctx.config
    asked_parts = int(brief.audience_gender is not None) + int(bool(brief.audience_ages))
    if not asked_parts:
        return _not_asked("audience_demographics", ctx, "No audience gender or age asked")
    scores: list[float] = []
    facts: list[str] = []
    unknown: list[str] = []
    if brief.audience_gender is not None:
        if p.audience.gender:
            share = p.audience.gender.get(brief.audience_gender, 0.0)
            # 50% -> neutral; 80%+ -> 0.9; 20% or less -> 0.1.
            scores.append(_interp(share, [(0.2, 0.1), (0.5, 0.5), (0.8, 0.9), (1.0, 0.95)]))
            facts.append(f"{pct(share)} {brief.audience_gender}")
        else:
            unknown.append("gender")
    if brief.audience_ages:
        if p.audience.age_bands:
            share = sum(p.audience.age_bands.get(band, 0.0) for band in brief.audience_ages)
            scores.append(_share_score(share, cfg))
            facts.append(f"{pct(share)} aged {'/'.join(brief.audience_ages)}")
        else:
            unknown.append("age")
    if not scores:
        return _result(
            "audience_demographics",
            ctx,
            0.5,
            UNKNOWN_CONFIDENCE,
            f"Audience {' and '.join(unknown)} unknown: no demographics on file",
        )
    score = sum(scores) / len(scores)
    reason = "Audience " + ", ".join(facts)
    if unknown:
        reason += f" ({' and '.join(unknown)} unknown)"
    confidence = 0.8 * len(scores) / asked_parts
    return _result("audience_demographics", ctx, score, confidence, reason, caveat=score < 0.3)


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
        return _result(
            "credibility",
            ctx,
            0.35 if spike else 0.5,
            0.1 if prone else UNKNOWN_CONFIDENCE,
            f"Audience credibility unknown: no real-follower share on file{note}{spike_note}",
            caveat=spike,
        )
    suspicious_line = 1.0 - cfg.suspicious_ceiling
    score = _interp(
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
    return _result(
        "credibility",
        ctx,
        score,
        0.85,
        f"Audience credibility {pct(cred)} real followers ({verdict}){spike_note}",
        caveat=caveat,
    )


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
        return _result(
            "sponsored_saturation",
            ctx,
            0.5,
            UNKNOWN_CONFIDENCE,
            "Sponsored share unknown: no share on file and no captions to check",
        )
    share, tagged, n = found
    score = _interp(
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
    return _result("sponsored_saturation", ctx, score, confidence, what, caveat=saturated)


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
            return _result(
                "topic_focus",
                ctx,
                0.5,
                UNKNOWN_CONFIDENCE,
                "Topic focus unknown: no topics, bio or captions on file",
            )
        return _result("topic_focus", ctx, 0.5, 0.3, "No recognised niche in topics, bio or captions")
    n = len(counts)
    score = _interp(
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
    return _result("topic_focus", ctx, score, 0.7, reason)


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
            return _result(
                "relevance",
                ctx,
                0.5,
                UNKNOWN_CONFIDENCE,
                "Relevance unknown: no similarity score and no topics asked",
            )
        return _result("relevance", ctx, sim_part, 0.7, f"No topics asked; semantic similarity {sim:.2f}")
    parts: list[str] = []
    if verdict.listed:
        how = "covers" if verdict.broader else "matches"
        parts.append(f"Listed category: {join_words(verdict.listed[:3])} ({how} {_quote(verdict.matched)})")
    if verdict.words:
        parts.append(f"Posts about {join_words(verdict.words[:4])}")
        if not verdict.listed:
            parts[-1] += f" (matches {_quote(verdict.matched)})"
    if verdict.name_words:
        parts.append(f"Handle or name says {_quote(verdict.name_words)}")
        if not verdict.listed and not verdict.words:
            parts[-1] += f" (matches {_quote(verdict.matched)}; a name is weak evidence)"
    if not parts:
        asked = verdict.asked or [w for w in (ctx.brief.brand, *ctx.brief.values) if w]
        parts.append(f"No mention of {_quote(asked)} in categories, bio or captions (weak match)")
    # The miss on the main ask stays visible even when a side topic matched ("gaming" but not "chess").
    missed_main = bool(verdict.asked) and verdict.asked[0] not in verdict.matched
    if missed_main and verdict.matched:
        parts.append(f"no mention of {_quote(verdict.asked[:1])} ({verdict.match} match)")
    if verdict.listed and not verdict.words and not content_text(p, with_topics=False):
        parts.append("thin data: only a listed category, no bio or captions")
    line = "; ".join(parts)
    if sim is not None:
        strength = (
            "strong" if sim >= 0.6 else "related" if sim >= 0.4 else "weak" if sim >= 0.25 else "unrelated"
        )
        line += f"; semantic similarity {sim:.2f} ({strength})"
    caveat = verdict.match == "weak" or (missed_main and verdict.match != "strong")
    return _result("relevance", ctx, verdict.relevance, verdict.confidence, line, caveat=caveat)


def values_fit(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Brand values against the value words the creator uses."""
    p = candidate.profile
    asked = [v for v in ctx.brief.values if v.strip()]
    if not asked:
        return _not_asked("values_fit", ctx, "No brand values asked")
    text = content_text(p)
    if not text:
        return _result(
            "values_fit", ctx, 0.5, UNKNOWN_CONFIDENCE, "Values unknown: no topics, bio or captions on file"
        )
    words: list[str] = []
    shown: list[str] = []
    for value in asked:
        canonical = canonical_value(value)
        terms = (canonical, *VALUES[canonical]) if canonical else (value.lower(),)
        hits = mentions(text, tuple(dict.fromkeys(terms)))
        if hits:
            words.extend(hits)
            shown.append(canonical or value)
    if not shown:
        # Absence of evidence: mildly below neutral, not a conflict.
        return _result("values_fit", ctx, 0.35, 0.5, f"No sign of {_quote(asked)} in bio or captions")
    share = len(shown) / len(asked)
    own = content_text(p, with_topics=False)
    # A value word found only in a category label is not the creator talking about it: say where it is.
    said = "Talks about" if own and mentions(own, tuple(dict.fromkeys(words))) else "Listed category mentions"
    return _result(
        "values_fit",
        ctx,
        0.55 + 0.4 * share,
        0.7 if said == "Talks about" else 0.5,
        f"{said} {_quote(words)} ({join_words(shown)})",
    )


def brand_safety(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Brand-safety words in the creator's own text: any hit is a caveat."""
    text = content_text(candidate.profile)
    # A category label is no text to check: absence of evidence is never a clean bill.
    if not content_text(candidate.profile, with_topics=False):
        return _result(
            "brand_safety", ctx, 0.5, UNKNOWN_CONFIDENCE, "Brand safety unknown: no bio or captions to check"
        )
    found = find_labels(text, SAFETY)
    if found:
        parts = [f"{label} ({_quote(words, 3)})" for label, words in found.items()]
        return _result("brand_safety", ctx, 0.02, 0.8, "Brand-safety flag: " + "; ".join(parts), caveat=True)
    # Absence of evidence, so only moderate confidence.
    return _result("brand_safety", ctx, 0.75, 0.5, "No brand-safety flags in bio or captions")


def competitor_conflict(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Mentions of brands the brief excludes (competitors)."""
    p = candidate.profile
    excluded = [b for b in ctx.brief.exclude_brands if b.strip()]
    if not excluded:
        return _not_asked("competitor_conflict", ctx, "No competitor brands to avoid")
    listed = {b.strip().lower() for b in p.brands_mentioned}
    hits = [b for b in excluded if b.strip().lower() in listed]
    text = content_text(p, with_topics=False)
    hits += [b for b in mentions(text, excluded) if b not in hits] if text else []
    if hits:
        return _result(
            "competitor_conflict",
            ctx,
            0.05,
            0.85,
            f"Works with or mentions {_quote(hits)}, a brand to avoid",
            caveat=True,
        )
    if not text and not p.brands_mentioned:
        return _result(
            "competitor_conflict",
            ctx,
            0.5,
            UNKNOWN_CONFIDENCE,
            "Competitor mentions unknown: no brands or captions on file",
        )
    return _result("competitor_conflict", ctx, 0.7, 0.6, f"No mention of {_quote(excluded)}")


def recency(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Days since the last post."""
    p, cfg = candidate.profile, ctx.config
    last = p.last_post_date
    if last is None:
        return _result("recency", ctx, 0.5, UNKNOWN_CONFIDENCE, "Last post date unknown")
    days = max(0, (ctx.today - last).days)
    score = _interp(
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
    return _result("recency", ctx, score, 0.9, line, caveat=inactive)


def growth(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """Healthy organic follower growth; spikes are flagged by ``credibility``, drops here."""
    p, cfg = candidate.profile, ctx.config
    g = p.follower_growth
    if g is None:
        return _result("growth", ctx, 0.5, UNKNOWN_CONFIDENCE, "Follower growth unknown")
    sign = "+" if g >= 0 else "-"
    rate = f"{sign}{pct(abs(g))}/month"
    if g > cfg.growth_spike:
        # The caveat is raised once, by the credibility rule.
        return _result("growth", ctx, 0.3, 0.6, f"Followers {rate}: faster than organic growth")
    if g < cfg.shrinking:
        return _result("growth", ctx, 0.25, 0.7, f"Followers {rate}: losing audience", caveat=True)
    score = _interp(
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
    return _result("growth", ctx, score, 0.7, f"Followers {rate}: {verdict}")


def contactability(candidate: Candidate, ctx: RuleContext) -> RuleResult:
    """A contact email and the share of outreach answered."""
    p = candidate.profile
    parts: list[float] = []
    facts: list[str] = []
    if p.contact_email:
        parts.append(0.8)
        facts.append("contact email on file")
    if p.reply_rate is not None:
        parts.append(0.3 + 0.65 * p.reply_rate)
        facts.append(f"replies to {pct(p.reply_rate)} of outreach")
    if not parts:
        return _result(
            "contactability", ctx, 0.5, UNKNOWN_CONFIDENCE, "Contact unknown: no email or reply rate on file"
        )
    line = "; ".join(facts)
    return _result(
        "contactability", ctx, sum(parts) / len(parts), 0.4 + 0.2 * len(parts), line[0].upper() + line[1:]
    )


ALL_RULES: tuple[Rule, ...] = (
    relevance,
    topic_focus,
    engagement,
    credibility,
    brand_safety,
    audience_location,
    audience_language,
    audience_demographics,
    values_fit,
    competitor_conflict,
    sponsored_saturation,
    tier_fit,
    recency,
    growth,
    contactability,
)


def evaluate(candidate: Candidate, ctx: RuleContext, rules: Sequence[Rule] = ALL_RULES) -> ScoredCandidate:
    """Run every rule and combine them.

    The score is the weighted mean ``sum(w * s) / sum(w)`` over rules with weight > 0 (missing data
    scores 0.5, so it pulls toward neutral); the confidence is the weighted mean confidence.

    Args:
        candidate: The retrieved profile and its similarity.
        ctx: Brief, today's date and the rule config.
        rules: The rules to run (default: all, in display order).

    Returns:
        The candidate with every rule's verdict, its score and its confidence.

    """
    results = [rule(candidate, ctx) for rule in rules]
    weighted = [r for r in results if r.weight > 0]
    total = sum(r.weight for r in weighted)
    if total > 0:
        score = sum(r.weight * r.score for r in weighted) / total
        confidence = sum(r.weight * r.confidence for r in weighted) / total
    else:
        score, confidence = 0.5, 0.0
    rel = next((r for r in results if r.rule == "relevance"), None)
    asked = bool(ctx.brief.topics or ctx.brief.brand or ctx.brief.values)
    return ScoredCandidate(
        profile=candidate.profile,
        similarity=candidate.similarity,
        results=results,
        score=round(score, 6),
        confidence=round(confidence, 6),
        relevance=rel.score if rel is not None and asked else None,
        match=match_of(rel.score) if rel is not None and asked else None,
    )
