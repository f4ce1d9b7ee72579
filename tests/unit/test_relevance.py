"""Relevance as a gate, honest reasons on sparse rows, the brief's niche versus product context."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.hybrid import bm25_scores, hybrid_search, niche_queries
from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from fakes.memory_store import MemoryStore
from fakes.profiles import TODAY, make_profile
from matching import rules
from matching.brief import Brief
from matching.candidates import Candidate
from matching.filters import SearchFilters
from matching.parser import parse_brief
from matching.profile import Profile
from matching.ranking import rank
from matching.relevance import judge
from matching.rules import RuleContext
from matching.weights import DEFAULT_CONFIG

PARSE_DAY = date(2026, 6, 1)  # a fixed clock: the parser reads no clock of its own


def cand(similarity: float | None = 0.3, **fields: Any) -> Candidate:
    data: dict[str, Any] = {"handle": "creator", "platform": "instagram", "followers": 40_000}
    data.update(fields)
    return Candidate(profile=Profile(**data), similarity=similarity)


def ctx(**brief: Any) -> RuleContext:
    return RuleContext(brief=Brief(**brief), today=TODAY, config=DEFAULT_CONFIG)


@pytest.mark.parametrize(
    ("question", "topics"),
    [
        ("TikTok video game streamers for a controller brand", ["gaming"]),
        ("parents sharing life with toddlers, for a kids' snack brand", ["parenting"]),
        ("funny sketch creators for a snack campaign", ["comedy"]),
        ("chess streamers", ["chess", "gaming"]),
        ("pickleball players for a paddle brand", ["pickleball"]),
        ("Makeup Artists for a lipstick line", ["makeup"]),
        ("creators for a vegan snack brand", ["vegan food", "nutrition"]),  # no creator niche: the brand's
    ],
)
def test_the_creator_niche_wins_over_product_words(question: str, topics: list[str]) -> None:
    assert parse_brief(question, today=PARSE_DAY).topics == topics


def test_a_listed_category_is_strong_evidence_and_says_so() -> None:
    result = rules.relevance(cand(topics=["Food & Beverage"]), ctx(topics=["cooking"]))
    assert result.score >= 0.7 and not result.caveat
    assert "Listed category: Food & Beverage" in result.reason
    assert "thin data" in result.reason  # no bio, no captions: only the label backs it


def test_a_miss_is_a_visible_caveat_and_weak() -> None:
    c = cand(similarity=0.05, topics=["Beauty"], bio="Lipstick swatches every day")
    result = rules.relevance(c, ctx(topics=["gaming"]))
    verdict = judge(c.profile, Brief(topics=["gaming"]), rules.similarity_score(0.05, DEFAULT_CONFIG))
    assert verdict is not None and verdict.match == "weak"
    assert result.caveat and "No mention of 'gaming'" in result.reason


def test_a_handle_word_alone_is_weaker_than_a_bio() -> None:
    brief = Brief(topics=["baking"])
    by_name = judge(Profile(handle="robynbaker", platform="instagram", followers=1), brief, 0.5)
    by_bio = judge(
        Profile(handle="robyn", platform="instagram", followers=1, bio="Sourdough baker"), brief, 0.5
    )
    assert by_name is not None and by_bio is not None
    assert by_name.match != "strong" and by_bio.match == "strong"


def test_a_weak_pick_never_outranks_a_strong_one() -> None:
    on_topic = cand(
        similarity=0.5, handle="slowbaker", bio="Sourdough and pastry every week", engagement_rate=0.002
    )
    off_topic = cand(
        similarity=0.45,
        handle="gymstar",
        bio="Leg day, every day",
        engagement_rate=0.09,
        audience={"credibility": 0.99},
        contact_email="a@b.c",
    )
    ranking = rank([off_topic, on_topic], Brief(topics=["baking"]), today=TODAY)
    assert [sc.profile.handle for sc in ranking.picks] == ["slowbaker", "gymstar"]
    assert ranking.picks[0].match == "strong" and ranking.picks[1].match == "weak"


def test_the_first_named_niche_is_the_ask() -> None:
    brief = Brief(topics=["hiking", "sustainability"])
    hiker = judge(Profile(handle="a", platform="instagram", followers=1, topics=["hiking"]), brief, 0.5)
    eco = judge(Profile(handle="b", platform="instagram", followers=1, topics=["sustainability"]), brief, 0.5)
    assert hiker is not None and eco is not None
    assert hiker.match == "strong" and eco.match == "partial"


def test_brand_safety_is_unknown_when_only_a_category_is_on_file() -> None:
    result = rules.brand_safety(cand(topics=["Beauty"]), ctx())
    assert result.score == 0.5 and "unknown" in result.reason.lower()


def test_lifetime_average_engagement_is_labelled_and_trusted_less() -> None:
    per_post = rules.engagement(cand(engagement_rate=0.05, platform="tiktok"), ctx())
    lifetime = rules.engagement(
        cand(engagement_rate=0.05, platform="tiktok", engagement_lifetime=True), ctx()
    )
    assert "lifetime average" in lifetime.reason and "lifetime" not in per_post.reason
    assert lifetime.confidence < per_post.confidence


def test_a_defaulted_size_says_default_micro_window() -> None:
    defaulted = rules.tier_fit(cand(), ctx(min_followers=10_000, max_followers=100_000, size_defaulted=True))
    asked = rules.tier_fit(cand(), ctx(min_followers=10_000, max_followers=100_000))
    assert "default micro window" in defaulted.reason and "asked window" in asked.reason


def test_bm25_prefers_documents_with_the_rarer_query_words() -> None:
    scores = bm25_scores(["makeup", "mua"], ["MUA and makeup looks", "makeup", "football highlights"])
    assert scores[0] > scores[1] > scores[2] == 0.0


def test_hybrid_search_queries_each_niche_and_keeps_the_filters() -> None:
    store = MemoryStore(
        [
            make_profile("kidsmum", topics=["parenting"], bio="Toddler life with two kids"),
            make_profile("snackchef", topics=["cooking"], bio="Snack recipes and kitchen tips"),
            make_profile("tiktokmum", platform="tiktok", topics=["parenting"], bio="Mum of three"),
        ]
    )
    brief = Brief(topics=["parenting"], brand="a kids' snack brand")
    assert len(niche_queries(brief)) == 1
    found = hybrid_search(store, brief, SearchFilters(platforms=["instagram"]), 10)
    handles = [c.profile.handle for c in found]
    assert handles[0] == "kidsmum" and "tiktokmum" not in handles
    assert all(c.similarity is not None for c in found)


def test_an_answer_where_every_pick_is_weak_says_so_first() -> None:
    store = MemoryStore([make_profile(f"climber{i}") for i in range(6)])
    service = RecommendationService(store, OfflineModel(), today=lambda: TODAY)
    reply = service.ask("chess coaches in the US", prose=False)
    answer = reply.answer
    assert answer.recommendations and all(r.match == "weak" for r in answer.recommendations)
    assert answer.answer.startswith("Nothing I hold is about chess")
    assert any("Nothing I hold is about chess" in w for w in answer.warnings)
    doc = answer.to_json()
    pick = doc["recommendations"][0]
    assert pick["match"] == "weak" and 0 <= pick["relevance"] < 0.4 and 0 <= pick["confidence"] <= 1
    assert any("No mention of 'chess'" in c for c in pick["caveats"])


def test_an_on_topic_answer_carries_no_weak_warning() -> None:
    store = MemoryStore([make_profile(f"climber{i}") for i in range(6)])
    service = RecommendationService(store, OfflineModel(), today=lambda: TODAY)
    answer = service.ask("climbing creators in the US", prose=False).answer
    assert answer.recommendations[0].match == "strong"
    assert not any("Nothing I hold" in w for w in answer.warnings)
