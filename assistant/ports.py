"""What the service needs from the outside world, as small protocols.

The service takes these in its constructor, so tests hand in fakes or a real store in a temp dir
without patching import paths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from matching.candidates import Candidate
from matching.filters import SearchFilters
from matching.profile import Profile
from matching.store_types import StoreStats, UpsertReport


class ProfileRepository(Protocol):
    """The profile store as the service sees it (Chroma in production)."""

    def warm(self) -> None:
        """Load models and indexes now, so the first question is not the slow one."""
        ...

    def upsert(self, profiles: Iterable[Profile]) -> UpsertReport:
        """Insert or update by stable ID; unchanged profiles (same content hash) are not re-embedded."""
        ...

    def search(self, query: str, filters: SearchFilters, limit: int) -> list[Candidate]:
        """Profiles passing ``filters``, most similar to ``query`` first."""
        ...

    def similar(self, profile_id: str, filters: SearchFilters, limit: int) -> list[Candidate]:
        """Lookalikes of a stored profile (by its embedding), excluding itself."""
        ...

    def similarity(self, query: str, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of ``query`` to each of the given stored profiles."""
        ...

    def get(self, ids: Sequence[str]) -> list[Profile]:
        """The stored profiles with these IDs, in the given order (missing ones skipped)."""
        ...

    def find_handle(self, handle: str) -> list[Profile]:
        """Profiles whose handle matches (case-insensitive, any platform)."""
        ...

    def handles(self) -> list[str]:
        """Every stored handle, lower case (for "did you mean" suggestions)."""
        ...

    def count(self, filters: SearchFilters) -> int:
        """How many profiles pass ``filters``."""
        ...

    def stats(self) -> StoreStats:
        """Counts by platform and tier."""
        ...
