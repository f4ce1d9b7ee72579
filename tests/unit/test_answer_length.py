"""Short answers in a marketer's words, measured on the bundled sample with the real service."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from bot.blocks import render_answer
from bot.mrkdwn import unescape
from fakes.memory_store import MemoryStore
from matching.weights import RULE_IDS
from sample_data import load_profiles

QUESTIONS = [
    "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US",
    "5 TikTok creators in the UK for a vegan skincare launch",
    "5 YouTube creators about home espresso for a coffee grinder brand",
]
_LINK = re.compile(r"<[^|>]+\|([^>]*)>")
INTERNAL = re.compile(
    r"\b(?:" + "|".join(re.escape(r) for r in RULE_IDS if "_" in r) + r")\b|similarity \d|\bscore \d",
    re.IGNORECASE,
)


def visible(blocks: list[dict[str, Any]]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block.get("text"), dict):
            out.append(block["text"]["text"])
        out += [f["text"] for f in block.get("fields", [])]
        out += [e["text"] for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    return unescape(_LINK.sub(r"\1", "\n".join(out)))


@pytest.fixture(scope="module")
def service() -> RecommendationService:
    return RecommendationService(
        MemoryStore(load_profiles()), OfflineModel(), today=lambda: date(2026, 11, 1)
    )


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_five_pick_answer_is_short_and_plain(service: RecommendationService, question: str) -> None:
    reply = service.ask(question, prose=False)
    assert len(reply.answer.recommendations) == 5
    text = visible(render_answer(reply.answer).blocks)
    assert len(text) <= 1800, len(text)
    assert not INTERNAL.search(text), INTERNAL.search(text)
    # Engagement is stated once per pick (on its facts line), not again as a reason.
    for rec in reply.answer.recommendations:
        assert f"@{rec.handle}" in text
        engagement = next(r.reason for r in rec.rules if r.rule == "engagement")
        assert engagement not in text


def test_tell_me_more_and_compare_stay_plain(service: RecommendationService) -> None:
    first = service.ask(QUESTIONS[0], prose=False)
    for follow in ("tell me more about #2", "compare 1, 2 and 3"):
        reply = service.ask(follow, first.state, prose=False)
        text = visible(render_answer(reply.answer).blocks)
        assert len(text) <= 1800 and not INTERNAL.search(text), (follow, INTERNAL.search(text))
