"""The use cases behind RecommendationService, called directly over a ServiceContext."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assistant.answer import Recommendation, ThreadState
from assistant.llm import OfflineModel
from assistant.service import RecommendationService, StoreUnavailableError
from assistant.usecases.alternatives import number_alternatives
from assistant.usecases.context import ServiceContext
from assistant.usecases.lookup import prefer_platform
from assistant.usecases.named import judging_brief
from assistant.usecases.recommend import recommend
from fakes.memory_store import MemoryStore
from fakes.profiles import TODAY, climbing_set, make_profile
from matching.parser import parse_brief
from matching.profile import Profile
from matching.store_types import StoreStats
from matching.weights import DEFAULT_CONFIG

CLIMB_Q = "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US"


class CountingStore(MemoryStore):
    """A memory store that counts ``stats`` calls (the service caches them)."""

    def __init__(self, profiles: list[Profile]) -> None:
        super().__init__(profiles)
        self.stats_calls = 0

    def stats(self) -> StoreStats:
        self.stats_calls += 1
        return super().stats()


def context(store: MemoryStore, today: date = TODAY) -> ServiceContext:
    return ServiceContext(
        store=store, llm=OfflineModel(), today=lambda: today, config=DEFAULT_CONFIG, pool_size=100
    )


def rec(profile_id: str) -> Recommendation:
    return Recommendation(
        rank=0,
        handle=profile_id.split(":", 1)[1],
        platform="instagram",
        followers=40_000,
        engagement_rate=0.02,
        country="US",
        tier="micro",
        score=0.5,
        reasons=[],
        profile_url=None,
        profile_id=profile_id,
    )


def test_recommend_use_case_gives_the_services_list_for_a_new_question() -> None:
    store = MemoryStore(climbing_set())
    brief = parse_brief(CLIMB_Q, today=TODAY)
    direct = recommend(context(store), brief, prose=False)
    via_service = RecommendationService(store, OfflineModel(), today=lambda: TODAY).ask(CLIMB_Q, prose=False)
    assert direct.answer.kind == "recommendations"
    assert direct.answer.recommendations, "the climbing set has fitting creators"
    assert [r.profile_id for r in direct.answer.recommendations] == [
        r.profile_id for r in via_service.answer.recommendations
    ]
    assert direct.state is not None
    assert direct.state.shown == len(direct.answer.recommendations)


def test_a_clock_set_after_construction_reaches_the_use_cases() -> None:
    # evaluation.py pins ``service.today`` after building the service; the use cases must see it.
    later = TODAY + timedelta(days=400)  # every sample creator's last post is then over a year old
    pinned = RecommendationService(MemoryStore(climbing_set()), OfflineModel(), today=lambda: TODAY)
    pinned.today = lambda: later
    built_later = RecommendationService(MemoryStore(climbing_set()), OfflineModel(), today=lambda: later)
    on_time = RecommendationService(MemoryStore(climbing_set()), OfflineModel(), today=lambda: TODAY)
    scores = [r.score for r in pinned.ask(CLIMB_Q).answer.recommendations]
    assert scores
    assert scores == [r.score for r in built_later.ask(CLIMB_Q).answer.recommendations]
    assert scores != [r.score for r in on_time.ask(CLIMB_Q).answer.recommendations]


def test_store_statistics_are_cached_unless_the_store_is_empty() -> None:
    full = CountingStore(climbing_set())
    ctx = context(full)
    assert ctx.stats().profiles == len(climbing_set())
    ctx.stats()
    assert full.stats_calls == 1
    empty = CountingStore([])
    ctx = context(empty)
    ctx.stats()
    ctx.stats()
    assert empty.stats_calls == 2  # a seed in another process must show at once


def test_store_failures_become_store_unavailable() -> None:
    ctx = context(MemoryStore(climbing_set()))

    def broken() -> int:
        raise ConnectionError("chroma down")

    with pytest.raises(StoreUnavailableError, match="chroma down"):
        ctx.store_call(broken)


def test_alternatives_never_reuse_a_number_the_thread_gives_another_pick() -> None:
    state = ThreadState(
        brief=parse_brief(CLIMB_Q, today=TODAY),
        ranked_ids=["instagram:a", "instagram:b", "instagram:c"],
        shown=3,
    )
    alts = number_alternatives([rec("instagram:b"), rec("instagram:x"), rec("instagram:y")], 1, state)
    assert [(a.handle, a.rank) for a in alts] == [("b", 2), ("x", 4), ("y", 5)]
    fresh = number_alternatives([rec("instagram:x"), rec("instagram:y")], 1, None)
    assert [a.rank for a in fresh] == [2, 3]


def test_a_handle_on_several_platforms_resolves_to_the_asked_one_else_the_biggest() -> None:
    ig = make_profile("dual", platform="instagram", followers=20_000)
    tt = make_profile("dual", platform="tiktok", followers=90_000)
    on_instagram = parse_brief("tell me about @dual on Instagram", today=TODAY)
    assert on_instagram.platforms == ["instagram"]
    assert prefer_platform([ig, tt], on_instagram).platform == "instagram"
    anywhere = parse_brief("tell me about @dual", today=TODAY)
    assert not anywhere.platforms
    assert prefer_platform([ig, tt], anywhere).platform == "tiktok"  # the bigger account
    same_size = tt.model_copy(update={"followers": 20_000})
    assert prefer_platform([ig, same_size], anywhere).id == max(ig.id, same_size.id)  # ties by ID


def test_a_named_creator_outside_the_default_size_is_not_judged_by_it() -> None:
    brief = parse_brief("is @big a fit for a vegan bakery?", today=TODAY)
    assert brief.size_defaulted
    inside = make_profile("small", followers=40_000)
    outside = make_profile("big", followers=900_000)
    assert judging_brief(inside, brief) is brief
    judged = judging_brief(outside, brief)
    assert (judged.min_followers, judged.max_followers) == (None, None)
    asked = parse_brief("is @big a fit for a vegan bakery, 10k-50k followers?", today=TODAY)
    assert not asked.size_defaulted
    assert judging_brief(outside, asked) is asked
