"""Better alternatives to one named creator: similar, higher-scoring on the same brief, no red flags."""

from __future__ import annotations

from assistant.answer import Recommendation, ThreadState
from assistant.presenters import to_recommendations
from assistant.usecases.context import ServiceContext
from matching.brief import Brief
from matching.candidates import ScoredCandidate
from matching.filters import filters_for
from matching.planning import primary_niche
from matching.ranking import rank
from matching.rules import profile_niches
from matching.tiers import tier_range

ALT_MARGIN = 0.01  # an alternative must beat the named creator's score by this much
NEIGHBOURS = 60  # candidates fetched from the target's neighbourhood (and from the brief's best matches)


def alternatives(
    ctx: ServiceContext, target: ScoredCandidate, brief: Brief, n: int = 3
) -> list[Recommendation]:
    """The most similar creators that score higher on the same brief, without red flags.

    Candidates come from the target's neighbourhood (embedding similarity) on the brief's platforms
    (or the target's own), plus the brief's own best matches when it names a subject; with no size
    asked they stay within nano to micro, or up to the target's own tier when it is bigger. Each must
    beat the target by ``ALT_MARGIN`` on the same brief, have no red flags, and fit the brief's subject
    (or, with no subject asked, share the target's main niche).
    """
    p = target.profile
    window = brief
    if brief.min_followers is None and brief.max_followers is None and not brief.tiers:
        top = max(100_000, tier_range(p.tier)[1] or p.followers)
        window = brief.model_copy(update={"min_followers": tier_range("nano")[0], "max_followers": top})
    elif brief.size_defaulted:
        window = brief.model_copy(update={"min_followers": tier_range("nano")[0]})
    filters = filters_for(window, ctx.today()).model_copy(
        update={"platforms": brief.platforms or [p.platform], "exclude_ids": [p.id]}
    )
    candidates = list(ctx.store_call(lambda: ctx.store.similar(p.id, filters, NEIGHBOURS)))
    has_subject = bool(brief.topics or brief.brand or brief.values)
    if has_subject:
        # The target may be off-brief: the brief's own best matches nearby in size and platform too.
        query = brief.semantic_query()
        candidates += ctx.store_call(lambda: ctx.store.search(query, filters, NEIGHBOURS))
    candidates = list({c.profile.id: c for c in candidates}.values())
    niche = primary_niche(p)
    better: list[ScoredCandidate] = []
    for sc in rank(candidates, brief, today=ctx.today(), config=ctx.config).picks:
        if sc.score < target.score + ALT_MARGIN or sc.caveats():
            continue
        relevance = sc.result("relevance")
        if has_subject and relevance is not None and relevance.score < 0.5:
            continue  # better only on health checks, not on fit to the brief
        if not has_subject and niche is not None and niche not in profile_niches(sc.profile):
            continue  # with no brief, "nearest" means the same main niche
        better.append(sc)
    better.sort(key=lambda sc: (-sc.score, sc.profile.id))
    return to_recommendations(better[:n], start=2)


def number_alternatives(
    alternatives: list[Recommendation], target_rank: int, state: ThreadState | None
) -> list[Recommendation]:
    """Give alternatives numbers that never clash with the thread's list ("#3" keeps its meaning).

    A creator already in the thread's list keeps its number there; others are numbered after the
    last number in use.
    """
    ranked = state.ranked_ids if state else []
    used = {target_rank, *range(1, len(ranked) + 1)}
    next_free = max(used) + 1
    for alt in alternatives:
        if alt.profile_id in ranked:
            alt.rank = ranked.index(alt.profile_id) + 1
        else:
            alt.rank = next_free
            next_free += 1
    return alternatives
