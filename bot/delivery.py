"""Putting an answer into Slack: streamed into a thread, or posted whole; then updated with prose.

The first message a user is notified of already carries the answer: there is no placeholder.

- **In a thread** (mentions, follow-ups, assistant threads) the answer is streamed with slack_sdk's
  ``chat_stream`` helper (``chat.startStream`` / ``appendStream`` / ``stopStream``): the opening
  chunk is the headline (the count and the first pick) plus the pipeline as plan tasks ("1,467 match
  the filters", "ranked by 15 fit rules"); ``stopStream`` adds the picks' blocks and the state
  metadata. When Slack refuses to start a stream the answer is posted whole (``chat.postMessage``);
  when it refuses mid-stream the started message is finished with ``chat.update``.
- **Top level** (``/scout`` in a channel, a DM) the answer is posted whole, ``/scout`` answers
  starting with "<@user> asked: …".

Every message that carries a list carries its state (``bot/state.py``) and is remembered by its ts,
so its buttons act on exactly that list.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Final

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.models.messages.chunk import PlanUpdateChunk, TaskUpdateChunk

from assistant import presentation
from assistant.answer import Answer, ThreadState
from bot import blocks
from bot.blocks import SlackMessage
from bot.mrkdwn import escape_markdown
from bot.service_port import ServiceReply
from bot.state import ThreadStateStore, state_metadata

logger = logging.getLogger("scout.bot")

#: Answer kinds that are streamed when they go into a thread.
STREAM_KINDS: Final = frozenset({"recommendations", "profile", "compare", "why_not", "plan"})


@dataclass(frozen=True)
class Where:
    """Where an answer goes: the channel, the thread (None = top level), and who asked."""

    channel: str
    thread_ts: str | None
    user: str | None = None
    team: str | None = None
    asked_by: str | None = None


def plan_chunks(answer: Answer) -> list[TaskUpdateChunk | PlanUpdateChunk]:
    """The pipeline as plan tasks, all done by the time the first chunk goes out."""
    if answer.kind != "recommendations" or answer.brief is None:
        return []
    rules = {r.rule for rec in answer.recommendations for r in rec.rules}
    tasks: list[TaskUpdateChunk | PlanUpdateChunk] = [PlanUpdateChunk(title="How I ranked them")]
    tasks.append(
        TaskUpdateChunk(
            id="brief",
            title="Read the brief",
            status="complete",
            details=presentation.brief_line(answer.brief),
        )
    )
    if answer.matched is not None:
        tasks.append(
            TaskUpdateChunk(
                id="filter", title=f"{answer.matched:,} profiles match the filters", status="complete"
            )
        )
    if rules:
        tasks.append(TaskUpdateChunk(id="rank", title=f"Ranked by {len(rules)} fit rules", status="complete"))
    return tasks


def stream_markdown(answer: Answer) -> str:
    """The streamed opening: the headline (count and first pick), then the short prose."""
    lead = f"**{escape_markdown(blocks.headline(answer))}**" if answer.kind == "recommendations" else ""
    body = escape_markdown(answer.answer) if answer.answer and answer.kind == "recommendations" else ""
    return "\n\n".join(p for p in (lead, body) if p)


class Delivery:
    """Posts, streams and updates answers, and remembers the state each message carries."""

    def __init__(self, store: ThreadStateStore) -> None:
        self.store = store

    def deliver(self, client: WebClient, where: Where, reply: ServiceReply) -> str | None:
        """Put ``reply`` in Slack; returns the answer message's ts (None for a file-only export)."""
        answer = reply.answer
        if answer.csv:
            self.upload_csv(client, where, answer)
            return None
        metadata = state_metadata(reply.state) if reply.state is not None else None
        ts: str | None = None
        if where.thread_ts is not None and answer.kind in STREAM_KINDS and stream_markdown(answer):
            ts = self._stream(client, where, reply, metadata)
        if ts is None:
            message = blocks.render_answer(answer, asked_by=where.asked_by)
            kwargs: dict[str, Any] = {"metadata": metadata} if metadata is not None else {}
            if where.thread_ts is not None:
                kwargs["thread_ts"] = where.thread_ts
            posted = client.chat_postMessage(
                channel=where.channel, text=message.text, blocks=message.blocks, **kwargs
            )
            ts = str(posted["ts"])
        self.remember(where, ts, reply.state)
        return ts

    def remember(self, where: Where, ts: str, state: ThreadState | None) -> None:
        """Cache the state by thread (follow-ups) and by message (its buttons)."""
        if state is None:
            return
        self.store.remember(where.channel, where.thread_ts or ts, state)
        if where.thread_ts is None:
            self.store.remember(where.channel, "", state)  # top level of a DM: the latest answer there
        self.store.remember_message(where.channel, ts, state)

    def _stream(
        self, client: WebClient, where: Where, reply: ServiceReply, metadata: dict[str, Any] | None
    ) -> str | None:
        assert where.thread_ts is not None
        answer = reply.answer
        extra: dict[str, Any] = {}
        if where.user and where.team:
            extra = {"recipient_user_id": where.user, "recipient_team_id": where.team}
        streamer = client.chat_stream(
            channel=where.channel, thread_ts=where.thread_ts, task_display_mode="plan", **extra
        )
        rest = blocks.render_answer(answer, summary=False)
        try:
            # Passing chunks (even none) flushes at once, so chat.startStream itself carries the
            # headline: the notification names the count and the first pick.
            streamer.append(markdown_text=stream_markdown(answer), chunks=list(plan_chunks(answer)))
        except (SlackApiError, SlackRequestError) as exc:
            logger.info("streaming refused (%s); posting the answer whole", _error(exc))
            return None
        try:
            streamer.stop(blocks=rest.blocks, metadata=metadata)
        except (SlackApiError, SlackRequestError) as exc:
            if streamer.ts is None:
                logger.info("streaming refused (%s); posting the answer whole", _error(exc))
                return None
            logger.info("stopStream refused (%s); finishing the message with chat.update", _error(exc))
            self.update(client, where.channel, str(streamer.ts), reply)
        return str(streamer.ts) if streamer.ts else None

    def update(
        self, client: WebClient, channel: str, ts: str, reply: ServiceReply, *, asked_by: str | None = None
    ) -> None:
        """Replace an answer message (polished prose; new block_ids), keeping its state and "asked" line."""
        message = blocks.render_answer(reply.answer, asked_by=asked_by)
        kwargs: dict[str, Any] = {"metadata": state_metadata(reply.state)} if reply.state is not None else {}
        client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks, **kwargs)

    @staticmethod
    def post_message(client: WebClient, where: Where, message: SlackMessage) -> str:
        """Post a plain message (help, errors) in the thread or at the top level."""
        kwargs: dict[str, Any] = {"thread_ts": where.thread_ts} if where.thread_ts else {}
        posted = client.chat_postMessage(
            channel=where.channel, text=message.text, blocks=message.blocks, **kwargs
        )
        return str(posted["ts"])

    @staticmethod
    def upload_csv(client: WebClient, where: Where, answer: Answer) -> None:
        """Export: one message, the file with the answer as its comment."""
        kwargs: dict[str, Any] = {"thread_ts": where.thread_ts} if where.thread_ts else {}
        client.files_upload_v2(
            channel=where.channel,
            content=answer.csv or "",
            filename="scout-shortlist.csv",
            title="Scout shortlist",
            initial_comment=answer.answer or "Here is the CSV.",
            **kwargs,
        )


def _error(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error"))
    return type(exc).__name__
