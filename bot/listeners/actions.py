"""Button and menu clicks under an answer, and the feedback modal: each acts on its own message.

A click reads the state of *the message it sits on* (``ThreadStateStore.load_message``), never the
thread's latest; when that state is missing or too old the user gets an ephemeral "this list has
expired; ask again", never another list's data.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any, Final

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.feedback import FeedbackValue
from bot import blocks
from bot.delivery import Where
from bot.detail_blocks import render_rule_table
from bot.listeners.core import ListenerCore
from bot.turns import new_reference, problem, team_of

logger = logging.getLogger("scout.bot")

EXPIRED: Final = "This list has expired; ask again and I'll rank afresh."
FEEDBACK_ACTIONS: Final[dict[str, FeedbackValue]] = {
    blocks.ACTION_FEEDBACK_UP: "positive",
    blocks.ACTION_FEEDBACK_DOWN: "negative",
    blocks.ACTION_NOT_A_FIT: "not_a_fit",
}


def clicked(action: Mapping[str, Any]) -> tuple[str, str]:
    """(action_id, value) of a click; an overflow menu's option carries ``"<action_id>|<value>"``."""
    action_id = str(action.get("action_id") or "")
    if action.get("type") == "overflow" or action_id == blocks.ACTION_PICK_MENU:
        raw = str((action.get("selected_option") or {}).get("value") or "")
        inner, _, value = raw.partition(blocks.MENU_SEPARATOR)
        return inner, value
    return action_id, str(action.get("value") or "")


class ActionListeners(ListenerCore):
    """Clicks and the feedback modal."""

    def on_action(
        self, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """A button or menu under an answer: act on *that message's* state and reply in its thread."""
        action_id, value = clicked(action)
        container = body.get("container") or {}
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or ""
        user = (body.get("user") or {}).get("id") or ""
        message_ts = container.get("message_ts") or message.get("ts")
        thread_ts = message.get("thread_ts") or container.get("thread_ts") or message_ts
        if not channel or not message_ts or not thread_ts or not self.may_answer(client, channel, body):
            return
        state = self.store.load_message(client, channel, thread_ts, message_ts, message=message)
        if action_id == blocks.ACTION_FEEDBACK or action_id in FEEDBACK_ACTIONS:
            feedback: FeedbackValue = FEEDBACK_ACTIONS.get(action_id) or (
                "positive" if value == "positive" else "negative"
            )
            profile_id = value if feedback == "not_a_fit" else ""
            self.feedback.click(
                client,
                value=feedback,
                body=body,
                channel=channel,
                thread_ts=thread_ts,
                state=state,
                profile_id=profile_id,
            )
            return
        name = blocks.SERVICE_ACTIONS.get(action_id)
        if name is None:
            return
        if state is None:
            self._ephemeral(client, channel, user, thread_ts, blocks.render_notice(EXPIRED))
            return
        profile_id = "" if value == "answer" else value
        where = Where(channel, thread_ts, user, team_of(body, {}))
        try:
            reply = self.service.action(name, profile_id, state)
            if action_id == blocks.ACTION_RULES and reply.answer.recommendations:
                table = render_rule_table(reply.answer.recommendations[0])
                self._ephemeral(client, channel, user, thread_ts, table)
                return
            self.delivery.deliver(client, where, reply)
        except Exception as exc:
            ref = new_reference()
            logger.exception("button %s failed (reference %s)", name, ref)
            self._ephemeral(client, channel, user, thread_ts, blocks.render_error(ref, problem(exc)))

    def on_feedback_reason(self, view: dict[str, Any]) -> None:
        """The "what was off / why not a fit" modal (acked at once): keep the reason with its record."""
        self.feedback.reason_submitted(view)

    @staticmethod
    def _ephemeral(
        client: WebClient, channel: str, user: str, thread_ts: str, message: blocks.SlackMessage
    ) -> None:
        try:
            client.chat_postEphemeral(
                channel=channel, user=user, thread_ts=thread_ts, text=message.text, blocks=message.blocks
            )
        except SlackApiError:
            logger.exception("could not post an ephemeral reply to %s", user)


def register(app: App, listeners: ActionListeners) -> None:
    """Every ``scout_*`` action and the feedback modal, acked at once."""
    app.action(re.compile(r"^scout_"))(ack=listeners.ack_event, lazy=[listeners.on_action])
    app.view(blocks.VIEW_NOT_A_FIT)(ack=listeners.ack_event, lazy=[listeners.on_feedback_reason])
