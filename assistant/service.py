"""The one recommendation service behind Slack and the CLI: questions, follow-ups, buttons.

Every adapter calls ``ask`` (a message in a thread, with the thread's saved state) or ``action`` (a
button). The service never raises to an adapter: failures come back as an ``error`` answer with a
reference id, the details go to the log. This class only routes: each use case lives in its own module
under ``assistant/usecases/``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from assistant.answer import ThreadState
from assistant.brief_change import starts_new_brief
from assistant.feedback import FeedbackLog
from assistant.llm import LanguageModel
from assistant.ports import ProfileRepository
from assistant.router import FollowUp, route_offline
from assistant.usecases import polish as polishing
from assistant.usecases.context import ServiceContext, ServiceReply, StoreUnavailableError
from assistant.usecases.export import add_to_shortlist, export
from assistant.usecases.help import error_reply, help_answer, not_held, off_topic
from assistant.usecases.lookalikes import lookalikes
from assistant.usecases.lookup import resolve
from assistant.usecases.named import named
from assistant.usecases.plan import plan
from assistant.usecases.recommend import recommend
from assistant.usecases.refine import refine, replan
from assistant.usecases.why_not import why_not
from matching.parser import looks_like_question, parse_brief
from matching.store_types import StoreStats
from matching.weights import DEFAULT_CONFIG, RuleConfig

__all__ = ["RecommendationService", "ServiceReply", "StoreUnavailableError"]

T = TypeVar("T")

MAX_QUESTION_CHARS = 4_000  # longer questions are cut (the brief is in the first lines anyway)
MAX_K = 25  # picks one answer may hold

# Button action ids (bot/) to the follow-up intent they stand for.
ACTION_INTENTS = {
    "more_like": "lookalikes",
    "why": "details",
    "shortlist_add": "shortlist",
    "export": "export",
}
ONE_PICK_INTENTS = ("details", "why_not", "lookalikes", "shortlist", "compare")


class RecommendationService:
    """Questions in, ranked and justified answers out.

    Args:
        store: The profile store (Chroma in production).
        llm: The language model (``OfflineModel`` without a key).
        today: Clock for recency rules (tests and evals pin it).
        config: Rule weights and thresholds.
        pool_size: Least candidates retrieved per question before the rules rank them (ten per pick
            asked, if more).
        feedback: The team's feedback; creators marked "Not a fit" for a brand sink for its briefs.

    """

    def __init__(
        self,
        store: ProfileRepository,
        llm: LanguageModel,
        *,
        today: Callable[[], date],
        config: RuleConfig = DEFAULT_CONFIG,
        pool_size: int = 100,
        feedback: FeedbackLog | None = None,
    ) -> None:
        self.ctx = ServiceContext(
            store=store, llm=llm, today=today, config=config, pool_size=pool_size, feedback=feedback
        )

    # The constructor's dependencies stay readable and settable here (evals pin ``today`` after building).
    @property
    def store(self) -> ProfileRepository:
        """The profile store."""
        return self.ctx.store

    @store.setter
    def store(self, value: ProfileRepository) -> None:
        self.ctx.store = value

    @property
    def llm(self) -> LanguageModel:
        """The language model."""
        return self.ctx.llm

    @llm.setter
    def llm(self, value: LanguageModel) -> None:
        self.ctx.llm = value

    @property
    def today(self) -> Callable[[], date]:
        """The clock for recency rules."""
        return self.ctx.today

    @today.setter
    def today(self, value: Callable[[], date]) -> None:
        self.ctx.today = value

    @property
    def config(self) -> RuleConfig:
        """Rule weights and thresholds."""
        return self.ctx.config

    @config.setter
    def config(self, value: RuleConfig) -> None:
        self.ctx.config = value

    @property
    def pool_size(self) -> int:
        """Least candidates retrieved per question."""
        return self.ctx.pool_size

    @pool_size.setter
    def pool_size(self, value: int) -> None:
        self.ctx.pool_size = value

    @property
    def feedback(self) -> FeedbackLog | None:
        """The team's feedback log, if any."""
        return self.ctx.feedback

    @feedback.setter
    def feedback(self, value: FeedbackLog | None) -> None:
        self.ctx.feedback = value

    # ------------------------------------------------------------------ entry points
    def ask(
        self, text: str, state: ThreadState | None = None, *, k: int | None = None, prose: bool = True
    ) -> ServiceReply:
        """Answer a question or a follow-up in a thread.

        Args:
            text: The user's message.
            state: The thread's saved state, or None for a new thread.
            k: Number of picks, overriding the question.
            prose: False returns the ranked list at once with offline prose; call ``polish`` after.

        """
        flat = " ".join((text or "").split())
        question = flat[:MAX_QUESTION_CHARS]
        self.llm.begin_turn()
        try:
            reply = self._ask(question, state, k=k, prose=prose)
            polishing.collect_llm_warnings(self.ctx, reply)
            if len(flat) > MAX_QUESTION_CHARS:
                reply.answer.warnings.append(
                    f"Your message was {len(flat):,} characters; I read the first {MAX_QUESTION_CHARS:,}."
                )
            return reply
        except StoreUnavailableError:
            return error_reply(
                question,
                "I can't reach the profile store right now, so I can't search. Please try again in a minute.",
            )
        except Exception:
            return error_reply(question, "Something went wrong on my side while answering.")

    def action(self, action: str, profile_id: str, state: ThreadState | None) -> ServiceReply:
        """A button click on the state of its message: ``more_like``, ``why``, ``shortlist_add``, ``export``.

        Feedback clicks are recorded by the adapter (``bot/feedback_flow.py``), not here.
        """
        try:
            if state is None:
                return ServiceReply(
                    answer=help_answer("", "That list has expired; ask me again and I'll rank afresh.")
                )
            intent = ACTION_INTENTS.get(action)
            if intent is None:
                return ServiceReply(answer=help_answer(action, f"I don't know the action {action!r}."))
            follow = FollowUp(intent=intent, ranks=[], handles=[], text=action)
            return self._follow_up(
                follow, action, state, k=None, prose=False, target_ids=[profile_id] if profile_id else []
            )
        except StoreUnavailableError:
            return error_reply(
                action, "I can't reach the profile store right now. Please try again in a minute."
            )
        except Exception:
            return error_reply(action, "Something went wrong on my side with that button.")

    def polish(self, reply: ServiceReply) -> ServiceReply:
        """Replace the offline prose with the LLM's, grounded in the same picks (no-op offline)."""
        return polishing.polish(self.ctx, reply)

    def warm(self) -> None:
        """Load the embedding model and the search index before the first question."""
        self.store_call(self.store.warm)

    def profile_count(self) -> int | None:
        """How many profiles the store holds (for "Looking through N profiles…"), None if unknown."""
        try:
            return self.stats().profiles
        except StoreUnavailableError:
            return None

    def stats(self) -> StoreStats:
        """Store statistics, cached for a minute (they only change on ingest)."""
        return self.ctx.stats()

    def store_call(self, fn: Callable[[], T]) -> T:
        """Run a store call, turning any failure into ``StoreUnavailableError``."""
        return self.ctx.store_call(fn)

    # ------------------------------------------------------------------ dispatch
    def _ask(self, question: str, state: ThreadState | None, *, k: int | None, prose: bool) -> ServiceReply:
        if not question or not looks_like_question(question):
            return ServiceReply(answer=help_answer(question, "I need a question to work with."))
        if self.stats().profiles == 0:
            return ServiceReply(
                answer=help_answer(
                    question,
                    "The profile store is empty, so there is no one to recommend yet. Load the sample with "
                    "`scout seed` or your own creators with `scout ingest FILE`.",
                )
            )
        has_list = state is not None and bool(state.ranked_ids or state.brief.handles)
        follow = self.llm.route(question, has_list=has_list)
        if follow.intent == "help":
            return ServiceReply(answer=help_answer(question))
        if follow.intent == "off_topic":
            return ServiceReply(answer=off_topic(question))
        if not has_list and _needs_a_list(question):
            return ServiceReply(
                answer=help_answer(
                    question, "There's no list in this thread yet, so I can't tell which pick you mean."
                )
            )
        fresh = follow.intent in ("refine", "plan") and state is not None
        if fresh and state is not None and starts_new_brief(question, state.brief, today=self.today()):
            # A new brand or niche in the same thread starts over: nothing of the old brief leaks in.
            return self._new_question(question, k=k, prose=prose)
        if state is not None and follow.intent != "new_question":
            return self._follow_up(follow, question, state, k=k, prose=prose)
        return self._new_question(question, k=k, prose=prose)

    def _new_question(self, question: str, *, k: int | None, prose: bool) -> ServiceReply:
        parsed = parse_brief(question, today=self.today())
        brief = self.llm.extract_brief(question, parsed)
        if k is not None:
            brief = brief.model_copy(update={"k": max(1, min(MAX_K, k))})
        if brief.intent in ("profile", "compare") and brief.handles:
            return named(self.ctx, brief, brief.handles, prose=prose)
        if brief.intent == "plan" or brief.budget is not None:
            return plan(self.ctx, brief, prose=prose)
        return recommend(self.ctx, brief, prose=prose)

    def _follow_up(
        self,
        follow: FollowUp,
        text: str,
        state: ThreadState,
        *,
        k: int | None,
        prose: bool,
        target_ids: Sequence[str] = (),
    ) -> ServiceReply:
        ctx, brief, intent = self.ctx, state.brief, follow.intent
        if intent == "refine":
            return refine(ctx, brief, text, k, prose=prose)
        if intent == "more":
            return recommend(ctx, brief, prose=prose, offset=state.shown, state=state)
        if intent == "plan":
            return replan(ctx, brief, text, k, prose=prose)
        if intent == "export":
            return export(ctx, state)
        targets = list(target_ids) or resolve(ctx, follow, state)
        if intent in ONE_PICK_INTENTS and not targets:
            missing = ", ".join("@" + h for h in follow.handles) or "that pick"
            prefix = f"I couldn't find {missing} in this thread or the store."
            return ServiceReply(answer=not_held(ctx, text, follow.handles, prefix))
        if intent == "details":
            return named(ctx, brief, [], prose=prose, ids=targets[:1], state=state)
        if intent == "compare":
            return named(ctx, brief, [], prose=prose, ids=targets, state=state, compare=True)
        if intent == "lookalikes":
            return lookalikes(ctx, brief, targets[0], state, prose=prose)
        if intent == "why_not":
            return why_not(ctx, brief, targets[0], state)
        if intent == "shortlist":
            return add_to_shortlist(ctx, brief, text, targets, state)
        return self._new_question(text, k=k, prose=prose)


def _needs_a_list(text: str) -> bool:
    """True for follow-ups that only make sense after a list ("#2", "compare 1 and 3", "show more")."""
    probe = route_offline(text, has_list=True)
    if probe.handles:
        return False
    if probe.intent in ("more", "export"):
        return True
    return probe.intent in ONE_PICK_INTENTS and bool(probe.ranks)
