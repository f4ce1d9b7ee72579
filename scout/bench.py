"""`scout bench`: speed, memory and cost figures, measured in temporary stores (the configured one is untouched).

- Ingest throughput uses the real bundled model on the bundled sample (3,688 profiles), then the same
  file again unchanged (content hashes: nothing re-embedded).
- Query figures use N synthetic profiles with realistic metadata and synthetic clustered embeddings
  (``scout.bench_data``; the output says so): embedding a million texts with the real model would take
  hours and measures the model, not retrieval.
- Three retrieval paths over the same filters and embeddings: Scout's store search (index mask, int8
  scan, exact rescoring, profiles fetched from Chroma), a bare Chroma ``where`` query, and exact
  filtered search in plain numpy (the floor). Recall@k is Scout's candidates against that exact search.
- The serving path is measured in fresh child processes (``scout.bench_serving``): index load without
  and with the cache file, and the RSS of a process holding the model and the warm index, so the
  bench's own data generation stays out of it. ``scout ask`` is timed as a real subprocess.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from config.settings import Settings
from scout.bench_data import DIM, Columns, RecordingEmbedder, SyntheticEmbedder, numpy_floor, typical_filters

Progress = Callable[[str], None] | None

SERVICE_POOL = 100  # RecommendationService's default candidate pool for a 5-pick answer
MIN_PROFILES: Final = 1_000
# What the bench holds per synthetic profile, measured at 100k-1M: the numpy floor's float copy
# (1.5 KB), Chroma's HNSW graph and vectors (~2 KB), SQLite pages, the parent's index (~0.6 KB) and a
# batch of Profile objects; plus a fixed ~1.5 GB for the model, Chroma and the interpreter.
BYTES_PER_PROFILE: Final = 5_500
BASE_BYTES: Final = 1_500 * 2**20
WHERE_QUERIES_LARGE: Final = 12  # a bare Chroma where takes seconds at a million rows: sample fewer
ASK_QUESTION: Final = "5 micro-influencers on Instagram for a vegan snack brand, audience in the US"
# PYTHONDONTWRITEBYTECODE too: a user's second `scout ask` reads compiled bytecode; without it
# every child recompiled ~870 modules, about 1 s of each start-up (measured with cProfile).
_SCRUBBED: Final = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "CHROMA_HOST",
    "CHROMA_PORT",
    "SCOUT_EMBEDDINGS",
    "PYTHONDONTWRITEBYTECODE",
)


class BenchRefused(ValueError):
    """The requested size is below the minimum or above what this machine's memory allows."""


def estimated_bytes(n_profiles: int) -> int:
    """Peak memory the bench needs for ``n_profiles`` synthetic profiles (see ``BYTES_PER_PROFILE``)."""
    return BASE_BYTES + n_profiles * BYTES_PER_PROFILE


def available_bytes() -> int:
    """Memory available to a new process now (``MemAvailable``; physical pages elsewhere)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))


def check_size(n_profiles: int, available: int | None = None) -> None:
    """Refuse a size below ``MIN_PROFILES`` or one whose estimate exceeds 90% of available memory.

    Raises:
        BenchRefused: With a one-line reason naming the estimate.

    """
    need = estimated_bytes(n_profiles)
    if n_profiles < MIN_PROFILES:
        raise BenchRefused(f"--profiles must be at least {MIN_PROFILES:,} (got {n_profiles:,})")
    have = available_bytes() if available is None else available
    if need > 0.9 * have:
        raise BenchRefused(
            f"--profiles {n_profiles:,} needs about {need / 2**30:.1f} GB of memory; "
            f"{have / 2**30:.1f} GB is available"
        )


def _pct(values: Sequence[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(values), q)), 2)


def prompt_tokens_per_answer() -> float:
    """Estimated prompt tokens of the answer-writer call for a typical 5-pick answer on the sample."""
    from assistant.llm import AnswerFacts, PickFacts, render_answer_prompt
    from assistant.presenters import describe_brief, to_recommendations
    from matching.candidates import Candidate
    from matching.parser import parse_brief
    from matching.ranking import rank
    from prompts import estimate_tokens
    from sample_data import REFERENCE_DATE, load_profiles

    profiles = load_profiles()
    totals = []
    for question in (
        "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US",
        "TikTok creators under 50k in the UK who post about vegan baking",
        "5 YouTubers who review budget tech",
    ):
        brief = parse_brief(question, today=REFERENCE_DATE)
        cands = [Candidate(profile=p) for p in profiles if p.platform in (brief.platforms or [p.platform])][
            :400
        ]
        picks = rank(cands, brief, today=REFERENCE_DATE).picks[:5]
        recs = to_recommendations(picks)
        by_id = {p.id: p for p in profiles}
        facts = AnswerFacts(
            question=question,
            brief_summary=describe_brief(brief),
            picks=[PickFacts.from_recommendation(r, by_id[r.profile_id]) for r in recs],
        )
        prompt = render_answer_prompt(facts)
        totals.append(estimate_tokens(prompt.system) + estimate_tokens(prompt.user))
    return round(sum(totals) / len(totals), 1)


def _child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    env.update({"ANONYMIZED_TELEMETRY": "False", "SCOUT_LOG_LEVEL": "WARNING", **extra})
    return env


def _serving(store_path: Path, collection: str, cache: Path) -> dict[str, Any]:
    """One fresh bot-like process (``scout.bench_serving``) opening, warming and querying the store."""
    done = subprocess.run(
        [sys.executable, "-m", "scout.bench_serving", str(store_path), collection, str(cache)],
        capture_output=True,
        text=True,
        check=False,
        env=_child_env(),
        cwd=store_path.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"serving benchmark failed: {done.stderr.strip().splitlines()[-1:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _ask_cold_start(store_path: Path, collection: str) -> float:
    """Wall time of a real ``scout ask`` process against the bench's store (offline, index cache warm).

    The first run is not timed: it writes any missing bytecode, as a user's first run after an
    install does. The figure is the best of the next two runs.
    """
    scout = Path(sys.executable).parent / "scout"
    command = [str(scout)] if scout.exists() else [sys.executable, "-m", "scout.cli"]
    times: list[float] = []
    for _ in range(3):
        t0 = time.perf_counter()
        done = subprocess.run(
            [*command, "ask", ASK_QUESTION, "--json"],
            capture_output=True,
            text=True,
            check=False,
            env=_child_env(CHROMA_PATH=str(store_path), SCOUT_COLLECTION=collection),
            cwd=store_path.parent,  # no developer .env
        )
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            raise RuntimeError(f"scout ask failed: {done.stderr.strip().splitlines()[-1:]}")
    return round(min(times[1:]), 2)


def run_bench(
    settings: Settings,
    *,
    n_profiles: int = 100_000,
    queries: int = 60,
    k: int = 20,
    ingest: bool = True,
    progress: Progress = None,
    store_dir: Path | None = None,
) -> dict[str, Any]:
    """Measure everything; returns the `scout bench --json` document.

    ``ingest=False`` skips the real-model ingest of the sample (its fields are then null), for a
    sweep over sizes where only the query and serving figures change. ``store_dir`` keeps the
    synthetic store there and reuses it when a later run asks for the same size (``scout.bench_store``).

    Raises:
        BenchRefused: ``n_profiles`` is too small or too large for this machine's memory.
        StoreRefused: ``store_dir`` is not empty and is not a bench store.

    """
    from retrieval.connection import index_cache_path, make_client
    from retrieval.embeddings import MINILM_NAME, MiniLMEmbedder
    from retrieval.store import ChromaProfileStore
    from sample_data import load_profiles
    from scout.bench_store import COLLECTION, open_bench_store, regenerate_vectors

    check_size(n_profiles)
    say = progress or (lambda _msg: None)
    report: dict[str, Any] = {"profiles": n_profiles, "embeddings": "synthetic clustered (query figures)"}
    with tempfile.TemporaryDirectory(prefix="scout-bench-") as tmp:
        base = settings.model_copy(update={"chroma_host": None})

        # 1. Ingest with the real model, then the same profiles again unchanged.
        if not ingest:
            report.update(
                ingest_sample_profiles=None,
                ingest_profiles_per_s=None,
                reingest_s=None,
                reingest_unchanged=None,
                reingest_speedup=None,
            )
        else:
            sample = load_profiles()
            ingest_client = make_client(
                base.model_copy(update={"chroma_path": Path(tmp) / "ingest"}).chroma_connection()
            )
            store = ChromaProfileStore(ingest_client, "bench_ingest", MiniLMEmbedder(), use_index=False)
            store.embedder.embed(["warm up"])
            say(f"ingesting the {len(sample):,}-profile sample with the real model...")
            t0 = time.perf_counter()
            store.upsert(sample)
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = store.upsert(sample)
            second = time.perf_counter() - t0
            report.update(
                ingest_sample_profiles=len(sample),
                ingest_profiles_per_s=round(len(sample) / first, 1),
                reingest_s=round(second, 3),
                reingest_unchanged=again.unchanged,
                reingest_speedup=round(first / max(second, 1e-9), 1),
            )
            del store, ingest_client, sample

        # 2. N synthetic profiles written a batch at a time; their vectors kept for the numpy floor.
        # The collection carries the bundled model's identity so a real `scout ask` can open it.
        bench_store = open_bench_store(store_dir, Path(tmp), n_profiles)
        cols = Columns(n_profiles)
        vectors = np.zeros((n_profiles, DIM), dtype=np.float32)
        synth_settings = base.model_copy(
            update={"chroma_path": bench_store.chroma_path, "collection": COLLECTION}
        )
        synth_client = make_client(synth_settings.chroma_connection())
        if bench_store.reusable:
            say(f"reusing the {n_profiles:,} synthetic profiles in {store_dir}...")
            regenerate_vectors(cols, vectors)
            report["synthetic_load_s"] = None
        else:
            say(f"writing {n_profiles:,} synthetic profiles to Chroma...")
            writer = ChromaProfileStore(
                synth_client,
                COLLECTION,
                RecordingEmbedder(vectors, MINILM_NAME),
                use_index=False,
                write_batch=5000,
            )
            t0 = time.perf_counter()
            for batch in cols.batches(25_000):
                writer.upsert(batch)
            report["synthetic_load_s"] = round(time.perf_counter() - t0, 1)
            del writer
            bench_store.mark_written(n_profiles)
        report["synthetic_store_reused"] = bench_store.reusable

        # 3. The serving path in fresh processes: cold load from Chroma (writes the cache), then from the cache.
        cache = index_cache_path(synth_settings.chroma_connection())
        cache.unlink(missing_ok=True)  # a kept store's cache from an earlier run: the cold load needs none
        say("loading the index in a fresh process, without and then with the cache...")
        cold = _serving(synth_settings.chroma_path, COLLECTION, cache)
        warm = _serving(synth_settings.chroma_path, COLLECTION, cache)
        report.update(
            index_load_s=cold["index_load_s"],
            index_cache_load_s=warm["index_load_s"],
            index_cache_used=warm["cache_hit"] and not cold["cache_hit"],
            serving_rss_mb=warm["rss_mb"],
            serving_peak_rss_mb=warm["peak_rss_mb"],
            serving_import_s=warm["import_s"],
            serving_rss_steps_mb=warm["rss_steps_mb"],
            serving_note="fresh process: bundled model + index from cache + Chroma, after 21 searches",
        )
        say("timing a real `scout ask` process...")
        report["ask_cold_start_s"] = _ask_cold_start(synth_settings.chroma_path, COLLECTION)

        # 4. Query figures in this process, on the index mapped from the cache as a bot would hold it.
        synth = ChromaProfileStore(
            synth_client, COLLECTION, SyntheticEmbedder(name=MINILM_NAME), index_cache=cache
        )
        synth.warm()
        ids = [cols.profile_id(i) for i in range(n_profiles)]
        filters = typical_filters()
        where_every = 1 if n_profiles <= 300_000 else max(1, queries // WHERE_QUERIES_LARGE)
        scout_ms: list[float] = []
        where_ms: list[float] = []
        floor_ms: list[float] = []
        recalls: list[float] = []
        say(f"running {queries} filtered queries on each path...")
        embedder = synth.embedder
        for i in range(queries):
            f = filters[i % len(filters)]
            text = f"cluster {i % 120} seed {i}"
            qvec = embedder.embed([text])[0]
            t0 = time.perf_counter()
            got = synth.search(text, f, k)
            scout_ms.append((time.perf_counter() - t0) * 1000)
            if i % where_every == 0:
                t0 = time.perf_counter()
                synth.collection.query(
                    query_embeddings=[qvec.tolist()], n_results=k, where=synth.where_clause(f)
                )
                where_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            exact = numpy_floor(vectors, cols, qvec, f, k)
            floor_ms.append((time.perf_counter() - t0) * 1000)
            exact_ids = {ids[j] for j in exact}
            if exact_ids:
                recalls.append(len(exact_ids & {c.profile.id for c in got}) / len(exact_ids))
        # The service retrieves a pool of candidates for the rules (100 for a 5-pick answer), not just k.
        pool_ms: list[float] = []
        for i in range(queries):
            t0 = time.perf_counter()
            synth.search(f"cluster {i % 120} seed {i}", filters[i % len(filters)], SERVICE_POOL)
            pool_ms.append((time.perf_counter() - t0) * 1000)
        report.update(
            service_pool=SERVICE_POOL,
            service_pool_p50_ms=_pct(pool_ms, 50),
            service_pool_p95_ms=_pct(pool_ms, 95),
            query_p50_ms=_pct(scout_ms, 50),
            query_p95_ms=_pct(scout_ms, 95),
            chroma_where_p50_ms=_pct(where_ms, 50),
            chroma_where_p95_ms=_pct(where_ms, 95),
            chroma_where_queries=len(where_ms),
            numpy_floor_p50_ms=_pct(floor_ms, 50),
            numpy_floor_p95_ms=_pct(floor_ms, 95),
            recall_at_k=round(float(np.mean(recalls)) if recalls else 1.0, 4),
            k=k,
            queries=queries,
        )
        report["speedup_vs_chroma_where_p95"] = round(
            report["chroma_where_p95_ms"] / max(report["query_p95_ms"], 1e-9), 1
        )
        report["ratio_to_numpy_floor_p95"] = round(
            report["query_p95_ms"] / max(report["numpy_floor_p95_ms"], 1e-9), 2
        )
    report["prompt_tokens_per_answer"] = prompt_tokens_per_answer()
    report["prompt_tokens_note"] = "answer-writer prompt for 5 picks, estimated as characters/4"
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["peak_rss_note"] = "the bench process itself, data generation and the numpy floor's copy included"
    return report


def format_bench(report: dict[str, Any]) -> str:
    """A Markdown table for the README."""
    rows = [
        ("profiles (query figures)", f"{report['profiles']:,} ({report['embeddings']})"),
        (
            "ingest, real model",
            "skipped (--skip-ingest)"
            if report["ingest_profiles_per_s"] is None
            else f"{report['ingest_profiles_per_s']} profiles/s ({report['ingest_sample_profiles']:,} sample profiles)",
        ),
        (
            "re-ingest unchanged",
            "skipped (--skip-ingest)"
            if report["reingest_s"] is None
            else f"{report['reingest_s']} s, {report['reingest_speedup']}x faster, "
            f"{report['reingest_unchanged']:,} unchanged",
        ),
        (
            "filtered search p50 / p95",
            f"{report['query_p50_ms']} / {report['query_p95_ms']} ms (k={report['k']})",
        ),
        (
            "the service's pool p50 / p95",
            f"{report['service_pool_p50_ms']} / {report['service_pool_p95_ms']} ms (k={report['service_pool']})",
        ),
        (
            "bare Chroma where p50 / p95",
            f"{report['chroma_where_p50_ms']} / {report['chroma_where_p95_ms']} ms "
            f"({report['chroma_where_queries']} queries)",
        ),
        (
            "numpy exact floor p50 / p95",
            f"{report['numpy_floor_p50_ms']} / {report['numpy_floor_p95_ms']} ms",
        ),
        ("speed-up vs Chroma where (p95)", f"{report['speedup_vs_chroma_where_p95']}x"),
        ("ratio to numpy floor (p95)", f"{report['ratio_to_numpy_floor_p95']}x"),
        ("recall@k vs exact filtered search", f"{report['recall_at_k']}"),
        ("index load, fresh process, no cache", f"{report['index_load_s']} s"),
        ("index load, fresh process, from cache", f"{report['index_cache_load_s']} s"),
        (
            "serving process RSS (warm) / peak",
            f"{report['serving_rss_mb']} / {report['serving_peak_rss_mb']} MB",
        ),
        ("`scout ask` cold start (whole process)", f"{report['ask_cold_start_s']} s"),
        ("bench process peak RSS", f"{report['peak_rss_mb']} MB"),
        ("prompt tokens per answer", f"{report['prompt_tokens_per_answer']} (estimated)"),
    ]
    return "\n".join(["| measure | value |", "| --- | --- |", *(f"| {a} | {b} |" for a, b in rows)])
