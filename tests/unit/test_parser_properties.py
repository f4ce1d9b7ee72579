"""Property tests: the offline parser never fails and always returns a well-formed Brief."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.brief import MAX_PICKS
from matching.parser import looks_like_question, parse_brief

PARSE_DAY = date(2026, 6, 1)  # a fixed clock: the parser reads no clock of its own

# Fragments marketers actually type, so that generated text hits the extractors, not just noise.
FRAGMENTS = [
    "5",
    "five",
    "a dozen",
    "top 10",
    "30",
    "micro",
    "nano",
    "macro",
    "mega",
    "mid-tier",
    "under 50k",
    "over 20k",
    "10-100k",
    "50k+",
    "around 30k",
    "between 10k and 5k",
    "followers",
    "on TikTok",
    "not on IG",
    "YouTubers",
    "in the US",
    "audience in Brazil",
    "work with us",
    "German",
    "Spanish-speaking",
    "in CA",
    "NY-based",
    "@kiwi_climbs",
    "excluding @a and @b",
    "$5k",
    "€2k",
    "budget of 10k dollars",
    "women 25-34",
    "Gen Z",
    "with email",
    "posted in the last 30 days",
    "engagement above 3%",
    "no fake followers",
    "competitors: Clif, Kind",
    "for a sustainable climbing-snack brand",
    "plan",
    "compare",
    "🔥",
    ",",
    ".",
    "?",
    "-",
    "–",
    "k",
    "%",
    "+",
    "<",
    ">",
    "the",
    "us",
    "in",
    "kiwi",
]

_settings = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=10).map("".join),
)


@_settings
@given(texts)
def test_never_raises_and_is_well_formed(text: str) -> None:
    brief = parse_brief(text, today=PARSE_DAY)
    assert brief.question == text
    assert 1 <= brief.k <= MAX_PICKS
    if brief.min_followers is not None and brief.max_followers is not None:
        assert brief.min_followers <= brief.max_followers
    for code in [*brief.countries, *brief.audience_countries]:
        assert re.fullmatch(r"[A-Z]{2}", code), code
    for handle in [*brief.handles, *brief.exclude_handles]:
        assert handle and "@" not in handle and handle == handle.lower()
    for language in brief.languages:
        assert re.fullmatch(r"[a-z]{2}", language), language
    assert not set(brief.platforms) & set(brief.excluded_platforms)
    assert set(brief.provenance.values()) <= {"parser", "default"}


@_settings
@given(st.text())
def test_looks_like_question_never_raises(text: str) -> None:
    assert isinstance(looks_like_question(text), bool)


@_settings
@given(st.integers(min_value=1, max_value=500))
def test_any_count_is_clamped(n: int) -> None:
    brief = parse_brief(f"find {n} creators", today=PARSE_DAY)
    assert brief.k == min(n, MAX_PICKS)
    assert (n > MAX_PICKS) == any("at most" in note for note in brief.notes)


@_settings
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_follower_range_is_ordered(a: int, b: int) -> None:
    brief = parse_brief(f"creators with {a}k-{b}k followers", today=PARSE_DAY)
    assert brief.min_followers == min(a, b) * 1000
    assert brief.max_followers == max(a, b) * 1000
