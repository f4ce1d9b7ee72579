"""`scout bench --profiles N`: sizes below the minimum or past the machine's memory are refused in one line."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from scout.bench import MIN_PROFILES, BenchRefused, check_size, estimated_bytes
from scout.bench_data import Columns, numpy_floor, typical_filters
from scout.cli import main

GB = 2**30


def test_estimate_grows_with_the_size_and_is_named_in_the_refusal() -> None:
    assert estimated_bytes(1_000_000) > estimated_bytes(100_000) > estimated_bytes(1_000)
    with pytest.raises(BenchRefused, match=r"at least 1,000 \(got 999\)"):
        check_size(999, available=64 * GB)
    need = estimated_bytes(20_000_000) / GB
    with pytest.raises(BenchRefused) as refused:
        check_size(20_000_000, available=24 * GB)
    message = str(refused.value)
    assert f"about {need:.1f} GB" in message and "24.0 GB is available" in message
    assert "\n" not in message
    check_size(MIN_PROFILES, available=24 * GB)
    check_size(1_000_000, available=24 * GB)  # the README's 1M run fits this machine class


@pytest.mark.parametrize("size", ["10", "900000000"])
def test_cli_refuses_with_exit_2_and_one_line(size: str) -> None:
    result = CliRunner().invoke(main, ["bench", "--profiles", size])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --profiles")
    assert "Traceback" not in result.output


def test_numpy_floor_is_exact_filtered_search() -> None:
    cols = Columns(5_000)
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((5_000, 16)).astype(np.float32)
    query = vectors[3]
    for f in typical_filters():
        got = numpy_floor(vectors, cols, query, f, 10)
        keep = [
            i
            for i in range(cols.n)
            if (f.min_followers is None or cols.followers[i] >= f.min_followers)
            and (f.max_followers is None or cols.followers[i] <= f.max_followers)
            and (not f.platforms or cols.platform[i] in f.platforms)
            and (not f.countries or cols.country[i] in f.countries)
            and (not f.require_email or cols.email[i])
        ]
        want = sorted(keep, key=lambda i: -float(vectors[i] @ query))[:10]
        assert got == want, f


def test_the_table_says_when_ingest_was_skipped() -> None:
    from scout.bench import format_bench

    report = {
        "profiles": 1000,
        "embeddings": "synthetic",
        "ingest_profiles_per_s": None,
        "ingest_sample_profiles": None,
        "reingest_s": None,
        "reingest_speedup": None,
        "reingest_unchanged": None,
        **dict.fromkeys(
            (
                "query_p50_ms",
                "query_p95_ms",
                "service_pool_p50_ms",
                "service_pool_p95_ms",
                "chroma_where_p50_ms",
                "chroma_where_p95_ms",
                "numpy_floor_p50_ms",
                "numpy_floor_p95_ms",
                "speedup_vs_chroma_where_p95",
                "ratio_to_numpy_floor_p95",
                "recall_at_k",
                "index_load_s",
                "index_cache_load_s",
                "serving_rss_mb",
                "serving_peak_rss_mb",
                "ask_cold_start_s",
                "peak_rss_mb",
                "prompt_tokens_per_answer",
            ),
            1.5,
        ),
        "k": 20,
        "service_pool": 100,
        "chroma_where_queries": 60,
    }
    table = format_bench(report)
    assert table.count("skipped (--skip-ingest)") == 2
    assert "| recall@k vs exact filtered search | 1.5 |" in table
