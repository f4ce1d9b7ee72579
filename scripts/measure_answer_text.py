"""Visible characters of Scout's Slack answers (first answer, "tell me more", a 3-way compare).

Runs the real service over the bundled sample profiles in an in-memory store (no Chroma, no model),
renders each answer with ``bot.blocks.render_answer`` and counts what a reader sees: header, section,
field and context text with Slack's escapes undone and link targets dropped. Button labels are counted
apart. Usage: ``.venv/bin/python -m scripts.measure_answer_text [--json]``.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from typing import Any

from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from bot.blocks import render_answer
from bot.mrkdwn import unescape
from fakes.memory_store import MemoryStore
from sample_data import load_profiles

QUESTION = "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US"
_LINK = re.compile(r"<[^|>]+\|([^>]*)>")


def _visible(text: str) -> str:
    return unescape(_LINK.sub(r"\1", text))


def measure(blocks: list[dict[str, Any]]) -> dict[str, int]:
    """Visible characters, buttons and blocks of one message."""
    chars = buttons = 0
    for block in blocks:
        kind = block.get("type")
        if kind in ("section", "header"):
            text = block.get("text") or {}
            chars += len(_visible(str(text.get("text", ""))))
            for f in block.get("fields") or []:
                chars += len(_visible(str(f.get("text", ""))))
            if (block.get("accessory") or {}).get("type") in ("button", "overflow"):
                buttons += 1
        elif kind == "context":
            chars += sum(len(_visible(str(e.get("text", "")))) for e in block.get("elements") or [])
        elif kind == "markdown":
            chars += len(str(block.get("text", "")))
        elif kind in ("actions", "context_actions"):
            buttons += len(block.get("elements") or [])
    return {"visible_chars": chars, "buttons": buttons, "blocks": len(blocks)}


def main() -> None:
    """Print the figures (JSON with --json)."""
    service = RecommendationService(
        MemoryStore(load_profiles()), OfflineModel(), today=lambda: date(2026, 11, 1)
    )
    first = service.ask(QUESTION, prose=False)
    state = first.state
    more = service.ask("tell me more about #1", state, prose=False)
    compare = service.ask("compare 1, 2 and 3", state, prose=False)
    doc = {
        "first_answer": measure(render_answer(first.answer).blocks),
        "tell_me_more": measure(render_answer(more.answer).blocks),
        "compare_3_way": measure(render_answer(compare.answer).blocks),
    }
    if "--json" in sys.argv:
        print(json.dumps(doc))
    else:
        for name, figures in doc.items():
            print(f"{name:14} {figures}")


if __name__ == "__main__":
    main()
