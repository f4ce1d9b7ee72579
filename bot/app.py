"""The Slack app factory: a Bolt App wired to the service, built at call time (never at import).

``create_app`` checks the credentials first and fails fast with a message naming the missing
variable. The WebClient talks to ``SLACK_API_URL`` when set (GovSlack, proxies, tests) and retries
429s per ``Retry-After`` and dropped connections (slack_sdk's built-in retry handlers).
"""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from assistant.feedback import FeedbackLog
from bot.config import SlackConfig
from bot.dedupe import Deduper
from bot.listeners import register
from bot.service_port import ScoutService
from bot.state import ThreadStateStore

#: How many times one Web API call is retried after a 429 or a connection error.
MAX_API_RETRIES = 3


class SlackConfigError(RuntimeError):
    """A Slack credential needed for the chosen mode is missing."""


def require_credentials(config: SlackConfig, *, socket_mode: bool = False) -> None:
    """Fail fast when a credential is missing.

    Args:
        config: The Slack credentials.
        socket_mode: True for Socket Mode (needs SLACK_APP_TOKEN), False for HTTP mode (needs
            SLACK_SIGNING_SECRET).

    Raises:
        SlackConfigError: Naming the missing variable and where to find it.

    """
    if config.slack_bot_token is None:
        raise SlackConfigError(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your Slack app's"
            " 'OAuth & Permissions' page into the environment or .env."
        )
    if socket_mode and config.slack_app_token is None:
        raise SlackConfigError(
            "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-...) with the"
            " connections:write scope ('Basic Information' > 'App-Level Tokens'). Or run `scout serve --http`."
        )
    if not socket_mode and config.slack_signing_secret is None:
        raise SlackConfigError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode verifies every request with it ('Basic Information'"
            " > 'Signing Secret'). Or set SLACK_APP_TOKEN to use Socket Mode."
        )


def api_base_url(url: str) -> str:
    """Normalise SLACK_API_URL: WebClient joins method names onto it, so it must end with '/'."""
    return url if url.endswith("/") else url + "/"


def build_web_client(config: SlackConfig) -> WebClient:
    """A WebClient for the bot token, SLACK_API_URL and retry handlers.

    Raises:
        SlackConfigError: When SLACK_BOT_TOKEN is missing.

    """
    if config.slack_bot_token is None:
        require_credentials(config)
    assert config.slack_bot_token is not None
    client = WebClient(
        token=config.slack_bot_token.get_secret_value(),
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=MAX_API_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=MAX_API_RETRIES),
        ],
        logger=logging.getLogger("scout.slack_sdk"),
    )
    if config.slack_api_url:
        client.base_url = api_base_url(config.slack_api_url)
    return client


def create_app(
    service: ScoutService,
    config: SlackConfig,
    *,
    client: WebClient | None = None,
    socket_mode: bool = False,
    store: ThreadStateStore | None = None,
    deduper: Deduper | None = None,
    feedback: FeedbackLog | None = None,
) -> App:
    """Build the Bolt app with Scout's listeners registered.

    Args:
        service: The application service (a fake in tests).
        config: Credentials, SLACK_API_URL and channel rules.
        client: A ready WebClient (default: :func:`build_web_client`); its token is the one used.
        socket_mode: Skip the signing-secret check (Socket Mode connections are authenticated by the
            app-level token instead).
        store: Thread state store (default: a fresh in-process cache over Slack metadata).
        deduper: Duplicate-delivery guards (default: fresh).
        feedback: Where 👍/👎 and "Not a fit" are kept (default: the service's own ``feedback``).

    Returns:
        The Bolt App; serve it with ``bot.server.serve_http`` or ``serve_socket_mode``.

    Raises:
        SlackConfigError: When a needed credential is missing.

    """
    require_credentials(config, socket_mode=socket_mode)
    web_client = client or build_web_client(config)
    secret = config.slack_signing_secret.get_secret_value() if config.slack_signing_secret else ""
    app = App(
        name="scout",
        client=web_client,
        signing_secret=secret,
        # Bolt calls auth.test on the first request (and caches the bot user ID) instead of at start-up.
        token_verification_enabled=False,
        process_before_response=False,
        logger=logging.getLogger("scout.bolt"),
    )
    register(app, service, config, store=store, deduper=deduper, feedback=feedback)
    return app
