"""Ranking: weighted fit score, red flags sunk, diversity among the top picks, deterministic ties.

Steps:
1. Drop excluded handles and duplicate profiles.
2. Score every candidate with the fit rules (``matching.rules.evaluate``).
3. Sort by (score, confidence, profile ID) so equal inputs always give the same order.
4. Put hard-flagged creators (brand-safety hits, credibility under the red-flag line, ad-saturated
   feeds, competitor ties) below every clean one.
5. Re-rank the top ``diversity_pool * k`` clean candidates with Maximal Marginal Relevance
   (Carbonell & Goldstein 1998) so the first picks are not near-clones of each other.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
from pydantic import BaseModel, Field

from matching.brief import Brief
from matching.candidates import Candidate, ScoredCandidate
from matching.profile import Profile
from matching.relevance import MATCH_ORDER
from matching.rules import (
    RULE_LABELS,
    RuleContext,
    evaluate,
    pct,
    profile_niches,
    sponsored_share,
)
from matching.weights import DEFAULT_CONFIG, RuleConfig
from matching.wording import join_words

# Rule-score differences smaller than this (weighted) are not worth naming in an explanation.
_NOTABLE = 0.01


class Ranking(BaseModel):
    """The ranked candidates and a one-line explanation of the first place."""

    picks: list[ScoredCandidate] = Field(description="All ranked candidates (or ``limit``), best first.")
    why_first: str = Field(description="One sentence on why #1 beats #2.")
    excluded: list[str] = Field(default_factory=list, description="Profile IDs dropped by exclude_handles.")
    flagged: list[str] = Field(default_factory=list, description="Profile IDs sunk below clean ones.")


def sort_key(sc: ScoredCandidate) -> tuple[float, float, str]:
    """Best first: higher score, then higher confidence, then profile ID."""
    return (-sc.score, -sc.confidence, sc.profile.id)


def hard_flags(sc: ScoredCandidate, config: RuleConfig = DEFAULT_CONFIG) -> list[str]:
    """The red flags that put a creator below every clean one (empty = clean).

    Brand-safety hits, credibility under ``config.credibility_red_flag``, ad saturation (more than
    ``config.sponsored_saturated`` of posts sponsored) and ties to a brand the brief excludes.
    """
    flags: list[str] = []
    safety = sc.result("brand_safety")
    if safety is not None and safety.caveat:
        flags.append(safety.reason)
    cred = sc.profile.audience.credibility
    if cred is not None and cred < config.credibility_red_flag:
        flags.append(
            f"audience credibility {pct(cred)}, under the {pct(config.credibility_red_flag)} red-flag line"
        )
    ads = sc.result("sponsored_saturation")
    # Ad saturation sinks only when it is well supported (a share on file or 4+ captions counted).
    if ads is not None and ads.caveat and ads.confidence >= 0.5:
        flags.append(ads.reason)
    conflict = sc.result("competitor_conflict")
    if conflict is not None and conflict.caveat:
        flags.append(conflict.reason)
    return flags


def is_excluded(profile: Profile, brief: Brief) -> bool:
    """True when the brief excludes this creator by handle (any platform) or profile ID."""
    excluded = set(brief.exclude_handles)
    return profile.handle.lower() in excluded or profile.id in excluded


# --- diversity --------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]{3,}")


def _handle_stem(handle: str) -> str:
    return re.sub(r"[\d_.\-]+", "", handle.lower())


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


class _Features:
    """What the fallback similarity compares, computed once per profile."""

    __slots__ = ("country", "niches", "platform", "stem", "words")

    def __init__(self, profile: Profile) -> None:
        self.niches = set(profile_niches(profile))
        self.words = set(_WORD.findall(profile.embedding_text().lower()))
        self.stem = _handle_stem(profile.handle)
        self.platform = profile.platform
        self.country = profile.country


def _feature_similarity(a: _Features, b: _Features) -> float:
    prefix = 0
    for ca, cb in zip(a.stem, b.stem, strict=False):
        if ca != cb:
            break
        prefix += 1
    if a.stem and a.stem == b.stem:
        handle = 1.0
    else:
        handle = prefix / min(len(a.stem), len(b.stem)) if prefix >= 4 else 0.0
    return (
        0.35 * _jaccard(a.niches, b.niches)
        + 0.25 * _jaccard(a.words, b.words)
        + 0.2 * handle
        + 0.1 * float(a.platform == b.platform)
        + 0.1 * float(a.country is not None and a.country == b.country)
    )


def fallback_similarity(a: Profile, b: Profile) -> float:
    """How alike two creators look without embeddings, in [0, 1].

    Shared niches (0.35), shared words in their text (0.25), same handle stem or a long shared handle
    prefix (0.2), same platform (0.1) and same country (0.1). Near-clones score close to 1.
    """
    return _feature_similarity(_Features(a), _Features(b))


def _similarity_matrix(
    pool: Sequence[ScoredCandidate], vectors: Mapping[str, Sequence[float]] | None
) -> np.ndarray:
    n = len(pool)
    sims = np.zeros((n, n))
    unit: dict[int, np.ndarray] = {}
    if vectors:
        for i, sc in enumerate(pool):
            vec = vectors.get(sc.profile.id)
            if vec is not None and len(vec):
                arr = np.asarray(vec, dtype=float)
                norm = float(np.linalg.norm(arr))
                if norm > 0:
                    unit[i] = arr / norm
    # Fallback features for everyone unless every vector is known (a pair needs both vectors).
    features = {i: _Features(sc.profile) for i, sc in enumerate(pool)} if len(unit) < n else {}
    for i in range(n):
        for j in range(i + 1, n):
            if i in unit and j in unit:
                value = max(0.0, float(unit[i] @ unit[j]))
            else:
                value = _feature_similarity(features[i], features[j])
            sims[i, j] = sims[j, i] = value
    return sims


def diversify(
    ordered: Sequence[ScoredCandidate],
    k: int,
    config: RuleConfig = DEFAULT_CONFIG,
    vectors: Mapping[str, Sequence[float]] | None = None,
) -> list[ScoredCandidate]:
    """MMR re-ranking of the top ``config.diversity_pool * k`` of an already sorted list.

    Each step takes the candidate maximising ``lambda * score - (1 - lambda) * redundancy``, where
    redundancy is the highest similarity to the ones already taken, rescaled so that similarity under
    ``config.diversity_floor`` costs nothing. Ties keep the sorted order, so the result is
    deterministic. The first pick is always the best-scored one.
    """
    lam = config.mmr_lambda
    pool_size = min(len(ordered), max(k, config.diversity_pool * k))
    if lam >= 1.0 or pool_size < 3:
        return list(ordered)
    pool, rest = list(ordered[:pool_size]), list(ordered[pool_size:])
    floor = config.diversity_floor
    sims = np.clip((_similarity_matrix(pool, vectors) - floor) / max(1e-9, 1.0 - floor), 0.0, 1.0)
    chosen: list[int] = []
    nearest = np.zeros(pool_size)  # max similarity of each candidate to the chosen ones
    remaining = list(range(pool_size))
    while remaining:
        best = max(remaining, key=lambda i: (lam * pool[i].score - (1 - lam) * nearest[i], -i))
        chosen.append(best)
        remaining.remove(best)
        nearest = np.maximum(nearest, sims[best])
    return [pool[i] for i in chosen] + rest


# --- why #1 beats #2 -------------------------------------------------------------------------------


def _detail(rule: str, a: ScoredCandidate, b: ScoredCandidate) -> str:
    """The numbers behind a rule comparison, when both sides have them."""
    pa, pb = a.profile, b.profile
    if rule == "engagement" and pa.engagement_rate is not None and pb.engagement_rate is not None:
        if pa.engagement_rate >= pb.engagement_rate:
            return f" ({pct(pa.engagement_rate)} vs {pct(pb.engagement_rate)})"
        return f" ({pct(pa.engagement_rate)} vs {pct(pb.engagement_rate)}, but against a smaller tier median)"
    if rule == "credibility" and pa.audience.credibility is not None and pb.audience.credibility is not None:
        return f" ({pct(pa.audience.credibility)} vs {pct(pb.audience.credibility)} real followers)"
    if rule == "relevance" and a.similarity is not None and b.similarity is not None:
        return f" (similarity {a.similarity:.2f} vs {b.similarity:.2f})"
    if rule == "recency" and pa.last_post_date and pb.last_post_date:
        return f" (last post {pa.last_post_date.isoformat()} vs {pb.last_post_date.isoformat()})"
    if rule == "sponsored_saturation":
        sa, sb = sponsored_share(pa), sponsored_share(pb)
        if sa is not None and sb is not None:
            return f" ({pct(sa[0])} vs {pct(sb[0])} sponsored)"
    if rule == "tier_fit":
        return f" ({pa.followers:,} vs {pb.followers:,} followers)"
    return ""


def rule_gaps(a: ScoredCandidate, b: ScoredCandidate) -> list[tuple[str, float]]:
    """Per rule, ``weight * (score_a - score_b)``, largest gap in a's favour first."""
    gaps: list[tuple[str, float]] = []
    for ra in a.results:
        rb = b.result(ra.rule)
        if rb is None:
            continue
        weight = max(ra.weight, rb.weight)
        if weight > 0:
            gaps.append((ra.rule, weight * (ra.score - rb.score)))
    return sorted(gaps, key=lambda g: (-g[1], g[0]))


def explain_lead(a: ScoredCandidate, b: ScoredCandidate, *, limit: int = 2) -> list[str]:
    """Noun phrases for the rules where ``a`` is ahead of ``b``, with numbers where known."""
    gaps = [(rule, gap) for rule, gap in rule_gaps(a, b) if gap > 0]
    notable = [g for g in gaps if g[1] > _NOTABLE] or gaps  # small leads still say where it is ahead
    return [RULE_LABELS.get(rule, rule) + _detail(rule, a, b) for rule, _ in notable[:limit]]


def why_first(picks: Sequence[ScoredCandidate], config: RuleConfig = DEFAULT_CONFIG) -> str:
    """One sentence on why the first pick beats the second."""
    if not picks:
        return "No candidates to rank."
    a = picks[0]
    if len(picks) == 1:
        return f"@{a.profile.handle} is the only candidate left to rank."
    b = picks[1]
    ha, hb = f"@{a.profile.handle}", f"@{b.profile.handle}"
    flags_b = hard_flags(b, config)
    lead = explain_lead(a, b)
    if flags_b and not hard_flags(a, config):
        tail = f"; it is also ahead on {join_words(lead)}" if lead else ""
        return f"{ha} ranks first: {hb} carries a red flag ({flags_b[0]}){tail}."
    if lead and (a.score > b.score or a.confidence == b.confidence):
        digits = 2 if f"{a.score:.2f}" != f"{b.score:.2f}" else 3
        return f"{ha} ranks first (score {a.score:.{digits}f} vs {b.score:.{digits}f}), ahead of {hb} on {join_words(lead)}."
    if a.score == b.score and a.confidence != b.confidence:
        return f"{ha} ranks first: level with {hb} on score, with more of its data on file."
    if a.score < b.score:
        # Only diversity puts a lower score first: #2 is too close to a pick already made.
        return f"{ha} ranks first although {hb} scores higher, to keep the top picks varied."
    return f"{ha} ranks first: level with {hb} on every rule; the tie goes by profile ID."


def _gate(sc: ScoredCandidate) -> int:
    return MATCH_ORDER.get(sc.match or "partial", 1)


def _dedupe_key(c: Candidate) -> tuple[float, str]:
    return (-2.0 if c.similarity is None else c.similarity, c.profile.content_hash())


# --- the entry point ---------------------------------------------------------------------------------


def rank(
    candidates: Sequence[Candidate],
    brief: Brief,
    *,
    today: date,
    config: RuleConfig = DEFAULT_CONFIG,
    vectors: Mapping[str, Sequence[float]] | None = None,
    limit: int | None = None,
) -> Ranking:
    """Score, order and diversify candidates for a brief.

    Args:
        candidates: Retrieved profiles with their similarity (any order; duplicates allowed).
        brief: The structured question.
        today: The date recency is judged against.
        config: Weights and thresholds.
        vectors: Profile ID -> embedding, used for diversity (a text/metadata fallback otherwise).
        limit: Keep only this many picks (all when None). Diversity works on the top
            ``diversity_pool * (limit or brief.k)``.

    Returns:
        The ranked picks, best first, and why the first is first.

    """
    ctx = RuleContext(brief=brief, today=today, config=config)
    excluded: set[str] = set()
    best: dict[str, Candidate] = {}
    for c in candidates:
        pid = c.profile.id
        if is_excluded(c.profile, brief):
            excluded.add(pid)
            continue
        # Duplicates: keep the copy with the higher similarity (unknown counts as lowest).
        kept = best.get(pid)
        if kept is None or _dedupe_key(c) > _dedupe_key(kept):
            best[pid] = c
    scored = sorted((evaluate(c, ctx) for c in best.values()), key=sort_key)
    clean = [sc for sc in scored if not hard_flags(sc, config)]
    flagged = [sc for sc in scored if hard_flags(sc, config)]
    k = limit or brief.k
    # Relevance gates: a weak pick never outranks a strong one because of engagement or size.
    picks = sorted(diversify(clean, k, config, vectors), key=_gate) + flagged
    if limit is not None:
        picks = picks[:limit]
    return Ranking(
        picks=picks,
        why_first=why_first(picks, config),
        excluded=sorted(excluded),
        flagged=[sc.profile.id for sc in flagged],
    )
