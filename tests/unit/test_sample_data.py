"""The bundled sample dataset: shape, realism, planted red flags, determinism and labels."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import sample_data
from matching.profile import Profile
from matching.tiers import ENGAGEMENT_BENCHMARKS
from matching.vocabulary import NICHES, SAFETY, SPONSORED_MARKERS, VALUES, find_labels, mentions
from sample_data import generate
from sample_data.labels import passes_hard, relevance


@pytest.fixture(scope="module")
def profiles() -> list[Profile]:
    return sample_data.load_profiles()


@pytest.fixture(scope="module")
def truth() -> dict[str, dict[str, Any]]:
    return sample_data.load_truth()


@pytest.fixture(scope="module")
def briefs() -> list[dict[str, Any]]:
    return sample_data.load_eval_briefs()


def _text(p: Profile) -> str:
    return " ".join([p.bio or "", *p.recent_captions])


# ---- files and shape


def test_package_paths_point_at_bundled_files() -> None:
    for path in (sample_data.profiles_path(), sample_data.truth_path(), sample_data.eval_briefs_path()):
        assert path.is_file()
    assert sample_data.REFERENCE_DATE == generate.REFERENCE_DATE == date(2026, 11, 1)


def test_every_line_is_a_profile_without_computed_fields() -> None:
    lines = sample_data.profiles_path().read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 3_000
    for line in lines:
        record = json.loads(line)
        assert "id" not in record and "tier" not in record
        Profile.model_validate(record)


def test_profiles_file_stays_small() -> None:
    assert Path(str(sample_data.profiles_path())).stat().st_size < 6_000_000


def test_ids_are_unique_and_match_truth(profiles: list[Profile], truth: dict[str, dict[str, Any]]) -> None:
    ids = [p.id for p in profiles]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(truth)


def test_counts_niches_countries_platforms(profiles: list[Profile], truth: dict[str, dict[str, Any]]) -> None:
    primaries = Counter(truth[p.id]["niches"][0] for p in profiles)
    assert len(primaries) >= 25
    assert set(primaries) <= set(NICHES)
    countries = Counter(p.country for p in profiles if p.country)
    assert len(countries) >= 15
    assert countries.most_common(1)[0][0] == "US"
    platforms = Counter(p.platform for p in profiles)
    assert set(platforms) == {"instagram", "tiktok", "youtube"}
    assert platforms["instagram"] > platforms["tiktok"] > platforms["youtube"]
    assert 0.4 < platforms["instagram"] / len(profiles) < 0.6


def test_tier_mix_is_weighted_to_nano_and_micro(profiles: list[Profile]) -> None:
    share = {t: n / len(profiles) for t, n in Counter(p.tier for p in profiles).items()}
    assert share["nano"] + share["micro"] >= 0.75
    assert share["nano"] >= 0.3 and share["micro"] >= 0.3
    assert 0.0 < share["macro"] + share["mega"] <= 0.1


def test_every_niche_has_30_micro_creators_and_big_accounts(
    profiles: list[Profile], truth: dict[str, dict[str, Any]]
) -> None:
    micro = Counter(truth[p.id]["niches"][0] for p in profiles if p.tier == "micro")
    big = Counter(truth[p.id]["niches"][0] for p in profiles if p.tier in ("macro", "mega"))
    for niche in NICHES:
        assert micro[niche] >= 30, niche
        assert big[niche] >= 2, niche


def test_topics_generalists_and_values(profiles: list[Profile], truth: dict[str, dict[str, Any]]) -> None:
    n = len(profiles)
    assert 0.02 < sum(1 for p in profiles if not p.topics) / n < 0.1
    generalists = [p for p in profiles if truth[p.id]["generalist"]]
    assert 0.03 < len(generalists) / n < 0.15
    assert all(4 <= len(truth[p.id]["niches"]) <= 6 for p in generalists)
    specialists = [p for p in profiles if not truth[p.id]["generalist"] and p.topics]
    assert all(1 <= len(p.topics) <= 3 for p in specialists)
    with_values = [p for p in profiles if truth[p.id]["values"]]
    assert 0.25 < len(with_values) / n < 0.5
    assert set(v for t in truth.values() for v in t["values"]) <= set(VALUES)


def test_values_are_written_in_the_text(profiles: list[Profile], truth: dict[str, dict[str, Any]]) -> None:
    pairs = [(p, v) for p in profiles for v in truth[p.id]["values"] if p.bio or p.recent_captions]
    found = sum(1 for p, v in pairs if v in find_labels(_text(p), VALUES))
    assert found / len(pairs) > 0.75


def test_text_is_varied(profiles: list[Profile]) -> None:
    captions = [c for p in profiles for c in p.recent_captions]
    assert len(set(captions)) / len(captions) > 0.7
    bios = [p.bio for p in profiles if p.bio]
    assert len(set(bios)) / len(bios) > 0.9
    assert all(3 <= len(p.recent_captions) <= 6 for p in profiles if p.recent_captions)


def test_engagement_is_realistic(profiles: list[Profile], truth: dict[str, dict[str, Any]]) -> None:
    assert 0.05 < sum(1 for p in profiles if p.engagement_rate is None) / len(profiles) < 0.15
    assert any(p.engagement_rate is not None and not p.engagement_derived for p in profiles)
    for platform, table in ENGAGEMENT_BENCHMARKS.items():
        for tier in ("nano", "micro"):
            rates = [
                p.engagement_rate
                for p in profiles
                if p.platform == platform and p.tier == tier and p.engagement_rate is not None
                if "bought_followers" not in truth[p.id]["flags"]
            ]
            assert table[tier] / 1.3 < statistics.median(rates) < table[tier] * 1.3, (platform, tier)


def test_optional_fields_are_sometimes_missing(profiles: list[Profile]) -> None:
    n = len(profiles)
    for field in ("display_name", "bio", "country", "city", "language", "last_post_date", "rate_per_post"):
        missing = sum(1 for p in profiles if getattr(p, field) is None) / n
        assert 0.05 <= missing <= 0.25, field
    emails = sum(1 for p in profiles if p.contact_email) / n
    assert 0.5 < emails < 0.7


def test_audience_shares_are_fractions(profiles: list[Profile]) -> None:
    for p in profiles:
        assert sum(p.audience.top_countries.values()) <= 1.0 + 1e-9
        if p.audience.age_bands:
            assert set(p.audience.age_bands) == {"13-17", "18-24", "25-34", "35-44", "45+"}
            assert abs(sum(p.audience.age_bands.values()) - 1.0) < 0.02


# ---- planted red flags


def test_red_flags_are_planted_and_visible(profiles: list[Profile], truth: dict[str, dict[str, Any]]) -> None:
    flagged = {p.id: p for p in profiles if truth[p.id]["flags"]}
    assert 0.05 <= len(flagged) / len(profiles) <= 0.15
    kinds = Counter(f for t in truth.values() for f in t["flags"])
    assert set(kinds) == {"bought_followers", "ad_saturated", "brand_safety", "inactive"}
    for pid, p in flagged.items():
        flags = truth[pid]["flags"]
        if "bought_followers" in flags:
            assert p.audience.credibility is not None and p.audience.credibility < 0.6
            assert p.follower_growth is not None and p.follower_growth > 0.3
        if "inactive" in flags:
            assert p.last_post_date is not None
            assert (sample_data.REFERENCE_DATE - p.last_post_date).days > 180
        if "ad_saturated" in flags:
            assert p.sponsored_share is not None and p.sponsored_share > 0.5
    unflagged = [p for p in profiles if not truth[p.id]["flags"]]
    assert all(
        p.last_post_date is None or (sample_data.REFERENCE_DATE - p.last_post_date).days <= 180
        for p in unflagged
    )


def test_bought_followers_engage_far_below_benchmark(
    profiles: list[Profile], truth: dict[str, dict[str, Any]]
) -> None:
    bought = [
        p for p in profiles if "bought_followers" in truth[p.id]["flags"] and p.engagement_rate is not None
    ]
    assert bought
    assert all(p.engagement_rate < ENGAGEMENT_BENCHMARKS[p.platform][p.tier] * 0.5 for p in bought)  # type: ignore[operator]


def test_ad_saturated_captions_are_mostly_ads(
    profiles: list[Profile], truth: dict[str, dict[str, Any]]
) -> None:
    for p in profiles:
        if "ad_saturated" in truth[p.id]["flags"] and p.recent_captions:
            ads = sum(1 for c in p.recent_captions if mentions(c, SPONSORED_MARKERS))
            assert ads / len(p.recent_captions) >= 0.4, p.id


def test_safety_vocabulary_catches_most_but_not_all(
    profiles: list[Profile], truth: dict[str, dict[str, Any]]
) -> None:
    unsafe = [p for p in profiles if "brand_safety" in truth[p.id]["flags"]]
    caught = sum(1 for p in unsafe if find_labels(_text(p), SAFETY))
    assert 0.6 < caught / len(unsafe) < 1.0
    safe = [p for p in profiles if "brand_safety" not in truth[p.id]["flags"]]
    assert sum(1 for p in safe if find_labels(_text(p), SAFETY)) / len(safe) < 0.02


# ---- eval briefs


def test_eval_briefs_are_labelled(briefs: list[dict[str, Any]]) -> None:
    assert len(briefs) >= 45
    keys = {
        "id",
        "question",
        "niche",
        "values",
        "platforms",
        "countries",
        "min_followers",
        "max_followers",
        "k",
    }
    assert len({b["id"] for b in briefs}) == len(briefs)
    for b in briefs:
        assert set(b) == keys
        assert b["niche"] in NICHES
        assert set(b["values"]) <= set(VALUES)
        words = (b["niche"], *NICHES[b["niche"]])
        assert mentions(b["question"], words), b["question"]
    assert sum(1 for b in briefs if b["countries"]) >= 15
    assert sum(1 for b in briefs if b["platforms"]) >= 15
    assert sum(1 for b in briefs if b["platforms"] and b["countries"]) >= 5
    assert sum(1 for b in briefs if b["values"]) >= 10
    sized = [b for b in briefs if (b["min_followers"], b["max_followers"]) != (10_000, 100_000)]
    assert len(sized) >= 5


def test_each_eval_brief_has_ten_relevant_profiles(
    profiles: list[Profile], truth: dict[str, dict[str, Any]], briefs: list[dict[str, Any]]
) -> None:
    for b in briefs:
        passing = [p for p in profiles if passes_hard(p, b)]
        grades = [relevance(truth[p.id], b) for p in passing]
        assert sum(1 for g in grades if g >= 1) >= 10, b["id"]
        assert 2 in grades, b["id"]


def test_decoys_wait_for_a_naive_ranker(
    profiles: list[Profile], truth: dict[str, dict[str, Any]], briefs: list[dict[str, Any]]
) -> None:
    for b in briefs:
        decoys = [
            p
            for p in profiles
            if passes_hard(p, b) and truth[p.id]["flags"] and truth[p.id]["niches"][0] == b["niche"]
        ]
        assert decoys, b["id"]


# ---- determinism


def test_regenerating_gives_identical_bytes(tmp_path: Path) -> None:
    assert generate.main(["--out", str(tmp_path)]) == 0
    for shipped in (sample_data.profiles_path(), sample_data.truth_path(), sample_data.eval_briefs_path()):
        assert (tmp_path / shipped.name).read_bytes() == shipped.read_bytes(), shipped.name


# ---- labels


@pytest.fixture
def brief() -> dict[str, Any]:
    return {"niche": "climbing", "values": ["sustainable"], "platforms": ["instagram"], "countries": ["US"],
            "min_followers": 10_000, "max_followers": 100_000}  # fmt: skip


def _truth(niches: list[str], values: Sequence[str] = (), flags: Sequence[str] = ()) -> dict[str, Any]:
    return {"niches": niches, "values": list(values), "flags": list(flags), "generalist": False}


def test_relevance_grades(brief: dict[str, Any]) -> None:
    assert relevance(_truth(["climbing"], ["sustainable", "vegan"]), brief) == 2
    assert relevance(_truth(["climbing"], []), brief) == 1  # right niche, value missing
    assert relevance(_truth(["hiking", "climbing"], ["sustainable"]), brief) == 1  # side niche
    assert relevance(_truth(["hiking"], ["sustainable"]), brief) == 0
    assert relevance(_truth(["climbing"], ["sustainable"], ["inactive"]), brief) == 0  # any flag
    assert relevance(_truth(["climbing"]), {**brief, "values": []}) == 2
    assert relevance(_truth([]), brief) == 0


def test_passes_hard_checks_platform_country_and_inclusive_range(brief: dict[str, Any]) -> None:
    p = Profile(handle="a", platform="instagram", followers=10_000, country="US")
    assert passes_hard(p, brief)
    assert passes_hard(p.model_copy(update={"followers": 100_000}), brief)
    assert not passes_hard(p.model_copy(update={"followers": 100_001}), brief)
    assert not passes_hard(p.model_copy(update={"followers": 9_999}), brief)
    assert not passes_hard(p.model_copy(update={"platform": "tiktok"}), brief)
    assert not passes_hard(p.model_copy(update={"country": None}), brief)
    assert passes_hard(p.model_copy(update={"country": None, "followers": 5}),
                       {"platforms": [], "countries": [], "min_followers": None, "max_followers": None})  # fmt: skip
