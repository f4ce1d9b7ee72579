"""The language model behind a small interface: an offline implementation and an OpenAI one.

The service asks a ``LanguageModel`` three things: read a question into a ``Brief`` (merged with the
offline parser's result, whose explicit numbers and constraints always win), route a follow-up, and
write prose for an answer from compact facts (grounded afterwards, see assistant/grounding.py).

``OpenAIModel`` never raises: on a timeout, 429, 5xx, connection error, unreadable JSON, refusal or
any other failure it returns the offline result and records a short warning. Each call has a hard
wall-clock deadline (``llm_timeout_s``); a turn (``begin_turn``) has a budget of
``llm_timeout_s + 2`` seconds in total; after a timeout or an outage the model stays offline for a
cool-down so the next calls do not wait again. Clients are built lazily, never at import.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, TypeVar

from pydantic import BaseModel, Field, ValidationError

import prompts
from assistant.answer import Recommendation
from assistant.brief_merge import BriefDraft, in_question, merge_brief
from assistant.grounding import GroundedText, check_answer
from assistant.router import FollowUp, FollowUpIntent, find_ranks, route_offline_scored
from matching.brief import MAX_PICKS, Brief
from matching.profile import Profile

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from scout.settings import Settings

log = logging.getLogger(__name__)

ANSWER_PROMPT_TOKEN_BUDGET: Final = 2_500
"""Most tokens (estimated chars/4) the rendered answer prompt may use, system and user together."""
TURN_GRACE_S: Final = 2.0
"""A turn's LLM budget is the per-call timeout plus this."""
COOLDOWN_S: Final = 30.0
"""How long the model stays offline after a timeout or an outage."""

T = TypeVar("T")


# --- what goes in and out -----------------------------------------------------------------------


class PickFacts(BaseModel):
    """One pick as the answer writer sees it: figures, rule reasons and (untrusted) profile text."""

    rank: int
    handle: str
    platform: str
    followers: int
    engagement_rate: float | None = None
    engagement_benchmark: float | None = None
    country: str | None = None
    tier: str = ""
    reasons: list[str] = Field(default_factory=list)
    caveats: list[str] = Field(default_factory=list)
    profile_url: str | None = None
    display_name: str | None = None
    bio: str | None = Field(None, description="Untrusted: fenced in prompts.")
    captions: list[str] = Field(default_factory=list, description="Untrusted: fenced in prompts.")

    @classmethod
    def from_recommendation(cls, rec: Recommendation, profile: Profile | None = None) -> PickFacts:
        """Facts for a pick, with the profile's bio and recent captions when given."""
        return cls(
            rank=rec.rank,
            handle=rec.handle,
            platform=rec.platform,
            followers=rec.followers,
            engagement_rate=rec.engagement_rate,
            engagement_benchmark=rec.engagement_benchmark,
            country=rec.country,
            tier=rec.tier,
            reasons=list(rec.reasons),
            caveats=list(rec.caveats),
            profile_url=rec.profile_url,
            display_name=rec.display_name,
            bio=profile.bio if profile else None,
            captions=list(profile.recent_captions[:3]) if profile else [],
        )


class AnswerFacts(BaseModel):
    """Everything the answer writer may use: nothing else reaches the model."""

    question: str
    brief_summary: str = Field("", description="The brief in one line (describe_brief).")
    picks: list[PickFacts] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def trusted_text(self) -> list[str]:
        """Text whose numbers the answer may quote (for grounding)."""
        return [self.question, self.brief_summary, *self.warnings]


class LLMUsage(BaseModel):
    """Tokens used since the turn began."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated: bool = Field(False, description="True when some count was estimated (chars/4).")

    def add(self, prompt_tokens: int, completion_tokens: int, *, estimated: bool) -> None:
        """Count one call."""
        self.calls += 1
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens
        self.estimated = self.estimated or estimated


class RouteDraft(BaseModel):
    """The LLM-facing follow-up classification."""

    intent: FollowUpIntent
    ranks: list[int] | None = None
    handles: list[str] | None = None


class AnswerPrompt(BaseModel):
    """A rendered answer prompt and its estimated size."""

    system: str
    user: str
    tokens: int
    max_words: int
    truncated: bool = Field(False, description="True when profile text or reasons were cut further to fit.")


# --- the interface ------------------------------------------------------------------------------


class LanguageModel(Protocol):
    """What the service asks of a language model. Implementations never raise."""

    label: str
    """``"offline"`` or ``"openai:<model>"`` (the ``llm`` field of an answer)."""

    def begin_turn(self) -> None:
        """Start one user message: clears warnings and usage, starts the time budget."""
        ...

    def extract_brief(self, question: str, parsed: Brief) -> Brief:
        """The brief for ``question``: ``parsed`` (offline) completed by the model."""
        ...

    def route(self, text: str, *, has_list: bool) -> FollowUp:
        """What a message in a thread asks for."""
        ...

    def write_answer(self, facts: AnswerFacts) -> str | None:
        """Grounded prose for an answer, or None to use the offline composer."""
        ...

    def take_warnings(self) -> list[str]:
        """Warnings recorded since the last call (e.g. "timed out; answered offline"), cleared."""
        ...

    @property
    def last_usage(self) -> LLMUsage:
        """Tokens used since ``begin_turn``."""
        ...


class OfflineModel:
    """No language model: pattern routing, the parser's brief, the offline composer."""

    label = "offline"

    def begin_turn(self) -> None:
        """Nothing to reset."""

    def extract_brief(self, question: str, parsed: Brief) -> Brief:
        """The parsed brief, unchanged."""
        return parsed

    def route(self, text: str, *, has_list: bool) -> FollowUp:
        """Pattern routing (assistant/router.py)."""
        return route_offline_scored(text, has_list=has_list)[0]

    def write_answer(self, facts: AnswerFacts) -> str | None:
        """Always None: the service composes offline."""
        return None

    def take_warnings(self) -> list[str]:
        """Never any."""
        return []

    @property
    def last_usage(self) -> LLMUsage:
        """Always zero."""
        return LLMUsage()


# --- prompts ------------------------------------------------------------------------------------

_PICK_SHAPES: Final = (
    # (bio chars, captions, caption chars, reason chars, reasons)
    (320, 2, 160, 200, 4),
    (220, 1, 140, 180, 4),
    (140, 1, 100, 160, 3),
    (80, 0, 0, 140, 3),
    (0, 0, 0, 120, 3),
    (0, 0, 0, 90, 2),
)
MAX_ANSWER_PICKS: Final = 10


def _followers(n: int) -> str:
    if n >= 1_000_000:
        return f"{n:,} ({n / 1_000_000:.1f}M)"
    if n >= 1_000:
        return f"{n:,} ({n / 1_000:.1f}k)"
    return f"{n:,}"


def _render_pick(p: PickFacts, shape: tuple[int, int, int, int, int]) -> str:
    bio_chars, n_captions, caption_chars, reason_chars, n_reasons = shape
    clean = prompts.clean_text
    where = f", {clean(p.country)}" if p.country else ""
    head = f"#{p.rank} @{clean(p.handle)} ({clean(p.platform)}{where}, {clean(p.tier)}): {_followers(p.followers)} followers"
    if p.engagement_rate is not None:
        head += f"; engagement {p.engagement_rate * 100:.1f}%"
        if p.engagement_benchmark:
            head += f" (median for tier {p.engagement_benchmark * 100:.2f}%)"
    lines = [head]
    lines.extend(f"  reason: {prompts.truncate(clean(r), reason_chars)}" for r in p.reasons[:n_reasons])
    lines.extend(f"  caveat: {prompts.truncate(clean(c), reason_chars)}" for c in p.caveats[:2])
    if p.bio and bio_chars:
        lines.append(
            "  bio: " + prompts.fence_untrusted(p.bio, label=f"bio of @{p.handle}", max_chars=bio_chars)
        )
    for caption in p.captions[:n_captions]:
        lines.append(
            "  caption: "
            + prompts.fence_untrusted(caption, label=f"caption by @{p.handle}", max_chars=caption_chars)
        )
    return "\n".join(lines)


def render_answer_prompt(
    facts: AnswerFacts, *, token_budget: int = ANSWER_PROMPT_TOKEN_BUDGET
) -> AnswerPrompt:
    """The answer writer's system and user messages, shrunk to fit ``token_budget``.

    Bios and captions are cut first, then reasons; at most ``MAX_ANSWER_PICKS`` picks are shown.

    Args:
        facts: What the answer may say.
        token_budget: Most estimated tokens (chars/4) for both messages together.

    """
    picks = facts.picks[:MAX_ANSWER_PICKS]
    max_words = min(320, 60 + 45 * max(1, len(picks)))
    system = prompts.render("answer_writer", max_words=max_words)
    # The <user_message> fence is in the template; the cleaned text cannot close it.
    question = prompts.truncate(" ".join(prompts.clean_text(facts.question).split()), 600)
    warnings = "; ".join(prompts.truncate(prompts.clean_text(w), 200) for w in facts.warnings[:4]) or "none"
    summary = prompts.truncate(prompts.clean_text(facts.brief_summary), 400) or "none"
    user = ""
    tokens = 0
    for i, shape in enumerate(_PICK_SHAPES):
        body = "\n".join(_render_pick(p, shape) for p in picks) or "(no picks)"
        user = prompts.render(
            "answer_writer_user", question=question, brief_summary=summary, picks=body, warnings=warnings
        )
        tokens = prompts.estimate_tokens(system) + prompts.estimate_tokens(user)
        if tokens <= token_budget:
            return AnswerPrompt(system=system, user=user, tokens=tokens, max_words=max_words, truncated=i > 0)
    return AnswerPrompt(system=system, user=user, tokens=tokens, max_words=max_words, truncated=True)


def _parsed_summary(parsed: Brief) -> str:
    keep = parsed.model_dump(
        mode="json",
        exclude={"question", "notes", "provenance", "size_defaulted"},
        exclude_defaults=True,
    )
    return prompts.clean_text(json.dumps(keep, ensure_ascii=False)) if keep else "{}"


# --- the OpenAI implementation -------------------------------------------------------------------


class _Turn:
    def __init__(self, budget: float | None) -> None:
        self.budget = budget
        self.spent = 0.0
        self.warnings: list[str] = []
        self.usage = LLMUsage()
        self.grounding: GroundedText | None = None


class _Failure(Exception):
    """A classified LLM failure: ``warning`` is safe to show, ``outage`` opens the breaker."""

    def __init__(self, kind: str, warning: str, *, outage: bool) -> None:
        super().__init__(kind)
        self.kind = kind
        self.warning = warning
        self.outage = outage


def _classify(exc: BaseException) -> _Failure:
    """Turn any exception from the client into a short, secret-free warning."""
    import openai
    from langchain_core import exceptions as lc

    offline = "answered offline"
    if isinstance(exc, TimeoutError | openai.APITimeoutError | lc.ModelTimeoutError):
        return _Failure("timeout", f"The language model timed out; {offline}.", outage=True)
    if isinstance(exc, openai.RateLimitError | lc.ModelRateLimitError):
        return _Failure("rate_limit", f"The language model is rate-limited; {offline}.", outage=True)
    if isinstance(
        exc, openai.AuthenticationError | openai.PermissionDeniedError | lc.ModelAuthenticationError
    ):
        return _Failure("auth", f"The language model rejected the API key; {offline}.", outage=True)
    if isinstance(exc, openai.APIConnectionError | lc.ModelConnectionError | ConnectionError):
        return _Failure("connection", f"The language model could not be reached; {offline}.", outage=True)
    if isinstance(exc, openai.InternalServerError | lc.ModelAPIError) or (
        isinstance(exc, openai.APIStatusError) and exc.status_code >= 500
    ):
        return _Failure("server", f"The language model returned a server error; {offline}.", outage=True)
    if isinstance(exc, lc.ModelRefusalError | openai.ContentFilterFinishReasonError):
        return _Failure("refusal", f"The language model declined to answer; {offline}.", outage=False)
    if isinstance(
        exc,
        ValidationError
        | json.JSONDecodeError
        | lc.OutputParserException
        | openai.LengthFinishReasonError
        | ValueError,
    ):
        return _Failure("unreadable", f"The language model's reply was unreadable; {offline}.", outage=False)
    return _Failure(type(exc).__name__, f"The language model failed; {offline}.", outage=False)


def _call_with_deadline(fn: Callable[[], T], seconds: float) -> T:
    """Run ``fn`` in a daemon thread; raise TimeoutError if it has not returned in ``seconds``.

    A daemon thread (not an executor) so an abandoned, hung request never delays interpreter exit;
    the client's own timeout ends it soon after.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="scout-llm-call", daemon=True).start()
    if not done.wait(max(0.0, seconds)):
        raise TimeoutError(f"no reply within {seconds:.1f}s")
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value


def _usage_of(message: Any, prompt_chars: int, completion_chars: int) -> tuple[int, int, bool]:
    meta = getattr(message, "usage_metadata", None)
    if meta and meta.get("input_tokens"):
        return int(meta["input_tokens"]), int(meta.get("output_tokens") or 0), False
    return (prompt_chars + 3) // 4, (completion_chars + 3) // 4, True


class OpenAIModel:
    """An OpenAI-compatible chat model through langchain-openai, falling back to ``OfflineModel``.

    Args:
        settings: ``openai_*`` and ``llm_*`` settings.
        structured_method: ``"json_schema"`` (OpenAI Structured Outputs, strict: the default) or
            ``"function_calling"`` (a forced tool call: for compatible servers without
            ``response_format`` support). Switches to function calling by itself when a server
            rejects ``response_format``.
        chat_model: A ready chat model (tests); built from settings on first use otherwise.
        cooldown_s: How long to stay offline after a timeout or an outage.

    """

    def __init__(
        self,
        settings: Settings,
        *,
        structured_method: Literal["json_schema", "function_calling"] = "json_schema",
        chat_model: BaseChatModel | None = None,
        cooldown_s: float = COOLDOWN_S,
    ) -> None:
        self._settings = settings
        self.label = f"openai:{settings.openai_model}"
        self.structured_method: Literal["json_schema", "function_calling"] = structured_method
        self.timeout_s = max(0.5, float(settings.llm_timeout_s))
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
                    model=self._settings.openai_model,
                    api_key=self._settings.openai_api_key,
                    base_url=self._settings.openai_base_url,
                    use_responses_api=False,
                    timeout=self.timeout_s,
                    max_retries=max(0, self._settings.llm_max_retries),
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
        if time.monotonic() < self._offline_until:
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
        started = time.monotonic()
        try:
            return _call_with_deadline(fn, seconds)
        except Exception as exc:
            import openai

            failure = _classify(exc)
            if isinstance(exc, openai.BadRequestError) and "response_format" in str(exc):
                # A compatible server without Structured Outputs: use a forced tool call from now on.
                self.structured_method = "function_calling"
                failure = _Failure(
                    "unsupported",
                    "The language model rejected structured output; answered offline.",
                    outage=False,
                )
            log.warning(
                "LLM %s failed after %.1fs: %s (%s)",
                what,
                time.monotonic() - started,
                failure.kind,
                type(exc).__name__,
            )
            if failure.outage:
                self._offline_until = time.monotonic() + self.cooldown_s
            self._warn(failure.warning)
            return None
        finally:
            turn.spent += time.monotonic() - started

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
        system = prompts.render("brief_extraction", today=date.today().isoformat(), max_picks=MAX_PICKS)
        fenced = prompts.clean_text(prompts.truncate(question, 2_000))
        user = prompts.render("brief_extraction_user", question=fenced, parsed=_parsed_summary(parsed))
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
        has = (
            "holds a ranked list the user can refer to by number or @handle."
            if has_list
            else ("holds no list yet, so anything that is not help or off-topic is a new_question.")
        )
        system = prompts.render("followup_router", has_list_sentence=has)
        user = prompts.render(
            "followup_router_user", message=prompts.clean_text(prompts.truncate(text, 1_000))
        )
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


def make_language_model(settings: Settings) -> LanguageModel:
    """``OpenAIModel`` when an API key is configured, else ``OfflineModel``. Builds no client."""
    if settings.openai_api_key is None or not settings.openai_api_key.get_secret_value().strip():
        return OfflineModel()
    return OpenAIModel(settings)
