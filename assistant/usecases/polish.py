"""LLM prose over a ranked answer, grounded in the same picks; the offline prose stays on any failure."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from assistant.llm import AnswerFacts, PickFacts
from assistant.presenters import describe_brief
from assistant.usecases.context import ServiceContext, ServiceReply

log = logging.getLogger(__name__)

POLISHED_KINDS = ("recommendations", "profile", "plan", "compare")


def dedupe(items: Sequence[str]) -> list[str]:
    """The items in their first order, each once."""
    return list(dict.fromkeys(items))


def collect_llm_warnings(ctx: ServiceContext, reply: ServiceReply) -> None:
    """Put the model's own status warnings (e.g. "answered offline") first on the answer."""
    reply.answer.warnings = dedupe([*ctx.llm.take_warnings(), *reply.answer.warnings])


def finish(ctx: ServiceContext, reply: ServiceReply, *, prose: bool) -> ServiceReply:
    """The reply as the use case returns it: polished when ``prose`` is asked, else as it stands."""
    return polish(ctx, reply) if prose else reply


def polish(ctx: ServiceContext, reply: ServiceReply) -> ServiceReply:
    """Replace the offline prose with the LLM's, grounded in the same picks (no-op offline)."""
    answer = reply.answer
    if ctx.llm.label == "offline" or answer.kind not in POLISHED_KINDS:
        return reply
    if not answer.recommendations:
        return reply
    try:
        profiles = {
            p.id: p
            for p in ctx.store_call(lambda: ctx.store.get([r.profile_id for r in answer.recommendations]))
        }
        facts = AnswerFacts(
            question=answer.question,
            brief_summary=describe_brief(answer.brief) if answer.brief else "",
            picks=[
                PickFacts.from_recommendation(r, profiles.get(r.profile_id)) for r in answer.recommendations
            ],
            warnings=answer.warnings,
        )
        text = ctx.llm.write_answer(facts)
    except Exception:
        # The ranked list already stands; prose is a bonus.
        log.warning("writing the answer prose failed; keeping the offline prose", exc_info=True)
        text = None
    updated = answer.model_copy(
        # The model's own status leads, as in ``collect_llm_warnings``.
        update={"warnings": dedupe([*ctx.llm.take_warnings(), *answer.warnings])}
    )
    if text:
        if answer.kind == "plan":
            # The plan's figures stay the service's; the LLM's prose leads, the plan lines follow.
            text = text.rstrip() + "\n\n" + answer.answer
        updated = updated.model_copy(update={"answer": text, "llm": ctx.llm.label})
    return reply.model_copy(update={"answer": updated})
