"""A ranked list for a brief (and "show more" pages of it), with team feedback applied."""

from __future__ import annotations

import logging

from assistant.answer import Answer, ThreadState
from assistant.composer import FOLLOW_UP_HINT, compose_list
from assistant.feedback import brand_key, sink_not_a_fit, sunk_note
from assistant.presenters import to_recommendations
from assistant.relaxation import relax_hints
from assistant.relevance_notice import all_weak_notice
from assistant.usecases.context import KEPT_RANKED, ServiceContext, ServiceReply
from assistant.usecases.polish import finish
from matching.brief import Brief
from matching.filters import filters_for
from matching.ranking import Ranking

log = logging.getLogger(__name__)

CANDIDATES_PER_PICK = 10  # leaves the rules room to reorder; at 100k profiles fetching 300 costs ~4x 100


def recommend(
    ctx: ServiceContext, brief: Brief, *, prose: bool, offset: int = 0, state: ThreadState | None = None
) -> ServiceReply:
    """The brief's picks ``offset + 1`` to ``offset + k``, with relaxation hints when too few match."""
    today = ctx.today()
    filters = filters_for(brief, today)
    ranking = ctx.rank(brief, filters, pool=max(ctx.pool_size, (offset + brief.k) * CANDIDATES_PER_PICK))
    ranking, sunk = _sink_not_a_fit(ctx, brief, ranking)
    picks = ranking.picks[offset : offset + brief.k]
    matched = ctx.store_call(lambda: ctx.store.count(filters))
    hints: list[str] = []
    if len(picks) < brief.k and offset == 0:
        hints = relax_hints(filters, lambda f: ctx.store_call(lambda: ctx.store.count(f)), matched)
    recs = to_recommendations(picks, start=offset + 1)
    warnings = ctx.coverage_warnings(brief)
    if offset and not picks:
        text = f"That's everything: all {offset} matching profiles have been shown. Try widening the brief."
    else:
        text = compose_list(
            brief,
            recs,
            matched=matched,
            why_first=ranking.why_first if offset == 0 else None,
            relax_hints=hints,
        )
    if sunk:
        text += "\n" + sunk_note(sunk)
    if notice := all_weak_notice(brief, recs):
        # Say it first, in the answer and in the warnings, so no reader takes these as fits.
        text = notice + "\n" + text
        warnings = [notice, *warnings]
    answer = Answer(
        kind="recommendations",
        question=brief.question,
        brief=brief,
        recommendations=recs,
        answer=text,
        warnings=warnings,
        matched=matched,
        suggestions=[FOLLOW_UP_HINT] if recs else hints,
        data_updated_at=ctx.stats().updated_at,
    )
    ranked_ids = [sc.profile.id for sc in ranking.picks[:KEPT_RANKED]]
    new_state = ThreadState(
        brief=brief,
        ranked_ids=ranked_ids,
        shown=offset + len(picks),
        shortlist=state.shortlist if state else [],
    )
    return finish(ctx, ServiceReply(answer=answer, state=new_state), prose=prose)


def _sink_not_a_fit(ctx: ServiceContext, brief: Brief, ranking: Ranking) -> tuple[Ranking, list[str]]:
    """Creators the team marked "Not a fit" for this brand go below the rest (a feedback outage is logged)."""
    if ctx.feedback is None:
        return ranking, []
    try:
        marked = ctx.feedback.not_a_fit(brand_key(brief))
    except Exception:
        log.warning("could not read feedback; ranking without it", exc_info=True)
        return ranking, []
    picks, sunk = sink_not_a_fit(ranking.picks, marked)
    if not sunk:
        return ranking, []
    moved_first = bool(ranking.picks) and ranking.picks[0].profile.handle in sunk
    update: dict[str, object] = {"picks": picks}
    if moved_first:
        update["why_first"] = ""
    return ranking.model_copy(update=update), sunk
