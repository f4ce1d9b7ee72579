"""The Chroma profile store: the ``ProfileRepository`` the service uses in production.

Each profile is one Chroma row: the ID is ``platform:handle``, the document is the embedding text,
the metadata holds the filter fields as flat scalars plus the full Profile JSON (so a read needs no
other store). Filtered search runs on an in-process ``FilterIndex`` (exact, milliseconds) kept in
step with the collection; a Chroma ``where`` query is the fallback when the index cannot be built.
The row format and those Chroma-only reads are in ``retrieval/chroma_rows.py``; where the store is
(embedded or a server, Cloud limits, the cache file) in ``retrieval/connection.py``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

import numpy as np
from numpy.typing import NDArray

from matching.candidates import Candidate
from matching.filters import SearchFilters, violations
from matching.profile import Profile, normalize_handle
from matching.store_types import StoreStats, UpsertReport
from retrieval.chroma_rows import (
    all_metadata,
    chunks,
    client_label,
    fetch_profiles,
    profile_metadata,
    where_clause,
    where_search,
)
from retrieval.connection import (
    INDEX_PAGE,
    WRITE_BATCH,
    ChromaConnection,
    cloud_limits,
    index_cache_path,
    open_client,
)
from retrieval.embeddings import (
    CHROMA_EF_NAME,
    Embedder,
    chroma_embedding_function,
    embedder_config,
    register_chroma_embedding_function,
)
from retrieval.filter_index import (
    META_UPDATED_AT,
    META_VERSION,
    ROW_REVISION,
    FilterIndex,
)
from retrieval.readonly_store import ReadOnlyStoreError
from retrieval.synced_index import SyncedIndex

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

# Registered at import so any process that imports the store can reopen a persisted collection.
register_chroma_embedding_function()

READ_PAGE: Final = 1000  # IDs per get: far below SQLite's variable limit (capped by ``index_page_size``)
# Chroma Cloud's documented quotas (see retrieval.connection): ``index_page_size`` (300 there) caps
# every read, by ID, by page or by similarity; the ``where`` fallback always stays within 8
# predicates. Per-record limits (document, metadata value and ID sizes) are checked at ingest:
# ``retrieval.record_limits``.


class ChromaProfileStore:
    """Profiles in a Chroma collection (cosine space), with exact filtered search in process."""

    def __init__(
        self,
        client: ClientAPI,
        collection_name: str,
        embedder: Embedder,
        *,
        label: str | None = None,
        use_index: bool = True,
        index_check_interval_s: float = 0.0,
        index_cache: Path | None = None,
        write_batch: int = WRITE_BATCH,
        read_only: bool = False,
        index_page_size: int = INDEX_PAGE,
    ) -> None:
        """Open (or create) the collection.

        Args:
            client: A Chroma client (``make_client``).
            collection_name: Collection to use.
            embedder: Embeds documents and queries; must be the model the collection was built with.
            label: Store description for ``stats``; defaults to the client type and collection.
            use_index: Serve filtered search from the in-process index (False: Chroma ``where`` only).
            index_check_interval_s: Minimum seconds between freshness checks (0: before every search).
            index_cache: File where the index is saved and mapped from, so a new process starts fast.
            write_batch: Profiles embedded and written per Chroma call.
            read_only: Refuse writes (the store's folder cannot be written; ``client`` reads a copy).
            index_page_size: Rows per ``get`` while loading the filter index, and the most rows any
                one read returns (IDs per ``get``, rows per scan, results per ``query``).

        Raises:
            ValueError: The collection was built with a different embedding model.

        """
        self._client = client
        self._name = collection_name
        self.embedder = embedder
        self._ef = chroma_embedding_function(embedder)
        self.write_batch = write_batch
        self.read_only = read_only
        self.read_page = min(READ_PAGE, index_page_size)  # IDs per get
        self.scan_page = index_page_size  # rows per paged get, results per query
        self.label = label or client_label(client, collection_name)
        self._collection = client.get_or_create_collection(
            collection_name, embedding_function=self._ef, configuration={"hnsw": {"space": "cosine"}}
        )
        self._check_embedder(self._collection)
        self._index: SyncedIndex | None = (
            SyncedIndex(
                self._fresh_collection,
                embedder.dim,
                model=embedder.name,
                page_size=index_page_size,
                check_interval_s=index_check_interval_s,
                cache_path=index_cache,
            )
            if use_index
            else None
        )

    @classmethod
    def open(
        cls,
        connection: ChromaConnection,
        embedder: Embedder,
        *,
        opened: tuple[ClientAPI, bool] | None = None,
    ) -> ChromaProfileStore:
        """The store at ``connection`` (client, collection, label, Cloud limits, index cache).

        Args:
            connection: Where the collection is.
            embedder: The collection's embedding model.
            opened: A client already open on the same place, and whether it is read-only
                (``open_client``): the shards of a sharded store share one.

        """
        client, read_only = opened if opened is not None else open_client(connection)
        write_batch, page = cloud_limits(connection)
        return cls(
            client,
            connection.collection,
            embedder,
            label=connection.label,
            # A read-only store serves from a private copy: no cache file is written beside it.
            index_cache=None if read_only else index_cache_path(connection),
            write_batch=write_batch,
            index_page_size=page,
            read_only=read_only,
        )

    def _check_embedder(self, collection: Collection) -> None:
        stored = (collection.configuration_json or {}).get("embedding_function") or {}
        if stored.get("name") != CHROMA_EF_NAME:
            return
        ours, theirs = embedder_config(self.embedder), stored.get("config") or {}
        if (theirs.get("kind"), theirs.get("model")) != (ours["kind"], ours["model"]):
            raise ValueError(
                f"collection {self._name!r} was built with {theirs.get('model')} embeddings, "
                f"not {ours['model']}: set SCOUT_EMBEDDINGS to match or use another SCOUT_COLLECTION"
            )

    @property
    def client(self) -> ClientAPI:
        """The Chroma client (shared with adapters such as the LangChain view)."""
        return self._client

    @property
    def collection(self) -> Collection:
        """The Chroma collection (for benchmarks and maintenance)."""
        return self._collection

    def _fresh_collection(self) -> Collection:
        # A new handle reads the collection metadata again (the cached one would miss other writers).
        return self._client.get_collection(self._name, embedding_function=self._ef)

    def filter_index(self) -> FilterIndex | None:
        """The in-process index, refreshed if another writer changed the collection (None: unavailable)."""
        return self._index.get() if self._index is not None else None

    def ping(self) -> int:
        """Ask the store itself whether it answers, and how many rows it holds; raises when it is down.

        A Chroma server is asked for its count. An embedded store is asked for the collection (a
        read of its SQLite catalogue, which fails when the store is gone or unreadable) and the
        count comes from the index when it is fresh: counting an embedded collection makes Chroma
        load its whole HNSW segment into this process (``retrieval.payloads``), which a health
        check every few seconds must not do.
        """
        collection = self._fresh_collection()
        if not self._client.get_settings().chroma_server_host:
            index = self.filter_index()
            if index is not None:
                return len(index)
        return collection.count()

    def warm(self) -> None:
        """Load the embedding model and the filter index now rather than on the first question."""
        self.embedder.embed(["warm up"])
        self.filter_index()

    # Writing

    def upsert(
        self, profiles: Iterable[Profile], progress: Callable[[int], None] | None = None
    ) -> UpsertReport:
        """Insert or update by ID; profiles whose content hash is unchanged are neither embedded nor written.

        Args:
            profiles: Profiles to store (a repeated ID keeps the last one).
            progress: Called with the number of profiles handled so far, after each batch.

        Returns:
            How many profiles were added, updated, and unchanged.

        """
        if self.read_only:
            raise ReadOnlyStoreError(
                f"the store at {self.label} is read-only: nothing written (reads still work)"
            )
        latest = {p.id: p for p in profiles}
        hashes = {pid: p.content_hash() for pid, p in latest.items()}
        existing, newest = self._stored_hashes(list(latest))
        todo = [pid for pid in latest if existing.get(pid) != hashes[pid]]
        report = UpsertReport(
            added=sum(pid not in existing for pid in todo),
            updated=sum(pid in existing for pid in todo),
            unchanged=len(latest) - len(todo),
        )
        done = report.unchanged
        if progress is not None:
            progress(done)
        if not todo:
            if newest > self._stamped_version():
                # Rows a stopped write left past the version stamp (it stamps last): stamp now, or
                # readers would never fetch them, even when the same ingest is run again.
                self._mark_written(self._next_revision())
            return report
        revision = self._next_revision()
        for batch in chunks(todo, self.write_batch):
            chosen = [latest[pid] for pid in batch]
            documents = [p.embedding_text() for p in chosen]
            self._collection.upsert(
                ids=list(batch),
                embeddings=self.embedder.embed(documents),
                documents=documents,
                metadatas=[profile_metadata(p, revision) for p in chosen],
            )
            done += len(batch)
            if progress is not None:
                progress(done)
        self._mark_written(revision)
        return report

    def _stored_hashes(self, ids: Sequence[str]) -> tuple[dict[str, str], int]:
        """The stored content hash of each of ``ids``, and the highest row revision among them."""
        found: dict[str, str] = {}
        newest = 0
        for chunk in chunks(ids, self.read_page):
            got = self._collection.get(ids=list(chunk), include=["metadatas"])
            for pid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
                if meta and isinstance(meta.get("content_hash"), str):
                    found[pid] = str(meta["content_hash"])
                revision = meta.get(ROW_REVISION) if meta else None
                if isinstance(revision, int):
                    newest = max(newest, revision)
        return found, newest

    def _stamped_version(self) -> int:
        return int((self._fresh_collection().metadata or {}).get(META_VERSION, 0))

    def _next_revision(self) -> int:
        # Milliseconds with a random tail: increasing across processes in practice, and two writers
        # racing on the same version still leave a value that differs from what readers loaded.
        current = self._stamped_version()
        return max(current + 1, int(time.time() * 1000) * 1000 + random.randrange(1000))

    def _mark_written(self, revision: int) -> None:
        collection = self._fresh_collection()
        meta = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith("hnsw:")}
        meta[META_VERSION] = revision
        meta[META_UPDATED_AT] = datetime.now(UTC).isoformat(timespec="seconds")
        collection.modify(metadata=meta)
        self._collection = collection

    # Reading

    def search(self, query: str, filters: SearchFilters, limit: int) -> list[Candidate]:
        """Profiles passing ``filters``, most similar to ``query`` first (exact cosine)."""
        if limit <= 0:
            return []
        return self._search_vector(self.embedder.embed([query])[0], filters, limit, ())

    def similar(self, profile_id: str, filters: SearchFilters, limit: int) -> list[Candidate]:
        """Lookalikes of a stored profile by its stored embedding, excluding itself ([] if unknown)."""
        vectors = self._vectors([profile_id])
        if profile_id not in vectors or limit <= 0:
            return []
        return self._search_vector(vectors[profile_id], filters, limit, (profile_id,))

    def similarity(self, query: str, ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of ``query`` to each stored profile in ``ids`` (unknown IDs left out)."""
        if not ids:
            return {}
        vectors = self._vectors(ids)
        query_vec = self.embedder.embed([query])[0]
        return {pid: float(vec @ query_vec) for pid, vec in vectors.items()}

    def get(self, ids: Sequence[str]) -> list[Profile]:
        """The stored profiles with these IDs, in the given order (missing ones skipped)."""
        found: dict[str, Profile] = {}
        index = self.filter_index()
        if index is None:
            found = fetch_profiles(self._collection, ids, self.read_page)
        else:
            # A fresh index knows every stored ID: only rows it holds without a payload need Chroma.
            unread = []
            for pid in ids:
                raw = index.payload(pid)
                if raw is not None:
                    found[pid] = Profile.model_validate_json(raw)
                elif pid in index:
                    unread.append(pid)
            found.update(fetch_profiles(self._collection, unread, self.read_page))
        return [found[pid] for pid in ids if pid in found]

    def find_handle(self, handle: str) -> list[Profile]:
        """Profiles whose handle matches, case-insensitive and without ``@``, on any platform."""
        wanted = normalize_handle(handle).lower()
        if not wanted:
            return []
        index = self.filter_index()
        if index is not None:
            return self.get(index.ids_for_handle(wanted))
        got = self._collection.get(where={"handle_lc": wanted}, include=["metadatas"])
        return sorted(
            (Profile.model_validate_json(str(m["profile"])) for m in got["metadatas"] or [] if m),
            key=lambda p: p.id,
        )

    def handles(self) -> list[str]:
        """Every stored handle, lower case, sorted, without repeats."""
        index = self.filter_index()
        if index is not None:
            return index.handles()
        return sorted(
            {str(m.get("handle_lc", "")) for m in all_metadata(self._collection, self.scan_page)} - {""}
        )

    def count(self, filters: SearchFilters) -> int:
        """How many profiles pass ``filters``."""
        index = self.filter_index()
        if index is not None:
            return index.count(filters)
        where = where_clause(filters)
        excluded = set(filters.exclude_ids)
        total, offset = 0, 0
        while True:
            got = self._collection.get(where=where, limit=self.scan_page, offset=offset, include=[])
            total += sum(pid not in excluded for pid in got["ids"])
            if len(got["ids"]) < self.scan_page:
                return total
            offset += len(got["ids"])

    def stats(self) -> StoreStats:
        """Counts by platform, tier and country, the store label and the time of the last write."""
        collection = self._fresh_collection()
        updated_at = (collection.metadata or {}).get(META_UPDATED_AT)
        index = self.filter_index()
        if index is not None:
            by_platform, by_tier = index.facet("platform"), index.facet("tier")
            by_country, total = index.facet("country"), len(index)
        else:
            by_platform, by_tier, by_country = {}, {}, {}
            total = 0
            for meta in all_metadata(self._collection, self.scan_page):
                total += 1
                for counts, key in ((by_platform, "platform"), (by_tier, "tier"), (by_country, "country")):
                    if isinstance(meta.get(key), str):
                        counts[str(meta[key])] = counts.get(str(meta[key]), 0) + 1
        return StoreStats(
            profiles=total,
            by_platform=dict(sorted(by_platform.items())),
            by_tier=dict(sorted(by_tier.items())),
            by_country=dict(sorted(by_country.items())),
            store=self.label,
            updated_at=str(updated_at) if updated_at is not None else None,
        )

    where_clause = staticmethod(where_clause)

    def search_vector(
        self, query_vec: NDArray[np.float32], filters: SearchFilters, limit: int, exclude: Sequence[str] = ()
    ) -> list[Candidate]:
        """``search`` for an already embedded query (a sharded store embeds once for every shard)."""
        if limit <= 0:
            return []
        return self._search_vector(query_vec, filters, limit, exclude)

    def stored_vectors(self, ids: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        """The stored embeddings of ``ids`` (unknown IDs left out)."""
        return self._vectors(ids)

    # Internals

    def _search_vector(
        self, query_vec: NDArray[np.float32], filters: SearchFilters, limit: int, exclude: Sequence[str]
    ) -> list[Candidate]:
        index = self.filter_index()
        if index is not None:
            # The index holds each row's Profile JSON: a fresh index answers without reading Chroma.
            found = index.search_hits(query_vec, filters, limit, exclude)
            hits = [(pid, score) for pid, score, _ in found]
            profiles = fetch_profiles(
                self._collection, [pid for pid, _, raw in found if raw is None], self.read_page
            )
            profiles.update(
                (pid, Profile.model_validate_json(raw)) for pid, _, raw in found if raw is not None
            )
        else:
            hits = where_search(self._collection, query_vec, filters, limit, exclude, self.scan_page)
            profiles = fetch_profiles(self._collection, [pid for pid, _ in hits], self.read_page)
        out: list[Candidate] = []
        for pid, score in hits:
            profile = profiles.get(pid)
            # The index mirrors ``violations``; re-checking guards against a row changed mid-search.
            if profile is not None and not violations(profile, filters):
                out.append(Candidate(profile=profile, similarity=score))
        return out

    def _vectors(self, ids: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        index = self.filter_index()
        if index is not None:
            return {pid: vec for pid in ids if (vec := index.vector(pid)) is not None}
        found: dict[str, NDArray[np.float32]] = {}
        for chunk in chunks(list(dict.fromkeys(ids)), self.read_page):
            got = self._collection.get(ids=list(chunk), include=["embeddings"])
            vectors = np.asarray(got["embeddings"], dtype=np.float32)
            found.update((pid, vectors[i]) for i, pid in enumerate(got["ids"]))
        return found
