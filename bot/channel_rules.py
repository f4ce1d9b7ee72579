"""Where Scout may answer: SCOUT_ALLOWED_CHANNELS and, unless SCOUT_ALLOW_EXTERNAL, no shared channels."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any, Final

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import SlackConfig

logger = logging.getLogger("scout.bot")

EXTERNAL_CACHE_TTL_S: Final = 600.0


class ChannelRules:
    """The two channel rules, with a 10-minute cache of "is this channel shared?"."""

    def __init__(self, config: SlackConfig) -> None:
        self.config = config
        self._external: dict[str, tuple[bool, float]] = {}
        self._external_lock = threading.Lock()

    def channel_allowed(self, channel: str) -> bool:
        """SCOUT_ALLOWED_CHANNELS: empty allows all; DMs (IDs starting with D) are always allowed."""
        allowed = self.config.allowed_channel_ids
        return not allowed or channel in allowed or channel.startswith("D")

    def is_external(self, client: WebClient, channel: str, body: Mapping[str, Any]) -> bool:
        """True when ``channel`` is shared with another organisation (Slack Connect).

        The Events API envelope's ``is_ext_shared_channel`` is used when present; otherwise
        ``conversations.info`` (``is_ext_shared`` / ``is_pending_ext_shared``), cached for 10 minutes.
        When Slack cannot tell us, we fail closed (treat as external).
        """
        flag = body.get("is_ext_shared_channel")
        now = time.monotonic()
        if isinstance(flag, bool):
            with self._external_lock:
                self._external[channel] = (flag, now)
            return flag
        with self._external_lock:
            cached = self._external.get(channel)
        if cached is not None and now - cached[1] < EXTERNAL_CACHE_TTL_S:
            return cached[0]
        try:
            info = client.conversations_info(channel=channel)
            data = info.get("channel") or {}
            external = bool(data.get("is_ext_shared") or data.get("is_pending_ext_shared"))
        except SlackApiError as exc:
            logger.warning(
                "conversations.info failed for %s (%s); treating it as external",
                channel,
                exc.response.get("error"),
            )
            external = True
        with self._external_lock:
            self._external[channel] = (external, now)
        return external

    def may_answer(self, client: WebClient, channel: str, body: Mapping[str, Any]) -> bool:
        """Both channel rules: the allow-list and, unless SCOUT_ALLOW_EXTERNAL, no shared channels."""
        if not self.channel_allowed(channel):
            logger.info("ignoring message in %s: not in SCOUT_ALLOWED_CHANNELS", channel)
            return False
        if not self.config.allow_external and self.is_external(client, channel, body):
            logger.info("ignoring message in %s: channel is shared with another organisation", channel)
            return False
        return True
