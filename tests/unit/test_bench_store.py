"""`scout bench --store DIR`: a kept synthetic store is reused for the same size, never a foreign folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scout.bench_data import DIM, Columns, RecordingEmbedder
from scout.bench_store import StoreRefused, open_bench_store, regenerate_vectors


def test_without_a_store_dir_the_bench_writes_into_its_scratch_folder(tmp_path: Path) -> None:
    store = open_bench_store(None, tmp_path, 5_000)
    assert store.chroma_path == tmp_path / "synth" and not store.reusable
    store.mark_written(5_000)  # nothing to record
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_is_recognised_and_started_again(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    first = open_bench_store(kept, tmp_path, 5_000)
    first.chroma_path.mkdir()
    (first.chroma_path / "chroma.sqlite3").write_bytes(b"half the rows")
    again = open_bench_store(kept, tmp_path, 5_000)  # not refused: the marker says it is ours
    assert not again.reusable and not again.chroma_path.exists()


def test_a_kept_store_is_reused_only_for_the_size_it_holds(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    first = open_bench_store(kept, tmp_path, 5_000)
    first.chroma_path.mkdir()
    (first.chroma_path / "chroma.sqlite3").write_bytes(b"rows")
    (kept / "synth-bench_synth.index").write_bytes(b"cache")
    first.mark_written(5_000)
    again = open_bench_store(kept, tmp_path, 5_000)
    assert again.reusable and (again.chroma_path / "chroma.sqlite3").exists()

    other = open_bench_store(kept, tmp_path, 6_000)
    assert not other.reusable
    assert not other.chroma_path.exists() and not (kept / "synth-bench_synth.index").exists()


def test_a_folder_that_is_not_a_bench_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreRefused, match="not a Scout bench store"):
        open_bench_store(tmp_path, tmp_path / "scratch", 5_000)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_regenerated_vectors_equal_the_ones_the_write_recorded() -> None:
    cols = Columns(3_000)
    recorded = np.zeros((cols.n, DIM), dtype=np.float32)
    writer = RecordingEmbedder(recorded, "synthetic")
    for batch in cols.batches(700):
        writer.embed([p.embedding_text() for p in batch])
    again = np.zeros_like(recorded)
    regenerate_vectors(cols, again, batch=1_000)
    assert np.array_equal(again, recorded)
