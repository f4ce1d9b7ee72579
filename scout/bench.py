"""`scout bench`: speed, memory and cost figures, measured in temporary stores (the configured one is untouched).

- Ingest throughput uses the real bundled model on the bundled sample (3,688 profiles), then the same
  file again unchanged (content hashes: nothing re-embedded).
- Query figures use N synthetic profiles with realistic metadata (lognormal followers, market-weighted
  countries, platform mix) and synthetic clustered embeddings (the output says so): embedding 100k
  texts with the real model would take ~10 minutes and measures the model, not retrieval.
- Three retrieval paths over the same filters and embeddings: Scout's store search (index mask,
  exact scoring, profiles fetched from Chroma), a bare Chroma ``where`` query, and exact filtered
  search in plain numpy (the floor). Recall@k is Scout's candidates against that exact search.
"""

from __future__ import annotations

import re
import resource
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scout.settings import Settings

Progress = Callable[[str], None] | None

_PLATFORMS = ("instagram", "tiktok", "youtube")
_PLATFORM_P = (0.5, 0.35, 0.15)
_COUNTRIES = ("US", "GB", "BR", "IN", "DE", "FR", "MX", "ES", "IT", "CA", "AU", "JP", "NL", "SE", "PL")
_COUNTRY_P = np.array([30, 9, 8, 8, 6, 6, 5, 5, 5, 4, 4, 3, 3, 2, 2], dtype=float)
_TEXT = re.compile(r"cluster (\d+) seed (\d+)")
DIM = 384
SERVICE_POOL = 100  # RecommendationService's default candidate pool for a 5-pick answer


class SyntheticEmbedder:
    """Maps 'cluster C seed S' texts to a unit vector near centroid C (clustered like real topics)."""

    name = "synthetic-clustered"
    dim = DIM

    def __init__(self, clusters: int = 120, spread: float = 0.6, seed: int = 7) -> None:
        rng = np.random.default_rng(seed)
        c = rng.standard_normal((clusters, DIM)).astype(np.float32)
        self.centroids = c / np.linalg.norm(c, axis=1, keepdims=True)
        self.spread = spread

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Deterministic vectors: the same text always gives the same vector."""
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            m = _TEXT.search(text)
            cluster, seed = (int(m.group(1)), int(m.group(2))) if m else (0, zlib.crc32(text.encode()))
            noise = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
            v = self.centroids[cluster % len(self.centroids)] + self.spread * noise / np.sqrt(DIM) * 4
            out[i] = v / np.linalg.norm(v)
        return out


def synthetic_profiles(n: int, seed: int = 11) -> list[Any]:
    """N profiles with realistic filter fields and a 'cluster C seed S' bio for the synthetic embedder."""
    from matching.profile import Profile

    rng = np.random.default_rng(seed)
    followers = np.clip(rng.lognormal(mean=10.2, sigma=1.4, size=n), 1_000, 50_000_000).astype(int)
    platforms = rng.choice(len(_PLATFORMS), size=n, p=_PLATFORM_P)
    countries = rng.choice(len(_COUNTRIES), size=n, p=_COUNTRY_P / _COUNTRY_P.sum())
    clusters = rng.integers(0, 120, size=n)
    email = rng.random(n) < 0.6
    return [
        Profile(
            handle=f"synth_{i:06d}",
            platform=_PLATFORMS[platforms[i]],
            followers=int(followers[i]),
            country=_COUNTRIES[countries[i]],
            language="en",
            bio=f"cluster {clusters[i]} seed {i + 1_000_000}",
            contact_email=f"synth{i}@example.com" if email[i] else None,
        )
        for i in range(n)
    ]


def typical_filters() -> list[Any]:
    """The brief shapes that dominate real traffic: tier or follower range, platform, country."""
    from matching.filters import SearchFilters

    return [
        SearchFilters(min_followers=10_000, max_followers=100_000, platforms=["instagram"], countries=["US"]),
        SearchFilters(min_followers=10_000, max_followers=50_000, countries=["GB"]),
        SearchFilters(min_followers=10_000, max_followers=100_000, platforms=["tiktok"]),
        SearchFilters(
            min_followers=1_000, max_followers=10_000, platforms=["instagram"], countries=["DE", "FR"]
        ),
        SearchFilters(platforms=["youtube"], countries=["US", "CA"], require_email=True),
        SearchFilters(min_followers=100_000, max_followers=500_000, countries=["BR"]),
    ]


def _pct(values: Sequence[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(values), q)), 2)


def _numpy_floor(
    vectors: NDArray[np.float32],
    followers: NDArray[np.int64],
    platform: NDArray[np.str_],
    country: NDArray[np.str_],
    email: NDArray[np.bool_],
    query: NDArray[np.float32],
    f: Any,
    k: int,
) -> list[int]:
    """Exact filtered cosine search in plain numpy: the floor to compare with."""
    mask = np.ones(len(followers), dtype=bool)
    if f.min_followers is not None:
        mask &= followers >= f.min_followers
    if f.max_followers is not None:
        mask &= followers <= f.max_followers
    if f.platforms:
        mask &= np.isin(platform, f.platforms)
    if f.countries:
        mask &= np.isin(country, f.countries)
    if f.require_email:
        mask &= email
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    scores = vectors[idx] @ query
    top = np.argpartition(-scores, min(k, idx.size) - 1)[: min(k, idx.size)]
    return [int(idx[i]) for i in top[np.argsort(-scores[top])]]


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


def run_bench(
    settings: Settings,
    *,
    n_profiles: int = 100_000,
    queries: int = 60,
    k: int = 20,
    progress: Progress = None,
) -> dict[str, Any]:
    """Measure everything; returns the `scout bench --json` document."""
    from retrieval.embeddings import MiniLMEmbedder
    from retrieval.store import ChromaProfileStore, make_client
    from sample_data import load_profiles

    say = progress or (lambda _msg: None)
    report: dict[str, Any] = {"profiles": n_profiles, "embeddings": "synthetic clustered (query figures)"}
    with tempfile.TemporaryDirectory(prefix="scout-bench-") as tmp:
        base = settings.model_copy(update={"chroma_host": None})

        # 1. Ingest with the real model, then the same profiles again unchanged.
        sample = load_profiles()
        ingest_client = make_client(base.model_copy(update={"chroma_path": Path(tmp) / "ingest"}))
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

        # 2. N synthetic profiles: Scout's search vs a bare Chroma where vs the numpy floor.
        say(f"building {n_profiles:,} synthetic profiles...")
        embedder = SyntheticEmbedder()
        profiles = synthetic_profiles(n_profiles)
        synth_client = make_client(base.model_copy(update={"chroma_path": Path(tmp) / "synth"}))
        synth = ChromaProfileStore(synth_client, "bench_synth", embedder)
        t0 = time.perf_counter()
        synth.upsert(profiles)
        report["synthetic_load_s"] = round(time.perf_counter() - t0, 1)
        t0 = time.perf_counter()
        synth.warm()
        report["index_load_s"] = round(time.perf_counter() - t0, 2)

        vectors = embedder.embed([p.embedding_text() for p in profiles])
        followers = np.array([p.followers for p in profiles], dtype=np.int64)
        platform = np.array([p.platform for p in profiles])
        country = np.array([p.country for p in profiles])
        email = np.array([bool(p.contact_email) for p in profiles])
        ids = [p.id for p in profiles]

        filters = typical_filters()
        scout_ms: list[float] = []
        where_ms: list[float] = []
        floor_ms: list[float] = []
        recalls: list[float] = []
        say(f"running {queries} filtered queries on each path...")
        for i in range(queries):
            f = filters[i % len(filters)]
            text = f"cluster {i % 120} seed {i}"
            qvec = embedder.embed([text])[0]
            t0 = time.perf_counter()
            got = synth.search(text, f, k)
            scout_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            synth.collection.query(query_embeddings=[qvec.tolist()], n_results=k, where=synth.where_clause(f))
            where_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            exact = _numpy_floor(vectors, followers, platform, country, email, qvec, f, k)
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
    return report


def format_bench(report: dict[str, Any]) -> str:
    """A Markdown table for the README."""
    rows = [
        ("profiles (query figures)", f"{report['profiles']:,} ({report['embeddings']})"),
        (
            "ingest, real model",
            f"{report['ingest_profiles_per_s']} profiles/s ({report['ingest_sample_profiles']:,} sample profiles)",
        ),
        (
            "re-ingest unchanged",
            f"{report['reingest_s']} s, {report['reingest_speedup']}x faster, {report['reingest_unchanged']:,} unchanged",
        ),
        (
            "filtered search p50 / p95",
            f"{report['query_p50_ms']} / {report['query_p95_ms']} ms (k={report['k']})",
        ),
        (
            "bare Chroma where p50 / p95",
            f"{report['chroma_where_p50_ms']} / {report['chroma_where_p95_ms']} ms",
        ),
        (
            "numpy exact floor p50 / p95",
            f"{report['numpy_floor_p50_ms']} / {report['numpy_floor_p95_ms']} ms",
        ),
        ("speed-up vs Chroma where (p95)", f"{report['speedup_vs_chroma_where_p95']}x"),
        ("ratio to numpy floor (p95)", f"{report['ratio_to_numpy_floor_p95']}x"),
        ("recall@k vs exact filtered search", f"{report['recall_at_k']}"),
        ("index load (cold, no cache)", f"{report['index_load_s']} s"),
        ("peak RSS", f"{report['peak_rss_mb']} MB"),
        ("prompt tokens per answer", f"{report['prompt_tokens_per_answer']} (estimated)"),
    ]
    return "\n".join(["| measure | value |", "| --- | --- |", *(f"| {a} | {b} |" for a, b in rows)])
