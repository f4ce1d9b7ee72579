"""Ranking: the thesis, red flags, exclusions, determinism, diversity and the explanations."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from matching.brief import Brief
from matching.candidates import Candidate
from matching.explain import compare, why_not
from matching.filters import filters_for, violations
from matching.profile import Audience, Profile
from matching.ranking import diversify, fallback_similarity, rank
from matching.weights import DEFAULT_CONFIG

TODAY = date(2025, 6, 1)
BRIEF = Brief(topics=["climbing"], min_followers=1_000, max_followers=5_000_000, k=5)


def climber(handle: str, similarity: float = 0.55, **fields: Any) -> Candidate:
    """A clean, focused climbing creator; override any field."""
    data: dict[str, Any] = {
        "handle": handle,
        "platform": "instagram",
        "followers": 35_000,
        "engagement_rate": 0.028,
        "topics": ["climbing"],
        "bio": f"{handle}: bouldering and sport climbing trips",
        "recent_captions": ["Project sent at the crag", "Hangboard session"],
        "audience": Audience(credibility=0.9),
        "country": "US",
        "sponsored_share": 0.1,
        "last_post_date": TODAY - timedelta(days=3),
        "follower_growth": 0.03,
    }
    data.update(fields)
    return Candidate(profile=Profile(**data), similarity=similarity)


def handles(candidates: list[Any]) -> list[str]:
    return [sc.profile.handle for sc in candidates]


def test_thesis_focused_micro_beats_low_engagement_mega_on_same_topic() -> None:
    micro = climber("crag_kate", followers=38_000, engagement_rate=0.035)
    mega = climber(
        "big_star",
        followers=4_000_000,
        engagement_rate=0.0015,
        topics=["climbing", "fashion", "travel", "music", "comedy", "tech"],
        bio="Climbing, fashion, travel and music: everything!",
        audience=Audience(credibility=None),
        similarity=0.57,
    )
    ranking = rank([mega, micro], BRIEF, today=TODAY)
    assert handles(ranking.picks) == ["crag_kate", "big_star"]
    assert "@crag_kate" in ranking.why_first and "@big_star" in ranking.why_first
    assert "engagement" in ranking.why_first


def test_red_flagged_creators_rank_below_clean_ones() -> None:
    clean = [
        climber(f"clean{i}", engagement_rate=0.02 + 0.001 * i, country=c)
        for i, c in enumerate(["US", "GB", "DE"])
    ]
    bought = climber("bought", engagement_rate=0.05, audience=Audience(credibility=0.45), similarity=0.7)
    unsafe = climber("unsafe", recent_captions=["Casino night, betting it all"], similarity=0.7)
    ads = climber(
        "adspam",
        sponsored_share=0.85,
        recent_captions=["#ad new bar", "#sponsored gear", "use my code X"],
        engagement_rate=0.02,
        country="FR",
    )
    ranking = rank([bought, unsafe, ads, *clean], BRIEF, today=TODAY)
    order = handles(ranking.picks)
    for bad in ("bought", "unsafe", "adspam"):
        assert all(order.index(bad) > order.index(c.profile.handle) for c in clean), order
    assert set(ranking.flagged) == {"instagram:bought", "instagram:unsafe", "instagram:adspam"}
    flagged = next(sc for sc in ranking.picks if sc.profile.handle == "unsafe")
    assert any("gambling" in c for c in flagged.caveats())


def test_excluded_handles_never_appear_and_competitors_sink() -> None:
    brief = BRIEF.model_copy(update={"exclude_handles": ["skip_me"], "exclude_brands": ["Clif Bar"]})
    cands = [
        climber("skip_me", similarity=0.9),
        climber("rival_fan", brands_mentioned=["Clif Bar"], similarity=0.8),
        climber("ok_one"),
    ]
    ranking = rank(cands, brief, today=TODAY)
    assert "skip_me" not in handles(ranking.picks)
    assert ranking.excluded == ["instagram:skip_me"]
    assert handles(ranking.picks) == ["ok_one", "rival_fan"]


def test_deterministic_under_shuffled_input() -> None:
    cands = [
        climber(f"c{i:02d}", engagement_rate=0.02 + (i % 4) * 0.002, similarity=0.5 + (i % 3) * 0.02)
        for i in range(20)
    ]
    expected = handles(rank(cands, BRIEF, today=TODAY).picks)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = cands[:]
        rng.shuffle(shuffled)
        assert handles(rank(shuffled, BRIEF, today=TODAY).picks) == expected


def test_ties_broken_by_profile_id() -> None:
    ranking = rank([climber("bbb"), climber("aaa")], BRIEF, today=TODAY)
    # Identical except the handle (bio names the handle but carries no rule signal).
    assert handles(ranking.picks) == ["aaa", "bbb"]
    assert "tie" in ranking.why_first or "level" in ranking.why_first


def _clones_and_distinct() -> tuple[list[Candidate], list[Candidate]]:
    clones = [
        climber(
            f"boulderbro{i}",
            engagement_rate=0.04,
            similarity=0.62,
            bio="Bouldering bro: daily boulder sessions at the gym",
            recent_captions=["Another boulder session", "V7 sent"],
        )
        for i in range(10)
    ]
    distinct = [
        climber(
            "alpine_ana", engagement_rate=0.033, country="CH", bio="Alpine rock climbing and via ferrata"
        ),
        climber("crack_carlos", engagement_rate=0.032, country="MX", bio="Trad crack climbing in the desert"),
        climber("ice_ingrid", engagement_rate=0.031, country="NO", bio="Ice climbing and mixed routes"),
        climber(
            "comp_kim", engagement_rate=0.033, country="KR", bio="Competition climbing, training diaries"
        ),
        climber("sea_sol", engagement_rate=0.032, country="ES", bio="Deep water soloing by the sea cliffs"),
    ]
    return clones, distinct


def test_diversity_top_picks_are_not_all_clones() -> None:
    clones, distinct = _clones_and_distinct()
    undiversified = replace(DEFAULT_CONFIG, mmr_lambda=1.0)
    plain = handles(rank([*clones, *distinct], BRIEF, today=TODAY, config=undiversified).picks[:5])
    assert all(h.startswith("boulderbro") for h in plain)  # clones do score best on their own
    top5 = handles(rank([*clones, *distinct], BRIEF, today=TODAY).picks[:5])
    assert sum(h.startswith("boulderbro") for h in top5) <= 2, top5
    assert top5[0].startswith("boulderbro")  # the best-scored pick stays first


def test_diversity_uses_vectors_when_given() -> None:
    clones, distinct = _clones_and_distinct()
    # Clones share one direction; each distinct creator has its own, orthogonal to the rest.
    vectors = {c.profile.id: [1.0, 0.0, 0.0, 0.0, 0.0, 0.0] for c in clones}
    for i, c in enumerate(distinct):
        vectors[c.profile.id] = [0.3 if j == 0 else 1.0 if j == i + 1 else 0.0 for j in range(6)]
    top5 = handles(rank([*clones, *distinct], BRIEF, today=TODAY, vectors=vectors).picks[:5])
    assert sum(h.startswith("boulderbro") for h in top5) <= 2, top5


def test_fallback_similarity_sees_clones() -> None:
    clones, distinct = _clones_and_distinct()
    assert fallback_similarity(clones[0].profile, clones[1].profile) > 0.9
    assert fallback_similarity(clones[0].profile, distinct[0].profile) < 0.6


def test_diversify_keeps_short_lists_and_rest_in_order() -> None:
    ranking = rank([climber("a"), climber("b")], BRIEF, today=TODAY)
    assert diversify(ranking.picks, 5) == ranking.picks


def test_limit_truncates() -> None:
    cands = [climber(f"c{i}", engagement_rate=0.02 + i * 0.001) for i in range(8)]
    assert len(rank(cands, BRIEF, today=TODAY, limit=3).picks) == 3
    assert len(rank(cands, BRIEF, today=TODAY).picks) == 8


def test_duplicates_collapse_to_one_pick() -> None:
    ranking = rank([climber("dup", similarity=0.4), climber("dup", similarity=0.6)], BRIEF, today=TODAY)
    assert len(ranking.picks) == 1 and ranking.picks[0].similarity == 0.6


def test_why_first_with_one_or_no_candidates() -> None:
    assert "@solo" in rank([climber("solo")], BRIEF, today=TODAY).why_first
    assert rank([], BRIEF, today=TODAY).why_first


def test_why_not_names_the_violated_constraint() -> None:
    brief = Brief(topics=["climbing"], platforms=["instagram"], min_followers=10_000, max_followers=100_000)
    ranking = rank([climber("in_list")], brief, today=TODAY)
    target = climber("too_big", platform="tiktok", followers=2_000_000)
    broken = violations(target.profile, filters_for(brief, TODAY))
    text = why_not(target, brief, ranking, broken, today=TODAY)
    assert "@too_big" in text
    assert "tiktok" in text and "2,000,000" in text and "100,000" in text


def test_why_not_for_a_passing_creator_names_the_rules_holding_it_back() -> None:
    brief = BRIEF.model_copy(update={"k": 2})
    ranking = rank(
        [climber("first", engagement_rate=0.04), climber("second", engagement_rate=0.035)], brief, today=TODAY
    )
    target = climber("stale", last_post_date=TODAY - timedelta(days=300), engagement_rate=0.004)
    text = why_not(target, brief, ranking, [], today=TODAY)
    assert "@stale" in text and "#3" in text and "@second" in text
    assert "engagement" in text and "300 days" in text


def test_why_not_for_a_pick_already_shown() -> None:
    ranking = rank([climber("here")], BRIEF, today=TODAY)
    assert "#1" in why_not(climber("here"), BRIEF, ranking, [], today=TODAY)


def test_compare_lines_rule_by_rule() -> None:
    ranking = rank(
        [climber("strong", engagement_rate=0.04), climber("weak", engagement_rate=0.003)], BRIEF, today=TODAY
    )
    a, b = ranking.picks
    lines = compare(a, b)
    assert lines[0].startswith("Engagement for its tier: @strong ahead")
    assert "4%" in lines[0] and "0.3%" in lines[0]
    assert not any(line.startswith("Brand values") for line in lines)  # not asked: weight 0


def test_ad_saturation_from_a_few_captions_is_a_caveat_but_not_a_hard_flag() -> None:
    thin = climber(
        "thin_ads", sponsored_share=None, recent_captions=["#ad bar", "#sponsored rope", "crag day"]
    )
    ranking = rank([thin, climber("ok")], BRIEF, today=TODAY)
    scored = next(sc for sc in ranking.picks if sc.profile.handle == "thin_ads")
    assert any("2 of 3" in c for c in scored.caveats())
    assert ranking.flagged == []
