"""The thread's shortlist, and its list or plan exported as CSV."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer import Answer, ThreadState
from assistant.export import plan_csv, recommendations_csv
from assistant.presenters import to_recommendation
from assistant.usecases.context import ServiceContext, ServiceReply
from assistant.usecases.plan import plan
from matching.brief import Brief


def add_to_shortlist(
    ctx: ServiceContext, brief: Brief, text: str, targets: Sequence[str], state: ThreadState
) -> ServiceReply:
    """Add ``targets`` to the thread's shortlist (each once) and say who is on it."""
    added = [t for t in targets if t not in state.shortlist]
    new_state = state.model_copy(update={"shortlist": [*state.shortlist, *added]})
    profiles = ctx.store_call(lambda: ctx.store.get(new_state.shortlist))
    names = ", ".join("@" + p.handle for p in profiles)
    msg = f"Shortlist ({len(profiles)}): {names}. Say 'export' for a CSV."
    return ServiceReply(
        answer=Answer(kind="shortlist", question=text, brief=brief, answer=msg), state=new_state
    )


def export(ctx: ServiceContext, state: ThreadState) -> ServiceReply:
    """The thread's plan (costs and angles), or its shown picks plus shortlist, as CSV."""
    if state.plan_ids:
        # A plan thread exports the plan with its cost estimates and angles. Plans are deterministic,
        # so rebuilding from the thread's brief gives the plan the user saw.
        planned = plan(ctx, state.brief, prose=False).answer
        if planned.plan is not None:
            answer = planned.model_copy(
                update={
                    "kind": "export",
                    "question": "export",
                    "answer": f"Exported the campaign plan ({len(planned.plan.picks)} creators, estimates) as CSV.",
                    "csv": plan_csv(planned.plan),
                }
            )
            return ServiceReply(answer=answer, state=state)
    ids = list(dict.fromkeys([*state.ranked_ids[: max(state.shown, 1)], *state.shortlist]))
    profiles = {p.id: p for p in ctx.store_call(lambda: ctx.store.get(ids))}
    scored = [ctx.score(profiles[i], state.brief) for i in ids if i in profiles]
    rows = [to_recommendation(n, sc, n_reasons=4) for n, sc in enumerate(scored, 1)]
    csv_text = recommendations_csv(rows, set(state.shortlist))
    what = f"{len(rows)} creators" + (f" ({len(state.shortlist)} shortlisted)" if state.shortlist else "")
    answer = Answer(
        kind="export",
        question="export",
        brief=state.brief,
        recommendations=rows,
        answer=f"Exported {what} as CSV.",
        csv=csv_text,
    )
    return ServiceReply(answer=answer, state=state)
