"""Rescoring a mapped index reads float rows from the cache file, and changed rows from the process."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matching.filters import SearchFilters
from retrieval.file_rows import RowSource
from retrieval.filter_index import FilterIndex
from tests.unit.test_filter_index import brute_force, build, metadata


def test_a_loaded_index_rescores_from_the_file_and_from_rows_changed_since(tmp_path: Path) -> None:
    index, vectors = build(3_000)
    path = tmp_path / "x.index"
    index.save(path, {"collection_id": "c1", "version": 1, "model": "m"})
    loaded, _ = FilterIndex.load(path)
    query = vectors[7]
    f = SearchFilters(platforms=["tiktok"])
    assert [pid for pid, _ in loaded.exact_search(query, f, 20)] == brute_force(index, vectors, query, f, 20)

    # Replace one row and append another: their vectors live only in this process's mapping.
    rng = np.random.default_rng(5)
    fresh = rng.standard_normal((2, 64)).astype(np.float32)
    fresh /= np.linalg.norm(fresh, axis=1, keepdims=True)
    loaded.upsert_rows(["p1", "p_new"], fresh, [metadata(1), {**metadata(4), "handle_lc": "new"}])
    for pid, want in (("p1", fresh[0]), ("p_new", fresh[1]), ("p2", vectors[2])):
        got = loaded.vector(pid)
        assert got is not None and np.allclose(got, want), pid
    best = loaded.exact_search(fresh[1], SearchFilters(platforms=["tiktok"]), 1)
    assert best[0][0] == "p_new" and abs(best[0][1] - 1.0) < 1e-5

    # Another process replaces the file: this index keeps reading the file it mapped.
    other, _ = build(3_000, dim=64)
    other.upsert_rows(["p2"], -vectors[2:3], [metadata(2)])
    other.save(path, {"collection_id": "c1", "version": 2, "model": "m"})
    got = loaded.vector("p2")
    assert got is not None and np.allclose(got, vectors[2])


def test_a_row_source_without_a_file_reads_the_buffer() -> None:
    matrix = np.arange(12, dtype=np.float32).reshape(4, 3)
    rows = np.array([3, 0], dtype=np.intp)
    assert np.array_equal(RowSource(matrix, None, None)[rows], matrix[rows])
    assert RowSource(matrix, None, None)[np.array([], dtype=np.intp)].shape == (0, 3)
