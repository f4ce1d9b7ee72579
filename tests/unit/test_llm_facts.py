"""What the answer writer is given about a pick: the recommendation's figures plus profile text."""

from __future__ import annotations

from assistant.answer import Recommendation
from assistant.llm import PickFacts
from fakes.profiles import make_profile


def _rec() -> Recommendation:
    return Recommendation(
        rank=2,
        handle="crag_kim",
        platform="instagram",
        followers=42_000,
        engagement_rate=0.051,
        country="US",
        tier="micro",
        score=0.81,
        reasons=["Posts about bouldering", "Audience mostly US"],
        profile_url="https://www.instagram.com/crag_kim/",
        profile_id="ig:crag_kim",
        display_name="Kim",
        caveats=["Two sponsored posts this month"],
        engagement_benchmark=0.024,
    )


def test_pick_facts_copy_every_shared_figure_and_add_the_profile_text() -> None:
    profile = make_profile("crag_kim", bio="Climber. Coffee.", recent_captions=["a", "b", "c", "d"])
    facts = PickFacts.from_recommendation(_rec(), profile)
    assert facts.model_dump() == {
        "rank": 2,
        "handle": "crag_kim",
        "platform": "instagram",
        "followers": 42_000,
        "engagement_rate": 0.051,
        "engagement_benchmark": 0.024,
        "country": "US",
        "tier": "micro",
        "reasons": ["Posts about bouldering", "Audience mostly US"],
        "caveats": ["Two sponsored posts this month"],
        "profile_url": "https://www.instagram.com/crag_kim/",
        "display_name": "Kim",
        "bio": "Climber. Coffee.",
        "captions": ["a", "b", "c"],  # three captions at most
    }


def test_pick_facts_without_a_profile_have_no_profile_text_and_share_no_lists() -> None:
    rec = _rec()
    facts = PickFacts.from_recommendation(rec)
    assert facts.bio is None
    assert facts.captions == []
    facts.reasons.append("changed")
    assert rec.reasons == ["Posts about bouldering", "Audience mostly US"]  # a copy, not the same list
