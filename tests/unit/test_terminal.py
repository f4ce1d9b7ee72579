"""Terminal output carries no control sequences from untrusted text (issue 12)."""

from __future__ import annotations

import json

import pytest

from assistant.answer import Answer, Recommendation
from scout.terminal import json_for_terminal, render, sanitize

ESC = "\x1b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"red {ESC}[31mbio{ESC}[0m done", "red bio done"),
        (f"{ESC}[2J{ESC}[Hcleared", "cleared"),
        (f"title {ESC}]0;pwned\x07after", "title after"),
        (f"link {ESC}]8;;https://evil.example\x1b\\click{ESC}]8;;{ESC}\\ end", "link click end"),
        ("c1 csi \x9b31mred", "c1 csi red"),
        ("osc c1 \x9d0;title\x07ok", "osc c1 ok"),
        ("bell\x07 back\x08space nul\x00", "bell backspace nul"),
        ("safe\rEVIL overwrite", "safeEVIL overwrite"),
        ("travel \u202egnitsop\u202c \u2066x\u2069", "travel gnitsop x"),
        ("lines\nand\ttabs stay, as do naïve 🧗 and 日本", "lines\nand\ttabs stay, as do naïve 🧗 and 日本"),
        ("windows\r\nline", "windows\nline"),
        (f"dangling {ESC}", "dangling "),
    ],
)
def test_sanitize(text: str, expected: str) -> None:
    assert sanitize(text) == expected


def _answer(hostile: str) -> Answer:
    rec = Recommendation(
        rank=1,
        handle="climber0",
        platform="instagram",
        followers=23_400,
        engagement_rate=0.031,
        country="US",
        tier="micro",
        score=0.9,
        reasons=[f"Bio says: {hostile}"],
        profile_url="https://instagram.com/climber0",
        profile_id="instagram:climber0",
    )
    return Answer(kind="recommendations", question="q", recommendations=[rec], answer=f"Pick: {hostile}")


def test_render_strips_escape_sequences_from_profile_text_and_prose() -> None:
    out = render(_answer(f"{ESC}[31mred{ESC}]0;title\x07 \x9b2J"))

    assert ESC not in out and "\x9b" not in out and "\x07" not in out
    assert "Bio says: red" in out and "Pick: red" in out


def test_json_for_terminal_escapes_c1_and_bidi_and_stays_valid_json() -> None:
    doc = {"bio": f"{ESC}[31m \x9b2J \u202eevil"}

    text = json_for_terminal(doc)

    assert ESC not in text and "\x9b" not in text and "\u202e" not in text
    assert json.loads(text) == doc
