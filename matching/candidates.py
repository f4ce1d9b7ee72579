"""Candidates as they move through the engine: retrieved, judged by each rule, ranked."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from matching.profile import Profile

# Rules that say why a creator fits this brand, shown before the health checks (engagement, trust...).
FIT_RULES = ("relevance", "values_fit")


class Candidate(BaseModel):
    """A retrieved profile with its semantic similarity to the brief (cosine, -1..1)."""

    profile: Profile
    similarity: float | None = None


class RuleResult(BaseModel):
    """One fit rule's verdict on one candidate.

    ``score`` is in [0, 1] with 0.5 as neutral; ``confidence`` in [0, 1] says how much data backed it
    (missing data gives 0.5 and low confidence, never an invented number).
    """

    rule: str
    score: float = Field(ge=0, le=1)
    weight: float = Field(ge=0)
    confidence: float = Field(ge=0, le=1)
    reason: str
    caveat: bool = Field(False, description="True when the reason is a warning the user should see.")


class ScoredCandidate(BaseModel):
    """A candidate with every rule's verdict and the weighted total."""

    profile: Profile
    similarity: float | None = None
    results: list[RuleResult]
    score: float = Field(description="Weighted total in [0, 1].")
    confidence: float = Field(description="Weighted mean confidence in [0, 1].")
    relevance: float | None = Field(None, description="Fit of the creator's content to the asked niches.")
    match: Literal["strong", "partial", "weak"] | None = Field(
        None, description="strong | partial | weak; None when nothing was asked."
    )

    def result(self, rule: str) -> RuleResult | None:
        """The verdict of the rule named ``rule``, if it ran."""
        return next((r for r in self.results if r.rule == rule), None)

    def top_reasons(self, n: int = 3) -> list[str]:
        """The reasons that did the most for this candidate, the fit to the brief first.

        A marketer's first question is "why this creator for us?", so a positive topic or values
        verdict leads; the rest follow by weighted, confident contribution.
        """
        positive = [r for r in self.results if not r.caveat and r.confidence >= 0.5 and r.score >= 0.6]
        fit = [r for r in positive if r.rule in FIT_RULES]
        rest = sorted(
            (r for r in positive if r.rule not in FIT_RULES),
            key=lambda r: (-(r.score - 0.5) * r.weight * r.confidence, r.rule),
        )
        fit.sort(key=lambda r: FIT_RULES.index(r.rule))
        return [r.reason for r in [*fit, *rest][:n]]

    def caveats(self) -> list[str]:
        """Warnings: red flags and weak spots the user should know about."""
        return [r.reason for r in self.results if r.caveat]
