"""The allow-list grounding (issue 12): every hostile sentence and paraphrase goes, faithful ones stay."""

from __future__ import annotations

import unicodedata

import pytest

from assistant.allowlist import addresses, word_numbers
from assistant.grounding import MAX_ANSWER_CHARS, check_answer
from assistant.llm import PickFacts
from tests.unit.injection_corpus import FAITHFUL_PROSE, HOSTILE_PROSE

GOOD = "@climber0 posts about bouldering weekly."


def _picks() -> list[PickFacts]:
    return [
        PickFacts(
            rank=1,
            handle="climber0",
            platform="instagram",
            followers=23_412,
            engagement_rate=0.0345,
            tier="micro",
            reasons=["posts about bouldering weekly", "92% real followers"],
            profile_url="https://instagram.com/climber0",
        ),
        PickFacts(rank=2, handle="trail_bea", platform="tiktok", followers=61_000, engagement_rate=0.081),
    ]


FACTS = ["3 climbing creators for a snack brand", "climbing; Instagram; micro (10k-100k followers)"]


@pytest.mark.parametrize(("name", "sentence"), HOSTILE_PROSE, ids=[n for n, _ in HOSTILE_PROSE])
def test_every_hostile_sentence_is_dropped_and_the_rest_kept(name: str, sentence: str) -> None:
    result = check_answer(f"{GOOD} {sentence} @trail_bea brings 61k followers.", _picks(), facts=FACTS)

    assert result.text == f"{GOOD} @trail_bea brings 61k followers."
    assert unicodedata.normalize("NFKC", sentence).strip() in [s.strip() for s in result.dropped_sentences]


@pytest.mark.parametrize(("name", "sentence"), FAITHFUL_PROSE, ids=[n for n, _ in FAITHFUL_PROSE])
def test_faithful_sentences_are_kept(name: str, sentence: str) -> None:
    result = check_answer(sentence, _picks(), facts=FACTS)

    assert result.text == sentence
    assert result.dropped_sentences == []


def test_the_answer_is_capped_in_total_length() -> None:
    sentence = "@climber0 posts about bouldering weekly."
    result = check_answer(" ".join([sentence] * 2_000), _picks(), facts=FACTS)  # ~80,000 characters

    assert len(result.text) <= MAX_ANSWER_CHARS
    assert result.text.startswith(sentence)
    assert result.truncated


def test_mostly_hostile_prose_is_not_usable() -> None:
    text = " ".join(sentence for _, sentence in HOSTILE_PROSE[:6]) + f" {GOOD}"

    result = check_answer(text, _picks(), facts=FACTS)

    assert result.text == GOOD
    assert not result.usable  # one of seven sentences: the offline prose is used instead


def test_a_faithful_answer_is_usable() -> None:
    text = " ".join(sentence for _, sentence in FAITHFUL_PROSE)

    result = check_answer(text, _picks(), facts=FACTS)

    assert result.usable


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("five million followers", [5_000_000]),
        ("twenty-three thousand fans", [23_000]),
        ("a million views", [1_000_000]),
        ("one hundred and five", [100, 5]),
        ("a creator with half the reach", []),
        ("two picks", [2]),
    ],
)
def test_numbers_in_words(text: str, values: list[float]) -> None:
    assert word_numbers(text) == values


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("go to evil-example.com/login now", ["evil-example.com/login"]),
        ("mail payments@evil-example.com", ["payments@evil-example.com"]),
        ("see https://x.example/a?b=1", ["https://x.example/a?b=1"]),
        ("3.4% engagement, e.g. on reels, in the U.S.", []),
    ],
)
def test_addresses(text: str, found: list[str]) -> None:
    assert addresses(text) == found
