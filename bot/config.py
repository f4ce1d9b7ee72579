"""What the Slack adapter is told by the composition root: credentials, API URL and channel rules.

Plain values, built from the settings in ``scout/`` (``Settings.slack_config()``); nothing in ``bot``
reads the environment. Secrets are ``SecretStr`` so a config can be logged without leaking a token.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr


@dataclass(frozen=True)
class SlackConfig:
    """The Slack app's credentials and where it may answer."""

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str | None = None
    allowed_channel_ids: frozenset[str] = frozenset()
    allow_external: bool = False
