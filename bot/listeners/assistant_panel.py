"""The AI-assistant / agent container (``slack_bolt.Assistant``).

A greeting with suggested prompts, then each message answered under a status (loading messages),
with the thread's title set from the first question.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from slack_bolt import Ack, App, Assistant, BoltContext, SetStatus, SetSuggestedPrompts, SetTitle
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks
from bot.listeners.core import ListenerCore
from bot.mrkdwn import strip_mentions
from bot.turns import Turn, from_a_bot, team_of

logger = logging.getLogger("scout.bot")

THINKING_STATUS: Final = "is finding creators..."


class AssistantListeners(ListenerCore):
    """Assistant threads."""

    def on_assistant_thread_started(
        self, event: dict[str, Any], client: WebClient, set_suggested_prompts: SetSuggestedPrompts
    ) -> None:
        """A new assistant or agent thread: greet and offer suggested prompts."""
        thread = event.get("assistant_thread") or {}
        channel, thread_ts = thread.get("channel_id"), thread.get("thread_ts")
        if not channel or not thread_ts:
            return
        greeting = blocks.render_greeting()
        client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=greeting.text, blocks=greeting.blocks
        )
        try:
            set_suggested_prompts(prompts=list(blocks.SUGGESTED_PROMPTS), title="Try asking")
        except SlackApiError as exc:
            logger.warning("setSuggestedPrompts failed: %s", exc.response.get("error"))

    def on_assistant_message(
        self,
        body: dict[str, Any],
        event: dict[str, Any],
        client: WebClient,
        context: BoltContext,
        set_status: SetStatus,
        set_title: SetTitle,
    ) -> None:
        """A user message in an assistant thread: status with loading messages, title, the answer."""
        if from_a_bot(event, context.bot_user_id):
            return
        channel, thread_ts, ts = (
            event.get("channel") or "",
            event.get("thread_ts") or "",
            event.get("ts") or "",
        )
        if not channel or not thread_ts or not self.may_answer(client, channel, body):
            return
        text = strip_mentions(event.get("text") or "")
        state = self._load(client, context, channel, thread_ts)
        count = self._profile_count()

        def before() -> None:
            # The status stays until the answer itself is posted: no placeholder clears it early.
            searched = f"Searching {count:,} profiles…" if count else "Searching the profiles…"
            try:
                set_status(
                    status=THINKING_STATUS,
                    loading_messages=["Reading your brief…", searched, "Ranking by fit, not reach…"],
                )
                if state is None and text:
                    set_title(blocks.truncate_plain(text, 80))
            except SlackApiError as exc:
                logger.warning("assistant status/title failed: %s", exc.response.get("error"))

        turn = Turn(channel, thread_ts, text, event.get("user"), ts, team_of(body, event))
        self.answer(client, turn, state, before=before)

    @staticmethod
    def on_assistant_context_changed(ack: Ack) -> None:
        """Ignore context changes (Bolt's default would rewrite our state message's metadata)."""
        ack()


def register(app: App, listeners: AssistantListeners) -> None:
    """The assistant middleware: thread started, user message (acked at once), context changed."""
    assistant = Assistant()
    assistant.thread_started(lazy=[listeners.on_assistant_thread_started])(listeners.ack_event)
    assistant.user_message(lazy=[listeners.on_assistant_message])(listeners.ack_event)
    assistant.thread_context_changed(listeners.on_assistant_context_changed)
    app.use(assistant)
