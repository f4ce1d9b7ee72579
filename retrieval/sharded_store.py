"""Several Chroma collections behind the one store interface: one shard per platform.

Why: one collection holds at most 5,000,000 records on Chroma Cloud, and a query may carry at most 8
``where`` predicates and return at most 300 results (https://docs.trychroma.com/cloud/quotas-limits).
Sharding by platform keeps each collection under the record limit, lets a platform-filtered question
touch only its shards (and drops the platform predicate from their ``where``), and keeps each shard's
in-process index a fraction of the whole.

A profile's ID is ``platform:handle``, so a read by ID goes straight to one shard; searches embed the
query once, ask every shard the brief allows, and merge by exact similarity (ties by ID, as one store
would order them). Each shard is a full ``ChromaProfileStore`` with its own version stamp, so several
bot processes stay in step shard by shard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from matching.candidates import Candidate
from matching.filters import SearchFilters
from matching.profile import Profile
from matching.store_types import StoreStats, UpsertReport

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

    from retrieval.embeddings import Embedder
    from retrieval.store import ChromaProfileStore

OTHER: Final = "other"


def _offset(progress: Callable[[int], None] | None, before: int) -> Callable[[int], None] | None:
    """``progress`` for one shard: counts continue from the shards written before it."""
    if progress is None:
        return None
    report = progress
    return lambda n: report(before + n)  # the shard of every platform not named in the shard list


def shard_collection(base: str, shard: str) -> str:
    """The collection name of one shard, e.g. ``influencers-tiktok``."""
    return f"{base}-{shard}"


class ShardedProfileStore:
    """A ``ProfileRepository`` over one ``ChromaProfileStore`` per platform, plus one for the rest."""

    def __init__(
        self, open_shard: Callable[[str], ChromaProfileStore], platforms: Sequence[str], label: str
    ) -> None:
        """Open every shard.

        Args:
            open_shard: Opens (or creates) the store of one shard name.
            platforms: Platforms with a shard of their own; any other platform goes to ``other``.
            label: Store description for ``stats``.

        """
        self.platforms = tuple(dict.fromkeys(p.strip().lower() for p in platforms if p.strip()))
        self.label = label
        self.shards: dict[str, ChromaProfileStore] = {
            name: open_shard(name) for name in (*self.platforms, OTHER)
        }

    @property
    def embedder(self) -> Embedder:
        """The embedding model (the same for every shard)."""
        return self.shards[OTHER].embedder

    @property
    def read_only(self) -> bool:
        """True when any shard refuses writes."""
        return any(shard.read_only for shard in self.shards.values())

    @property
    def client(self) -> ClientAPI:
        """The Chroma client every shard shares (feedback lives beside them)."""
        return self.shards[OTHER].client

    def ping(self) -> int:
        """Profiles held across shards; raises when any shard's store does not answer."""
        return sum(shard.ping() for shard in self.shards.values())

    def shard_of(self, platform: str) -> str:
        """The shard holding profiles of ``platform``."""
        return platform if platform in self.platforms else OTHER

    def _shard_of_id(self, profile_id: str) -> str:
        return self.shard_of(profile_id.split(":", 1)[0])

    def _shards_for(self, filters: SearchFilters) -> list[tuple[ChromaProfileStore, SearchFilters]]:
        """The shards ``filters`` can match, each with the filters it still needs to apply."""
        out: list[tuple[ChromaProfileStore, SearchFilters]] = []
        for name, store in self.shards.items():
            if name != OTHER:
                if (
                    filters.platforms and name not in filters.platforms
                ) or name in filters.excluded_platforms:
                    continue
                # Every row of this shard has this platform: the predicate is already true.
                out.append((store, filters.model_copy(update={"platforms": [], "excluded_platforms": []})))
            elif not filters.platforms or any(p not in self.platforms for p in filters.platforms):
                out.append((store, filters))
        return out

    def _by_shard(self, ids: Iterable[str]) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for pid in ids:
            grouped.setdefault(self._shard_of_id(pid), []).append(pid)
        return grouped

    @staticmethod
    def _merge(results: Iterable[list[Candidate]], limit: int) -> list[Candidate]:
        merged = [c for part in results for c in part]
        merged.sort(key=lambda c: (-(c.similarity or 0.0), c.profile.id))
        return merged[:limit]

    # ProfileRepository

    def warm(self) -> None:
        """Load the model and every shard's index."""
        for store in self.shards.values():
            store.warm()

    def upsert(
        self, profiles: Iterable[Profile], progress: Callable[[int], None] | None = None
    ) -> UpsertReport:
        """Write each profile to its platform's shard; the counts are summed over shards."""
        grouped: dict[str, list[Profile]] = {}
        for p in profiles:
            grouped.setdefault(self.shard_of(p.platform), []).append(p)
        total = UpsertReport()
        done = 0
        for name, batch in grouped.items():
            report = self.shards[name].upsert(batch, progress=_offset(progress, done))
            done += len({p.id for p in batch})
            total = UpsertReport(
                added=total.added + report.added,
                updated=total.updated + report.updated,
                unchanged=total.unchanged + report.unchanged,
            )
        return total

    def search(self, query: str, filters: SearchFilters, limit: int) -> list[Candidate]:
        """The best ``limit`` over every shard the filters allow (the query is embedded once)."""
        targets = self._shards_for(filters)
        if limit <= 0 or not targets:
            return []
        vector = targets[0][0].embedder.embed([query])[0]
        return self._merge((store.search_vector(vector, f, limit) for store, f in targets), limit)

    def similar(self, profile_id: str, filters: SearchFilters, limit: int) -> list[Candidate]:
        """Lookalikes of a stored profile across shards, excluding itself ([] if unknown)."""
        home = self.shards[self._shard_of_id(profile_id)]
        vector = home.stored_vectors([profile_id]).get(profile_id)
        if vector is None or limit <= 0:
            return []
        parts = (
            store.search_vector(vector, f, limit, (profile_id,)) for store, f in self._shards_for(filters)
        )
        return self._merge(parts, limit)

    def similarity(self, query: str, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of ``query`` to each stored profile in ``ids``."""
        out: dict[str, float] = {}
        for name, chunk in self._by_shard(ids).items():
            out.update(self.shards[name].similarity(query, chunk))
        return out

    def get(self, ids: Sequence[str]) -> list[Profile]:
        """The stored profiles with these IDs, in the given order (missing ones skipped)."""
        found: Mapping[str, Profile] = {
            p.id: p for name, chunk in self._by_shard(ids).items() for p in self.shards[name].get(chunk)
        }
        return [found[pid] for pid in ids if pid in found]

    def find_handle(self, handle: str) -> list[Profile]:
        """Profiles with this handle on any platform, by ID."""
        return sorted((p for s in self.shards.values() for p in s.find_handle(handle)), key=lambda p: p.id)

    def handles(self) -> list[str]:
        """Every stored handle, lower case, sorted, without repeats."""
        return sorted({h for s in self.shards.values() for h in s.handles()})

    def count(self, filters: SearchFilters) -> int:
        """How many profiles pass ``filters``, over the shards they can match."""
        return sum(store.count(f) for store, f in self._shards_for(filters))

    def stats(self) -> StoreStats:
        """Every shard's counts added up; the last write of any shard."""
        parts = [s.stats() for s in self.shards.values()]

        def added(field: str) -> dict[str, int]:
            out: dict[str, int] = {}
            for part in parts:
                for key, value in getattr(part, field).items():
                    out[key] = out.get(key, 0) + value
            return dict(sorted(out.items()))

        stamps = [p.updated_at for p in parts if p.updated_at]
        return StoreStats(
            profiles=sum(p.profiles for p in parts),
            by_platform=added("by_platform"),
            by_tier=added("by_tier"),
            by_country=added("by_country"),
            store=self.label,
            updated_at=max(stamps) if stamps else None,
        )
