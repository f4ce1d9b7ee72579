"""Feedback clicks: 👍/👎 on an answer (feedback_buttons) and "Not a fit" on a pick.

Each click is recorded at once (user, channel, thread, the question and picks of *the message
clicked*, the time) in the team's FeedbackLog; 👎 and "Not a fit" then open a short modal for an
optional reason, attached to the same record when submitted. A click that cannot be stored still
gets a thank-you, and the error is logged with a reference ID.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.answer import ThreadState
from assistant.feedback import FeedbackEntry, FeedbackLog, FeedbackValue, brand_key
from bot.blocks import VIEW_NOT_A_FIT

logger = logging.getLogger("scout.bot.feedback")

REASON_BLOCK: Final = "reason"
REASON_INPUT: Final = "reason_input"


def handle_of(profile_id: str) -> str:
    """'ig:some_handle' -> 'some_handle'."""
    return profile_id.split(":", 1)[-1]


def reason_modal(entry: FeedbackEntry) -> dict[str, Any]:
    """The optional-reason modal; ``private_metadata`` names the record it completes."""
    if entry.value == "not_a_fit":
        title, prompt = "Not a fit", f"Why is @{entry.handle} not a fit? (optional)"
    else:
        title, prompt = "What was off?", "What should Scout have done better? (optional)"
    return {
        "type": "modal",
        "callback_id": VIEW_NOT_A_FIT,
        "private_metadata": json.dumps({"id": entry.id}),
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Skip"},
        "blocks": [
            {
                "type": "input",
                "block_id": REASON_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": prompt[:2000]},
                "element": {
                    "type": "plain_text_input",
                    "action_id": REASON_INPUT,
                    "multiline": True,
                    "max_length": 500,
                },
            }
        ],
    }


def thanks(entry: FeedbackEntry, subject: str, reference: str | None) -> str:
    """The ephemeral thank-you for one click (a reference ID when it could not be stored)."""
    if entry.value == "positive":
        text = "Thanks! Glad that helped."
    elif entry.value == "negative":
        text = "Thanks for telling me. Add what was off in the form, or reply in the thread with a changed brief."
    else:
        what = f" for {subject}" if subject else ""
        text = f"Thanks. I'll rank @{entry.handle} below the others{what} from now on."
    if reference:
        text += f" (I couldn't save it just now: reference `{reference}`.)"
    return text


class FeedbackFlow:
    """Records clicks and reasons in ``log`` (None: nothing can be stored; users still get thanks)."""

    def __init__(self, log: FeedbackLog | None) -> None:
        self.log = log

    def click(
        self,
        client: WebClient,
        *,
        value: FeedbackValue,
        body: Mapping[str, Any],
        channel: str,
        thread_ts: str,
        state: ThreadState | None,
        profile_id: str = "",
    ) -> None:
        """Record one click, thank the user, and offer the reason modal for 👎 and "Not a fit"."""
        user = str((body.get("user") or {}).get("id") or "")
        team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
        handles = [handle_of(i) for i in (state.ranked_ids[: max(state.shown, 1)] if state else [])]
        entry = FeedbackEntry(
            value=value,
            user=user,
            channel=channel,
            thread_ts=thread_ts,
            question=state.brief.question if state else "",
            handles=handles,
            handle=handle_of(profile_id) if profile_id else None,
            brand=brand_key(state.brief if state else None),
            team=str(team) if team else None,
            at=datetime.now(UTC),
        )
        reference = None
        try:
            if self.log is None:
                raise RuntimeError("no feedback store configured")
            self.log.record(entry)
        except Exception:
            reference = uuid.uuid4().hex[:8]
            logger.exception("could not store %s feedback (reference %s)", value, reference)
        subject = ""
        if state is not None:
            subject = state.brief.brand or ", ".join(state.brief.topics)
        try:
            client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=thread_ts, text=thanks(entry, subject, reference)
            )
        except SlackApiError:
            logger.warning("could not thank %s for feedback", user, exc_info=True)
        trigger = body.get("trigger_id")
        if reference is None and value != "positive" and trigger:
            try:
                client.views_open(trigger_id=str(trigger), view=reason_modal(entry))
            except SlackApiError as exc:
                logger.info("reason modal not opened: %s", exc.response.get("error"))

    def reason_submitted(self, view: Mapping[str, Any]) -> None:
        """Attach the modal's reason to its record (an empty reason changes nothing)."""
        try:
            entry_id = str(json.loads(view.get("private_metadata") or "{}").get("id") or "")
        except ValueError:
            logger.warning("feedback modal with unreadable private_metadata")
            return
        values = ((view.get("state") or {}).get("values") or {}).get(REASON_BLOCK) or {}
        reason = str((values.get(REASON_INPUT) or {}).get("value") or "").strip()
        if not entry_id or not reason or self.log is None:
            return
        try:
            if not self.log.set_reason(entry_id, reason):
                logger.warning("feedback %s not found for its reason", entry_id)
        except Exception:
            logger.exception("could not store the feedback reason for %s", entry_id)
