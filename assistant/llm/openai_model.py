"""``OpenAIModel``: any OpenAI-compatible chat model through langchain-openai, never raising.

On a timeout, 429, 5xx, connection error, unreadable JSON, refusal or any other failure it returns
the offline result and records a short warning. Each call has a hard wall-clock deadline
(``OpenAIConfig.timeout_s``); a turn (``begin_turn``) has a budget of that plus 2 seconds in total;
after a timeout or an outage the model stays offline for a cool-down so the next calls do not wait
again. Clients are built lazily, never at import.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from pydantic import BaseModel, SecretStr, ValidationError

from assistant.brief_merge import BriefDraft, in_question, merge_brief
from assistant.grounding import GroundedText, check_answer
from assistant.llm.facts import AnswerFacts, LLMUsage, RouteDraft
from assistant.llm.failures import LLMFailure, call_with_deadline, classify_failure
from assistant.llm.offline import OfflineModel
from assistant.llm.prompting import render_answer_prompt, render_brief_prompt, render_route_prompt
from assistant.router import FollowUp, find_ranks, route_offline_scored
from matching.brief import Brief

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

TURN_GRACE_S: Final = 2.0
"""A turn's LLM budget is the per-call timeout plus this."""
COOLDOWN_S: Final = 30.0
"""How long the model stays offline after a timeout or an outage."""

T = TypeVar("T")


class _Turn:
    def __init__(self, budget: float | None) -> None:
        self.budget = budget
        self.spent = 0.0
        self.warnings: list[str] = []
        self.usage = LLMUsage()
        self.grounding: GroundedText | None = None


def _usage_of(message: Any, prompt_chars: int, completion_chars: int) -> tuple[int, int, bool]:
    meta = getattr(message, "usage_metadata", None)
    if meta and meta.get("input_tokens"):
        return int(meta["input_tokens"]), int(meta.get("output_tokens") or 0), False
    return (prompt_chars + 3) // 4, (completion_chars + 3) // 4, True


@dataclass(frozen=True)
class OpenAIConfig:
    """The chat model to call, as plain values from the composition root (``OPENAI_*``, ``SCOUT_LLM_*``)."""

    model: str = "gpt-4o-mini"
    api_key: SecretStr | None = None
    base_url: str | None = None
    timeout_s: float = 8.0
    max_retries: int = 1


class OpenAIModel:
    """An OpenAI-compatible chat model through langchain-openai, falling back to ``OfflineModel``.

    Args:
        config: The model, key, endpoint, per-call timeout and retries.
        structured_method: ``"json_schema"`` (OpenAI Structured Outputs, strict: the default) or
            ``"function_calling"`` (a forced tool call: for compatible servers without
            ``response_format`` support). Switches to function calling by itself when a server
            rejects ``response_format``.
        chat_model: A ready chat model (tests); built from ``config`` on first use otherwise.
        cooldown_s: How long to stay offline after a timeout or an outage.
        today: The clock the brief prompt's "Today is" date comes from (the composition root's,
            pinned in tests and evals, like the service's).
        monotonic: The clock the cool-down and the turn budget are measured on (tests step it).

    """

    def __init__(
        self,
        config: OpenAIConfig,
        *,
        structured_method: Literal["json_schema", "function_calling"] = "json_schema",
        chat_model: BaseChatModel | None = None,
        cooldown_s: float = COOLDOWN_S,
        today: Callable[[], date],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._today = today
        self._monotonic = monotonic
        self.label = f"openai:{config.model}"
        self.structured_method: Literal["json_schema", "function_calling"] = structured_method
        self.timeout_s = max(0.5, float(config.timeout_s))
        self.turn_budget_s = self.timeout_s + TURN_GRACE_S
        self.cooldown_s = cooldown_s
        self._chat = chat_model
        self._lock = threading.Lock()
        self._offline_until = 0.0
        self._local = threading.local()
        self._offline = OfflineModel()

    # -- per-turn state (per thread: one model serves many Slack threads at once) --
    def _turn(self) -> _Turn:
        turn: _Turn | None = getattr(self._local, "turn", None)
        if turn is None:
            turn = _Turn(budget=None)
            self._local.turn = turn
        return turn

    def begin_turn(self) -> None:
        """Start one user message: clears warnings and usage; LLM calls now share one time budget."""
        self._local.turn = _Turn(budget=self.turn_budget_s)

    def take_warnings(self) -> list[str]:
        """Warnings since the last call, oldest first, without duplicates; then cleared."""
        turn = self._turn()
        warnings, turn.warnings = turn.warnings, []
        return warnings

    @property
    def last_usage(self) -> LLMUsage:
        """Tokens used since ``begin_turn`` (usage.prompt_tokens when reported, else chars/4)."""
        return self._turn().usage.model_copy()

    @property
    def last_grounding(self) -> GroundedText | None:
        """What grounding removed from the last written answer in this turn."""
        return self._turn().grounding

    def _warn(self, message: str) -> None:
        turn = self._turn()
        if message not in turn.warnings:
            turn.warnings.append(message)

    # -- the client --
    def chat_model(self) -> BaseChatModel:
        """The chat model, built on first use (never at import)."""
        with self._lock:
            if self._chat is None:
                from langchain_openai import ChatOpenAI

                self._chat = ChatOpenAI(
                    model=self._config.model,
                    api_key=self._config.api_key,
                    base_url=self._config.base_url,
                    use_responses_api=False,
                    timeout=self.timeout_s,
                    max_retries=max(0, self._config.max_retries),
                )
            return self._chat

    def warm_up(self) -> bool:
        """Import the client library and build the chat model now (a one-off cost of ~1-2 s).

        Called by the first LLM call anyway, outside its deadline, so the time a slow import takes is
        never mistaken for a slow endpoint. Returns False (with a warning) when it cannot be built.
        """
        try:
            self.chat_model()
        except Exception as exc:
            log.warning("LLM client could not be built: %s", type(exc).__name__)
            self._warn("The language model is not configured correctly; answered offline.")
            return False
        return True

    def _run(self, what: str, fn: Callable[[], T]) -> T | None:
        """Call ``fn`` within the deadlines; on any failure record a warning and return None."""
        if self._monotonic() < self._offline_until:
            # One warning per turn: when this turn's own failure opened the breaker, it already says why.
            if not self._turn().warnings:
                self._warn("The language model is unavailable; answered offline.")
            return None
        if not self.warm_up():
            return None
        turn = self._turn()
        seconds = self.timeout_s
        if turn.budget is not None:
            seconds = min(seconds, turn.budget - turn.spent)
            if seconds <= 0.05:
                self._warn("The language model ran out of time for this message; answered offline.")
                return None
        started = self._monotonic()
        try:
            return call_with_deadline(fn, seconds)
        except Exception as exc:
            import openai

            failure = classify_failure(exc)
            if isinstance(exc, openai.BadRequestError) and "response_format" in str(exc):
                # A compatible server without Structured Outputs: use a forced tool call from now on.
                self.structured_method = "function_calling"
                failure = LLMFailure(
                    "unsupported",
                    "The language model rejected structured output; answered offline.",
                    outage=False,
                )
            log.warning(
                "LLM %s failed after %.1fs: %s (%s)",
                what,
                self._monotonic() - started,
                failure.kind,
                type(exc).__name__,
            )
            if failure.outage:
                self._offline_until = self._monotonic() + self.cooldown_s
            self._warn(failure.warning)
            return None
        finally:
            turn.spent += self._monotonic() - started

    def _structured(self, schema: type[BaseModel], system: str, user: str, turn: _Turn) -> BaseModel:
        """One structured call; raises on any failure (``_run`` catches).

        Runs in a worker thread, so the caller's ``turn`` is passed in (turn state is per thread).
        json_schema is strict (OpenAI constrains decoding to the schema; the SDK's strict schema has
        every field required and nullable, no defaults). function_calling is left non-strict: strict
        tools reject the ``default`` keys langchain keeps, and compatible servers rarely support it.
        """
        strict = True if self.structured_method == "json_schema" else None
        runnable = self.chat_model().with_structured_output(
            schema, method=self.structured_method, include_raw=True, strict=strict
        )
        result = runnable.invoke([("system", system), ("human", user)])
        assert isinstance(result, dict)
        raw = result.get("raw")
        schema_chars = len(json.dumps(schema.model_json_schema()))
        prompt_tokens, completion_tokens, estimated = _usage_of(
            raw, len(system) + len(user) + schema_chars, len(str(getattr(raw, "content", "")))
        )
        turn.usage.add(prompt_tokens, completion_tokens, estimated=estimated)
        if result.get("parsing_error") is not None:
            raise result["parsing_error"]
        parsed = result.get("parsed")
        if not isinstance(parsed, schema):
            raise ValueError("no structured output")
        return parsed

    # -- the interface --
    def extract_brief(self, question: str, parsed: Brief) -> Brief:
        """The parsed brief completed by the LLM (see ``merge_brief``); ``parsed`` on any failure."""
        system, user = render_brief_prompt(question, parsed, today=self._today())
        turn = self._turn()
        draft = self._run("brief", lambda: self._structured(BriefDraft, system, user, turn))
        if not isinstance(draft, BriefDraft):
            return parsed
        try:
            return merge_brief(parsed, draft, question)
        except (ValidationError, ValueError) as exc:
            log.warning("LLM brief could not be merged (%s); using the parser's", type(exc).__name__)
            self._warn("The language model's reading of the question was unusable; used the offline parser.")
            return parsed

    def route(self, text: str, *, has_list: bool) -> FollowUp:
        """Pattern routing when it is sure; otherwise the LLM, checked against the message."""
        offline, sure = route_offline_scored(text, has_list=has_list)
        if sure:
            return offline
        system, user = render_route_prompt(text, has_list=has_list)
        turn = self._turn()
        draft = self._run("route", lambda: self._structured(RouteDraft, system, user, turn))
        if not isinstance(draft, RouteDraft):
            return offline
        intent = draft.intent
        if not has_list and intent not in ("help", "off_topic"):
            intent = "new_question"
        # The LLM may pick which of the positions the message mentions it means, never add one.
        mentioned = find_ranks(text, bare_numbers=True)
        ranks = [r for r in mentioned if r in (draft.ranks or [])] or mentioned
        handles = in_question(draft.handles, text) or offline.handles
        return FollowUp(intent=intent, ranks=ranks, handles=handles, text=text)

    def write_answer(self, facts: AnswerFacts) -> str | None:
        """Prose from the facts, grounded; None (offline composer) on failure or if little survives."""
        if not facts.picks:
            return None
        prompt = render_answer_prompt(facts)

        def call() -> tuple[str, Any]:
            model = self.chat_model()
            message = model.invoke(
                [("system", prompt.system), ("human", prompt.user)], max_tokens=prompt.max_words * 2 + 64
            )
            content = message.content
            if isinstance(content, list):
                content = "".join(str(b.get("text", "")) if isinstance(b, dict) else str(b) for b in content)
            return str(content), message

        result = self._run("answer", call)
        if result is None:
            return None
        text, message = result
        prompt_tokens, completion_tokens, estimated = _usage_of(
            message, len(prompt.system) + len(prompt.user), len(text)
        )
        self._turn().usage.add(prompt_tokens, completion_tokens, estimated=estimated)
        grounded = check_answer(text, facts.picks, facts=facts.trusted_text())
        self._turn().grounding = grounded
        if not grounded.usable or not any(
            f"@{p.handle.lower()}" in grounded.text.lower() for p in facts.picks
        ):
            self._warn("The language model's answer did not hold up against the facts; answered offline.")
            return None
        return grounded.text
