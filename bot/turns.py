"""One turn of a conversation (where to answer, what was asked) and small request helpers."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.delivery import Where


@dataclass(frozen=True)
class Turn:
    """Where one question is answered: the channel, the thread root (None: top level), the user's words."""

    channel: str
    thread_ts: str | None
    text: str
    user: str | None = None
    message_ts: str | None = None
    team: str | None = None
    asked_by: str | None = None

    @property
    def where(self) -> Where:
        """Where the answer goes."""
        return Where(self.channel, self.thread_ts, self.user, self.team, self.asked_by)


def problem(exc: BaseException) -> str:
    """One friendly sentence about what failed (the exception text itself is never shown)."""
    if isinstance(exc, TimeoutError):
        return "the search took too long."
    if isinstance(exc, SlackApiError):
        return "Slack did not accept my reply."
    if isinstance(exc, ConnectionError | OSError):
        return "I couldn't reach the profile store."
    return "something went wrong while ranking creators."


def new_reference() -> str:
    """A short reference ID shown to the user and written to the log with the details."""
    return uuid.uuid4().hex[:8]


def from_a_bot(event: Mapping[str, Any], bot_user_id: str | None) -> bool:
    """True for events written by any bot (bot_id, bot_profile, subtype bot_message) or by Scout itself."""
    return bool(
        event.get("bot_id")
        or event.get("bot_profile")
        or event.get("subtype") == "bot_message"
        or (bot_user_id is not None and event.get("user") == bot_user_id)
    )


def team_of(body: Mapping[str, Any], event: Mapping[str, Any]) -> str | None:
    """The workspace (team) ID of a request, from the event or the envelope."""
    team = event.get("team") or body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team) if team else None
