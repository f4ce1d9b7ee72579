"""The lean filter index: int8 shortlist with exact rescoring, and its memory-mapped cache file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matching.filters import SearchFilters
from retrieval import index_cache
from retrieval.filter_index import FilterIndex
from retrieval.quantized import approximate_scores, quantize, shortlist_size

PLATFORMS = ["instagram", "tiktok", "youtube"]
COUNTRIES = ["US", "GB", "DE", "FR", "BR"]


def clustered(n: int, dim: int = 64, clusters: int = 12, seed: int = 3) -> np.ndarray:
    """Unit vectors in tight clusters: many near-ties, the hard case for a quantised shortlist."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dim)).astype(np.float32)
    v = centres[rng.integers(0, clusters, n)] + 0.35 * rng.standard_normal((n, dim)).astype(np.float32)
    out: np.ndarray = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def metadata(i: int) -> dict[str, object]:
    meta: dict[str, object] = {
        "platform": PLATFORMS[i % 3],
        "handle_lc": f"h{i:05d}",
        "followers": 1_000 + (i * 7919) % 500_000,
        "tier": "micro",
        "has_email": i % 2 == 0,
    }
    if i % 11:
        meta["country"] = COUNTRIES[i % 5]
    return meta


def build(n: int, dim: int = 64) -> tuple[FilterIndex, np.ndarray]:
    vectors = clustered(n, dim)
    index = FilterIndex(dim)
    for start in range(0, n, 1000):  # paged, as a load from Chroma is
        stop = min(start + 1000, n)
        index.append_new(
            [f"p{i}" for i in range(start, stop)],
            vectors[start:stop],
            [metadata(i) for i in range(start, stop)],
        )
    return index, vectors


def brute_force(
    index: FilterIndex, vectors: np.ndarray, query: np.ndarray, f: SearchFilters, k: int
) -> list[str]:
    rows = np.flatnonzero(index.mask(f))
    scores = vectors[rows] @ query
    order = sorted((-float(scores[j]), index.ids[r]) for j, r in enumerate(rows))
    return [pid for _, pid in order[:k]]


def test_quantize_keeps_scores_close_and_handles_zero_rows() -> None:
    vectors = clustered(500)
    vectors[7] = 0.0
    codes, scales = quantize(vectors)
    assert codes.dtype == np.int8 and scales.dtype == np.float32
    assert int(np.abs(codes).max()) == 127
    assert not codes[7].any()
    query = vectors[3]
    approx = approximate_scores(codes, scales, None, query)
    assert np.max(np.abs(approx - vectors @ query)) < 0.02
    picked = np.array([5, 1, 400], dtype=np.intp)
    assert np.allclose(approximate_scores(codes, scales, picked, query), approx[picked])


def test_search_recall_against_exact_search_is_at_least_99_percent() -> None:
    index, vectors = build(20_000)
    filters = [
        SearchFilters(),
        SearchFilters(platforms=["instagram"], countries=["US", "GB"]),
        SearchFilters(min_followers=10_000, max_followers=100_000, require_email=True),
    ]
    hits = total = 0
    rng = np.random.default_rng(5)
    for q in range(30):
        query = vectors[rng.integers(0, len(vectors))] + 0.1 * rng.standard_normal(vectors.shape[1]).astype(
            np.float32
        )
        query /= np.linalg.norm(query)
        f = filters[q % len(filters)]
        want = brute_force(index, vectors, query, f, 20)
        got = index.exact_search(query, f, 20)
        assert len(got) == 20
        # Scores are exact cosines, best first.
        assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
        for pid, score in got:
            assert score == pytest.approx(float(vectors[int(pid[1:])] @ query), abs=1e-5)
        hits += len(set(want) & {pid for pid, _ in got})
        total += len(want)
    assert hits / total >= 0.99


def test_small_survivor_sets_are_exact() -> None:
    index, vectors = build(3_000)
    f = SearchFilters(platforms=["youtube"], countries=["DE"], min_followers=200_000)
    survivors = int(index.mask(f).sum())
    assert 0 < survivors <= shortlist_size(10)
    query = vectors[0]
    assert [pid for pid, _ in index.exact_search(query, f, 10)] == brute_force(index, vectors, query, f, 10)


def test_cache_round_trip_is_memory_mapped_and_never_written_back(tmp_path: Path) -> None:
    index, vectors = build(2_500)
    path = tmp_path / "x.index"
    index.save(path, {"collection_id": "c1", "version": 9, "model": "m"})
    before = path.read_bytes()
    loaded, meta = FilterIndex.load(path)
    assert (meta["collection_id"], meta["version"], meta["model"], meta["count"]) == ("c1", 9, "m", 2_500)
    assert isinstance(loaded.vectors, np.memmap)
    assert loaded.capacity > len(loaded)  # spare rows for appends without growing
    query = vectors[42]
    f = SearchFilters(countries=["FR"])
    assert loaded.exact_search(query, f, 15) == index.exact_search(query, f, 15)
    assert loaded.facet("country") == index.facet("country")
    assert loaded.ids_for_handle("@H00042") == ["p42"]
    # Appends and replacements land in the private mapping: the file on disk is unchanged.
    loaded.upsert_rows(
        ["p42", "new"],
        np.stack([vectors[1], vectors[2]]),
        [metadata(1), {**metadata(2), "handle_lc": "fresh"}],
    )
    assert len(loaded) == 2_501
    vec = loaded.vector("p42")
    assert vec is not None and np.array_equal(vec, vectors[1])
    assert loaded.ids_for_handle("fresh") == ["new"]
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"not a cache at all",
        lambda b: b[: len(b) // 2],
        lambda b: b.replace(f'"schema": {index_cache.SCHEMA_VERSION}'.encode(), b'"schema": 1', 1),
    ],
    ids=["foreign", "truncated", "old-schema"],
)
def test_damaged_or_foreign_cache_files_are_refused(tmp_path: Path, damage: object) -> None:
    index, _ = build(1_500)
    path = tmp_path / "x.index"
    index.save(path, {"collection_id": "c1", "version": 1, "model": "m"})
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    with pytest.raises(index_cache.CacheMismatch):
        FilterIndex.load(path)


def test_ids_with_nul_are_not_cached(tmp_path: Path) -> None:
    index = FilterIndex(4)
    index.upsert_rows(["a\x00b"], np.ones((1, 4), dtype=np.float32), [{"handle_lc": "a"}])
    with pytest.raises(ValueError, match="NUL"):
        index.save(tmp_path / "x.index", {})
    assert not (tmp_path / "x.index").exists()


def test_many_value_filters_match_the_union_of_single_value_filters() -> None:
    index, _ = build(3_000)
    union = np.zeros(len(index), dtype=bool)
    for country in COUNTRIES:
        union |= index.mask(SearchFilters(countries=[country]))
    # Five values take the lookup-table path; rows without a country match none of them.
    assert np.array_equal(index.mask(SearchFilters(countries=COUNTRIES)), union)
    assert not union[::11].any()
    assert index.count(SearchFilters(countries=[*COUNTRIES, "ZZ"])) == int(union.sum())


def test_packed_strings_decode_single_rows_and_the_whole_list() -> None:
    values = ["instagram:ana", "tiktok:zoë_ß", "", "youtube:日本"]
    packed = index_cache.PackedStrings(index_cache.join_strings(values), len(values))
    assert [packed[i] for i in range(4)] == values
    assert packed[-1] == "youtube:日本"
    assert list(packed) == values and packed[1:3] == values[1:3]
    with pytest.raises(IndexError):
        packed[4]
    with pytest.raises(index_cache.CacheMismatch):
        index_cache.PackedStrings(index_cache.join_strings(values), 3)[0]
