"""Events: ``app_mention`` and ``message``.

A mention is answered in a thread under it; a top-level DM at the top level of the DM, following up
on its latest answer; a reply in a thread where Scout has saved state is a follow-up; everything else,
and anything a bot wrote, is ignored.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.listeners.core import ListenerCore
from bot.mrkdwn import strip_mentions
from bot.turns import Turn, from_a_bot, team_of


class EventListeners(ListenerCore):
    """Mentions and messages."""

    def on_mention(
        self, body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """@Scout in a channel: answer in a thread under the mention (a follow-up inside Scout's thread)."""
        if from_a_bot(event, context.bot_user_id):
            return  # another bot mentioning us: answering could loop
        channel, ts = event.get("channel") or "", event.get("ts") or ""
        if not channel or not ts or not self.may_answer(client, channel, body):
            return
        thread_ts = event.get("thread_ts") or ts
        state = None
        if event.get("thread_ts"):
            state = self._load(client, context, channel, thread_ts)
        turn = Turn(
            channel,
            thread_ts,
            strip_mentions(event.get("text") or ""),
            event.get("user"),
            ts,
            team_of(body, event),
        )
        self.answer(client, turn, state)

    def on_message(
        self, body: dict[str, Any], event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """A plain message: a DM question (top level of the DM), a follow-up in Scout's thread, or nothing."""
        if from_a_bot(event, context.bot_user_id) or event.get("subtype") not in (
            None,
            "thread_broadcast",
            "file_share",
        ):
            return
        channel, ts = event.get("channel") or "", event.get("ts") or ""
        text = event.get("text") or ""
        if not channel or not ts:
            return
        if context.bot_user_id and f"<@{context.bot_user_id}" in text and event.get("channel_type") != "im":
            return  # the app_mention listener answers this one
        team = team_of(body, event)
        thread_ts = event.get("thread_ts")
        if thread_ts is None:
            if event.get("channel_type") != "im":
                return  # channel chatter
            if not self.may_answer(client, channel, body):
                return
            # A DM is one conversation at its top level: follow up on the latest answer there.
            state = self.store.load_latest_in_channel(
                client, channel, bot_user_id=context.bot_user_id, bot_id=context.bot_id
            )
            self.answer(client, Turn(channel, None, strip_mentions(text), event.get("user"), ts, team), state)
            return
        if not self.channel_allowed(channel):
            return
        state = self._load(client, context, channel, thread_ts)
        if state is None:
            return  # not Scout's thread
        if not self.may_answer(client, channel, body):
            return
        self.answer(
            client, Turn(channel, thread_ts, strip_mentions(text), event.get("user"), ts, team), state
        )


def register(app: App, listeners: EventListeners) -> None:
    """Ack at once; answer in the lazy listener."""
    app.event("app_mention")(ack=listeners.ack_event, lazy=[listeners.on_mention])
    app.event("message")(ack=listeners.ack_event, lazy=[listeners.on_message])
