"""Fit rules: good, bad and missing data for each, judged with the numbers in the reason."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from matching import rules
from matching.brief import Brief
from matching.candidates import Candidate, RuleResult
from matching.profile import Audience, Profile
from matching.rules import ALL_RULES, RuleContext, evaluate
from matching.weights import DEFAULT_CONFIG, DEFAULT_WEIGHTS, RULE_IDS, RuleConfig

TODAY = date(2025, 6, 1)


def cand(similarity: float | None = None, **fields: Any) -> Candidate:
    data: dict[str, Any] = {"handle": "creator", "platform": "instagram", "followers": 40_000}
    data.update(fields)
    return Candidate(profile=Profile(**data), similarity=similarity)


def ctx(**brief: Any) -> RuleContext:
    return RuleContext(brief=Brief(**brief), today=TODAY, config=DEFAULT_CONFIG)


def assert_unknown(result: RuleResult, word: str = "unknown") -> None:
    assert result.score == 0.5
    assert result.confidence <= 0.3
    assert word in result.reason.lower()


# --- config -----------------------------------------------------------------------------------------


def test_every_rule_has_a_weight_and_rules_run_in_id_order() -> None:
    assert set(DEFAULT_WEIGHTS) == set(RULE_IDS)
    assert [r.rule for r in evaluate(cand(), ctx()).results] == list(RULE_IDS)
    assert len(ALL_RULES) == len(RULE_IDS)


def test_weights_can_be_overridden_and_unknown_rules_refused() -> None:
    config = DEFAULT_CONFIG.with_weights({"engagement": 9.0, "growth": 0})
    assert config.weight("engagement") == 9.0
    assert config.weight("growth") == 0.0
    assert DEFAULT_CONFIG.weight("engagement") == DEFAULT_WEIGHTS["engagement"]
    with pytest.raises(ValueError, match="unknown rule"):
        DEFAULT_CONFIG.with_weights({"reach": 1.0})
    with pytest.raises(ValueError, match="negative"):
        DEFAULT_CONFIG.with_weights({"engagement": -1.0})


def test_a_switched_off_rule_does_not_count() -> None:
    c = cand(engagement_rate=0.0001)
    with_engagement = evaluate(c, ctx())
    config = DEFAULT_CONFIG.with_weights({"engagement": 0})
    without = evaluate(c, RuleContext(brief=Brief(), today=TODAY, config=config))
    assert without.score > with_engagement.score


# --- tier_fit -------------------------------------------------------------------------------------


def test_tier_fit_inside_window_high_outside_low_with_reason() -> None:
    brief = {"min_followers": 10_000, "max_followers": 100_000}
    inside = rules.tier_fit(cand(followers=40_000), ctx(**brief))
    outside = rules.tier_fit(cand(followers=2_500_000), ctx(**brief))
    assert inside.score >= 0.85 and not inside.caveat
    assert "40,000" in inside.reason and "micro sweet spot" in inside.reason
    assert outside.score < 0.2 and outside.caveat
    assert "2,500,000" in outside.reason and "over" in outside.reason


def test_tier_fit_prefers_micro_when_no_size_asked() -> None:
    micro = rules.tier_fit(cand(followers=40_000), ctx())
    mega = rules.tier_fit(cand(followers=3_000_000), ctx())
    assert micro.score > mega.score


# --- engagement ---------------------------------------------------------------------------------------


def test_engagement_above_tier_median_scores_high_with_numbers() -> None:
    result = rules.engagement(cand(engagement_rate=0.031), ctx())
    assert result.score > 0.85
    assert "3.1%" in result.reason and "0.54%" in result.reason and "Instagram micro" in result.reason
    assert "5.7x" in result.reason


def test_engagement_below_median_scores_low_with_caveat() -> None:
    result = rules.engagement(cand(engagement_rate=0.002), ctx())
    assert result.score < 0.3 and result.caveat
    assert "0.2%" in result.reason


def test_engagement_at_median_is_about_point_six() -> None:
    result = rules.engagement(cand(engagement_rate=0.0054), ctx())
    assert result.score == pytest.approx(0.6, abs=0.01)


def test_engagement_unknown() -> None:
    result = rules.engagement(cand(), ctx())
    assert_unknown(result)
    assert "no likes or engagement rate" in result.reason


def test_same_er_judged_against_own_tier_and_platform() -> None:
    # 2% is ~4x the Instagram mid median but a quarter of the TikTok nano median.
    ig_mid = rules.engagement(cand(followers=250_000, engagement_rate=0.02), ctx())
    tt_nano = rules.engagement(cand(platform="tiktok", followers=5_000, engagement_rate=0.02), ctx())
    assert ig_mid.score > 0.8
    assert tt_nano.score < 0.3
    assert "Instagram mid" in ig_mid.reason and "TikTok nano" in tt_nano.reason


def test_suspiciously_high_engagement_is_a_caveat_not_a_win() -> None:
    pods = rules.engagement(cand(engagement_rate=0.09), ctx())  # ~17x the micro median
    strong = rules.engagement(cand(engagement_rate=0.02), ctx())
    assert pods.caveat and "engagement pods" in pods.reason
    assert pods.score < strong.score


def test_derived_engagement_has_lower_confidence() -> None:
    reported = rules.engagement(cand(engagement_rate=0.02), ctx())
    derived = rules.engagement(cand(avg_likes=780, avg_comments=20), ctx())
    assert derived.confidence < reported.confidence
    assert "derived" in derived.reason


def test_engagement_on_platform_without_benchmark_is_less_confident() -> None:
    result = rules.engagement(cand(platform="pinterest", engagement_rate=0.01), ctx())
    assert result.confidence < rules.engagement(cand(engagement_rate=0.01), ctx()).confidence
    assert "Instagram's figure" in result.reason


# --- audience_location ------------------------------------------------------------------------------


def test_audience_location_share_in_asked_countries() -> None:
    good = cand(audience=Audience(top_countries={"US": 0.6, "GB": 0.1}))
    bad = cand(audience=Audience(top_countries={"BR": 0.8, "US": 0.05}))
    g = rules.audience_location(good, ctx(audience_countries=["US", "GB"]))
    b = rules.audience_location(bad, ctx(audience_countries=["US", "GB"]))
    assert g.score > 0.9 and "70%" in g.reason
    assert b.score < 0.3 and b.caveat and "5%" in b.reason


def test_audience_location_falls_back_to_creator_countries() -> None:
    result = rules.audience_location(
        cand(audience=Audience(top_countries={"DE": 0.5})), ctx(countries=["DE"])
    )
    assert "50%" in result.reason and result.weight > 0


def test_audience_location_unknown_and_not_asked() -> None:
    assert_unknown(rules.audience_location(cand(), ctx(audience_countries=["US"])))
    unasked = rules.audience_location(cand(), ctx())
    assert unasked.weight == 0 and unasked.confidence >= 0.9
    assert unasked.reason == "No audience location asked"


# --- audience_language ------------------------------------------------------------------------------


def test_audience_language() -> None:
    good = rules.audience_language(
        cand(language="es", audience=Audience(languages={"es": 0.8})), ctx(languages=["es"])
    )
    bad = rules.audience_language(cand(language="en"), ctx(languages=["es"]))
    assert good.score > 0.9 and "80%" in good.reason
    assert bad.score < 0.3 and bad.caveat and "en" in bad.reason
    assert_unknown(rules.audience_language(cand(), ctx(languages=["es"])))
    assert rules.audience_language(cand(), ctx()).weight == 0


# --- audience_demographics --------------------------------------------------------------------------


def test_audience_demographics() -> None:
    brief = {"audience_gender": "female", "audience_ages": ["18-24", "25-34"]}
    good = cand(
        audience=Audience(gender={"female": 0.8, "male": 0.2}, age_bands={"18-24": 0.4, "25-34": 0.35})
    )
    bad = cand(
        audience=Audience(gender={"female": 0.15, "male": 0.85}, age_bands={"45-54": 0.7, "18-24": 0.05})
    )
    g = rules.audience_demographics(good, ctx(**brief))
    b = rules.audience_demographics(bad, ctx(**brief))
    assert g.score > 0.85 and "80% female" in g.reason and "75%" in g.reason
    assert b.score < 0.2 and "15% female" in b.reason
    assert_unknown(rules.audience_demographics(cand(), ctx(**brief)))
    assert rules.audience_demographics(cand(), ctx()).weight == 0


def test_audience_demographics_partial_data_lowers_confidence() -> None:
    brief = {"audience_gender": "female", "audience_ages": ["18-24"]}
    full = cand(audience=Audience(gender={"female": 0.8}, age_bands={"18-24": 0.6}))
    half = cand(audience=Audience(gender={"female": 0.8}))
    h = rules.audience_demographics(half, ctx(**brief))
    assert h.confidence < rules.audience_demographics(full, ctx(**brief)).confidence
    assert "age unknown" in h.reason


# --- credibility ------------------------------------------------------------------------------------


def test_credibility_bands() -> None:
    very_good = rules.credibility(cand(audience=Audience(credibility=0.93)), ctx())
    good = rules.credibility(cand(audience=Audience(credibility=0.84)), ctx())
    suspicious = rules.credibility(cand(audience=Audience(credibility=0.70)), ctx())
    red = rules.credibility(cand(audience=Audience(credibility=0.50)), ctx())
    assert very_good.score > good.score > suspicious.score > red.score
    assert "93%" in very_good.reason and "very good" in very_good.reason and not very_good.caveat
    assert "good" in good.reason and not good.caveat
    assert suspicious.caveat and "25%" in suspicious.reason
    assert red.caveat and red.score < 0.1 and "red flag" in red.reason


def test_credibility_growth_spike_is_a_caveat() -> None:
    result = rules.credibility(cand(audience=Audience(credibility=0.92), follower_growth=0.45), ctx())
    assert result.caveat and result.score <= 0.3
    assert "45%" in result.reason


def test_credibility_unknown_trusted_less_for_mega() -> None:
    micro = rules.credibility(cand(), ctx())
    mega = rules.credibility(cand(followers=2_000_000), ctx())
    assert_unknown(micro)
    assert_unknown(mega)
    assert mega.confidence < micro.confidence and "mega" in mega.reason


# --- sponsored_saturation ---------------------------------------------------------------------------


def test_sponsored_share_low_good_high_caveat() -> None:
    low = rules.sponsored_saturation(cand(sponsored_share=0.1), ctx())
    high = rules.sponsored_saturation(cand(sponsored_share=0.7), ctx())
    assert low.score > 0.8 and "10%" in low.reason and not low.caveat
    assert high.score < 0.3 and high.caveat and "70%" in high.reason


def test_sponsored_share_counted_from_captions_when_missing() -> None:
    captions = ["new drop #ad", "use my code RUN10", "morning run", "#sponsored by x"]
    result = rules.sponsored_saturation(cand(recent_captions=captions), ctx())
    assert "3 of 4" in result.reason and result.caveat
    assert result.confidence < rules.sponsored_saturation(cand(sponsored_share=0.75), ctx()).confidence


def test_sponsored_share_unknown() -> None:
    assert_unknown(rules.sponsored_saturation(cand(), ctx()))


# --- topic_focus ------------------------------------------------------------------------------------


def test_specialist_beats_generalist() -> None:
    specialist = cand(topics=["climbing"], bio="Bouldering every weekend at the crag")
    generalist = cand(
        topics=["fashion", "travel", "cooking", "tech", "gaming", "pets", "music"],
        bio="A bit of everything",
    )
    s = rules.topic_focus(specialist, ctx(topics=["climbing"]))
    g = rules.topic_focus(generalist, ctx(topics=["climbing"]))
    assert s.score > 0.85 and "climbing is the main topic" in s.reason
    assert g.score < 0.35 and "generalist" in g.reason and "7 niches" in g.reason


def test_topic_focus_unknown() -> None:
    assert_unknown(rules.topic_focus(cand(), ctx(topics=["climbing"])))


# --- relevance --------------------------------------------------------------------------------------


def test_relevance_quotes_matches_and_similarity() -> None:
    c = cand(similarity=0.62, bio="Bouldering and trail snacks", topics=["climbing"])
    result = rules.relevance(c, ctx(topics=["climbing", "snack"]))
    assert result.score > 0.85
    assert "'climbing'" in result.reason and "'snack'" in result.reason and "bouldering" in result.reason
    assert "0.62" in result.reason


def test_relevance_low_for_unrelated() -> None:
    c = cand(similarity=0.18, bio="Nail art and lipstick swatches", topics=["makeup"])
    result = rules.relevance(c, ctx(topics=["climbing"]))
    assert result.score < 0.15
    assert "No mention of 'climbing'" in result.reason


def test_relevance_without_similarity_relies_on_keywords_with_lower_confidence() -> None:
    with_sim = rules.relevance(cand(similarity=0.55, topics=["climbing"]), ctx(topics=["climbing"]))
    without = rules.relevance(cand(topics=["climbing"]), ctx(topics=["climbing"]))
    assert without.score > 0.6
    assert without.confidence < with_sim.confidence


def test_relevance_unknown() -> None:
    assert_unknown(rules.relevance(cand(), ctx()))


# --- values_fit -------------------------------------------------------------------------------------


def test_values_fit_quotes_words_found() -> None:
    c = cand(bio="Plastic-free kitchen, upcycled gear")
    result = rules.values_fit(c, ctx(values=["sustainable", "zero-waste"]))
    assert result.score > 0.85
    assert "'plastic-free'" in result.reason and "'upcycled'" in result.reason
    missing = rules.values_fit(cand(bio="Fast fashion hauls"), ctx(values=["vegan"]))
    assert missing.score < 0.5 and "'vegan'" in missing.reason
    assert_unknown(rules.values_fit(cand(), ctx(values=["vegan"])))
    assert rules.values_fit(c, ctx()).weight == 0


# --- brand_safety -----------------------------------------------------------------------------------


def test_brand_safety() -> None:
    flagged = rules.brand_safety(cand(recent_captions=["Big win at the casino tonight"]), ctx())
    clean = rules.brand_safety(cand(bio="Trail runner and coffee lover"), ctx())
    assert flagged.score < 0.1 and flagged.caveat
    assert "gambling" in flagged.reason and "'casino'" in flagged.reason
    assert clean.score > 0.6 and 0.3 < clean.confidence < 0.8 and not clean.caveat
    assert_unknown(rules.brand_safety(cand(), ctx()))


# --- competitor_conflict ----------------------------------------------------------------------------


def test_competitor_conflict() -> None:
    brief = {"exclude_brands": ["Clif Bar"]}
    listed = rules.competitor_conflict(cand(brands_mentioned=["clif bar"], bio="Runner"), ctx(**brief))
    caption = rules.competitor_conflict(cand(recent_captions=["Fuelled by Clif Bar today"]), ctx(**brief))
    clean = rules.competitor_conflict(cand(bio="Runner", brands_mentioned=["Nike"]), ctx(**brief))
    for hit in (listed, caption):
        assert hit.caveat and hit.score < 0.1 and "Clif Bar" in hit.reason
    assert clean.score > 0.6 and not clean.caveat
    assert_unknown(rules.competitor_conflict(cand(), ctx(**brief)))
    assert rules.competitor_conflict(cand(), ctx()).weight == 0


# --- recency ----------------------------------------------------------------------------------------


def test_recency() -> None:
    fresh = rules.recency(cand(last_post_date=TODAY - timedelta(days=5)), ctx())
    weak = rules.recency(cand(last_post_date=TODAY - timedelta(days=120)), ctx())
    stale = rules.recency(cand(last_post_date=TODAY - timedelta(days=200)), ctx())
    assert fresh.score > 0.9 and "5 days ago" in fresh.reason
    assert fresh.score > weak.score > stale.score
    assert not weak.caveat and stale.caveat and "inactive" in stale.reason and "200 days" in stale.reason
    assert_unknown(rules.recency(cand(), ctx()))


# --- contactability and growth ----------------------------------------------------------------------


def test_contactability() -> None:
    good = rules.contactability(cand(contact_email="a@b.co", reply_rate=0.8), ctx())
    poor = rules.contactability(cand(reply_rate=0.05), ctx())
    assert good.score > 0.75 and "80%" in good.reason and "email" in good.reason
    assert poor.score < 0.4 and "5%" in poor.reason
    assert_unknown(rules.contactability(cand(), ctx()))


def test_growth() -> None:
    healthy = rules.growth(cand(follower_growth=0.04), ctx())
    spike = rules.growth(cand(follower_growth=0.6), ctx())
    shrinking = rules.growth(cand(follower_growth=-0.1), ctx())
    assert healthy.score > 0.7 and "+4%" in healthy.reason
    assert spike.score < healthy.score
    assert shrinking.caveat and "-10%" in shrinking.reason
    assert_unknown(rules.growth(cand(), ctx()))


# --- evaluate ---------------------------------------------------------------------------------------


def test_evaluate_is_the_weighted_mean_of_weighted_rules() -> None:
    c = cand(engagement_rate=0.03, audience=Audience(credibility=0.9), topics=["climbing"])
    scored = evaluate(c, ctx(topics=["climbing"]))
    counted = [r for r in scored.results if r.weight > 0]
    total = sum(r.weight for r in counted)
    assert scored.score == pytest.approx(sum(r.weight * r.score for r in counted) / total, abs=1e-5)
    assert scored.confidence == pytest.approx(sum(r.weight * r.confidence for r in counted) / total, abs=1e-5)
    assert all(r.rule != "values_fit" for r in counted)  # not asked -> weight 0


def test_missing_data_gives_a_neutral_low_confidence_total() -> None:
    scored = evaluate(cand(), ctx())
    assert 0.4 <= scored.score <= 0.65
    assert scored.confidence < 0.45


def test_all_scores_in_range_for_extremes() -> None:
    config = RuleConfig()
    for c in (
        cand(followers=0, engagement_rate=50.0, follower_growth=-0.9, sponsored_share=1.0),
        cand(followers=10**9, engagement_rate=0.0, follower_growth=5.0, reply_rate=0.0),
    ):
        scored = evaluate(
            c,
            RuleContext(
                brief=Brief(topics=["x"], min_followers=10, max_followers=20), today=TODAY, config=config
            ),
        )
        assert 0.0 <= scored.score <= 1.0
        assert all(0.0 <= r.score <= 1.0 and r.reason for r in scored.results)


def test_an_asked_audience_country_that_is_not_on_file_is_a_caveat_not_a_plus() -> None:
    brief = Brief(question="skincare creators, audience in the US", audience_countries=["US"])
    elsewhere = Candidate(profile=Profile(handle="a", platform="tiktok", followers=30_000, country="AU"))
    nowhere = Candidate(profile=Profile(handle="b", platform="tiktok", followers=30_000))
    ctx = RuleContext(brief=brief, today=TODAY, config=DEFAULT_CONFIG)
    for candidate, reason in (
        (
            elsewhere,
            "Audience location unknown: no audience country data on file; the creator is based in AU, not US",
        ),
        (nowhere, "Audience location unknown: no audience country data on file"),
    ):
        got = rules.audience_location(candidate, ctx)
        assert (got.score, got.caveat, got.reason) == (0.5, True, reason)
        assert got.confidence < 0.5
