"""New brief or refinement, on a table of real-sounding thread messages, and end to end in the service."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.brief_change import starts_new_brief
from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from fakes.memory_store import MemoryStore
from fakes.profiles import TODAY, climbing_set
from matching.parser import parse_brief

FIRST = "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US"

NEW_BRIEF = [
    "A $5,000 TikTok campaign for a vegan skincare launch in the UK",
    "new search: yoga creators in Spain",
    "different brand: a coffee roaster in Portland",
    "New brief. We're launching a dog food subscription, need TikTok creators",
    "start over - find gaming streamers in Germany",
    "forget that, we need beauty influencers in France on Instagram",
    "another client: an electric bike brand, creators in the Netherlands",
    "ok switching gears, skincare creators in Korea on YouTube",
    "Now for our new running shoe line",
    "something completely different: parenting bloggers in Canada",
    "Find fashion influencers in Italy with 20k-80k followers",
    "we have a separate brand too, a kombucha company, who would fit that one?",
    "next client is a mattress startup, YouTube creators in the US",
    "Skincare creators in France on Instagram",
    "What about a campaign for our oat milk brand on TikTok",
    "Can you find travel vloggers in Japan on YouTube?",
    "A meal-kit brand wants 3 TikTok food creators in the UK",
    "start fresh with home espresso creators in Germany, 10k-50k followers",
    "new campaign: a banking app for students, TikTok, US",
    "Totally unrelated, but we need pet creators in Australia",
    "different product: a camping stove, outdoor creators on YouTube",
]

REFINEMENT = [
    "any on TikTok instead?",
    "only UK",
    "under 30k",
    "more like #2",
    "vegan ones",
    "only ones in the US please",
    "make it 10",
    "bigger ones, 100k+",
    "just Instagram",
    "exclude @nadiacrimps",
    "what about fitness creators?",
    "can you include mid-tier as well",
    "only women audiences",
    "fewer sponsored posts please",
    "ones with a contact email",
    "same but on YouTube",
    "also show TikTok",
    "only creators based in Canada",
    "any size",
    "over 50k followers",
    "with engagement above 3%",
    "drop the ones outside the US",
    "posted in the last 30 days",
    "english speaking audience only",
    "plan a campaign with $3,000 for these",
]


@pytest.fixture(scope="module")
def current():  # type: ignore[no-untyped-def]
    return parse_brief(FIRST, today=date(2026, 11, 1))


def test_the_table_has_at_least_40_messages() -> None:
    assert len(NEW_BRIEF) + len(REFINEMENT) >= 40


@pytest.mark.parametrize("message", NEW_BRIEF)
def test_a_new_brief_starts_fresh(message: str, current) -> None:  # type: ignore[no-untyped-def]
    assert starts_new_brief(message, current, today=date(2026, 11, 1))


@pytest.mark.parametrize("message", REFINEMENT)
def test_a_refinement_changes_the_current_brief(message: str, current) -> None:  # type: ignore[no-untyped-def]
    assert not starts_new_brief(message, current, today=date(2026, 11, 1))


def test_a_new_brief_in_the_thread_is_free_of_the_old_one() -> None:
    service = RecommendationService(MemoryStore(climbing_set()), OfflineModel(), today=lambda: TODAY)
    first = service.ask(FIRST, prose=False)
    assert first.state is not None and first.state.brief.brand
    second = service.ask(
        "A $5,000 TikTok campaign for a vegan skincare launch in the UK", first.state, prose=False
    )
    brief = second.answer.brief
    assert brief is not None
    assert "climbing" not in (brief.brand or "") and "climbing" not in brief.topics
    assert "climbing" not in brief.question and brief.platforms == ["tiktok"]
    assert "sustainable" not in brief.values
    for pick in second.answer.plan.picks if second.answer.plan else []:
        assert "climbing-snack" not in pick.angle


def test_a_refinement_keeps_the_rest_of_the_brief() -> None:
    service = RecommendationService(MemoryStore(climbing_set()), OfflineModel(), today=lambda: TODAY)
    first = service.ask(FIRST, prose=False)
    assert first.state is not None
    second = service.ask("any on TikTok instead?", first.state, prose=False)
    brief = second.answer.brief
    assert brief is not None and brief.platforms == ["tiktok"]
    assert brief.brand == first.state.brief.brand and brief.audience_countries == ["US"]
