"""Which stored creator a follow-up means: by its number in the thread, or by handle."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer import Recommendation, ThreadState
from assistant.presenters import to_recommendation
from assistant.router import FollowUp
from assistant.usecases.context import ServiceContext
from matching.brief import Brief
from matching.candidates import ScoredCandidate
from matching.profile import Profile


def prefer_platform(found: Sequence[Profile], brief: Brief) -> Profile:
    """Of one handle's accounts: the one on an asked platform, else the biggest (ties by ID)."""
    asked = sorted((p for p in found if p.platform in brief.platforms), key=lambda p: p.id)
    if asked:
        return asked[0]
    return max(found, key=lambda p: (p.followers, p.id))


def resolve(ctx: ServiceContext, follow: FollowUp, state: ThreadState) -> list[str]:
    """Profile IDs for the follow-up's ranks ("#2") and handles (the thread's first, else the store's)."""
    ids: list[str] = []
    for n in follow.ranks:
        if 1 <= n <= len(state.ranked_ids):
            ids.append(state.ranked_ids[n - 1])
    for h in follow.handles:
        in_thread = [i for i in state.ranked_ids if i.split(":", 1)[1] == h.lower()]
        if in_thread:
            ids.append(in_thread[0])
            continue
        found = ctx.store_call(lambda h=h: ctx.store.find_handle(h))  # type: ignore[misc]
        if found:
            ids.append(prefer_platform(found, state.brief).id)
    return list(dict.fromkeys(ids))


def rank_in_thread(sc: ScoredCandidate, default: int, state: ThreadState | None) -> Recommendation:
    """A pick's row, numbered as in the thread's list when it is there."""
    # "#3" in a thread keeps meaning the third pick: show the creator's rank there when it has one.
    rank_no = default
    if state and sc.profile.id in state.ranked_ids:
        rank_no = state.ranked_ids.index(sc.profile.id) + 1
    return to_recommendation(rank_no, sc, n_reasons=4)
