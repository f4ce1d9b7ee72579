"""What every Slack listener shares: dependencies, channel rules, and the answer flow.

``answer`` acks nothing (Bolt already acked): it delivers the ranked list at once (``bot/delivery.py``:
streamed into threads, posted whole at the top level) with the message's own state in its metadata
(``bot/state.py``), then polishes the prose on its own thread pool so a slow LLM never holds back
other answers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.answer import ThreadState
from assistant.feedback import FeedbackLog
from bot import blocks
from bot.channel_rules import ChannelRules
from bot.config import SlackConfig
from bot.dedupe import Deduper
from bot.delivery import Delivery
from bot.feedback_flow import FeedbackFlow
from bot.service_port import CountsProfiles, ScoutService, ServiceReply
from bot.state import ThreadStateStore
from bot.turns import Turn, new_reference, problem

logger = logging.getLogger("scout.bot")

#: Threads writing LLM prose (I/O-bound: each mostly waits on the LLM endpoint).
POLISH_THREADS: Final = 32
#: Prose jobs waiting beyond this are skipped (the ranked list stands) rather than queued for minutes.
MAX_PENDING_POLISH: Final = 256
#: Slack errors that mean "the bot cannot post in this channel" (slash command fallback).
CANNOT_POST: Final = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})


class ListenerCore:
    """The handlers' dependencies (service, Slack config, thread state, dedupe guards) and shared flow."""

    def __init__(
        self,
        service: ScoutService,
        config: SlackConfig,
        *,
        store: ThreadStateStore | None = None,
        deduper: Deduper | None = None,
        feedback: FeedbackLog | None = None,
    ) -> None:
        self.service = service
        self.config = config
        self.store = store or ThreadStateStore()
        self.deduper = deduper or Deduper()
        self.delivery = Delivery(self.store)
        self.feedback = FeedbackFlow(feedback if feedback is not None else getattr(service, "feedback", None))
        self.rules = ChannelRules(config)
        self._polisher = ThreadPoolExecutor(max_workers=POLISH_THREADS, thread_name_prefix="scout-polish")
        self._pending_polish = 0
        self._polish_lock = threading.Lock()

    # ------------------------------------------------------------------ guards

    def channel_allowed(self, channel: str) -> bool:
        """SCOUT_ALLOWED_CHANNELS (see ``bot/channel_rules.py``)."""
        return self.rules.channel_allowed(channel)

    def is_external(self, client: WebClient, channel: str, body: Mapping[str, Any]) -> bool:
        """Whether ``channel`` is shared with another organisation (see ``bot/channel_rules.py``)."""
        return self.rules.is_external(client, channel, body)

    def may_answer(self, client: WebClient, channel: str, body: Mapping[str, Any]) -> bool:
        """Both channel rules (see ``bot/channel_rules.py``)."""
        return self.rules.may_answer(client, channel, body)

    # ------------------------------------------------------------------ ack functions (run before the HTTP response)

    @staticmethod
    def ack_event(ack: Ack) -> None:
        """Acknowledge at once; the work happens in the lazy function."""
        ack()

    # ------------------------------------------------------------------ the shared flow

    def answer(
        self,
        client: WebClient,
        turn: Turn,
        state: ThreadState | None,
        *,
        before: Callable[[], None] | None = None,
        reraise_post_errors: bool = False,
    ) -> None:
        """The ranked list at once (streamed or posted), then polished prose in the same message.

        Args:
            client: Web API client for this request.
            turn: Where to answer and what was asked.
            state: The state of the latest answer in this conversation (None for a new one).
            before: Called before the service runs (assistant status and title).
            reraise_post_errors: Let a refused first post propagate (``/scout`` falls back to response_url).

        """
        if turn.message_ts and not self.deduper.first_answer(turn.channel, turn.message_ts):
            logger.info("already answering %s:%s", turn.channel, turn.message_ts)
            return
        if not turn.text.strip():
            self.delivery.post_message(client, turn.where, blocks.render_help())
            return
        if before is not None:
            before()
        try:
            reply = self.service.ask(turn.text, state, prose=False)
        except Exception as exc:
            self._report(client, turn, exc)
            return
        try:
            ts = self.delivery.deliver(client, turn.where, reply)
        except SlackApiError as exc:
            if reraise_post_errors and exc.response.get("error") in CANNOT_POST:
                raise
            self._report(client, turn, exc)
            return
        if ts is None:
            return
        with self._polish_lock:
            if self._pending_polish >= MAX_PENDING_POLISH:
                logger.warning("%d answers waiting for prose; keeping the fast answer", self._pending_polish)
                return
            self._pending_polish += 1
        self._polisher.submit(self._polish, client, turn, ts, reply)

    def _report(self, client: WebClient, turn: Turn, exc: Exception) -> None:
        ref = new_reference()
        logger.exception("answer failed in %s (reference %s)", turn.channel, ref)
        try:
            self.delivery.post_message(client, turn.where, blocks.render_error(ref, problem(exc)))
        except SlackApiError:
            logger.exception("could not report error %s to the user", ref)

    def _polish(self, client: WebClient, turn: Turn, ts: str, reply: ServiceReply) -> None:
        """Update the answer with the LLM's prose (on the polish pool, after the fast list)."""
        try:
            polished = self.service.polish(reply)
            if polished.answer != reply.answer:
                # Same state as the fast answer: sent again with the message (new block_ids).
                same_state = polished.model_copy(update={"state": reply.state})
                self.delivery.update(client, turn.channel, ts, same_state, asked_by=turn.asked_by)
        except Exception:
            # The ranked list is already on screen; keep it and log why the prose did not come.
            logger.exception("polish failed in %s; keeping the fast answer", turn.channel)
        finally:
            with self._polish_lock:
                self._pending_polish -= 1

    # ------------------------------------------------------------------ small helpers

    def _load(
        self, client: WebClient, context: BoltContext, channel: str, thread_ts: str
    ) -> ThreadState | None:
        return self.store.load(
            client, channel, thread_ts, bot_user_id=context.bot_user_id, bot_id=context.bot_id
        )

    def _profile_count(self) -> int | None:
        if isinstance(self.service, CountsProfiles):
            try:
                return self.service.profile_count()
            except Exception:
                logger.warning("profile_count failed", exc_info=True)
        return None
