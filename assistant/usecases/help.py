"""Help, off-topic, "not held" and error answers: what the user sees when there is nothing to rank."""

from __future__ import annotations

import difflib
import logging
import uuid
from collections.abc import Sequence

from assistant.answer import Answer
from assistant.composer import USAGE
from assistant.usecases.context import ServiceContext, ServiceReply
from matching.wording import join_words

log = logging.getLogger(__name__)


def help_answer(question: str, lead: str | None = None) -> Answer:
    """The usage text, after ``lead`` (why the question could not be answered) when given."""
    text = f"{lead}\n{USAGE}" if lead else USAGE
    return Answer(kind="help", question=question, answer=text)


def off_topic(question: str) -> Answer:
    """A polite refusal for questions that are not about influencers."""
    return Answer(
        kind="off_topic",
        question=question,
        answer="I only help find and compare influencers. " + USAGE,
    )


def error_reply(question: str, message: str) -> ServiceReply:
    """An error answer with a reference id; the traceback goes to the log, never to the user."""
    ref = uuid.uuid4().hex[:8]
    log.exception("answer failed (ref %s)", ref)
    return ServiceReply(
        answer=Answer(
            kind="error",
            question=question,
            answer=f"{message} (ref {ref})",
            warnings=[f"error ref {ref}"],
        )
    )


def not_held(ctx: ServiceContext, question: str, handles: Sequence[str], prefix: str | None) -> Answer:
    """Say plainly which handles we don't hold, with close spellings we do hold."""
    parts = [prefix] if prefix else []
    known = ctx.store_call(ctx.store.handles)
    for h in handles:
        wanted = h.strip().lstrip("@")
        close = difflib.get_close_matches(wanted.lower(), known, n=3, cutoff=0.75)
        line = f"I don't hold a profile for @{wanted}."
        if close:
            line += " Did you mean " + join_words(["@" + c for c in close], "or") + "?"
        else:
            line += " Check the spelling, or load their profile with `scout ingest`."
        parts.append(line)
    return Answer(
        kind="profile", question=question, answer=" ".join(parts) or "I couldn't find that creator."
    )
