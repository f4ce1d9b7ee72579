"""Questions about named creators: facts, every rule's verdict, red flags, better alternatives,
handles we don't hold, "is @x a fit for <brand>?", comparisons, and follow-ups in a thread."""

from __future__ import annotations

import pytest

from assistant.answer import Answer
from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from fakes.memory_store import MemoryStore
from fakes.profiles import TODAY, climbing_set, make_profile
from matching.rules import ALL_RULES
from sample_data import REFERENCE_DATE, load_profiles

HELD = "theveganharper"  # a nano TikTok vegan-food creator in the sample data
OTHER = "mia.s"  # a micro TikTok nutrition/vegan creator in the sample data
RULE_NAMES = {rule.__name__ for rule in ALL_RULES}


@pytest.fixture(scope="module")
def service() -> RecommendationService:
    return RecommendationService(MemoryStore(load_profiles()), OfflineModel(), today=lambda: REFERENCE_DATE)


def ask(service: RecommendationService, question: str) -> Answer:
    return service.ask(question, prose=False).answer


def test_held_creator_gets_every_rules_verdict(service: RecommendationService) -> None:
    a = ask(service, f"tell me about @{HELD}")
    assert a.kind == "profile"
    top = a.recommendations[0]
    assert top.rank == 1 and top.handle == HELD
    assert {r.rule for r in top.rules} == RULE_NAMES
    assert len(top.reasons) == len(top.rules)
    assert {reason.split(":", 1)[0] for reason in top.reasons} == RULE_NAMES
    for rule in top.rules:
        assert f"{rule.rule}: {rule.reason}" in a.answer
    # Facts from the profile.
    assert "5.3k followers" in a.answer and "TikTok" in a.answer  # one display name per platform
    # No size was asked: the micro default is not a red flag for a nano creator.
    assert not top.caveats and "no size asked" in a.answer


def test_alternatives_are_similar_and_better(service: RecommendationService) -> None:
    a = ask(service, f"tell me about @{HELD}")
    target, alternatives = a.recommendations[0], a.recommendations[1:]
    assert alternatives, a.answer
    assert "Nearest better-fitting alternatives" in a.answer
    assert [r.rank for r in alternatives] == list(range(2, 2 + len(alternatives)))
    for alt in alternatives:
        assert alt.handle != HELD
        assert alt.score > target.score and not alt.caveats
        assert alt.platform == target.platform
        assert f"@{alt.handle}" in a.answer


def test_red_flags_are_listed() -> None:
    svc = RecommendationService(MemoryStore(climbing_set()), OfflineModel(), today=lambda: TODAY)
    a = svc.ask("tell me about @bought_belay", prose=False).answer
    top = a.recommendations[0]
    assert top.handle == "bought_belay" and top.caveats
    assert "Red flags:" in a.answer and top.caveats[0] in a.answer
    # An alternative never carries a red flag of its own.
    assert all(not r.caveats for r in a.recommendations[1:])


def test_misspelt_handle_offers_close_spellings(service: RecommendationService) -> None:
    a = ask(service, "tell me about @theveganharpr")
    assert a.kind == "profile" and not a.recommendations
    assert "don't hold a profile for @theveganharpr" in a.answer
    assert f"@{HELD}" in a.answer


def test_unknown_handle_is_said_plainly(service: RecommendationService) -> None:
    a = ask(service, "tell me about @zz_nobody_we_know_42")
    assert not a.recommendations
    assert "don't hold a profile for @zz_nobody_we_know_42" in a.answer
    assert "Did you mean" not in a.answer


def test_is_x_a_fit_for_brand_uses_that_brand(service: RecommendationService) -> None:
    a = ask(service, f"is @{HELD} a fit for a vegan bakery?")
    assert a.brief is not None and a.brief.brand == "a vegan bakery"
    top = a.recommendations[0]
    relevance = next(r for r in top.rules if r.rule == "relevance")
    assert "vegan" in relevance.reason and relevance.score >= 0.6
    assert "against: a vegan bakery" in a.answer
    assert a.answer.startswith("Verdict: a good fit for a vegan bakery")


def test_off_brief_creator_is_a_weak_fit_with_on_brief_alternatives(service: RecommendationService) -> None:
    a = ask(service, f"is @{HELD} a fit for a gaming chair brand?")
    top = a.recommendations[0]
    relevance = next(r for r in top.rules if r.rule == "relevance")
    assert relevance.score < 0.4 and "No mention of 'gaming'" in relevance.reason
    assert a.answer.startswith("Verdict: a weak fit for a gaming chair brand")
    for alt in a.recommendations[1:]:
        alt_relevance = next(r for r in alt.rules if r.rule == "relevance")
        assert alt_relevance.score >= 0.5 and alt.score > top.score


def test_compare_two_named_creators(service: RecommendationService) -> None:
    a = ask(service, f"compare @{OTHER} and @{HELD}")
    assert a.kind == "compare"
    assert [r.handle for r in a.recommendations] == [OTHER, HELD]
    assert [r.rank for r in a.recommendations] == [1, 2]
    assert a.answer.startswith(f"Comparing #1 @{OTHER}")
    assert "Audience credibility" in a.answer and "Engagement" in a.answer


def test_compare_with_one_unknown_handle_says_so(service: RecommendationService) -> None:
    a = ask(service, f"compare @{HELD} and @theveganharpr_x")
    assert a.recommendations and a.recommendations[0].handle == HELD
    assert "don't hold a profile for @theveganharpr_x" in a.answer


def test_follow_up_in_a_thread_uses_the_threads_brief(service: RecommendationService) -> None:
    first = service.ask("5 vegan creators on tiktok", prose=False)
    state = first.state
    assert state is not None and state.brief.topics
    a = service.ask(f"tell me about @{HELD}", state, prose=False).answer
    assert a.kind == "profile"
    assert a.brief is not None and a.brief.topics == state.brief.topics
    top = a.recommendations[0]
    assert top.handle == HELD and len(top.reasons) == len(RULE_NAMES)
    relevance = next(r for r in top.rules if r.rule == "relevance")
    assert "matches 'vegan food'" in relevance.reason
    # "#2" keeps its rank and its score from the list.
    second = service.ask("tell me more about #2", state, prose=False).answer
    listed = first.answer.recommendations[1]
    assert second.recommendations[0].rank == 2 and second.recommendations[0].handle == listed.handle
    assert second.recommendations[0].score == pytest.approx(listed.score, abs=1e-3)


def test_same_handle_on_two_platforms_prefers_the_asked_one() -> None:
    store = MemoryStore(
        [
            make_profile("twin", platform="instagram", followers=30_000),
            make_profile("twin", platform="tiktok", followers=60_000),
        ]
    )
    svc = RecommendationService(store, OfflineModel(), today=lambda: TODAY)
    a = svc.ask("tell me about @twin", prose=False).answer
    assert a.recommendations[0].platform == "tiktok"  # the bigger account when none is asked
    assert "also on instagram" in a.answer
    b = svc.ask("is @twin a fit for our instagram climbing campaign?", prose=False).answer
    assert b.recommendations[0].platform == "instagram"
