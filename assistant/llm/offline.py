"""No language model at all: the default, and what ``OpenAIModel`` falls back to."""

from __future__ import annotations

from assistant.llm.facts import AnswerFacts, LLMUsage
from assistant.router import FollowUp, route_offline_scored
from matching.brief import Brief


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
