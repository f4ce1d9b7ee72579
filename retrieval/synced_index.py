"""``SyncedIndex``: a ``FilterIndex`` kept in step with a Chroma collection other processes may write to.

Every write stamps its rows with a revision (``rev``) and sets the collection metadata's
``scout_version`` to it, so a reader compares (version, count) before each search (well under a
millisecond embedded) and fetches only the rows with a newer revision when another process wrote.

A full load pages ``get`` into preallocated arrays (one page of rows in Python at a time, never a
Profile object), then writes the cache file and maps it, so the float matrix leaves the heap.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import NDArray

from retrieval.filter_index import META_VERSION, ROW_REVISION, FilterIndex, Metadata, with_slack
from retrieval.index_cache import CacheMismatch
from retrieval.payloads import PAYLOAD_KEY

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

# The metadata keys the index reads (the Profile JSON is kept as each row's payload); the rest is dropped.
_INDEXED_KEYS: Final = (
    PAYLOAD_KEY,
    "platform",
    "country",
    "language",
    "tier",
    "followers",
    "has_email",
    "last_post",
    "handle_lc",
)


def page_rows(
    collection: Collection, where: dict[str, Any] | None = None, page_size: int = 2000
) -> Iterator[tuple[list[str], NDArray[np.float32], list[Metadata]]]:
    """Every row of ``collection`` (matching ``where``) with its embedding and indexed metadata, by page.

    One ``get`` of everything fails with "too many SQL variables" at large sizes, hence the pages.
    """
    offset = 0
    while True:
        got = collection.get(where=where, limit=page_size, offset=offset, include=["embeddings", "metadatas"])
        ids = list(got["ids"])
        if not ids:
            return
        vectors = np.asarray(got["embeddings"], dtype=np.float32)
        metas: list[Metadata] = [
            {k: m[k] for k in _INDEXED_KEYS if k in m} if m else {} for m in got["metadatas"] or []
        ]
        yield ids, vectors, metas
        if len(ids) < page_size:
            return
        offset += len(ids)


class SyncedIndex:
    """A ``FilterIndex`` kept in step with a Chroma collection that other processes may write to.

    ``get()`` reads the collection's version (collection metadata: about 0.3 ms embedded, and no
    read of its rows) before each search: unchanged means no work; a newer version loads only the
    rows with a newer revision. Every write through ``ChromaProfileStore`` stamps that version, so
    it is the freshness signal. The row count is compared whenever rows are read anyway (a full or
    incremental load); a count that disagrees (rows written without a version, or deleted) or a
    version that went backwards reloads everything. With ``cache_path`` the index is saved after a
    full load and mapped back at start-up, so a new process pays a file map (plus an incremental
    fetch if the store moved on) instead of paging the whole store. A cache from another collection
    (dropped and recreated: another ID), embedding model, vector size or schema version is rebuilt.

    Why no count in steady state: in an embedded Chroma process, the first read of a collection's
    rows (``count`` included) loads its whole HNSW segment into this process and keeps it (2 GB and
    several seconds at a million rows; see ``retrieval.payloads``), while a fresh index with its
    payloads never needs those rows. ``count_check_interval_s`` restores a periodic count, for
    collections that tools other than Scout write to without stamping the version.
    """

    def __init__(
        self,
        open_collection: Callable[[], Collection],
        dim: int,
        *,
        model: str = "",
        page_size: int = 2000,
        check_interval_s: float = 0.0,
        count_check_interval_s: float | None = None,
        retry_after_s: float = 60.0,
        cache_path: Path | None = None,
    ) -> None:
        """Configure the index; nothing is loaded until ``get``.

        Args:
            open_collection: Returns the collection with fresh metadata (a new handle each call).
            dim: Embedding size.
            model: Identity of the embedding model; a cache written for another one is not used.
            page_size: Rows per ``get`` while loading (2,000 pages fastest per row here).
            check_interval_s: Skip the version check when the last one is younger than this.
            count_check_interval_s: Also compare the row count at most this often (None: only when
                rows are read anyway, so a fresh index reads no rows of the collection).
            retry_after_s: After a failed load, use no index (callers fall back) for this long.
            cache_path: Cache file to save the index to and start from; None: no cache.

        """
        self._open = open_collection
        self.dim = dim
        self.model = model
        self.page_size = page_size
        self.check_interval_s = check_interval_s
        self.count_check_interval_s = count_check_interval_s
        self.retry_after_s = retry_after_s
        self.cache_path = cache_path
        self._lock = threading.Lock()
        self._index: FilterIndex | None = None
        self._version = 0
        self._checked_at = 0.0
        self._counted_at = 0.0
        self._failed_at: float | None = None
        self._fetched_since_save = 0
        self.last_load_s: float | None = None
        self.loads = 0
        self.incremental_loads = 0
        self.cache_hits = 0
        self.cache_rejected: str | None = None

    @property
    def version(self) -> int:
        """The collection version the index reflects."""
        return self._version

    def get(self) -> FilterIndex | None:
        """The fresh index, or None when it cannot be built (the caller falls back to Chroma)."""
        now = time.monotonic()
        if self._index is not None and now - self._checked_at < self.check_interval_s:
            return self._index
        if self._failed_at is not None and now - self._failed_at < self.retry_after_s:
            return None
        with self._lock:
            try:
                self._refresh()
            except Exception:  # any load failure: serve from Chroma instead, retry later
                log.exception("filter index unavailable; falling back to Chroma where queries")
                self._index = None
                self._failed_at = time.monotonic()
                return None
            self._failed_at = None
            self._checked_at = time.monotonic()
            return self._index

    def invalidate(self) -> None:
        """Forget the index: the next ``get`` reloads it."""
        with self._lock:
            self._index = None

    def _refresh(self) -> None:
        collection = self._open()
        version = int((collection.metadata or {}).get(META_VERSION, 0))
        if self._index is None and self.cache_path is not None:
            self._read_cache(str(collection.id))
        index = self._index
        now = time.monotonic()
        count: int | None = None
        interval = self.count_check_interval_s
        if index is None or (interval is not None and now - self._counted_at >= interval):
            count, self._counted_at = collection.count(), now
        if index is not None and version == self._version and count in (None, len(index)):
            return
        started = time.perf_counter()
        if index is not None and version > self._version:
            # Rows written since our version carry a higher revision: fetch only those.
            where = {ROW_REVISION: {"$gt": self._version}}
            for ids, vectors, metas in page_rows(collection, where, self.page_size):
                index.upsert_rows(ids, vectors, metas)
                self._fetched_since_save += len(ids)
            self.incremental_loads += 1
            if count is None:
                count, self._counted_at = collection.count(), time.monotonic()
            if len(index) == count:
                self._version = version
                self.last_load_s = time.perf_counter() - started
                if self._fetched_since_save > max(1000, len(index) // 10):
                    self._write_cache(str(collection.id))
                return
        if count is None:
            count, self._counted_at = collection.count(), time.monotonic()
        fresh = FilterIndex(self.dim)
        fresh.reserve(with_slack(count))
        for ids, vectors, metas in page_rows(collection, None, self.page_size):
            fresh.append_new(ids, vectors, metas)
        # The version read before paging is conservative: rows written meanwhile get fetched again.
        self._index, self._version = fresh, version
        self.loads += 1
        self.last_load_s = time.perf_counter() - started
        self._write_cache(str(collection.id))

    def _read_cache(self, collection_id: str) -> None:
        assert self.cache_path is not None
        if not self.cache_path.exists():
            return
        try:
            index, meta = FilterIndex.load(self.cache_path)
        except (CacheMismatch, OSError, ValueError, KeyError, TypeError) as exc:
            # A damaged or foreign cache is only a missed shortcut: rebuild it.
            self.cache_rejected = str(exc)
            log.warning("rebuilding the filter index cache %s: %s", self.cache_path, exc)
            return
        facts = (meta.get("collection_id"), meta.get("model"), index.dim)
        if facts != (collection_id, self.model, self.dim):
            self.cache_rejected = f"written for {facts}, not {(collection_id, self.model, self.dim)}"
            log.info("rebuilding the filter index cache %s: %s", self.cache_path, self.cache_rejected)
            return
        self._index, self._version = index, int(meta.get("version", 0))
        # No row count here: counting makes embedded Chroma load its HNSW segment. Rows a stopped
        # write left unstamped are stamped by the next upsert that touches them (see the store).
        self._counted_at = 0.0
        self.cache_hits += 1

    def _write_cache(self, collection_id: str) -> None:
        if self.cache_path is None or self._index is None:
            return
        facts: dict[str, str | int] = {
            "collection_id": collection_id,
            "version": self._version,
            "model": self.model,
        }
        try:
            self._index.save(self.cache_path, facts)
            # Serve from the file: the float matrix becomes a memory map instead of heap memory.
            self._index, _ = FilterIndex.load(self.cache_path)
            self._fetched_since_save = 0
        except (OSError, ValueError) as exc:
            log.warning("could not write filter index cache %s: %s", self.cache_path, exc)
