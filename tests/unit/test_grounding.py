from __future__ import annotations

import logging

import pytest

from assistant.answer import Recommendation
from assistant.grounding import check_answer
from assistant.llm import PickFacts
from tests.unit.injection_corpus import HOSTILE_OUTPUTS


def _picks() -> list[PickFacts]:
    return [
        PickFacts(
            rank=1,
            handle="climber0",
            platform="instagram",
            followers=23_412,
            engagement_rate=0.0345,
            engagement_benchmark=0.0054,
            country="US",
            tier="micro",
            reasons=["posts about bouldering weekly", "92% real followers"],
            profile_url="https://instagram.com/climber0",
        ),
        PickFacts(
            rank=2,
            handle="Trail_Bea",
            platform="tiktok",
            followers=61_000,
            engagement_rate=0.081,
            tier="micro",
            reasons=["60% of the audience is in the US"],
        ),
    ]


def test_keeps_a_faithful_answer_unchanged() -> None:
    text = (
        "Two climbing picks for the US.\n"
        "@climber0 has 23.4k followers and 3.4% engagement, well above the 0.54% median; 92% real followers.\n"
        "@trail_bea (#2) brings 61k followers and 8.1% engagement on TikTok."
    )
    result = check_answer(text, _picks())
    assert result.text == text
    assert not result.changed


def test_drops_sentences_naming_creators_who_are_not_picks(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="assistant.grounding"):
        result = check_answer(
            "@climber0 is first. You could also try @ghost_account. @Trail_Bea is second.", _picks()
        )
    assert result.text == "@climber0 is first. @Trail_Bea is second."
    assert result.dropped_handles == ["ghost_account"]
    assert "ghost_account" in caplog.text
    assert "You could also try" not in caplog.text  # the prose itself is not logged


@pytest.mark.parametrize(
    "sentence",
    [
        "@climber0 has 50k followers.",
        "@climber0 has 2.5M followers.",
        "@climber0 has 23,900 followers.",
        "@climber0 has 7% engagement.",
        "#1 has 120k followers.",
        "@trail_bea has 23.4k followers.",  # climber0's number on the wrong creator
    ],
)
def test_drops_sentences_whose_numbers_disagree(sentence: str) -> None:
    result = check_answer(f"Here are the picks. {sentence} Both post weekly.", _picks())
    assert result.text == "Here are the picks. Both post weekly."
    assert result.dropped_sentences == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "@climber0 has 23k followers.",
        "@climber0 has 23.4k followers.",
        "@climber0 has 23,412 followers.",
        "@climber0 has 3% engagement.",
        "@climber0 has 3.45% engagement.",
        "@climber0 has 92% real followers.",
        "All picks sit in the 10k-100k window.",
    ],
)
def test_accepts_rounded_numbers_and_numbers_from_the_facts(sentence: str) -> None:
    result = check_answer(sentence, _picks(), facts=["climbing; Instagram; 10k-100k followers"])
    assert result.text == sentence


@pytest.mark.parametrize(("name", "output"), HOSTILE_OUTPUTS, ids=[n for n, _ in HOSTILE_OUTPUTS])
def test_strips_pings_and_unknown_handles_from_hostile_outputs(name: str, output: str) -> None:
    result = check_answer(output, _picks())
    text = result.text
    for bad in ("<!", "<@", "<#", "@here", "@channel", "@everyone", "evil.example", "attacker", "evil_baker"):
        assert bad not in text
    assert "spam_account" not in text and "spam" not in text
    assert "2.5M" not in text and "45%" not in text
    assert "\u200b" not in text


def test_keeps_the_picks_own_profile_link() -> None:
    # Changed with the allow-list (issue 12): a sentence holding a foreign link is dropped whole,
    # not kept with the link cut out ("Or go to" would be left); the pick's own link stays.
    text = "Media kit: https://instagram.com/climber0 for @climber0. Also https://evil.example/x?d=1 for @climber0."
    result = check_answer(text, _picks())
    assert "https://instagram.com/climber0" in result.text
    assert "evil.example" not in result.text
    assert result.removed_links == 1
    assert result.text == "Media kit: https://instagram.com/climber0 for @climber0."


def test_works_with_recommendations_too() -> None:
    rec = Recommendation(
        rank=1,
        handle="climber0",
        platform="instagram",
        followers=23_412,
        engagement_rate=0.0345,
        country="US",
        tier="micro",
        score=0.8,
        reasons=["posts weekly"],
        profile_url=None,
        profile_id="instagram:climber0",
    )
    result = check_answer("@climber0 has 23.4k followers. @other has 1M.", [rec])
    assert result.text == "@climber0 has 23.4k followers."


def test_emails_are_not_handles() -> None:
    # An address the facts hold is kept, and its "@example" is not read as an unknown handle.
    result = check_answer(
        "Reach @climber0 at climber0@example.com for rates.",
        _picks(),
        facts=["contact: climber0@example.com"],
    )
    assert result.text == "Reach @climber0 at climber0@example.com for rates."
    assert result.dropped_handles == []


def test_an_email_the_facts_do_not_hold_drops_its_sentence() -> None:
    # Changed with the allow-list (issue 12): before, any email address passed.
    result = check_answer(
        "Reach @climber0 at climber0@example.com for rates. @climber0 posts weekly.", _picks()
    )
    assert result.text == "@climber0 posts weekly."
