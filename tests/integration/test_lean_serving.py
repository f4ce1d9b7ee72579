"""A serving process whose index is fresh answers from the index alone: no read of Chroma's rows.

In an embedded Chroma process the first read of a collection's rows (get, count or query) loads its
whole HNSW segment into memory (2 GB at a million rows). These tests make every row read of the
collection fail once the index is warm, and check that search, get, lookalikes, stats and the health
check still answer, and that a write from another process is still seen (that one read is expected).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import chromadb
import pytest
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from matching.filters import SearchFilters
from matching.profile import Profile
from retrieval.embeddings import MiniLMEmbedder
from retrieval.store import ChromaProfileStore
from tests.integration.test_store import sample_profiles

pytestmark = pytest.mark.integration

ROW_READS = ("get", "count", "query", "peek")


class RowRead(AssertionError):
    """A read of the collection's rows where the index should have answered."""


def open_store(path: Path, embedder: MiniLMEmbedder) -> ChromaProfileStore:
    client = chromadb.PersistentClient(
        path=str(path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    return ChromaProfileStore(client, "lean", embedder, index_cache=path / "lean.index")


def forbid_row_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempted: list[str] = []
    for name in ROW_READS:

        def refuse(self: Collection, *args: Any, _name: str = name, **kwargs: Any) -> Any:
            attempted.append(_name)
            raise RowRead(f"collection.{_name} called")

        monkeypatch.setattr(Collection, name, refuse)
    return attempted


def test_a_process_starting_from_the_cache_answers_without_reading_rows(
    tmp_path: Path, embedder: MiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    profiles = sample_profiles(30)
    writer = open_store(tmp_path, embedder)
    writer.upsert(profiles)
    want = writer.search("bouldering", SearchFilters(platforms=["instagram"]), 5)
    assert (tmp_path / "lean.index").exists()

    attempted = forbid_row_reads(monkeypatch)
    serving = open_store(tmp_path, embedder)  # a new bot process: index from the cache file
    got = serving.search("bouldering", SearchFilters(platforms=["instagram"]), 5)
    assert [(c.profile, c.similarity) for c in got] == [(c.profile, c.similarity) for c in want]
    assert serving.get([profiles[3].id, "instagram:nobody", profiles[1].id]) == [profiles[3], profiles[1]]
    assert serving.find_handle("@" + profiles[4].handle.upper()) == [profiles[4]]
    assert serving.similar(profiles[0].id, SearchFilters(), 3)
    assert serving.count(SearchFilters(countries=["US"])) == sum(p.country == "US" for p in profiles)
    assert serving.stats().profiles == 30
    assert serving.ping() == 30  # the health check behind /healthz
    assert attempted == []


def test_a_write_from_another_process_is_still_seen(
    tmp_path: Path, embedder: MiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = open_store(tmp_path, embedder)
    writer.upsert(sample_profiles(20))
    serving = open_store(tmp_path, embedder)
    assert serving.count(SearchFilters()) == 20
    newcomer = Profile(
        handle="ice_queen", platform="instagram", followers=20_000, bio="Ice climbing in Norway"
    )
    writer.upsert([newcomer])  # stamps a newer version: the serving index fetches just that row
    assert serving.search("ice climbing Norway", SearchFilters(), 1)[0].profile == newcomer
    attempted = forbid_row_reads(monkeypatch)
    assert serving.get([newcomer.id]) == [newcomer]
    assert attempted == []


def test_rows_a_stopped_write_left_unstamped_reach_readers_when_the_ingest_is_run_again(
    tmp_path: Path, embedder: MiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A write stamps the collection's version last; a process stopped before that leaves rows no
    # reader fetches (readers check the stamp, not the row count). Re-running the same ingest finds
    # every row unchanged, so it must stamp anyway, or those rows stay invisible to every bot.
    profiles = sample_profiles(30)
    writer = open_store(tmp_path, embedder)
    writer.upsert(profiles[:20])
    reader = open_store(tmp_path, embedder)
    assert reader.count(SearchFilters()) == 20

    def stopped(self: ChromaProfileStore, revision: int) -> None:
        raise RuntimeError("stopped before the version stamp")

    with monkeypatch.context() as patch:
        patch.setattr(ChromaProfileStore, "_mark_written", stopped)
        with pytest.raises(RuntimeError, match="stopped"):
            writer.upsert(profiles[20:])
    assert writer.collection.count() == 30 and reader.count(SearchFilters()) == 20

    again = writer.upsert(profiles[20:])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 10)
    assert reader.count(SearchFilters()) == 30
    assert open_store(tmp_path, embedder).count(SearchFilters()) == 30  # a new process, from the cache
    # An ingest with nothing unstamped writes no stamp (a re-run of a finished ingest changes nothing).
    stamp = (writer.collection.metadata or {}).get("scout_version")
    writer.upsert(profiles)
    assert (writer._fresh_collection().metadata or {}).get("scout_version") == stamp
