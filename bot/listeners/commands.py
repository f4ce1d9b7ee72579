"""The ``/scout`` slash command.

Help or a refusal in the ack, then an answer posted top-level in the channel ("<@user> asked: …")
whose thread takes follow-ups; through ``response_url`` when Scout is not in the channel.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks
from bot.listeners.core import CANNOT_POST, ListenerCore
from bot.turns import Turn, new_reference, problem

logger = logging.getLogger("scout.bot")

HELP_WORDS: Final = frozenset({"", "help", "?", "-h", "--help"})


class CommandListeners(ListenerCore):
    """``/scout``."""

    def ack_command(self, ack: Ack, command: dict[str, Any]) -> None:
        """Acknowledge /scout with an ephemeral reply: help, a refusal, or "Working on it…"."""
        text = (command.get("text") or "").strip()
        if text.lower() in HELP_WORDS:
            help_message = blocks.render_help()
            ack(text=help_message.text, blocks=help_message.blocks)
        elif not self.channel_allowed(command.get("channel_id") or ""):
            ack(text="Scout isn't enabled in this channel. Ask an admin to add it, or DM me instead.")
        else:
            ack(text="Working on it…")

    def on_command(
        self, body: dict[str, Any], command: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        """/scout <question>: a top-level answer in the channel ("<@user> asked: …"); its thread takes follow-ups."""
        text = (command.get("text") or "").strip()
        channel = command.get("channel_id") or ""
        if text.lower() in HELP_WORDS or not self.channel_allowed(channel):
            return  # fully answered by the ack
        if not self.config.allow_external and self.is_external(client, channel, body):
            respond(
                text="I don't answer in channels shared with other organisations.", response_type="ephemeral"
            )
            return
        user = command.get("user_id")
        turn = Turn(channel, None, text, user, None, command.get("team_id"), asked_by=user)
        try:
            self.answer(client, turn, None, reraise_post_errors=True)
        except SlackApiError as exc:
            if exc.response.get("error") not in CANNOT_POST:
                raise
            self._answer_via_response_url(text, respond)

    def _answer_via_response_url(self, text: str, respond: Respond) -> None:
        """Slash command where Scout cannot post: answer through response_url (no follow-up thread)."""
        try:
            reply = self.service.ask(text, None, prose=True)
            message = blocks.render_answer(reply.answer)
            respond(text=message.text, blocks=message.blocks, response_type="in_channel")
            respond(
                text="Invite me to this channel (`/invite @Scout`) to refine this answer in a thread.",
                response_type="ephemeral",
                replace_original=False,
            )
        except Exception as exc:
            ref = new_reference()
            logger.exception("slash command answer failed (reference %s)", ref)
            error = blocks.render_error(ref, problem(exc))
            respond(text=error.text, blocks=error.blocks, response_type="ephemeral")


def register(app: App, listeners: CommandListeners) -> None:
    """Ack with help, a refusal or "Working on it…"; answer in the lazy listener."""
    app.command("/scout")(ack=listeners.ack_command, lazy=[listeners.on_command])
