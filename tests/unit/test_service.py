"""The service end to end over an in-memory store and the offline model: every intent and failure."""

from __future__ import annotations

import csv
import io

import pytest

from assistant.answer import ThreadState
from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from fakes.memory_store import MemoryStore
from fakes.profiles import TODAY, climbing_set, make_profile
from matching.filters import filters_for, violations

CLIMB_Q = "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US"


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore(climbing_set())


@pytest.fixture
def service(store: MemoryStore) -> RecommendationService:
    return RecommendationService(store, OfflineModel(), today=lambda: TODAY)


def handles(reply) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.handle for r in reply.answer.recommendations]


def test_list_answer_respects_hard_constraints_and_contract(service: RecommendationService) -> None:
    reply = service.ask(CLIMB_Q)
    a = reply.answer
    assert a.kind == "recommendations"
    assert a.brief is not None and a.brief.platforms == ["instagram"]
    filters = filters_for(a.brief, TODAY)
    for r in a.recommendations:
        profile = service.store.get([r.profile_id])[0]
        assert violations(profile, filters) == []
        assert r.reasons, r.handle
    assert [r.rank for r in a.recommendations] == list(range(1, len(a.recommendations) + 1))
    doc = a.to_json()
    assert set(doc) >= {"question", "brief", "llm", "recommendations", "answer", "warnings"}
    assert doc["llm"] == "offline"
    rec = doc["recommendations"][0]
    assert set(rec) >= {
        "rank",
        "handle",
        "platform",
        "followers",
        "engagement_rate",
        "country",
        "tier",
        "score",
        "reasons",
        "profile_url",
    }
    # Micro default: the mega account and the nano one are out; the answer says so.
    assert "mega_climber" not in handles(reply) and "nano_crimper" not in handles(reply)
    assert "micro" in a.answer.lower()


def test_fit_beats_reach_and_red_flags_sink(service: RecommendationService) -> None:
    reply = service.ask("climbing snack creators on instagram, any size, US audience", k=10)
    order = handles(reply)
    assert order.index("crag_kiwi") < order.index("mega_climber")
    for flagged in ("bought_belay", "casino_climbs", "injector"):
        if flagged in order:
            assert order.index(flagged) > order.index("crag_kiwi")
    casino = next((r for r in reply.answer.recommendations if r.handle == "casino_climbs"), None)
    if casino is not None:
        assert any("gambling" in c.lower() for c in casino.caveats)


def test_injection_in_bio_changes_nothing(service: RecommendationService, store: MemoryStore) -> None:
    before = handles(service.ask(CLIMB_Q))
    assert before[:1] != ["injector"]
    reply = service.ask(CLIMB_Q)
    assert "<!channel>" not in reply.answer.answer


def test_empty_and_absurd_questions_get_usage(service: RecommendationService) -> None:
    for q in ("", "   ", "???", "🙂🙂"):
        a = service.ask(q).answer
        assert a.kind == "help"
        assert "For example" in a.answer


def test_follow_ups_in_a_thread(service: RecommendationService) -> None:
    first = service.ask(CLIMB_Q)
    state = first.state
    assert state is not None and state.ranked_ids
    second_id = state.ranked_ids[1]

    details = service.ask("tell me more about #2", state)
    assert details.answer.kind == "profile"
    assert details.answer.recommendations[0].profile_id == second_id

    cmp = service.ask("compare 1 and 2", state)
    assert cmp.answer.kind == "compare"
    assert [r.profile_id for r in cmp.answer.recommendations[:2]] == state.ranked_ids[:2]

    tiktok = service.ask("any on TikTok instead?", state)
    assert tiktok.answer.kind == "recommendations"
    assert tiktok.answer.recommendations and {r.platform for r in tiktok.answer.recommendations} == {"tiktok"}

    like = service.ask("more like #1", state)
    assert like.answer.kind == "recommendations"
    assert state.ranked_ids[0] not in [r.profile_id for r in like.answer.recommendations]

    exported = service.ask("export the list", state)
    assert exported.answer.kind == "export" and exported.answer.csv
    rows = list(csv.DictReader(io.StringIO(exported.answer.csv)))
    assert [r["handle"] for r in rows] == handles(first)


def test_why_not_names_the_constraint(service: RecommendationService) -> None:
    state = service.ask(CLIMB_Q).state
    assert state is not None
    a = service.ask("why not @mega_climber?", state).answer
    assert a.kind == "why_not"
    assert "2,400,000" in a.answer or "maximum" in a.answer.lower() or "100,000" in a.answer


def test_shortlist_then_export_marks_it(service: RecommendationService) -> None:
    state = service.ask(CLIMB_Q).state
    assert state is not None
    added = service.action("shortlist_add", state.ranked_ids[0], state)
    assert added.state is not None and added.state.shortlist == [state.ranked_ids[0]]
    exported = service.action("export", "", added.state)
    assert exported.answer.csv is not None and "yes" in exported.answer.csv


def test_named_creator_gets_every_rule(service: RecommendationService) -> None:
    a = service.ask("tell me about @boulder_bea").answer
    assert a.kind == "profile"
    top = a.recommendations[0]
    assert top.rank == 1 and top.handle == "boulder_bea"
    assert len(top.reasons) == len(top.rules) >= 8


def test_unknown_handle_suggests_close_spellings(service: RecommendationService) -> None:
    a = service.ask("tell me about @bolder_bea").answer
    assert "don't hold" in a.answer and "@boulder_bea" in a.answer


def test_plan_stays_within_budget(service: RecommendationService) -> None:
    a = service.ask("plan a campaign for a trail snack brand with $1,000 on Instagram and TikTok").answer
    assert a.kind == "plan" and a.plan is not None
    assert a.plan.total_cost_high <= 1000
    assert a.plan.picks and all(p.angle for p in a.plan.picks)
    doc = a.to_json()
    assert doc["plan"]["total_cost_high"] <= doc["plan"]["budget"]


def test_plan_budget_too_small_names_cheapest(service: RecommendationService) -> None:
    a = service.ask("plan a campaign for a climbing snack with $3 on instagram").answer
    assert "too small" in a.answer and "@" in a.answer


def test_store_down_gives_friendly_error(service: RecommendationService, store: MemoryStore) -> None:
    store.fail = True
    a = service.ask(CLIMB_Q).answer
    assert a.kind == "error"
    assert "ref" in a.answer and "Traceback" not in a.answer


def test_fewer_than_asked_suggests_relaxing(service: RecommendationService) -> None:
    a = service.ask("10 climbing creators on instagram based in the UK").answer
    assert len(a.recommendations) < 10
    assert "would match" in a.answer


def test_button_without_state_is_friendly(service: RecommendationService) -> None:
    a = service.action("more_like", "instagram:crag_kiwi", None).answer
    assert a.kind == "help"


def test_more_pages_forward(store: MemoryStore) -> None:
    for i in range(12):
        store.upsert([make_profile(f"extra_climber_{i}", followers=20_000 + i * 1000)])
    service = RecommendationService(store, OfflineModel(), today=lambda: TODAY)
    first = service.ask("climbing creators on instagram")
    assert first.state is not None
    more = service.ask("show more", first.state)
    assert more.answer.recommendations[0].rank == 6
    assert not set(handles(first)) & set(handles(more))


def test_state_round_trips_as_json(service: RecommendationService) -> None:
    state = service.ask(CLIMB_Q).state
    assert state is not None
    again = ThreadState.model_validate_json(state.model_dump_json())
    assert (
        service.ask("tell me more about #1", again).answer.recommendations[0].profile_id
        == state.ranked_ids[0]
    )


def test_refine_widens_and_narrows_the_window(service: RecommendationService) -> None:
    state = service.ask("climbing creators on instagram").state
    assert state is not None and state.brief.size_defaulted
    wider = service.ask("include mid-tier", state).answer
    assert wider.brief is not None
    assert (wider.brief.min_followers, wider.brief.max_followers) == (10_000, 500_000)
    narrower = service.ask("under 30k", state).answer
    assert narrower.brief is not None
    assert (narrower.brief.min_followers, narrower.brief.max_followers) == (10_000, 30_000)
    assert all(r.followers <= 30_000 for r in narrower.recommendations)
    anything = service.ask("any size", state).answer
    assert anything.brief is not None
    assert (anything.brief.min_followers, anything.brief.max_followers) == (None, None)
    assert "mega_climber" in [r.handle for r in service.ask("any size", state, k=20).answer.recommendations]


def test_only_uk_replaces_location(service: RecommendationService) -> None:
    state = service.ask("climbing creators on instagram based in the US").state
    assert state is not None
    uk = service.ask("only UK", state).answer
    assert uk.brief is not None and uk.brief.countries == ["GB"]
    assert {r.country for r in uk.recommendations} == {"GB"}


def test_details_in_a_thread_never_reuse_a_list_number(service: RecommendationService) -> None:
    state = service.ask("climbing creators on instagram, any size", k=3).state
    assert state is not None
    a = service.ask("tell me more about #2", state).answer
    ranks = [r.rank for r in a.recommendations]
    assert ranks[0] == 2
    assert len(ranks) == len(set(ranks))
    for r in a.recommendations[1:]:
        if r.profile_id in state.ranked_ids:
            assert r.rank == state.ranked_ids.index(r.profile_id) + 1
        else:
            assert r.rank > len(state.ranked_ids)


@pytest.mark.parametrize(
    "text", ["tell me more about #2", "compare 1 and 3", "show more", "export the list", "more like #1"]
)
def test_list_follow_ups_without_a_list_say_so(service: RecommendationService, text: str) -> None:
    a = service.ask(text).answer
    assert a.kind == "help" and "no list in this thread yet" in a.answer
    assert not a.recommendations


def test_long_question_is_read_and_flagged(service: RecommendationService) -> None:
    question = "climbing creators on instagram. " + "We love the outdoors and fair pay. " * 400
    a = service.ask(question).answer
    assert a.kind == "recommendations" and a.recommendations
    assert any("characters; I read the first" in w for w in a.warnings)


def test_an_empty_store_says_how_to_fill_it() -> None:
    service = RecommendationService(MemoryStore([]), OfflineModel(), today=lambda: TODAY)
    a = service.ask(CLIMB_Q).answer
    assert a.kind == "help" and "scout seed" in a.answer and "scout ingest" in a.answer


def test_a_store_filled_after_start_is_seen_at_once() -> None:
    store = MemoryStore([])
    service = RecommendationService(store, OfflineModel(), today=lambda: TODAY)
    assert service.ask(CLIMB_Q).answer.kind == "help"
    store.upsert(climbing_set())
    assert service.ask(CLIMB_Q).answer.kind == "recommendations"
