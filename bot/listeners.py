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
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

from slack_bolt import Ack, App, Assistant, BoltContext, Respond, SetStatus, SetSuggestedPrompts, SetTitle
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.answer import ThreadState
from assistant.feedback import FeedbackLog, FeedbackValue
from bot import blocks
from bot.dedupe import Deduper
from bot.delivery import Delivery, Where
from bot.detail_blocks import render_rule_table
from bot.feedback_flow import FeedbackFlow
from bot.mrkdwn import strip_mentions
from bot.service_port import CountsProfiles, ScoutService, ServiceReply
from bot.state import ThreadStateStore
from scout.settings import Settings

logger = logging.getLogger("scout.bot")

THINKING_STATUS: Final = "is finding creators..."
EXTERNAL_CACHE_TTL_S: Final = 600.0
HELP_WORDS: Final = frozenset({"", "help", "?", "-h", "--help"})
#: Threads writing LLM prose (I/O-bound: each mostly waits on the LLM endpoint).
POLISH_THREADS: Final = 32
#: Prose jobs waiting beyond this are skipped (the ranked list stands) rather than queued for minutes.
MAX_PENDING_POLISH: Final = 256
#: Slack errors that mean "the bot cannot post in this channel" (slash command fallback).
CANNOT_POST: Final = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})
EXPIRED: Final = "This list has expired; ask again and I'll rank afresh."
FEEDBACK_ACTIONS: Final[dict[str, FeedbackValue]] = {
    blocks.ACTION_FEEDBACK_UP: "positive",
    blocks.ACTION_FEEDBACK_DOWN: "negative",
    blocks.ACTION_NOT_A_FIT: "not_a_fit",
}


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


def _problem(exc: BaseException) -> str:
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


def clicked(action: Mapping[str, Any]) -> tuple[str, str]:
    """(action_id, value) of a click; an overflow menu's option carries ``"<action_id>|<value>"``."""
    action_id = str(action.get("action_id") or "")
    if action.get("type") == "overflow" or action_id == blocks.ACTION_PICK_MENU:
        raw = str((action.get("selected_option") or {}).get("value") or "")
        inner, _, value = raw.partition(blocks.MENU_SEPARATOR)
        return inner, value
    return action_id, str(action.get("value") or "")


class ScoutListeners:
    """The handlers, holding their dependencies (service, settings, thread state, dedupe guards)."""

    def __init__(
        self,
        service: ScoutService,
        settings: Settings,
        *,
        store: ThreadStateStore | None = None,
        deduper: Deduper | None = None,
        feedback: FeedbackLog | None = None,
    ) -> None:
        self.service = service
        self.settings = settings
        self.store = store or ThreadStateStore()
        self.deduper = deduper or Deduper()
        self.delivery = Delivery(self.store)
        self.feedback = FeedbackFlow(feedback if feedback is not None else getattr(service, "feedback", None))
        self._external: dict[str, tuple[bool, float]] = {}
        self._external_lock = threading.Lock()
        self._polisher = ThreadPoolExecutor(max_workers=POLISH_THREADS, thread_name_prefix="scout-polish")
        self._pending_polish = 0
        self._polish_lock = threading.Lock()

    # ------------------------------------------------------------------ guards

    def channel_allowed(self, channel: str) -> bool:
        """SCOUT_ALLOWED_CHANNELS: empty allows all; DMs (IDs starting with D) are always allowed."""
        allowed = self.settings.allowed_channel_ids
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
        if not self.settings.allow_external and self.is_external(client, channel, body):
            logger.info("ignoring message in %s: channel is shared with another organisation", channel)
            return False
        return True

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
            _team(body, event),
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
        team = _team(body, event)
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
        if not self.settings.allow_external and self.is_external(client, channel, body):
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
        where = Where(channel, thread_ts, user, _team(body, {}))
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
            self._ephemeral(client, channel, user, thread_ts, blocks.render_error(ref, _problem(exc)))

    def on_feedback_reason(self, ack: Ack, view: dict[str, Any]) -> None:
        """The "what was off / why not a fit" modal: close it, keep the reason with its record."""
        ack()
        self.feedback.reason_submitted(view)

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

        turn = Turn(channel, thread_ts, text, event.get("user"), ts, _team(body, event))
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
            self.delivery.post_message(client, turn.where, blocks.render_error(ref, _problem(exc)))
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
            error = blocks.render_error(ref, _problem(exc))
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


def _team(body: Mapping[str, Any], event: Mapping[str, Any]) -> str | None:
    team = event.get("team") or body.get("team_id") or (body.get("team") or {}).get("id")
    return str(team) if team else None


def register(
    app: App,
    service: ScoutService,
    settings: Settings,
    *,
    store: ThreadStateStore | None = None,
    deduper: Deduper | None = None,
    feedback: FeedbackLog | None = None,
) -> ScoutListeners:
    """Attach Scout's listeners to ``app`` (ack at once, work in lazy listeners).

    Args:
        app: The Bolt app.
        service: The application service.
        settings: Channel rules and the rest of the configuration.
        store: Thread state store (a fresh one by default).
        deduper: Duplicate-delivery guards (a fresh one by default).
        feedback: Where feedback is kept (default: the service's ``feedback``, if it has one).

    Returns:
        The listeners object (tests use its store and deduper).

    """
    listeners = ScoutListeners(service, settings, store=store, deduper=deduper, feedback=feedback)
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
    app.view(blocks.VIEW_NOT_A_FIT)(listeners.on_feedback_reason)
    return listeners
