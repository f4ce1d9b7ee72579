"""What the service returns: one Answer per question or follow-up, and the thread state to keep.

``Answer.to_json()`` is the `scout ask --json` document of docs/CONTRACT.md; adapters (Slack, terminal) render
the same object. ``ThreadState`` is everything a follow-up needs, small enough to travel in Slack
message metadata so any bot process can pick up any thread.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from matching.brief import Brief
from matching.candidates import RuleResult

AnswerKind = Literal[
    "recommendations",  # a ranked list (first question, refine, more, lookalikes)
    "profile",  # one named creator, every rule's verdict
    "compare",  # two or more picks side by side
    "why_not",  # why a creator is not in the list
    "plan",  # campaign mix within a budget
    "export",  # the list / shortlist as CSV
    "shortlist",  # shortlist changed
    "help",  # usage help (also for empty or absurd questions)
    "off_topic",
    "error",  # something failed; the text says what, with a reference id
]


class Recommendation(BaseModel):
    """One ranked pick, as in the JSON contract (extra fields are for rendering)."""

    rank: int
    handle: str
    platform: str
    followers: int
    engagement_rate: float | None
    country: str | None
    tier: str
    score: float
    reasons: list[str]
    profile_url: str | None
    # Rendering extras (not required by the contract, harmless to JSON consumers).
    profile_id: str
    display_name: str | None = None
    caveats: list[str] = Field(default_factory=list)
    engagement_benchmark: float | None = None
    confidence: float = 1.0
    relevance: float = Field(0.5, ge=0, le=1, description="Fit of the creator's content to the asked niche.")
    match: Literal["strong", "partial", "weak"] = "partial"
    rules: list[RuleResult] = Field(default_factory=list)


class PlanPick(BaseModel):
    """One creator in a campaign plan, with a labelled cost estimate and a grounded content angle."""

    handle: str
    platform: str
    tier: str
    cost_low: float
    cost_high: float
    format: str
    angle: str
    profile_id: str = ""


class Plan(BaseModel):
    """A creator mix within a budget; every figure is an estimate and says so in ``assumptions``."""

    budget: float
    currency: str = "USD"
    picks: list[PlanPick]
    total_cost_low: float
    total_cost_high: float
    est_reach: int
    est_engagements: int
    assumptions: list[str]


class Answer(BaseModel):
    """The service's reply to one message."""

    kind: AnswerKind
    question: str
    brief: Brief | None = None
    llm: str = "offline"
    recommendations: list[Recommendation] = Field(default_factory=list)
    answer: str = ""
    warnings: list[str] = Field(default_factory=list)
    plan: Plan | None = None
    matched: int | None = Field(None, description="How many profiles passed the hard constraints.")
    csv: str | None = Field(None, description="CSV text for export answers.")
    suggestions: list[str] = Field(default_factory=list, description="Follow-ups worth offering.")
    data_updated_at: str | None = Field(None, description="ISO time of the store's last write (freshness).")

    def to_json(self) -> dict[str, Any]:
        """The `scout ask --json` document."""
        doc: dict[str, Any] = {
            "question": self.question,
            "brief": self.brief.model_dump(mode="json") if self.brief else {},
            "llm": self.llm,
            "recommendations": [
                r.model_dump(
                    mode="json",
                    include={
                        "rank",
                        "handle",
                        "platform",
                        "followers",
                        "engagement_rate",
                        "country",
                        "tier",
                        "score",
                        "reasons",
                        "profile_url",
                        "caveats",
                        "display_name",
                        "engagement_benchmark",
                        "relevance",
                        "match",
                        "confidence",
                    },
                )
                for r in self.recommendations
            ],
            "answer": self.answer,
            "warnings": self.warnings,
            "kind": self.kind,
        }
        if self.matched is not None:
            doc["matched"] = self.matched
        if self.data_updated_at is not None:
            doc["data_updated_at"] = self.data_updated_at
        if self.plan is not None:
            doc["plan"] = self.plan.model_dump(mode="json", exclude={"picks": {"__all__": {"profile_id"}}})
        return doc


class ThreadState(BaseModel):
    """What a thread remembers between messages."""

    brief: Brief
    ranked_ids: list[str] = Field(default_factory=list, description="Profile IDs in rank order (up to 50).")
    shown: int = Field(0, description="How many of ranked_ids the user has seen.")
    shortlist: list[str] = Field(default_factory=list, description="Profile IDs the user added.")
    plan_ids: list[str] = Field(default_factory=list)
