"""An in-memory ProfileRepository for unit tests of the service (no Chroma, no model).

Similarity is a bag-of-words cosine, good enough to order obviously related profiles first.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from matching.candidates import Candidate
from matching.filters import SearchFilters, violations
from matching.profile import Profile
from matching.store_types import StoreStats, UpsertReport

_WORD = re.compile(r"[a-z0-9]+")


def _bag(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def _cos(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(a[w] * b[w] for w in a.keys() & b.keys())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


class MemoryStore:
    """Dict-backed store; ``fail`` makes every call raise (to test the service's fallback)."""

    def __init__(self, profiles: Iterable[Profile] = ()) -> None:
        self.profiles: dict[str, Profile] = {}
        self.fail = False
        self.upsert(profiles)

    def _check(self) -> None:
        if self.fail:
            raise ConnectionError("store down")

    def warm(self) -> None:
        self._check()

    def upsert(self, profiles: Iterable[Profile]) -> UpsertReport:
        self._check()
        report = UpsertReport()
        for p in profiles:
            old = self.profiles.get(p.id)
            if old is None:
                report.added += 1
            elif old.content_hash() == p.content_hash():
                report.unchanged += 1
            else:
                report.updated += 1
            self.profiles[p.id] = p
        return report

    def search(self, query: str, filters: SearchFilters, limit: int) -> list[Candidate]:
        self._check()
        q = _bag(query)
        out = [
            Candidate(profile=p, similarity=_cos(q, _bag(p.embedding_text())))
            for p in self.profiles.values()
            if not violations(p, filters)
        ]
        out.sort(key=lambda c: (-(c.similarity or 0.0), c.profile.id))
        return out[:limit]

    def similar(self, profile_id: str, filters: SearchFilters, limit: int) -> list[Candidate]:
        self._check()
        seed = self.profiles[profile_id]
        return [
            c for c in self.search(seed.embedding_text(), filters, limit + 1) if c.profile.id != profile_id
        ][:limit]

    def similarity(self, query: str, ids: Sequence[str]) -> dict[str, float]:
        self._check()
        q = _bag(query)
        return {i: _cos(q, _bag(self.profiles[i].embedding_text())) for i in ids if i in self.profiles}

    def get(self, ids: Sequence[str]) -> list[Profile]:
        self._check()
        return [self.profiles[i] for i in ids if i in self.profiles]

    def find_handle(self, handle: str) -> list[Profile]:
        self._check()
        h = handle.strip().lstrip("@").lower()
        return [p for p in self.profiles.values() if p.handle.lower() == h]

    def handles(self) -> list[str]:
        self._check()
        return sorted(p.handle.lower() for p in self.profiles.values())

    def count(self, filters: SearchFilters) -> int:
        self._check()
        return sum(1 for p in self.profiles.values() if not violations(p, filters))

    def stats(self) -> StoreStats:
        self._check()
        by_platform: Counter[str] = Counter(p.platform for p in self.profiles.values())
        by_tier: Counter[str] = Counter(p.tier for p in self.profiles.values())
        by_country: Counter[str] = Counter(p.country for p in self.profiles.values() if p.country)
        return StoreStats(
            profiles=len(self.profiles),
            by_platform=dict(by_platform),
            by_tier=dict(by_tier),
            by_country=dict(by_country),
            store="memory",
        )
