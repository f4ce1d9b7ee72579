"""The offline brief parser on real-sounding marketer questions.

Each row names only the Brief fields that matter for it. Keys ending in ``__has`` mean "contains all
of", ``__lacks`` "contains none of", ``notes__match`` "some note contains this text".
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest

from matching.brief import Brief, Budget
from matching.parser import (
    looks_like_question,
    parse_brief,
    parse_count_word,
    parse_follower_constraint,
    parse_number,
)
from matching.places import find_places

TODAY = date(2025, 6, 15)

CASES: list[tuple[str, dict[str, Any]]] = [
    # --- the canonical question -------------------------------------------------------------------
    (
        "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US",
        {
            "k": 5,
            "platforms": ["instagram"],
            "tiers": ["micro"],
            "min_followers": 10_000,
            "max_followers": 100_000,
            "size_defaulted": False,
            "topics__has": ["climbing", "nutrition"],
            "values": ["sustainable"],
            "audience_countries": ["US"],
            "countries": [],
            "brand": "a sustainable climbing-snack brand",
            "intent": "recommend",
        },
    ),
    # --- counts -----------------------------------------------------------------------------------
    ("five yoga creators on TikTok", {"k": 5, "platforms": ["tiktok"], "topics": ["yoga"]}),
    ("Give me a dozen baking bloggers in Italy", {"k": 12, "countries": ["IT"], "topics": ["baking"]}),
    ("top 10 gaming streamers", {"k": 10, "topics__has": ["gaming"]}),
    ("a couple of skincare creators", {"k": 2, "topics": ["skincare"]}),
    ("a few vanlife accounts please", {"k": 3, "topics": ["van life"]}),
    ("ten creators who do bouldering", {"k": 10, "topics": ["climbing"]}),
    ("I need 50 fitness influencers", {"k": 25, "notes__match": "at most 25"}),
    ("fitness creators", {"k": 5, "provenance__k": "default"}),
    ("3 to 5 surf creators", {"k": 5, "topics": ["surfing"]}),
    # --- sizes and tiers --------------------------------------------------------------------------
    (
        "nano and micro creators for a coffee roaster",
        {"tiers": ["nano", "micro"], "min_followers": 1_000, "max_followers": 100_000},
    ),
    ("mid-tier fashion creators", {"tiers": ["mid"], "min_followers": 100_000, "max_followers": 500_000}),
    (
        "macro influencers in beauty",
        {"tiers": ["macro"], "min_followers": 500_000, "max_followers": 1_000_000},
    ),
    (
        "mega creators for a car launch",
        {"tiers": ["mega"], "min_followers": 1_000_000, "max_followers": None},
    ),
    ("hiking creators under 50k", {"max_followers": 50_000, "min_followers": None, "size_defaulted": False}),
    ("runners with fewer than 20,000 followers", {"max_followers": 20_000, "topics": ["running"]}),
    ("cyclists with <50k followers", {"max_followers": 50_000}),
    ("creators with over 20k followers", {"min_followers": 20_000, "max_followers": None}),
    ("at least 15k subs on YouTube", {"min_followers": 15_000, "platforms": ["youtube"]}),
    ("baking creators between 10k and 50k followers", {"min_followers": 10_000, "max_followers": 50_000}),
    ("10-100k creators in travel", {"min_followers": 10_000, "max_followers": 100_000, "topics": ["travel"]}),
    ("pet creators 10k–100k", {"min_followers": 10_000, "max_followers": 100_000}),
    ("50k+ creators in skiing", {"min_followers": 50_000, "max_followers": None, "topics": ["skiing"]}),
    ("gardening creators around 30k followers", {"min_followers": 15_000, "max_followers": 45_000}),
    ("creators with 1.5M followers", {"min_followers": 750_000, "max_followers": 2_250_000}),
    (
        "micro-influencers under 50k in yoga",
        {"tiers": ["micro"], "min_followers": 10_000, "max_followers": 50_000, "notes": []},
    ),
    (
        "micro-influencers with 500k followers",
        {"min_followers": 250_000, "max_followers": 750_000, "notes__match": "Contradiction"},
    ),
    (
        "small creators who love sourdough",
        {"tiers": ["nano", "micro"], "min_followers": 1_000, "max_followers": 100_000, "topics": ["baking"]},
    ),
    (
        "yoga teachers in Denver",
        {
            "min_followers": 10_000,
            "max_followers": 100_000,
            "size_defaulted": True,
            "provenance__followers": "default",
        },
    ),
    # --- platforms --------------------------------------------------------------------------------
    ("IG or TT creators for a protein brand", {"platforms": ["instagram", "tiktok"]}),
    ("YouTubers who review laptops", {"platforms": ["youtube"], "topics": ["tech"]}),
    ("Instagrammers who do reels about dogs", {"platforms": ["instagram"], "topics": ["pets"]}),
    ("creators making shorts about gadgets", {"platforms": ["youtube"], "topics": ["tech"]}),
    ("TikTok instead", {"platforms": ["tiktok"], "excluded_platforms": []}),
    ("climbers, not on TikTok", {"excluded_platforms": ["tiktok"], "platforms": []}),
    (
        "no TikTok or YouTube please, insta only",
        {"excluded_platforms": ["tiktok", "youtube"], "platforms": ["instagram"]},
    ),
    ("any platform except YouTube", {"excluded_platforms": ["youtube"]}),
    ("running shorts brand looking for runners", {"platforms": [], "topics": ["running"]}),
    # --- places and languages ---------------------------------------------------------------------
    ("creators based in Germany", {"countries": ["DE"], "audience_countries": []}),
    ("British creators from the UK", {"countries": ["GB"]}),
    ("German creators who cook", {"countries": ["DE"], "languages": []}),
    ("cyclists in Texas", {"countries": ["US"]}),
    ("Austin, TX based coffee creators", {"countries": ["US"]}),
    ("NY-based dancers", {"countries": ["US"], "topics": ["dance"]}),
    ("creators in CA with a surf focus", {"countries": ["US"]}),
    ("UK audience, fashion creators", {"audience_countries": ["GB"], "countries": []}),
    ("followers in Brazil please", {"audience_countries": ["BR"]}),
    ("influencers reaching UK shoppers", {"audience_countries": ["GB"]}),
    ("creators in the U.S. with a Canadian audience", {"countries": ["US"], "audience_countries": ["CA"]}),
    ("creators in the us", {"countries": ["US"]}),
    ("Spanish-speaking parenting creators", {"languages": ["es"], "countries": []}),
    ("creators who post in French", {"languages": ["fr"], "countries": []}),
    ("DACH fitness creators", {"countries": ["DE", "AT", "CH"]}),
    ("creators across the Nordics", {"countries": ["DK", "FI", "IS", "NO", "SE"]}),
    ("LATAM travel creators", {"countries__has": ["MX", "BR", "AR"]}),
    ("creators in the UK & Ireland", {"countries": ["GB", "IE"]}),
    ("creators in London or Manchester", {"countries": ["GB"]}),
    ("Aussie surfers", {"countries": ["AU"], "topics": ["surfing"]}),
    ("Kiwi creators who love hiking", {"countries": ["NZ"], "topics": ["hiking"]}),
    (
        "our vegan bakery in London needs local foodies",
        {"brand": "our vegan bakery in London", "audience_countries": ["GB"]},
    ),
    # --- traps ------------------------------------------------------------------------------------
    (
        "Which creators would want to work with us on a climbing brand?",
        {"countries": [], "audience_countries": []},
    ),
    ("help us find yoga creators in India", {"countries": ["IN"]}),
    ("creators who live in Indiana", {"countries": ["US"]}),
    ("creators interested in outdoor gear", {"countries": []}),
    ("5 creators for a kiwi smoothie brand", {"countries": [], "topics__has": ["kiwi"]}),
    ("French fries and burger creators", {"countries": [], "languages": []}),
    # "nail" is a beauty word in the taxonomy now (was a fallback topic "nail").
    ("nail polish creators", {"countries": [], "topics__has": ["beauty"]}),
    ("5k runners for a shoe brand", {"min_followers": 10_000, "size_defaulted": True, "topics": ["running"]}),
    ("WORK WITH US ON THIS", {"countries": []}),
    # --- demographics -----------------------------------------------------------------------------
    (
        "fitness creators whose audience is women 25-34",
        {"audience_gender": "female", "audience_ages": ["25-34"]},
    ),
    ("creators for moms", {"audience_gender": "female", "topics": ["parenting"]}),
    ("Gen Z skincare creators", {"audience_ages": ["13-17", "18-24"]}),
    ("millennials into camping", {"audience_ages": ["25-34", "35-44"], "topics": ["camping"]}),
    (
        "female audience 18-34 for a yoga mat",
        {"audience_gender": "female", "audience_ages": ["18-24", "25-34"]},
    ),
    ("women-owned brand looking for bakers", {"audience_gender": None, "values__has": ["women-owned"]}),
    (
        "8 female fitness creators in Berlin",
        {"k": 8, "audience_gender": None, "countries": ["DE"], "notes__match": "Creator gender"},
    ),
    (
        "We're a Berlin-based skincare brand selling in the Nordics",
        {
            "brand": "a Berlin-based skincare brand",
            "countries": ["DE"],
            "audience_countries__has": ["SE", "NO"],
        },
    ),
    # --- exclusions -------------------------------------------------------------------------------
    ("climbers but not @kiwi_climbs", {"exclude_handles": ["kiwi_climbs"], "handles": []}),
    ("hikers excluding @a and @b.c.", {"exclude_handles": ["a", "b.c"]}),
    ("runners except @Trail_Queen", {"exclude_handles": ["trail_queen"]}),
    ("we already worked with @e, find others in yoga", {"exclude_handles": ["e"], "intent": "recommend"}),
    ("no @dave please", {"exclude_handles": ["dave"]}),
    ("not working with Brand X", {"exclude_brands": ["Brand X"]}),
    ("competitors: Clif, Kind", {"exclude_brands": ["Clif", "Kind"]}),
    ("avoid creators who promote Red Bull", {"exclude_brands": ["Red Bull"]}),
    # --- budget and plan --------------------------------------------------------------------------
    ("gaming creators, $5k", {"budget": Budget(amount=5000), "intent": "recommend"}),
    ("budget $3,000 for cycling creators", {"budget": Budget(amount=3000)}),
    ("5000 USD for a skincare push", {"budget": Budget(amount=5000)}),
    ("€2k for French bakers", {"budget": Budget(amount=2000, currency="EUR"), "countries": ["FR"]}),
    ("budget of 10k dollars", {"budget": Budget(amount=10_000), "min_followers": 10_000}),
    ("unlimited budget, mega creators", {"budget": Budget(amount=None, unlimited=True)}),
    ("plan a $5k campaign for our running socks", {"intent": "plan", "budget": Budget(amount=5000)}),
    ("brainstorm a TikTok campaign for a coffee brand", {"intent": "plan"}),
    ("we have a $2k campaign budget for hikers", {"intent": "plan", "budget": Budget(amount=2000)}),
    ("$500 per creator, 4 creators", {"budget": Budget(amount=2000), "k": 4}),
    # --- must-haves -------------------------------------------------------------------------------
    ("skiers with email", {"require_email": True}),
    ("contactable bakers", {"require_email": True}),
    ("creators that have contact info", {"require_email": True}),
    ("email me the list of bakers", {"require_email": False}),
    ("creators who posted in the last 30 days", {"max_days_since_post": 30}),
    ("active this month", {"max_days_since_post": 30}),
    ("active in the last 2 weeks", {"max_days_since_post": 14, "values": []}),
    ("posted since June", {"max_days_since_post": 14}),
    ("engagement above 3%", {"min_engagement": 0.03}),
    ("at least 4.5% engagement rate", {"min_engagement": 0.045}),
    ("real followers only", {"min_credibility": 0.8}),
    ("no fake followers", {"min_credibility": 0.8}),
    # --- named creators ---------------------------------------------------------------------------
    ("tell me about @kiwi_climbs", {"handles": ["kiwi_climbs"], "intent": "profile", "countries": []}),
    ("is @x a fit for our brand?", {"handles": ["x"], "intent": "profile"}),
    ("compare @a and @b", {"handles": ["a", "b"], "intent": "compare"}),
    ("@alpha vs @beta for a yoga launch", {"handles": ["alpha", "beta"], "intent": "compare"}),
    ("creators like @sam.sends", {"handles": ["sam.sends"], "intent": "recommend"}),
    ("email me at bob@example.com", {"handles": [], "exclude_handles": []}),
    # --- topics -----------------------------------------------------------------------------------
    ("pickleball paddles creators", {"topics": ["pickleball"]}),
    ("zero-waste home creators", {"values__has": ["zero-waste"], "topics__has": ["sustainability"]}),
    ("plant-based recipe creators", {"topics__has": ["vegan food", "cooking"], "values__has": ["vegan"]}),
    # --- other languages, emoji, edge cases -------------------------------------------------------
    ("5 influencers de fitness en España", {"k": 5, "countries": ["ES"]}),
    ("Fitness-Influencer aus Deutschland", {"countries": ["DE"]}),
    ("influenceurs français sur Instagram", {"countries": ["FR"], "platforms": ["instagram"]}),
    ("🧗‍♀️ climbing creators 🇺🇸 on TikTok 🔥", {"topics": ["climbing"], "platforms": ["tiktok"]}),
    ("", {"k": 5, "size_defaulted": False, "min_followers": None, "provenance": {}}),
]


def _check(brief: Brief, expected: dict[str, Any]) -> None:
    for key, want in expected.items():
        if key.endswith("__has"):
            got = getattr(brief, key[: -len("__has")])
            assert all(w in got for w in want), f"{key}: {got!r} lacks some of {want!r}"
        elif key.endswith("__lacks"):
            got = getattr(brief, key[: -len("__lacks")])
            assert not any(w in got for w in want), f"{key}: {got!r} has one of {want!r}"
        elif key == "notes__match":
            assert any(want in n for n in brief.notes), f"no note with {want!r}: {brief.notes!r}"
        elif key.startswith("provenance__"):
            assert brief.provenance.get(key.split("__", 1)[1]) == want, brief.provenance
        else:
            assert getattr(brief, key) == want, f"{key}: got {getattr(brief, key)!r}, want {want!r}"


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[q[:50] or "<empty>" for q, _ in CASES])
def test_question_table(question: str, expected: dict[str, Any]) -> None:
    brief = parse_brief(question, today=TODAY)
    assert brief.question == question
    _check(brief, expected)


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 60


def test_provenance_marks_parser_fields() -> None:
    brief = parse_brief("5 TikTokers in Germany under 50k", today=TODAY)
    assert brief.provenance["k"] == "parser"
    assert brief.provenance["platforms"] == "parser"
    assert brief.provenance["countries"] == "parser"
    assert brief.provenance["followers"] == "parser"


@contextmanager
def _hang_guard(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: catastrophic regex backtracking never finishes, a slow machine does."""

    def _hung(_signum: int, _frame: object) -> None:
        raise AssertionError(f"parse did not finish within {seconds} s: catastrophic backtracking?")

    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_long_and_hostile_questions_parse() -> None:
    # Speed lives in `scout bench`; this guards against inputs that make a regex backtrack forever.
    base = "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US. "
    short = parse_brief(base, today=TODAY)
    for text in (
        base * 110,
        "a" * 10_000,
        "1" * 10_000,
        "@" * 10_000,
        "1,0" * 3_400,
        "us " * 3_400,
        "-5k" * 3_400,
    ):
        with _hang_guard(30):
            brief = parse_brief(text[:10_000], today=TODAY)
        assert isinstance(brief, Brief), text[:20]
        if text.startswith(base):
            # A long repeated question still reads as the same brief.
            assert (brief.platforms, brief.countries) == (short.platforms, short.countries)


@pytest.mark.parametrize(
    ("text", "value"),
    [("10", None), ("1.5", "M"), ("50,000", None), ("10.000", None), ("2", "thousand"), ("1,5", "k")],
)
def test_parse_number(text: str, value: str | None) -> None:
    expected = {"10": 10, "1.5": 1_500_000, "50,000": 50_000, "10.000": 10_000, "2": 2_000, "1,5": 1_500}
    assert parse_number(text, value) == expected[text]


def test_parse_count_word() -> None:
    assert parse_count_word("five") == 5
    assert parse_count_word("a dozen") == 12
    assert parse_count_word("A couple") == 2
    assert parse_count_word("7") == 7
    assert parse_count_word("fünf") == 5
    assert parse_count_word("lots") is None


def test_parse_follower_constraint() -> None:
    assert parse_follower_constraint("under 50k") == (None, 50_000)
    assert parse_follower_constraint("10-100k followers") == (10_000, 100_000)
    assert parse_follower_constraint("50k+") == (50_000, None)
    assert parse_follower_constraint("around 30k") == (15_000, 45_000)
    assert parse_follower_constraint("a sunny day") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", False),
        ("   ", False),
        ("?!...", False),
        ("🔥🔥🔥", False),
        ("asdfghjkl qwrtzxcv", False),
        ("5 yoga creators in Berlin", True),
        ("tell me about @kiwi_climbs", True),
        ("influenceurs français", True),
        ("日本のインフルエンサー", True),
    ],
)
def test_looks_like_question(text: str, expected: bool) -> None:
    assert looks_like_question(text) is expected


def test_places_spans_and_kinds() -> None:
    found = find_places("German creators in Munich with a UK & Ireland audience")
    assert [(p.text, p.kind) for p in found] == [
        ("German", "demonym"),
        ("Munich", "city"),
        ("UK & Ireland", "region"),
    ]
    assert found[0].language == "de"
    assert found[2].countries == ("GB", "IE")


@pytest.mark.parametrize(
    "question",
    ["climbing creators, any size", "vegan bakers regardless of follower count", "yoga teachers, all tiers"],
)
def test_any_size_lifts_the_micro_default(question: str) -> None:
    brief = parse_brief(question, today=TODAY)
    assert (brief.min_followers, brief.max_followers, brief.size_defaulted) == (None, None, False)


@pytest.mark.parametrize(
    ("question", "platforms", "topics"),
    [
        ("booktok creators who champion queer authors", ["tiktok"], ["books"]),
        ("bookstagram accounts in the UK", ["instagram"], ["books"]),
        ("booktube reviewers for a fantasy novel launch", ["youtube"], ["books"]),
    ],
)
def test_platform_communities_imply_platform_and_niche(
    question: str, platforms: list[str], topics: list[str]
) -> None:
    brief = parse_brief(question, today=TODAY)
    assert brief.platforms == platforms
    assert set(topics) <= set(brief.topics)


def test_a_local_business_wants_local_creators_but_a_market_is_an_audience() -> None:
    local = parse_brief(
        "who should we work with for our vegan bakery in London? baking creators on tiktok", today=TODAY
    )
    assert local.countries == ["GB"] and local.audience_countries == ["GB"]
    market = parse_brief("We're a Berlin-based skincare brand selling in the Nordics", today=TODAY)
    assert market.countries == ["DE"]
    assert "SE" in market.audience_countries and "SE" not in market.countries
