"""Synthetic profiles and clustered embeddings for ``scout bench`` at 100k to a million rows.

Filter fields are realistic (lognormal followers, market-weighted countries, platform mix) and the
embeddings cluster like real topics. Profiles are made a batch at a time, so a million never exist
as Python objects at once.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from matching.filters import SearchFilters
    from matching.profile import Profile

PLATFORMS: Final = ("instagram", "tiktok", "youtube")
_PLATFORM_P: Final = (0.5, 0.35, 0.15)
_COUNTRIES: Final = ("US", "GB", "BR", "IN", "DE", "FR", "MX", "ES", "IT", "CA", "AU", "JP", "NL", "SE", "PL")
_COUNTRY_P: Final = np.array([30, 9, 8, 8, 6, 6, 5, 5, 5, 4, 4, 3, 3, 2, 2], dtype=float)
_TEXT: Final = re.compile(r"cluster (\d+) seed (\d+)")
DIM: Final = 384
CLUSTERS: Final = 120
SEED_BASE: Final = 1_000_000  # profile i has the bio "cluster C seed SEED_BASE + i"


class SyntheticEmbedder:
    """Maps 'cluster C seed S' texts to a unit vector near centroid C (clustered like real topics).

    Args:
        name: The identity the store records. ``scout bench`` passes the bundled model's name so a
            real ``scout ask`` process can open the bench's store for its cold-start figure.

    """

    dim = DIM

    def __init__(self, name: str = "synthetic-clustered", spread: float = 0.6, seed: int = 7) -> None:
        rng = np.random.default_rng(seed)
        c = rng.standard_normal((CLUSTERS, DIM)).astype(np.float32)
        self.centroids = c / np.linalg.norm(c, axis=1, keepdims=True)
        self.spread = spread
        self.name = name

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Deterministic vectors: the same text always gives the same vector."""
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            m = _TEXT.search(text)
            cluster, seed = (int(m.group(1)), int(m.group(2))) if m else (0, zlib.crc32(text.encode()))
            noise = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
            v = self.centroids[cluster % CLUSTERS] + self.spread * noise / np.sqrt(DIM) * 4
            out[i] = v / np.linalg.norm(v)
        return out


class RecordingEmbedder(SyntheticEmbedder):
    """A ``SyntheticEmbedder`` that also writes each profile's vector into ``matrix`` (for the floor)."""

    def __init__(self, matrix: NDArray[np.float32], name: str) -> None:
        super().__init__(name=name)
        self.matrix = matrix

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed, and keep the vector of every synthetic profile text at its row."""
        out = super().embed(texts)
        for i, text in enumerate(texts):
            m = _TEXT.search(text)
            if m is not None:
                self.matrix[int(m.group(2)) - SEED_BASE] = out[i]
        return out


class Columns:
    """The filter fields of all ``n`` synthetic profiles as numpy arrays (what the numpy floor reads)."""

    def __init__(self, n: int, seed: int = 11) -> None:
        rng = np.random.default_rng(seed)
        self.n = n
        self.followers = np.clip(rng.lognormal(mean=10.2, sigma=1.4, size=n), 1_000, 50_000_000).astype(
            np.int64
        )
        # Small integer codes, as a careful numpy implementation would hold them (strings are slower).
        self.platform_code = rng.choice(len(PLATFORMS), size=n, p=_PLATFORM_P).astype(np.int8)
        self.country_code = rng.choice(len(_COUNTRIES), size=n, p=_COUNTRY_P / _COUNTRY_P.sum()).astype(
            np.int8
        )
        self.platform = np.array(PLATFORMS)[self.platform_code]
        self.country = np.array(_COUNTRIES)[self.country_code]
        self.cluster = rng.integers(0, CLUSTERS, size=n)
        self.email = rng.random(n) < 0.6

    def profiles(self, start: int, stop: int) -> list[Profile]:
        """Profiles ``start`` to ``stop - 1``."""
        from matching.profile import Profile

        return [
            Profile(
                handle=f"synth_{i:07d}",
                platform=str(self.platform[i]),
                followers=int(self.followers[i]),
                country=str(self.country[i]),
                language="en",
                bio=f"cluster {self.cluster[i]} seed {i + SEED_BASE}",
                contact_email=f"synth{i}@example.com" if self.email[i] else None,
            )
            for i in range(start, stop)
        ]

    def batches(self, size: int) -> Iterator[list[Profile]]:
        """Every profile, ``size`` at a time."""
        for start in range(0, self.n, size):
            yield self.profiles(start, min(start + size, self.n))

    def profile_id(self, row: int) -> str:
        """The store ID of profile ``row``."""
        return f"{self.platform[row]}:synth_{row:07d}"


def synthetic_profiles(n: int, seed: int = 11) -> list[Profile]:
    """N profiles with realistic filter fields and a 'cluster C seed S' bio for the synthetic embedder."""
    return Columns(n, seed).profiles(0, n)


def typical_filters() -> list[SearchFilters]:
    """The brief shapes that dominate real traffic: tier or follower range, platform, country."""
    from matching.filters import SearchFilters

    return [
        SearchFilters(min_followers=10_000, max_followers=100_000, platforms=["instagram"], countries=["US"]),
        SearchFilters(min_followers=10_000, max_followers=50_000, countries=["GB"]),
        SearchFilters(min_followers=10_000, max_followers=100_000, platforms=["tiktok"]),
        SearchFilters(
            min_followers=1_000, max_followers=10_000, platforms=["instagram"], countries=["DE", "FR"]
        ),
        SearchFilters(platforms=["youtube"], countries=["US", "CA"], require_email=True),
        SearchFilters(min_followers=100_000, max_followers=500_000, countries=["BR"]),
    ]


def numpy_floor(
    vectors: NDArray[np.float32], cols: Columns, query: NDArray[np.float32], f: Any, k: int
) -> list[int]:
    """Exact filtered cosine search in plain numpy over float32: the floor to compare with."""
    mask = np.ones(cols.n, dtype=bool)
    if f.min_followers is not None:
        mask &= cols.followers >= f.min_followers
    if f.max_followers is not None:
        mask &= cols.followers <= f.max_followers
    # Equality tests on small integer codes: the fastest plain-numpy mask (np.isin is ~100x slower).
    if f.platforms:
        mask &= np.logical_or.reduce([cols.platform_code == PLATFORMS.index(p) for p in f.platforms])
    if f.countries:
        mask &= np.logical_or.reduce([cols.country_code == _COUNTRIES.index(c) for c in f.countries])
    if f.require_email:
        mask &= cols.email
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    scores = vectors[idx] @ query
    top = np.argpartition(-scores, min(k, idx.size) - 1)[: min(k, idx.size)]
    return [int(idx[i]) for i in top[np.argsort(-scores[top])]]
