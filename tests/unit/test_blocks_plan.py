"""Block Kit rendering of campaign plans: one section per pick with its angle, a totals line, an Export
CSV button, all within Slack's limits even for long plans."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answer import Answer, Plan, PlanPick
from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from bot.blocks import (
    ACTION_EXPORT,
    MAX_BLOCKS,
    MAX_CONTEXT_ELEMENTS,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    SlackMessage,
    render_answer,
)
from fakes.memory_store import MemoryStore
from matching.brief import Brief, Budget
from sample_data import REFERENCE_DATE, load_profiles

EVIL = "<!channel> <@U123> <https://evil.example|click> & co"


def texts(block: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if "text" in block:
        out.append(block["text"]["text"])
    out += [e["text"] for e in block.get("elements", []) if isinstance(e.get("text"), str)]
    out += [e["text"]["text"] for e in block.get("elements", []) if isinstance(e.get("text"), dict)]
    return out


def assert_within_limits(message: SlackMessage) -> None:
    assert 1 <= len(message.blocks) <= MAX_BLOCKS
    for block in message.blocks:
        for t in texts(block):
            assert len(t) <= MAX_SECTION_TEXT
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER_TEXT
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= MAX_CONTEXT_ELEMENTS


def plan_answer(n: int, angle_chars: int = 2_000) -> Answer:
    picks = [
        PlanPick(
            handle=f"creator{i}",
            platform=("instagram", "tiktok", "youtube")[i % 3],
            tier="nano" if i % 2 else "micro",
            cost_low=25.0,
            cost_high=125.0,
            format="tutorial",
            angle=f"Angle {i}: " + ("build on their post " * 200)[:angle_chars] + EVIL,
            profile_id=f"tiktok:creator{i}",
        )
        for i in range(n)
    ]
    plan = Plan(
        budget=5_000.0,
        picks=picks,
        total_cost_low=25.0 * n,
        total_cost_high=125.0 * n,
        est_reach=120_000,
        est_engagements=4_100,
        assumptions=[f"Assumption {i}: costs are estimates " + "x" * 400 for i in range(12)],
    )
    brief = Brief(question="plan", budget=Budget(amount=5_000), platforms=["tiktok"])
    return Answer(
        kind="plan",
        question="plan a campaign",
        brief=brief,
        plan=plan,
        answer="Campaign plan for a vegan snack brand " + "long prose " * 400,
        warnings=["No YouTube creator fits this brief and budget, so the plan has none."],
    )


def buttons(message: SlackMessage) -> list[dict[str, Any]]:
    return [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.parametrize("n", [1, 8, 25])
def test_plan_renders_every_pick_with_angle_totals_and_export(n: int) -> None:
    message = render_answer(plan_answer(n))
    assert_within_limits(message)
    sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section"]
    pick_sections = [s for s in sections if "*Angle:*" in s]
    assert len(pick_sections) == n
    for i, s in enumerate(pick_sections):
        assert f"@creator{i}" in s and f"Angle {i}:" in s and "(estimate)" in s
    contexts = [t for b in message.blocks if b["type"] == "context" for t in texts(b)]
    totals = [t for t in contexts if t.startswith("Total ")]
    assert len(totals) == 1
    assert f"${125 * n:,}" in totals[0] and "est. reach 120k" in totals[0] and "estimates" in totals[0]
    assert any(
        b["action_id"] == ACTION_EXPORT and b["text"]["text"] == "Export CSV" for b in buttons(message)
    )
    everything = "\n".join(t for b in message.blocks for t in texts(b)) + message.text
    assert "<!channel>" not in everything and "<@U123>" not in everything


def test_plan_with_too_many_picks_says_how_many_are_shown() -> None:
    message = render_answer(plan_answer(80, angle_chars=200))
    assert_within_limits(message)
    shown = sum(1 for b in message.blocks if b["type"] == "section" and "*Angle:*" in b["text"]["text"])
    assert 0 < shown < 80
    assert any(f"Showing {shown} of 80 plan picks" in t for b in message.blocks for t in texts(b))
    assert any(b["action_id"] == ACTION_EXPORT for b in buttons(message))


def test_real_plan_from_sample_data_renders() -> None:
    svc = RecommendationService(MemoryStore(load_profiles()), OfflineModel(), today=lambda: REFERENCE_DATE)
    answer = svc.ask(
        "plan a campaign for a vegan snack brand with $3,000 on Instagram and TikTok", prose=False
    ).answer
    assert answer.plan is not None
    message = render_answer(answer)
    assert_within_limits(message)
    body = "\n".join(t for b in message.blocks for t in texts(b))
    assert "Campaign plan · $3,000 budget" in body and "(within budget)" in body
    for pick in answer.plan.picks:
        assert f"@{pick.handle}" in body
