from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.answer import Answer, Plan, PlanPick, Recommendation
from bot import blocks
from bot.blocks import (
    ACTION_EXPORT,
    ACTION_FEEDBACK,
    ACTION_MORE_LIKE,
    ACTION_NOT_A_FIT,
    ACTION_PICK_MENU,
    ACTION_RULES,
    ACTION_SHORTLIST_ADD,
    ACTION_WHY,
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_BUTTON_VALUE,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    SlackMessage,
    describe_brief,
    format_followers,
    render_answer,
)
from bot.detail_blocks import render_rule_table
from matching.brief import Brief, Budget
from matching.candidates import RuleResult

EVIL = "<!channel> <!here> <@U123> <https://evil.example|click> & co"


def rec(i: int, *, bio: str = "", **kw: Any) -> Recommendation:
    values: dict[str, Any] = {
        "rank": i + 1,
        "handle": f"creator{i}",
        "platform": "instagram",
        "followers": 23_400,
        "engagement_rate": 0.031,
        "engagement_benchmark": 0.0054,
        "country": "US",
        "tier": "micro",
        "score": 0.8,
        "reasons": ["Posts about bouldering", "US audience 71%", "Mentions sustainability", "Fourth reason"],
        "caveats": ["Only 3 posts in 90 days"],
        "profile_url": f"https://instagram.com/creator{i}",
        "profile_id": f"ig:creator{i}",
    }
    values.update(kw)
    if bio:
        values["reasons"] = [bio]
        values["caveats"] = [bio]
        values["display_name"] = bio
    return Recommendation(**values)


def brief(**kw: Any) -> Brief:
    values: dict[str, Any] = {
        "platforms": ["instagram"],
        "audience_countries": ["US"],
        "tiers": ["micro"],
        "min_followers": 10_000,
        "max_followers": 100_000,
        "k": 5,
    }
    values.update(kw)
    return Brief(**values)


def answer(n: int = 5, **kw: Any) -> Answer:
    values: dict[str, Any] = {
        "kind": "recommendations",
        "question": "q",
        "brief": brief(k=min(n, 25) or 1),
        "recommendations": [rec(i) for i in range(n)],
        "answer": "Prose.",
        "matched": 1234,
    }
    values.update(kw)
    return Answer(**values)


def all_text(message: SlackMessage) -> str:
    return json.dumps(message.blocks, ensure_ascii=False) + message.text


def assert_within_limits(message: SlackMessage) -> None:
    assert 0 < len(message.blocks) <= MAX_BLOCKS
    assert message.text and len(message.text) <= blocks.MAX_FALLBACK_TEXT
    block_ids = [b["block_id"] for b in message.blocks if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))
    for block in message.blocks:
        if block["type"] == "section":
            assert "text" in block or block.get("fields")
            assert len(block.get("text", {}).get("text", "")) <= MAX_SECTION_TEXT
            assert len(block.get("fields", [])) <= 10
            for f in block.get("fields", []):
                assert 0 < len(f["text"]) <= 2000
            menu = block.get("accessory")
            if menu is not None and menu["type"] == "overflow":
                assert 2 <= len(menu["options"]) <= 5
                for option in menu["options"]:
                    assert len(option["value"]) <= 150 and len(option["text"]["text"]) <= MAX_BUTTON_TEXT
        if block["type"] == "context_actions":
            assert 1 <= len(block["elements"]) <= 5
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER_TEXT
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= blocks.MAX_CONTEXT_ELEMENTS
            for element in block["elements"]:
                assert len(element["text"]) <= MAX_SECTION_TEXT
        if block["type"] == "actions":
            for element in block["elements"]:
                if element["type"] == "overflow":
                    assert 2 <= len(element["options"]) <= 5
                    continue
                assert len(element["text"]["text"]) <= MAX_BUTTON_TEXT
                assert len(element.get("value", "")) <= MAX_BUTTON_VALUE


def test_human_followers() -> None:
    assert [
        format_followers(n) for n in (950, 1000, 23_400, 99_950, 120_000, 999_999, 1_200_000, 25_000_000)
    ] == ["950", "1k", "23.4k", "100k", "120k", "1M", "1.2M", "25M"]


def test_brief_line_says_what_was_understood() -> None:
    # One brief line everywhere (assistant.presentation.brief_line): wording changed deliberately.
    assert (
        describe_brief(brief())
        == "Instagram · audience in United States · micro (10k-100k followers) · 5 picks"
    )
    line = describe_brief(
        brief(size_defaulted=True, tiers=[], budget=Budget(amount=5000), exclude_handles=["x"])
    )
    assert "(10k-100k followers) (default)" in line and "$5,000 budget" in line and "excluding @x" in line
    assert "&lt;" in describe_brief(brief(topics=["<!channel>"]))


def test_recommendations_render_each_pick_with_facts_reasons_caveats_and_buttons() -> None:
    message = render_answer(answer(3))
    assert_within_limits(message)
    text = all_text(message)
    assert "Instagram · audience in United States · micro (10k-100k followers)" in text
    assert "<https://instagram.com/creator0|@creator0>" in text
    assert "23.4k followers" in text and "3.1% engagement (5.7× typical for micro)" in text
    # Short answers: at most two plain reasons per pick, one caveat line.
    assert "Posts about bouldering" in text and "US audience 71%" in text
    assert "Mentions sustainability" not in text and "Fourth reason" not in text
    assert ":warning: Only 3 posts in 90 days" in text
    assert "1,234 profiles match" in text
    picks = [b for b in message.blocks if b.get("block_id", "").startswith("scout_pick_")]
    assert len(picks) == 3
    menu = picks[0]["accessory"]
    assert menu["action_id"] == ACTION_PICK_MENU
    assert [o["value"] for o in menu["options"]] == [
        f"{a}|ig:creator0" for a in (ACTION_WHY, ACTION_MORE_LIKE, ACTION_SHORTLIST_ADD, ACTION_NOT_A_FIT)
    ]
    export = [b for b in message.blocks if b["type"] == "actions"][-1]["elements"]
    assert [e["action_id"] for e in export] == [ACTION_EXPORT] and export[0]["accessibility_label"]
    feedback = message.blocks[-1]
    assert feedback["type"] == "context_actions"
    element = feedback["elements"][0]
    assert element["type"] == "feedback_buttons" and element["action_id"] == ACTION_FEEDBACK
    assert (
        element["positive_button"]["value"] == "positive"
        and element["negative_button"]["value"] == "negative"
    )
    assert (
        element["positive_button"]["accessibility_label"]
        and element["negative_button"]["accessibility_label"]
    )
    # The notification text names the count and the first pick.
    assert message.text.startswith("3 creators") and "#1 @creator0" in message.text


def test_block_ids_are_new_on_every_render() -> None:
    first, second = render_answer(answer(3)), render_answer(answer(3))
    ids_first = {b["block_id"] for b in first.blocks}
    ids_second = {b["block_id"] for b in second.blocks}
    assert len(ids_first) == len(first.blocks) and not ids_first & ids_second


def test_display_names_cannot_turn_bold_or_ping() -> None:
    message = render_answer(
        answer(1, recommendations=[rec(0, display_name="*Scout Admin*: wire $5k _now_ <!here>")])
    )
    text = all_text(message)
    assert "*Scout Admin*" not in text and "_now_" not in text and "<!here>" not in text
    assert "＊Scout Admin＊" in text


def test_25_picks_with_3000_char_bios_fit_every_limit() -> None:
    bio = "x" * 2990 + EVIL
    recs = [rec(i, bio=bio, handle="h" * 200 + str(i), profile_id="p" * 3000 + str(i)) for i in range(25)]
    message = render_answer(answer(25, recommendations=recs, answer="A" * 5000 + EVIL, warnings=[bio] * 12))
    assert_within_limits(message)
    text = all_text(message)
    # One block per pick: all 25 fit in one message now (deliberate change from two blocks per pick).
    assert len([b for b in message.blocks if b.get("block_id", "").startswith("scout_pick_")]) == 25
    for ping in ("<!channel>", "<!here>", "<@U123>", "<https://evil"):
        assert ping not in text


@pytest.mark.parametrize("n", [1, 2, 5, 10, 25])
def test_block_kit_limits_for_1_to_25_picks(n: int) -> None:
    message = render_answer(answer(n))
    assert_within_limits(message)
    assert len([b for b in message.blocks if b.get("block_id", "").startswith("scout_pick_")]) == n


def test_truncation_never_leaves_half_a_link_or_entity() -> None:
    text = "a" * 2990 + "<https://example.com/very/long|@handle>"
    out = blocks.truncate_mrkdwn(text, 3000)
    assert len(out) <= 3000 and out.endswith("…") and "<" not in out
    out = blocks.truncate_mrkdwn("a" * 2997 + "&amp;b", 3000)
    assert out == "a" * 2997 + "…"


def test_long_header_and_button_values_truncated() -> None:
    assert len(blocks.header("h" * 500)["text"]["text"]) == MAX_HEADER_TEXT
    button = blocks.button("b" * 200, ACTION_WHY, "v" * 5000)
    assert len(button["text"]["text"]) == MAX_BUTTON_TEXT and len(button["value"]) == MAX_BUTTON_VALUE


def test_pings_in_every_profile_field_are_escaped() -> None:
    message = render_answer(
        answer(1, recommendations=[rec(0, bio=EVIL, country="<!here>")], answer=EVIL, warnings=[EVIL])
    )
    text = all_text(message)
    for ping in ("<!channel>", "<!here>", "<@U123>", "<https://evil"):
        assert ping not in text
    assert "&lt;!channel&gt;" in text


def test_profile_kind_lists_every_rule() -> None:
    rules = [
        RuleResult(rule="topic", score=0.9, weight=1, confidence=1, reason="Topic fits"),
        RuleResult(rule="fraud", score=0.2, weight=1, confidence=1, reason="Suspicious growth", caveat=True),
    ]
    message = render_answer(
        Answer(kind="profile", question="q", recommendations=[rec(0, rules=rules)], answer="About creator0")
    )
    assert_within_limits(message)
    text = all_text(message)
    # "Tell me more": verdict, facts, strong, what to check; every rule behind a button.
    assert "Strong:" in text and "Topic fits" in text
    assert "Check before you reach out" in text and "Suspicious growth" in text
    assert ACTION_RULES in text
    table = all_text(render_rule_table(rec(0, rules=rules)))
    assert "*Topic*: Topic fits" in table and ":warning: *Fraud*: Suspicious growth" in table


def test_plan_kind_one_section_per_pick_with_angle_and_totals() -> None:
    picks = [
        PlanPick(
            handle=f"c{i}",
            platform="tiktok",
            tier="micro",
            cost_low=25,
            cost_high=125,
            format="video",
            angle=f"Angle {i} {EVIL}",
        )
        for i in range(60)
    ]
    plan = Plan(
        budget=5000,
        picks=picks,
        total_cost_low=1500,
        total_cost_high=7500,
        est_reach=120_000,
        est_engagements=4_100,
        assumptions=["Costs are Influencer Marketing Hub style estimates"],
    )
    message = render_answer(
        Answer(kind="plan", question="q", plan=plan, brief=brief(budget=Budget(amount=5000)))
    )
    assert_within_limits(message)
    text = all_text(message)
    assert "Campaign plan · $5,000 budget" in text and "*Angle:* Angle 0" in text and "TikTok" in text
    assert "Total $1,500–$7,500 (may exceed budget)" in text and "est. reach 120k" in text
    assert "Showing" in text and "<!channel>" not in text


def test_compare_why_not_export_shortlist_help_error_kinds() -> None:
    for kind in ("compare", "why_not", "export", "shortlist", "off_topic"):
        message = render_answer(
            Answer(kind=kind, question="q", answer=f"{kind.replace('_', ' ')} text", recommendations=[rec(0)])
        )
        assert_within_limits(message)
        assert f"{kind.replace('_', ' ')} text" in all_text(message)
    help_message = blocks.render_help()
    assert_within_limits(help_message)
    assert "Try:" in all_text(help_message)
    error = render_answer(Answer(kind="error", question="q", answer="The store is down (ref abc123)."))
    assert ":warning:" in error.blocks[0]["text"]["text"]


def test_error_and_asked_by_messages() -> None:
    error = blocks.render_error("ab12cd34", "the search took too long.")
    assert "`ab12cd34`" in error.text and "Sorry" in error.text
    # The "Looking through N profiles" placeholder is gone (deliberately): the answer itself carries
    # who asked, for answers posted at the top level (/scout).
    text = all_text(render_answer(answer(1, question="<!channel> go"), asked_by="W222"))
    assert "<@W222> asked" in text and "&lt;!channel&gt;" in text
    assert "<@" not in all_text(render_answer(answer(1, question="x"), asked_by="<!channel>"))


def test_context_line_shows_data_freshness() -> None:
    from assistant.answer import Answer
    from bot.blocks import render_answer

    answer = Answer(
        kind="recommendations", question="q", matched=12, data_updated_at="2026-11-20T10:00:00+00:00"
    )
    contexts = [b for b in render_answer(answer).blocks if b["type"] == "context"]
    text = " ".join(e["text"] for b in contexts for e in b["elements"])
    assert "12 profiles match" in text and "as of 2026-11-20" in text
