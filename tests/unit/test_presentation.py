"""One format per visible thing (assistant/presentation.py)."""

from __future__ import annotations

import pytest

from assistant import presentation
from assistant.presenters import describe_brief, human_count, percent
from bot.blocks import format_followers, platform_name
from matching.brief import Brief, Budget


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (950, "950"),
        (1000, "1k"),
        (23_400, "23.4k"),
        (99_950, "100k"),
        (123_456, "123k"),
        (999_999, "1M"),
        (1_200_000, "1.2M"),
        (25_000_000, "25M"),
    ],
)
def test_followers_read_the_same_in_the_cli_and_in_slack(n: int, text: str) -> None:
    assert presentation.followers(n) == human_count(n) == format_followers(n) == text


@pytest.mark.parametrize(
    ("rate", "text"),
    [(0.031, "3.1%"), (0.0054, "0.54%"), (0.0178, "1.8%"), (0.01, "1.0%"), (None, "unknown")],
)
def test_percent(rate: float | None, text: str) -> None:
    assert presentation.percent(rate) == percent(rate) == text


def test_one_name_per_platform_and_money() -> None:
    assert (
        presentation.platform_name("twitter")
        == presentation.platform_name("x")
        == platform_name("Twitter")
        == "X"
    )
    assert presentation.platform_name("tiktok") == "TikTok"
    assert presentation.money(3000) == "$3,000" and presentation.money(2500.4, "eur") == "EUR 2,500"


def test_the_brief_line_is_one_line_everywhere() -> None:
    brief = Brief(
        brand="a trail snack brand",
        platforms=["instagram", "twitter"],
        audience_countries=["US"],
        min_followers=10_000,
        max_followers=50_000,
        budget=Budget(amount=3000),
        k=3,
    )
    line = presentation.brief_line(brief)
    assert describe_brief(brief) == line
    assert line == (
        "a trail snack brand · Instagram / X · audience in United States · 10k-50k followers · $3,000 budget · 3 picks"
    )
