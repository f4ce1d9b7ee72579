"""A follow-up that changes the brief ("only TikTok", "under 50k"): merge it, then rank or plan again."""

from __future__ import annotations

from assistant.brief_merge import refine_brief
from assistant.usecases.context import ServiceContext, ServiceReply
from assistant.usecases.plan import plan
from assistant.usecases.recommend import recommend
from matching.brief import Brief


def refined(ctx: ServiceContext, brief: Brief, text: str, k: int | None) -> Brief:
    """Merge a follow-up's constraints into the brief (``assistant.brief_merge.refine_brief``)."""
    return refine_brief(brief, text, k, today=ctx.today())


def refine(ctx: ServiceContext, brief: Brief, text: str, k: int | None, *, prose: bool) -> ServiceReply:
    """The thread's brief changed by ``text``, ranked afresh."""
    return recommend(ctx, refined(ctx, brief, text, k), prose=prose)


def replan(ctx: ServiceContext, brief: Brief, text: str, k: int | None, *, prose: bool) -> ServiceReply:
    """The thread's brief changed by ``text`` (a budget, a platform), planned afresh."""
    return plan(ctx, refined(ctx, brief, text, k), prose=prose)
