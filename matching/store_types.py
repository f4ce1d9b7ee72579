"""What a profile store reports back: the plain records shared by the store and the service.

They live in the engine so that ``retrieval`` (which writes them) and ``assistant`` (which reads
them) both depend inward, on ``matching``, and never on each other.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class StoreStats(BaseModel):
    """What the store holds (the `scout stats` document)."""

    profiles: int
    by_platform: dict[str, int] = Field(default_factory=dict)
    by_tier: dict[str, int] = Field(default_factory=dict)
    by_country: dict[str, int] = Field(default_factory=dict)
    store: str
    updated_at: str | None = Field(None, description="ISO time of the last write, when known.")


class UpsertReport(BaseModel):
    """The outcome of writing profiles: how many were new, changed, or unchanged (not re-embedded)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
