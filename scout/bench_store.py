"""The synthetic store ``scout bench`` queries, optionally kept between runs (``--store DIR``).

Writing a million synthetic rows to Chroma takes most of a 1M bench (about an hour on this machine
class), while a fix to the serving path only needs the serving figures again. With ``--store DIR``
the bench writes its synthetic collection under ``DIR`` once, records what it wrote in a marker file
(size, generator seed, format, and whether the write finished), and a later run with the same ``--profiles`` reuses it: the numpy
floor's float copy is regenerated from the generator (deterministic), not read back from Chroma.

A folder that is not empty and has no marker is refused rather than overwritten; a marker for another
size or format is a different store, so its synthetic collection is rebuilt.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray

from scout.bench_data import SEED_BASE, Columns, RecordingEmbedder

MARKER: Final = "scout-bench-store.json"
FORMAT: Final = 1  # bump when the synthetic rows or their metadata change
COLLECTION: Final = "bench_synth"
GENERATOR_SEED: Final = 11  # ``Columns``' default seed


class StoreRefused(ValueError):
    """``--store DIR`` names a folder that is not a Scout bench store."""


@dataclass(frozen=True)
class BenchStore:
    """Where the synthetic collection lives and whether it already holds the rows the bench needs."""

    chroma_path: Path
    marker: Path | None
    reusable: bool

    def mark_written(self, n_profiles: int) -> None:
        """Record a complete write of ``n_profiles`` rows (only after the last batch is in)."""
        if self.marker is not None:
            _write_marker(self.marker, n_profiles, complete=True)


def _facts(n_profiles: int, *, complete: bool) -> dict[str, int | str | bool]:
    return {
        "format": FORMAT,
        "profiles": n_profiles,
        "seed": GENERATOR_SEED,
        "collection": COLLECTION,
        "complete": complete,
    }


def _write_marker(marker: Path, n_profiles: int, *, complete: bool) -> None:
    marker.write_text(json.dumps(_facts(n_profiles, complete=complete)) + "\n", encoding="utf-8")


def open_bench_store(store_dir: Path | None, scratch: Path, n_profiles: int) -> BenchStore:
    """The bench store for this run: in ``scratch`` (discarded) or kept in ``store_dir``.

    Raises:
        StoreRefused: ``store_dir`` is not empty and is not a bench store.

    """
    if store_dir is None:
        return BenchStore(scratch / "synth", None, reusable=False)
    marker = store_dir / MARKER
    synth = store_dir / "synth"
    if store_dir.exists() and any(store_dir.iterdir()) and not marker.exists():
        raise StoreRefused(
            f"--store {store_dir} is not empty and is not a Scout bench store: not touching it"
        )
    store_dir.mkdir(parents=True, exist_ok=True)
    try:
        recorded = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else None
    except (OSError, ValueError):
        recorded = None
    if recorded == _facts(n_profiles, complete=True) and synth.exists():
        return BenchStore(synth, marker, reusable=True)
    # Another size or format, or a write that never finished: start this store again. The marker
    # goes first (marked incomplete), so an interrupted write is recognised as ours next time.
    _write_marker(marker, n_profiles, complete=False)
    shutil.rmtree(synth, ignore_errors=True)
    for stale in store_dir.glob("synth-*.index*"):
        stale.unlink(missing_ok=True)
    return BenchStore(synth, marker, reusable=False)


def regenerate_vectors(cols: Columns, vectors: NDArray[np.float32], batch: int = 25_000) -> None:
    """Fill ``vectors`` with the embedding of every synthetic profile, as the write recorded them."""
    embedder = RecordingEmbedder(vectors, "regenerated")
    for start in range(0, cols.n, batch):
        stop = min(start + batch, cols.n)
        embedder.embed([f"cluster {cols.cluster[i]} seed {i + SEED_BASE}" for i in range(start, stop)])
