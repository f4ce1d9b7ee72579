"""The serving half of ``scout bench``, run in a fresh child process: what a bot process pays.

``python -m scout.bench_serving STORE COLLECTION CACHE`` opens the bench's store as ``scout serve``
would (the bundled model, the index cache), warms it, runs a few searches, and prints one JSON line:
the index load time, whether the cache was used, and the process's RSS. Run it once without a cache
file (a cold load from Chroma, which writes the cache) and once with it. Measuring in a child keeps
the bench's own data generation out of the figures.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _status_mb(field: str) -> float | None:
    """A memory figure of this process from Linux ``/proc/self/status`` (None elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def current_rss_mb() -> float:
    """Resident set size now."""
    return _status_mb("VmRSS") or peak_rss_mb()


def peak_rss_mb() -> float:
    """Peak resident set size of this process since it started.

    ``VmHWM`` rather than ``ru_maxrss``: Linux carries ``ru_maxrss`` over from the parent across
    fork and exec, so a child of a large bench would report the bench's peak.
    """
    found = _status_mb("VmHWM")
    return found if found is not None else round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure(store_path: Path, collection: str, cache: Path) -> dict[str, Any]:
    """Open, warm and query the store as a bot process would; the figures of one cold start.

    ``rss_steps_mb`` is the resident size after each step (imports, model, store opened, index
    loaded, searches), so a regression shows where the memory went.
    """
    started = time.perf_counter()
    steps: dict[str, float] = {}
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from matching.filters import SearchFilters
    from retrieval.embeddings import MiniLMEmbedder
    from retrieval.store import ChromaProfileStore
    from scout.bench_data import typical_filters

    imported = time.perf_counter() - started
    steps["imports"] = current_rss_mb()
    embedder = MiniLMEmbedder()
    embedder.embed(["warm up"])
    steps["model"] = current_rss_mb()
    client = chromadb.PersistentClient(
        path=str(store_path), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = ChromaProfileStore(client, collection, embedder, index_cache=cache)
    steps["store_opened"] = current_rss_mb()
    t0 = time.perf_counter()
    index = store.filter_index()
    load_s = time.perf_counter() - t0
    steps["index_loaded"] = current_rss_mb()
    assert index is not None, "the filter index did not load"
    sync = store._index
    cache_hit = bool(sync is not None and sync.cache_hits)
    for i, f in enumerate([*typical_filters(), SearchFilters()] * 3):
        store.search(f"cluster {i} creators", f, 100)
    steps["after_21_searches"] = current_rss_mb()
    return {
        "rows": len(index),
        "import_s": round(imported, 2),
        "index_load_s": round(load_s, 3),
        "cache_hit": cache_hit,
        "rss_mb": current_rss_mb(),
        "peak_rss_mb": peak_rss_mb(),
        "rss_steps_mb": steps,
    }


def main(argv: list[str]) -> int:
    """Print the figures for STORE COLLECTION CACHE as one JSON line."""
    store_path, collection, cache = Path(argv[0]), argv[1], Path(argv[2])
    print(json.dumps(measure(store_path, collection, cache)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
