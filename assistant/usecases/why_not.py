"""Why a creator is not on the list (or not higher): the filters it breaks and the rules it loses on."""

from __future__ import annotations

from assistant.answer import Answer, ThreadState
from assistant.presenters import to_recommendation
from assistant.usecases.context import ServiceContext, ServiceReply
from assistant.usecases.help import not_held
from matching.brief import Brief
from matching.explain import why_not as explain_why_not
from matching.filters import filters_for, violations


def why_not(ctx: ServiceContext, brief: Brief, target_id: str, state: ThreadState) -> ServiceReply:
    """Explain ``target_id``'s place against the thread's brief and its current ranking."""
    today = ctx.today()
    profiles = ctx.store_call(lambda: ctx.store.get([target_id]))
    if not profiles:
        return ServiceReply(answer=not_held(ctx, brief.question, [target_id], None))
    profile = profiles[0]
    filters = filters_for(brief, today)
    broken = violations(profile, filters)
    ranking = ctx.rank(brief, filters, pool=ctx.pool_size)
    target = ctx.candidate(profile, brief)
    text = explain_why_not(target, brief, ranking, broken, today=today, config=ctx.config)
    row = to_recommendation(1, ctx.evaluate(target, brief), n_reasons=4)
    answer = Answer(
        kind="why_not",
        question=f"why not @{profile.handle}",
        brief=brief,
        recommendations=[row],
        answer=text,
    )
    return ServiceReply(answer=answer, state=state)
