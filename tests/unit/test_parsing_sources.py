"""The parser's word tables have one source each: platform words, creator nouns and tier names."""

from __future__ import annotations

import re
from datetime import date

import pytest

from matching import domain, parser, taxonomy
from matching.parsing import platforms
from matching.parsing.context import ParseState
from matching.parsing.words import CREATOR_NOUN, CREATOR_WORDS, PLATFORM_PEOPLE, nouns
from matching.profile import PLATFORM_ALIASES
from matching.tiers import TIER_ORDER

PARSE_DAY = date(2026, 6, 1)  # a fixed clock: the parser reads no clock of its own


def test_nouns_builds_an_alternation_with_optional_plurals() -> None:
    pattern = re.compile(nouns("creator", "chef"))
    assert [
        w for w in ("creator", "creators", "chef", "chefs", "creat", "chefss") if pattern.fullmatch(w)
    ] == [
        "creator",
        "creators",
        "chef",
        "chefs",
    ]
    # Regex characters in a word are escaped, not interpreted.
    assert re.fullmatch(nouns("a.b"), "a.bs")
    assert not re.fullmatch(nouns("a.b"), "axb")


@pytest.mark.parametrize("alias", sorted(PLATFORM_ALIASES))
def test_every_platform_alias_is_read_as_its_platform(alias: str) -> None:
    # "x" is read only as a capital X after "on" ("on x" is too often a typo or a variable).
    word = "X" if alias == "x" else alias
    platform = PLATFORM_ALIASES[alias]
    assert parser.parse_brief(f"5 fitness creators on {word}", today=PARSE_DAY).platforms == [platform]
    negated = parser.parse_brief(f"5 fitness creators, not on {word}", today=PARSE_DAY)
    assert negated.excluded_platforms == [platform]
    assert negated.platforms == []


@pytest.mark.parametrize("person", sorted(PLATFORM_PEOPLE))
def test_platform_people_name_their_platform_and_are_counted(person: str) -> None:
    brief = parser.parse_brief(f"find 3 fitness {person}s", today=PARSE_DAY)
    assert brief.platforms == [PLATFORM_PEOPLE[person]]
    assert brief.k == 3
    assert CREATOR_NOUN.fullmatch(person + "s")
    assert person + "s" in CREATOR_WORDS


@pytest.mark.parametrize("tier", TIER_ORDER)
def test_every_tier_name_is_read_before_a_creator_noun(tier: str) -> None:
    brief = parser.parse_brief(f"5 {tier}-influencers for a vegan snack brand", today=PARSE_DAY)
    assert brief.tiers == [tier]
    assert brief.size_defaulted is False


def test_a_new_alias_in_the_domain_data_reaches_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    state = ParseState("5 creators on bsky")
    platforms.extract_platforms(state)
    assert state.fields["platforms"] == []
    # Data only: one alias in the active domain catalogue (what normalize_platform reads) reaches the parser.
    bundled = domain.load_domain()
    threads = bundled.platforms["threads"]
    extended = bundled.model_copy(
        update={
            "platforms": {
                **bundled.platforms,
                "threads": threads.model_copy(update={"aliases": [*threads.aliases, "bsky"]}),
            }
        }
    )
    monkeypatch.setattr(domain, "_active", extended)
    state = ParseState("5 creators on bsky, not on instagram")
    platforms.extract_platforms(state)
    assert state.fields["platforms"] == ["threads"]
    assert state.fields["excluded_platforms"] == ["instagram"]


@pytest.mark.parametrize("community", sorted(platforms.COMMUNITY_PLATFORM))
def test_a_platform_community_names_a_known_platform_and_a_taxonomy_niche(community: str) -> None:
    niche = platforms.COMMUNITY_NICHE[community]
    assert niche in {n.name for n in taxonomy.active().niches}
    assert platforms.COMMUNITY_PLATFORM[community] in set(PLATFORM_ALIASES.values())
    brief = parser.parse_brief(f"5 {community} creators for a vegan snack brand", today=PARSE_DAY)
    assert brief.platforms == [platforms.COMMUNITY_PLATFORM[community]]
    assert niche in brief.topics
    # Excluded, the community names neither a platform to search nor a niche.
    negated = parser.parse_brief(f"5 creators for a vegan snack brand, not on {community}", today=PARSE_DAY)
    assert negated.excluded_platforms == [platforms.COMMUNITY_PLATFORM[community]]
    assert niche not in negated.topics
