"""Compare and "tell me more" layouts: side by side within Block Kit limits, never cut mid-word."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answer import Answer, Recommendation
from bot.blocks import render_answer
from matching.candidates import RuleResult
from tests.unit.test_blocks import assert_within_limits

RULES = ("relevance", "engagement", "credibility", "audience_location", "sponsored_saturation", "recency")


def rec(i: int, **kw: Any) -> Recommendation:
    rules = [
        RuleResult(
            rule=r,
            score=min(1.0, 0.3 + 0.1 * ((i + j) % 7)),
            weight=1.0,
            confidence=1.0,
            reason=f"{r.replace('_', ' ').capitalize()} reason for creator {i}; semantic similarity 0.4{i} (weak) "
            + "long words " * 30,
        )
        for j, r in enumerate(RULES)
    ]
    values: dict[str, Any] = {
        "rank": i + 1,
        "handle": f"creator_{i}",
        "platform": "tiktok",
        "followers": 40_000 + i * 1000,
        "engagement_rate": 0.05,
        "engagement_benchmark": 0.02,
        "country": "GB",
        "tier": "micro",
        "score": 0.8 - i / 100,
        "reasons": ["r"],
        "profile_url": None,
        "profile_id": f"tt:creator_{i}",
        "rules": rules,
    }
    values.update(kw)
    return Recommendation(**values)


def texts(message: Any) -> list[str]:
    out: list[str] = []
    for block in message.blocks:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        out += [f["text"] for f in block.get("fields", [])]
    return out


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_compare_is_side_by_side_for_2_to_5_creators(n: int) -> None:
    answer = Answer(kind="compare", question="q", recommendations=[rec(i) for i in range(n)], answer="x")
    message = render_answer(answer)
    assert_within_limits(message)
    shown = "\n".join(texts(message))
    assert "Why #1 @creator_0 beats #2 @creator_1" in shown
    for i in range(n):
        assert f"@creator_{i}" in shown
    criteria = [b for b in message.blocks if b.get("block_id", "").startswith("scout_crit_")]
    assert criteria and all(len(b["fields"]) == n for b in criteria)
    assert "similarity 0.4" not in shown  # raw similarity never reaches a reader
    for text in texts(message):
        if text.endswith("…"):
            # Cut at a word boundary: what precedes the ellipsis is a whole word of the source.
            last = text[:-1].split()[-1]
            assert last in " ".join(r.reason for r in answer.recommendations[0].rules) or last.startswith("@")


def test_compare_of_twelve_creators_still_fits_and_names_everyone() -> None:
    answer = Answer(kind="compare", question="q", recommendations=[rec(i) for i in range(12)], answer="x")
    message = render_answer(answer)
    assert_within_limits(message)
    shown = "\n".join(texts(message))
    for i in range(12):
        assert f"@creator_{i}" in shown


def test_tell_me_more_is_short_and_plain() -> None:
    answer = Answer(kind="profile", question="q", recommendations=[rec(0)], answer="creator_0 relevance: x")
    message = render_answer(answer)
    assert_within_limits(message)
    shown = "\n".join(texts(message))
    assert "Strong:" in shown or "Check before you reach out" in shown
    assert "semantic similarity" not in shown and "relevance:" not in shown
    assert any(e.get("action_id") == "scout_rules" for b in message.blocks for e in b.get("elements", []))


def test_long_text_is_cut_between_words_never_inside_one() -> None:
    from bot.block_kit import truncate_mrkdwn, truncate_plain

    source = " ".join(f"w{i}x" for i in range(2000))  # a cut inside a word leaves no trailing x
    words = set(source.split())
    for cut in (truncate_mrkdwn(source, 3000), truncate_plain(source, 150)):
        assert cut.endswith("…") and len(cut) <= 3000
        assert cut[:-1].split()[-1] in words
