"""The one interface the service asks of a language model (``OfflineModel`` and ``OpenAIModel``)."""

from __future__ import annotations

from typing import Protocol

from assistant.llm.facts import AnswerFacts, LLMUsage
from assistant.router import FollowUp
from matching.brief import Brief


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
