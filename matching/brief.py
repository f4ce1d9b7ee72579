"""The Brief: a question turned into structured constraints and preferences.

Both the offline parser and the LLM produce this same model; ``provenance`` records which part came
from where. Hard constraints (platforms, countries, follower range, exclusions, must-haves) filter;
everything else (topics, brand, values, audience) ranks.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_PICKS = 25
DEFAULT_PICKS = 5

Intent = Literal["recommend", "profile", "compare", "plan"]


class Budget(BaseModel):
    """A campaign budget as stated in the question."""

    amount: float | None = Field(None, ge=0, description="None = unlimited.")
    currency: str = Field("USD", description="ISO 4217 code as stated; only USD is costed.")
    unlimited: bool = False


class Brief(BaseModel):
    """Structured form of a marketer's question."""

    model_config = ConfigDict(extra="ignore")

    question: str = ""
    intent: Intent = "recommend"
    topics: list[str] = Field(default_factory=list, description="Niches the creators should cover.")
    brand: str | None = Field(None, description="Brand or product description, in the user's words.")
    values: list[str] = Field(default_factory=list, description="Brand values: sustainable, vegan, ...")
    platforms: list[str] = Field(default_factory=list, description="Allowed platforms; empty = any.")
    excluded_platforms: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list, description="Creator location, ISO alpha-2.")
    audience_countries: list[str] = Field(default_factory=list, description="Audience location, alpha-2.")
    languages: list[str] = Field(default_factory=list, description="ISO 639-1 codes.")
    audience_gender: Literal["female", "male"] | None = None
    audience_ages: list[str] = Field(default_factory=list, description="Age bands such as '18-24'.")
    tiers: list[str] = Field(default_factory=list, description="Named tiers the user asked for.")
    min_followers: int | None = Field(None, ge=0)
    max_followers: int | None = Field(None, ge=0, description="Inclusive upper bound.")
    size_defaulted: bool = Field(False, description="True when no size was asked and micro was assumed.")
    k: int = Field(DEFAULT_PICKS, ge=1, le=MAX_PICKS)
    exclude_handles: list[str] = Field(default_factory=list, description="Handles without '@', lower case.")
    exclude_brands: list[str] = Field(default_factory=list, description="Competitors / brands to avoid.")
    budget: Budget | None = None
    require_email: bool = False
    max_days_since_post: int | None = Field(None, ge=1)
    min_engagement: float | None = Field(None, ge=0, description="Fraction.")
    min_credibility: float | None = Field(None, ge=0, le=1)
    handles: list[str] = Field(default_factory=list, description="Creators named in the question.")
    notes: list[str] = Field(default_factory=list, description="Things the parser noticed (contradictions).")
    provenance: dict[str, str] = Field(default_factory=dict, description="field -> parser | llm | default")

    @field_validator("k", mode="before")
    @classmethod
    def _clamp_k(cls, value: object) -> object:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return max(1, min(MAX_PICKS, int(value)))
        return value

    @field_validator("exclude_handles", "handles", mode="before")
    @classmethod
    def _clean_handles(cls, value: object) -> object:
        if isinstance(value, list):
            return [str(v).strip().lstrip("@").lower() for v in value if str(v).strip().lstrip("@")]
        return value

    @model_validator(mode="after")
    def _order_range(self) -> Brief:
        if (
            self.min_followers is not None
            and self.max_followers is not None
            and self.min_followers > self.max_followers
        ):
            self.min_followers, self.max_followers = self.max_followers, self.min_followers
        return self

    def semantic_query(self) -> str:
        """The text embedded to search for fit: topics, brand and values."""
        parts = [*self.topics]
        if self.brand:
            parts.append(self.brand)
        parts.extend(self.values)
        text = " ".join(parts).strip()
        return text or self.question

    def follower_window(self) -> tuple[int | None, int | None]:
        """The inclusive follower window the filters use."""
        return self.min_followers, self.max_followers
