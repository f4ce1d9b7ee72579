"""What goes to the language model and what comes back: compact facts, never whole profiles.

``AnswerFacts`` is everything the answer writer may use (nothing else reaches the model);
``RouteDraft`` is the model's reading of a follow-up; ``LLMUsage`` counts the tokens of a turn.
"""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, Field

from assistant.answer import Recommendation
from assistant.router import FollowUpIntent
from matching.profile import Profile


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
        # Every field the two models share, by name; the profile text is the only addition.
        shared = rec.model_dump(include=_SHARED_WITH_RECOMMENDATION)
        return cls(
            **shared,
            bio=profile.bio if profile else None,
            captions=list(profile.recent_captions[:3]) if profile else [],
        )


_SHARED_WITH_RECOMMENDATION: Final[set[str]] = set(PickFacts.model_fields) & set(Recommendation.model_fields)


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
