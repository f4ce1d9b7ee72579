"""Block Kit primitives with Slack's documented limits applied (pure functions over dicts).

Limits (https://docs.slack.dev/reference/block-kit/blocks): 50 blocks per message, 3,000 characters
per section text, 2,000 per field and at most 10 fields, 150 per header, 75 per button text and
accessibility label, 2,000 per button value, 150 per overflow option value, 2-5 overflow options,
10 elements per context block, 5 per context_actions block, 255 per block_id. Oversized input is cut
with an ellipsis, never rejected.

``block_id`` must be unique within a message *and new on every update of it* (Slack's advice for
chat.update), so every render takes a fresh :class:`BlockIds`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any, Final

Block = dict[str, Any]

MAX_BLOCKS: Final = 50
MAX_SECTION_TEXT: Final = 3000
MAX_FIELD_TEXT: Final = 2000
MAX_FIELDS: Final = 10
MAX_HEADER_TEXT: Final = 150
MAX_BUTTON_TEXT: Final = 75
MAX_BUTTON_VALUE: Final = 2000
MAX_OPTION_VALUE: Final = 150
MAX_OPTION_TEXT: Final = 75
MAX_CONTEXT_ELEMENTS: Final = 10
MAX_CONTEXT_ACTIONS: Final = 5
MAX_BLOCK_ID: Final = 255
#: Our own cap for the notification fallback (Slack truncates at 40,000; 4,000 is its advice).
MAX_FALLBACK_TEXT: Final = 3000

ELLIPSIS: Final = "…"
_OPEN_ENTITY = re.compile(r"&[a-z]{0,4}$")


class BlockIds:
    """Fresh, unique block_ids for one render: ``ids("pick", 2)`` -> ``scout_pick_2_3fa9c1``."""

    def __init__(self) -> None:
        self.nonce = uuid.uuid4().hex[:8]
        self._seen: set[str] = set()

    def __call__(self, *parts: object) -> str:
        """A block_id from ``parts``, unique within this render."""
        base = "scout_" + "_".join(str(p) for p in parts)
        block_id = f"{base}_{self.nonce}"[:MAX_BLOCK_ID]
        n = 2
        while block_id in self._seen:
            block_id = f"{base}_{n}_{self.nonce}"[:MAX_BLOCK_ID]
            n += 1
        self._seen.add(block_id)
        return block_id


def truncate_plain(text: str, limit: int) -> str:
    """Cut plain text to ``limit`` characters at a word boundary when one is near, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space].rstrip(" ,;·")
    return cut + ELLIPSIS


def truncate_mrkdwn(text: str, limit: int) -> str:
    """Cut escaped mrkdwn to ``limit`` characters without half a link, half an entity or half a word.

    Args:
        text: mrkdwn that was built from escaped parts.
        limit: Maximum length of the result.

    Returns:
        Text of at most ``limit`` characters.

    """
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    # A link cut in half would leave an unmatched '<': drop the partial link.
    last_open, last_close = cut.rfind("<"), cut.rfind(">")
    if last_open > last_close:
        cut = cut[:last_open]
    cut = _OPEN_ENTITY.sub("", cut)
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= len(cut) * 0.6 and not cut.endswith((" ", "\n")):
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def section(text: str, *, block_id: str | None = None, accessory: Block | None = None) -> Block:
    """A mrkdwn section; ``text`` must already be escaped."""
    block: Block = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": truncate_mrkdwn(text, MAX_SECTION_TEXT)},
    }
    if block_id:
        block["block_id"] = block_id[:MAX_BLOCK_ID]
    if accessory is not None:
        block["accessory"] = accessory
    return block


def fields_section(fields: Sequence[str], *, block_id: str | None = None, text: str | None = None) -> Block:
    """A section of up to 10 mrkdwn fields (two columns on desktop); each already escaped."""
    block: Block = {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": truncate_mrkdwn(f, MAX_FIELD_TEXT) or " "} for f in fields[:MAX_FIELDS]
        ],
    }
    if text:
        block["text"] = {"type": "mrkdwn", "text": truncate_mrkdwn(text, MAX_SECTION_TEXT)}
    if block_id:
        block["block_id"] = block_id[:MAX_BLOCK_ID]
    return block


def header(text: str, *, block_id: str | None = None) -> Block:
    """A header block (plain text, 150 characters at most)."""
    block: Block = {
        "type": "header",
        "text": {"type": "plain_text", "text": truncate_plain(text, MAX_HEADER_TEXT)},
    }
    if block_id:
        block["block_id"] = block_id[:MAX_BLOCK_ID]
    return block


def context(texts: Sequence[str], *, block_id: str | None = None) -> Block:
    """A context block of mrkdwn elements (at most 10; each already escaped)."""
    elements = [
        {"type": "mrkdwn", "text": truncate_mrkdwn(t, MAX_SECTION_TEXT)}
        for t in texts[:MAX_CONTEXT_ELEMENTS]
        if t
    ]
    block: Block = {"type": "context", "elements": elements or [{"type": "mrkdwn", "text": " "}]}
    if block_id:
        block["block_id"] = block_id[:MAX_BLOCK_ID]
    return block


def button(
    text: str,
    action_id: str,
    value: str | None = None,
    style: str | None = None,
    *,
    label: str | None = None,
) -> Block:
    """A button; ``label`` is the screen-reader text (required in practice for emoji-only buttons)."""
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate_plain(text, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value[:MAX_BUTTON_VALUE]
    if style:
        element["style"] = style
    if label:
        element["accessibility_label"] = truncate_plain(label, MAX_BUTTON_TEXT)
    return element


def overflow(action_id: str, options: Sequence[tuple[str, str]]) -> Block:
    """An overflow menu ("⋯") of (text, value) options: 2-5 options, values of at most 150 characters."""
    return {
        "type": "overflow",
        "action_id": action_id,
        "options": [
            {
                "text": {"type": "plain_text", "text": truncate_plain(text, MAX_OPTION_TEXT), "emoji": True},
                "value": value[:MAX_OPTION_VALUE],
            }
            for text, value in options[:5]
        ],
    }


def actions(block_id: str, elements: list[Block]) -> Block:
    """An actions block."""
    return {"type": "actions", "block_id": block_id[:MAX_BLOCK_ID], "elements": elements}


def feedback_buttons(action_id: str, block_id: str) -> Block:
    """Slack's AI-app feedback control: a ``context_actions`` block with one ``feedback_buttons`` element.

    See https://docs.slack.dev/reference/block-kit/blocks/context-actions-block (slack_sdk 3.48
    ``ContextActionsBlock`` / ``FeedbackButtonsElement``). The click arrives as a block action whose
    ``value`` is the pressed button's value.
    """
    return {
        "type": "context_actions",
        "block_id": block_id[:MAX_BLOCK_ID],
        "elements": [
            {
                "type": "feedback_buttons",
                "action_id": action_id,
                "positive_button": {
                    "text": {"type": "plain_text", "text": "Good answer"},
                    "value": "positive",
                    "accessibility_label": "Mark this answer as helpful",
                },
                "negative_button": {
                    "text": {"type": "plain_text", "text": "Bad answer"},
                    "value": "negative",
                    "accessibility_label": "Mark this answer as not helpful",
                },
            }
        ],
    }


def fallback(*parts: str) -> str:
    """The notification text: the parts joined, cut to our cap."""
    text = " ".join(p for p in parts if p)
    return truncate_mrkdwn(text, MAX_FALLBACK_TEXT)
