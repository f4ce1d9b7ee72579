"""Slack listeners: parse the request, call the service, render blocks, post. No business logic here.

Every entry point acks at once (Bolt lazy listeners: the ``ack`` function only acknowledges, the
``lazy`` function runs in a worker thread after the HTTP response went back), then:

1. calls ``service.ask(..., prose=False)`` and delivers the ranked list at once (``bot/delivery.py``:
   streamed into threads, posted whole at the top level), so the first notification names the count
   and the first pick; the message carries its own state in metadata (``bot/state.py``),
2. calls ``service.polish`` and updates the message when the LLM prose differs. Polishing runs on its
   own thread pool so a slow LLM never holds back other answers.

Entry points: ``app_mention`` (answer in a thread under the mention), ``message`` (a top-level DM ->
answered at the top level of the DM, following up on the DM's latest answer; a reply in a thread where
Scout has saved state -> follow-up; everything else ignored), ``/scout`` (answer posted top-level in
the channel, starting "<@user> asked: …"; falls back to ``response_url`` when Scout is not in the
channel), button clicks (each acts on the state of the message it sits on), the feedback modal, and
the AI-assistant / agent container (``slack_bolt.Assistant``). Events written by any bot are ignored.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

from slack_bolt import Ack, App, Assistant, BoltContext, Respond, SetStatus, SetSuggestedPrompts, SetTitle
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.answer import ThreadState
from assistant.feedback import FeedbackLog
from bot import blocks
from bot.button_listeners import ButtonListeners
from bot.channel_rules import ChannelRules
from bot.config import SlackConfig
from bot.dedupe import Deduper
from bot.delivery import Delivery
from bot.feedback_flow import FeedbackFlow
from bot.mrkdwn import strip_mentions
from bot.service_port import CountsProfiles, ScoutService, ServiceReply
from bot.state import ThreadStateStore
from bot.turns import Turn, from_a_bot, new_reference, problem, team_of

logger = logging.getLogger("scout.bot")

THINKING_STATUS: Final = "is finding creators..."
HELP_WORDS: Final = frozenset({"", "help", "?", "-h", "--help"})
#: Threads writing LLM prose (I/O-bound: each mostly waits on the LLM endpoint).
POLISH_THREADS: Final = 32
#: Prose jobs waiting beyond this are skipped (the ranked list stands) rather than queued for minutes.
MAX_PENDING_POLISH: Final = 256
#: Slack errors that mean "the bot cannot post in this channel" (slash command fallback).
CANNOT_POST: Final = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})


class ScoutListeners(ButtonListeners):
    """The handlers, holding their dependencies (service, Slack config, thread state, dedupe guards)."""

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

    # ------------------------------------------------------------------ lazy listeners (after the ack)

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

    # ------------------------------------------------------------------ posting helpers

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


def register(
    app: App,
    service: ScoutService,
    config: SlackConfig,
    *,
    store: ThreadStateStore | None = None,
    deduper: Deduper | None = None,
    feedback: FeedbackLog | None = None,
) -> ScoutListeners:
    """Attach Scout's listeners to ``app`` (ack at once, work in lazy listeners).

    Args:
        app: The Bolt app.
        service: The application service.
        config: Credentials and channel rules.
        store: Thread state store (a fresh one by default).
        deduper: Duplicate-delivery guards (a fresh one by default).
        feedback: Where feedback is kept (default: the service's ``feedback``, if it has one).

    Returns:
        The listeners object (tests use its store and deduper).

    """
    listeners = ScoutListeners(service, config, store=store, deduper=deduper, feedback=feedback)
    app.middleware(listeners.deduper.middleware())

    assistant = Assistant()
    assistant.thread_started(lazy=[listeners.on_assistant_thread_started])(listeners.ack_event)
    assistant.user_message(lazy=[listeners.on_assistant_message])(listeners.ack_event)
    assistant.thread_context_changed(listeners.on_assistant_context_changed)
    app.use(assistant)

    app.event("app_mention")(ack=listeners.ack_event, lazy=[listeners.on_mention])
    app.event("message")(ack=listeners.ack_event, lazy=[listeners.on_message])
    app.command("/scout")(ack=listeners.ack_command, lazy=[listeners.on_command])
    app.action(re.compile(r"^scout_"))(ack=listeners.ack_event, lazy=[listeners.on_action])
    app.view(blocks.VIEW_NOT_A_FIT)(ack=listeners.ack_event, lazy=[listeners.on_feedback_reason])
    return listeners
