"""Chroma Cloud's result cap (300) on every read, and its per-record sizes checked at ingest.

The limits themselves exist only on Chroma Cloud, so these tests check Scout's own chunking (on a real
PersistentClient, counting what each call asks for and returns) and its size checks.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import pytest
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from matching.filters import SearchFilters
from matching.profile import Profile
from retrieval.connection import CLOUD_PAGE, CLOUD_WRITE_BATCH
from retrieval.embeddings import Vectors
from retrieval.ingest import open_profiles, read_profiles
from retrieval.record_limits import MAX_METADATA_VALUE_BYTES, profile_problem, record_problem
from retrieval.store import ChromaProfileStore
from scout.ingesting import run_ingest

pytestmark = pytest.mark.integration


class HashEmbedder:
    """Deterministic 16-d vectors from each text's CRC (no model: this test is about request sizes)."""

    name = "hash-16"
    dim = 16

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.stack([np.random.default_rng(zlib.crc32(t.encode())).standard_normal(16) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def profiles(n: int) -> list[Profile]:
    return [
        Profile(handle=f"creator_{i:04d}", platform="instagram", followers=5_000 + i, bio=f"topic {i % 9}")
        for i in range(n)
    ]


def cloud_sized_store(path: Path, **options: Any) -> ChromaProfileStore:
    """A store paged as ``ChromaProfileStore.open`` pages one with a Chroma Cloud API key."""
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    return ChromaProfileStore(
        client,
        "cloud-sized",
        HashEmbedder(),
        write_batch=CLOUD_WRITE_BATCH,
        index_page_size=CLOUD_PAGE,
        **options,
    )


def test_every_read_asks_for_and_returns_at_most_300_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    everyone = profiles(700)
    cloud_sized_store(tmp_path / "c", use_index=False).upsert(everyone)
    sizes: list[tuple[str, int, int]] = []  # (call, rows asked for, rows returned)
    real_get, real_query = Collection.get, Collection.query

    def get(self: Collection, *args: Any, **kwargs: Any) -> Any:
        got = real_get(self, *args, **kwargs)
        asked = len(kwargs["ids"]) if kwargs.get("ids") is not None else int(kwargs.get("limit") or 10**9)
        sizes.append(("get", asked, len(got["ids"])))
        return got

    def query(self: Collection, *args: Any, **kwargs: Any) -> Any:
        got = real_query(self, *args, **kwargs)
        sizes.append(("query", int(kwargs["n_results"]), len(got["ids"][0])))
        return got

    monkeypatch.setattr(Collection, "get", get)
    monkeypatch.setattr(Collection, "query", query)

    ids = [p.id for p in everyone]
    for use_index in (False, True):
        store = cloud_sized_store(tmp_path / "c", use_index=use_index)
        assert [p.id for p in store.get(ids)] == ids  # by ID (the index answers these itself)
        assert store.count(SearchFilters(min_followers=5_100)) == 600  # paged scan, or the index load
        # Chroma returns at most 300 similar rows; the index is in process and has no such cap.
        assert len(store.search("topic 3", SearchFilters(), 350)) == (350 if use_index else 300)
        assert store.stats().profiles == 700
        store.upsert(everyone[:650])  # unchanged: its content-hash lookup goes by ID
    assert {call for call, _, _ in sizes} == {"get", "query"}
    assert max(asked for _, asked, _ in sizes) <= 300
    assert max(returned for _, _, returned in sizes) <= 300


def test_ingest_rejects_a_row_too_large_for_chroma_cloud_with_its_reason(tmp_path: Path) -> None:
    source = tmp_path / "creators.csv"
    long_bio = "Trail running notes from the Alps every week. " * 100
    source.write_text(
        "handle,followers,bio\n"
        "small_one,12000,Vegan baking at home\n"
        f"long_story,15000,{long_bio}\n"
        "another,9000,Bouldering in Fontainebleau\n",
        encoding="utf-8",
    )
    result = read_profiles(source, platform="instagram")
    assert [p.handle for p in result.profiles] == ["small_one", "another"]
    [rejected] = result.rejected
    assert rejected.line == 3
    assert (
        "too large to store" in rejected.reason
        and f"{MAX_METADATA_VALUE_BYTES:,} per metadata value" in rejected.reason
    )

    # Through the ingest run into a real store: the row is reported, the others written.
    store = cloud_sized_store(tmp_path / "chroma")
    reported: list[str] = []
    totals = run_ingest(
        open_profiles(source, platform="instagram"),
        store,
        report=lambda r: reported.append(r.reason),
        progress=False,
    )
    assert (totals.accepted, totals.rejected) == (2, 1) and len(reported) == 1
    assert sorted(store.handles()) == ["another", "small_one"]


def test_each_per_record_limit_is_named() -> None:
    assert record_problem("a" * 129, "text", {}) == "its ID is 129 bytes; Chroma Cloud allows 128"
    assert "16,384 per document" in str(record_problem("id", "é" * 8_193, {}))
    assert "33 metadata fields" in str(record_problem("id", "text", {f"k{i}": i for i in range(33)}))
    assert "over 36 bytes" in str(record_problem("id", "text", {"k" * 37: 1}))
    assert record_problem("id", "text", {"profile": "x" * 4_096, "followers": 10**12}) is None
    assert profile_problem(profiles(1)[0]) is None
