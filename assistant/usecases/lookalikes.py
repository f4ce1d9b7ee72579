"""Creators most like one pick ("more like #2"), ranked for the thread's brief."""

from __future__ import annotations

from assistant.answer import Answer, ThreadState
from assistant.composer import compose_list
from assistant.presenters import to_recommendations
from assistant.usecases.context import KEPT_RANKED, ServiceContext, ServiceReply
from assistant.usecases.polish import finish
from matching.brief import Brief
from matching.filters import filters_for
from matching.ranking import rank


def lookalikes(
    ctx: ServiceContext, brief: Brief, seed_id: str, state: ThreadState, *, prose: bool
) -> ServiceReply:
    """The nearest stored creators to ``seed_id`` (by embedding) that pass the brief's filters."""
    today = ctx.today()
    filters = filters_for(brief, today).model_copy(update={"exclude_ids": [seed_id]})
    seeds = ctx.store_call(lambda: ctx.store.get([seed_id]))
    candidates = ctx.store_call(lambda: ctx.store.similar(seed_id, filters, ctx.pool_size))
    ranking = rank(candidates, brief, today=today, config=ctx.config)
    picks = ranking.picks[: brief.k]
    recs = to_recommendations(picks)
    seed = seeds[0].handle if seeds else seed_id
    text = compose_list(brief, recs, matched=len(candidates), why_first=None)
    text = f"Creators most like @{seed}, ranked for your brief:\n" + text.split("\n", 1)[-1]
    answer = Answer(
        kind="recommendations",
        question=f"more like @{seed}",
        brief=brief,
        recommendations=recs,
        answer=text,
        matched=len(candidates),
    )
    new_state = state.model_copy(
        update={"ranked_ids": [sc.profile.id for sc in ranking.picks[:KEPT_RANKED]], "shown": len(picks)}
    )
    return finish(ctx, ServiceReply(answer=answer, state=new_state), prose=prose)
