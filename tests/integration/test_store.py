from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from matching.filters import SearchFilters, violations
from matching.profile import Profile
from retrieval.embeddings import MiniLMEmbedder, Vectors
from retrieval.store import ChromaProfileStore
from tests.conftest import STORE_MODES, StoreFactory, store_factory

pytestmark = pytest.mark.integration

NICHES = {
    "climbing": ["Bouldering and sport climbing, crag days and gear reviews.", "New shoes tested on granite"],
    "baking": ["Sourdough, pastry and vegan baking recipes.", "Croissant lamination step by step"],
    "gaming": ["Retro games, speedruns and console reviews.", "Top 10 handheld consoles"],
    "skincare": [
        "Skincare for sensitive skin, honest product reviews.",
        "My morning routine, fragrance free",
    ],
    "running": ["Marathon training, trail running and race recaps.", "Long run Sunday in the hills"],
}
WORDS = [
    "sunny",
    "rainy",
    "travel",
    "family",
    "budget",
    "weekend",
    "morning",
    "city",
    "mountain",
    "beach",
    "studio",
    "festival",
]
PLATFORMS = ["instagram", "tiktok", "youtube"]
COUNTRIES = ["US", "GB", "DE", None]
LANGUAGES = ["en", "de", None]


def sample_profiles(n: int = 60) -> list[Profile]:
    """Deterministic profiles spread over niches, platforms, countries, sizes and missing fields."""
    niches = list(NICHES)
    out = []
    for i in range(n):
        niche = niches[i % len(niches)]
        bio, caption = NICHES[niche]
        out.append(
            Profile(
                handle=f"{niche}_{i:03d}",
                platform=PLATFORMS[i % 3],
                followers=[3_000, 12_000, 45_000, 90_000, 250_000, 1_500_000][i % 6] + i,
                topics=[niche],
                bio=bio,
                recent_captions=[caption, f"{WORDS[i % len(WORDS)]} {WORDS[(i * 7) % len(WORDS)]} day {i}"],
                country=COUNTRIES[i % 4],
                language=LANGUAGES[i % 3],
                engagement_rate=0.01 + (i % 5) / 100,
                contact_email=f"{niche}{i}@example.com" if i % 2 else None,
                last_post_date=date(2026, 1, 1) + timedelta(days=i * 5) if i % 7 else None,
            )
        )
    return out


class CountingEmbedder:
    """Delegates to the real embedder and counts texts embedded."""

    def __init__(self, inner: MiniLMEmbedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.texts = 0

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.texts += len(texts)
        return self.inner.embed(texts)


FILTER_CASES = [
    SearchFilters(),
    SearchFilters(platforms=["instagram"]),
    SearchFilters(platforms=["tiktok", "youtube"], countries=["US", "GB"]),
    SearchFilters(excluded_platforms=["youtube"], min_followers=10_000, max_followers=100_000),
    SearchFilters(countries=["DE"], languages=["de"]),
    SearchFilters(require_email=True, posted_since=date(2026, 3, 1)),
    SearchFilters(exclude_handles=["climbing_000", "climbing_005"], exclude_ids=["tiktok:baking_001"]),
    SearchFilters(platforms=["snapchat"]),
    SearchFilters(countries=["FR"]),
]


@pytest.fixture(scope="module", params=STORE_MODES)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder
) -> Iterator[StoreFactory]:
    """One collection holding ``sample_profiles()``, shared by the read-only tests of this module."""
    factory, cleanup = store_factory(request, tmp_path_factory.mktemp("loaded") / "chroma", embedder)
    factory().upsert(sample_profiles())
    yield factory
    cleanup()


@pytest.fixture
def store(loaded: StoreFactory) -> ChromaProfileStore:
    return loaded()


def test_upsert_reports_and_reingest_embeds_nothing(
    make_store: StoreFactory, embedder: MiniLMEmbedder
) -> None:
    counting = CountingEmbedder(embedder)
    store = make_store(embedder=counting)
    profiles = sample_profiles(30)
    seen: list[int] = []
    first = store.upsert(profiles, progress=seen.append)
    assert (first.added, first.updated, first.unchanged) == (30, 0, 0)
    assert seen[-1] == 30
    embedded = counting.texts

    second = store.upsert(profiles)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 30)
    assert counting.texts == embedded

    changed = profiles[3].model_copy(update={"bio": "Now all about ice climbing in Norway."})
    third = store.upsert([changed, profiles[4]])
    assert (third.added, third.updated, third.unchanged) == (0, 1, 1)
    assert counting.texts == embedded + 1
    assert store.get([changed.id])[0].bio == "Now all about ice climbing in Norway."


def test_round_trip_and_lookups(store: ChromaProfileStore) -> None:
    profiles = {p.id: p for p in sample_profiles()}
    ids = ["tiktok:baking_031", "missing:nobody", "instagram:climbing_000"]
    got = store.get(ids)
    assert [p.id for p in got] == ["tiktok:baking_031", "instagram:climbing_000"]
    assert got[0] == profiles["tiktok:baking_031"]
    assert [p.id for p in store.find_handle("@Climbing_000")] == ["instagram:climbing_000"]
    assert store.find_handle("nobody") == []
    assert store.handles() == sorted(p.handle.lower() for p in profiles.values())


@pytest.mark.parametrize("filters", FILTER_CASES, ids=range(len(FILTER_CASES)))
def test_search_and_count_respect_filters(store: ChromaProfileStore, filters: SearchFilters) -> None:
    profiles = sample_profiles()
    passing = [p for p in profiles if not violations(p, filters)]
    assert store.count(filters) == len(passing)
    results = store.search("climbing gear", filters, limit=100)
    assert {c.profile.id for c in results} == {p.id for p in passing}
    sims = [c.similarity or 0.0 for c in results]
    assert sims == sorted(sims, reverse=True)


def test_search_ranks_by_meaning(store: ChromaProfileStore) -> None:
    top = store.search("bouldering shoes and crag trips", SearchFilters(), limit=5)
    assert len(top) == 5
    assert all(c.profile.topics == ["climbing"] for c in top)


def test_where_fallback_matches_index(loaded: StoreFactory, store: ChromaProfileStore) -> None:
    plain = loaded(use_index=False)
    for filters in FILTER_CASES:
        want = {c.profile.id: c.similarity for c in store.search("vegan pastry", filters, limit=10)}
        got = {c.profile.id: c.similarity for c in plain.search("vegan pastry", filters, limit=10)}
        assert set(got) == set(want)
        assert all(got[pid] == pytest.approx(want[pid], abs=1e-4) for pid in got)
        assert plain.count(filters) == store.count(filters)
    assert plain.stats().model_dump(exclude={"updated_at"}) == store.stats().model_dump(
        exclude={"updated_at"}
    )
    assert plain.handles() == store.handles()
    assert plain.find_handle("GAMING_002") == store.find_handle("gaming_002")


def test_similar_and_similarity(store: ChromaProfileStore) -> None:
    lookalikes = store.similar("instagram:climbing_000", SearchFilters(), limit=4)
    assert "instagram:climbing_000" not in [c.profile.id for c in lookalikes]
    assert all(c.profile.topics == ["climbing"] for c in lookalikes)
    assert store.similar("nobody:none", SearchFilters(), limit=4) == []

    scores = store.similarity("sourdough bread", ["tiktok:baking_031", "instagram:climbing_000", "x:none"])
    assert set(scores) == {"tiktok:baking_031", "instagram:climbing_000"}
    assert scores["tiktok:baking_031"] > scores["instagram:climbing_000"]


def test_stats(store: ChromaProfileStore) -> None:
    stats = store.stats()
    profiles = sample_profiles()
    assert stats.profiles == len(profiles)
    assert stats.by_platform == {p: sum(x.platform == p for x in profiles) for p in sorted(PLATFORMS)}
    assert sum(stats.by_tier.values()) == len(profiles)
    assert stats.by_country["US"] == sum(p.country == "US" for p in profiles)
    assert stats.updated_at is not None
    assert stats.store.startswith("chroma-")


def test_index_sees_writes_from_another_store(make_store: StoreFactory) -> None:
    reader = make_store()
    reader.upsert(sample_profiles(20))
    assert reader.count(SearchFilters()) == 20  # index loaded
    writer = make_store()  # another process, as far as the reader knows
    newcomer = Profile(
        handle="ice_queen", platform="instagram", followers=20_000, bio="Ice climbing in Norway"
    )
    changed = sample_profiles(20)[2].model_copy(update={"country": "FR"})
    writer.upsert([newcomer, changed])
    assert reader.count(SearchFilters()) == 21
    assert [c.profile.id for c in reader.search("ice climbing", SearchFilters(countries=["FR"]), 5)] == [
        changed.id
    ]
    assert reader.search("ice climbing Norway", SearchFilters(), 1)[0].profile.id == newcomer.id
    assert reader.find_handle("ice_queen")[0].id == newcomer.id


def test_other_embedding_model_is_refused(make_store: StoreFactory, embedder: MiniLMEmbedder) -> None:
    make_store()

    class Other(CountingEmbedder):
        pass

    other = Other(embedder)
    other.name = "another-model"
    with pytest.raises(ValueError, match="built with"):
        make_store(embedder=other)


def test_where_clause_shapes() -> None:
    assert ChromaProfileStore.where_clause(SearchFilters()) is None
    assert ChromaProfileStore.where_clause(SearchFilters(platforms=["tiktok"])) == {
        "platform": {"$in": ["tiktok"]}
    }
    clause = ChromaProfileStore.where_clause(SearchFilters(countries=["US"], min_followers=10))
    assert clause == {"$and": [{"country": {"$in": ["US"]}}, {"followers": {"$gte": 10}}]}


def test_persisted_collection_reopens_in_new_process(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    path = tmp_path / "chroma"
    client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
    store = ChromaProfileStore(client, "reopen-test", embedder)
    store.upsert(sample_profiles(25))
    query = "sourdough and vegan pastry"
    expected = store.search(query, SearchFilters(), 1)[0].profile.id

    # A bare Chroma client in a new process, no embedding function passed: the registered one is rebuilt.
    script = f"""
import json, chromadb
from chromadb.config import Settings
import retrieval.store  # registers Scout's embedding function
client = chromadb.PersistentClient(path={str(path)!r}, settings=Settings(anonymized_telemetry=False))
col = client.get_collection("reopen-test")
bare = col.query(query_texts=[{query!r}], n_results=1)["ids"][0][0]
from retrieval.store import ChromaProfileStore
from retrieval.embeddings import MiniLMEmbedder
from matching.filters import SearchFilters
store = ChromaProfileStore(client, "reopen-test", MiniLMEmbedder())
print(json.dumps({{"bare": bare, "store": store.search({query!r}, SearchFilters(), 1)[0].profile.id,
                  "count": store.count(SearchFilters())}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"bare": expected, "store": expected, "count": 25}


def test_exact_search_matches_brute_force(store: ChromaProfileStore, embedder: MiniLMEmbedder) -> None:
    index = store.filter_index()
    assert index is not None
    query = embedder.embed(["marathon training"])[0]
    filters = SearchFilters(platforms=["instagram", "tiktok"], min_followers=10_000)
    mask = index.mask(filters)
    scores = index.vectors @ query
    order = sorted((-scores[i], index.ids[i]) for i in np.flatnonzero(mask))
    want = [pid for _, pid in order[:7]]
    assert [pid for pid, _ in index.exact_search(query, filters, 7)] == want


def test_index_cache_starts_new_process_and_catches_up(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    def open_store() -> ChromaProfileStore:
        client = chromadb.PersistentClient(
            path=str(tmp_path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        return ChromaProfileStore(client, "cached", embedder, index_cache=tmp_path / "cached.index.npz")

    first = open_store()
    first.upsert(sample_profiles(20))
    assert first.count(SearchFilters()) == 20
    assert (tmp_path / "cached.index.npz").exists()
    # Written after the cache was saved: the next process must fetch it on top of the cache.
    first.upsert([Profile(handle="late_one", platform="tiktok", followers=15_000, country="FR")])

    second = open_store()
    sync = second._index
    assert sync is not None
    assert second.count(SearchFilters(countries=["FR"])) == 1
    assert second.count(SearchFilters()) == 21
    assert (sync.cache_hits, sync.loads, sync.incremental_loads) == (1, 0, 1)
    want = first.search("bouldering", SearchFilters(platforms=["instagram"]), 5)
    got = second.search("bouldering", SearchFilters(platforms=["instagram"]), 5)
    assert [c.profile.id for c in got] == [c.profile.id for c in want]


def test_damaged_cache_is_ignored(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    cache = tmp_path / "broken.index.npz"
    cache.write_bytes(b"not a numpy file")
    client = chromadb.PersistentClient(
        path=str(tmp_path / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = ChromaProfileStore(client, "broken", embedder, index_cache=cache)
    store.upsert(sample_profiles(10))
    assert store.count(SearchFilters()) == 10
    assert store.filter_index() is not None


def test_filter_index_tracks_appends_replacements_and_reload(tmp_path: Path) -> None:
    from retrieval.chroma_rows import profile_metadata
    from retrieval.filter_index import FilterIndex

    rng = np.random.default_rng(7)
    profiles = sample_profiles(60)
    vectors = rng.standard_normal((60, 8)).astype(np.float32)
    index = FilterIndex(8)
    index.upsert_rows(
        [p.id for p in profiles[:10]], vectors[:10], [profile_metadata(p, 1) for p in profiles[:10]]
    )
    for start in range(10, 60, 7):  # many small appends: growth into spare capacity
        chunk = profiles[start : start + 7]
        index.upsert_rows(
            [p.id for p in chunk], vectors[start : start + 7], [profile_metadata(p, 2) for p in chunk]
        )
    before = index.ids[:]
    # Replace two rows (one moves country) and repeat an ID within one call: the last one wins.
    moved = profiles[4].model_copy(update={"country": "FR"})
    index.upsert_rows(
        [moved.id, profiles[9].id, profiles[9].id],
        np.ones((3, 8), dtype=np.float32),
        [profile_metadata(moved, 3), profile_metadata(profiles[9], 3), profile_metadata(profiles[9], 3)],
    )
    profiles[4] = moved
    assert index.ids == before and len(index) == 60
    replaced = index.vector(profiles[9].id)
    assert replaced is not None and np.array_equal(replaced, np.ones(8, dtype=np.float32))

    index.save(tmp_path / "i.npz", {"version": 3})
    reloaded, meta = FilterIndex.load(tmp_path / "i.npz")
    assert meta["version"] == 3
    for candidate in (index, reloaded):
        for filters in [*FILTER_CASES, SearchFilters(countries=["FR"])]:
            want = {p.id for p in profiles if not violations(p, filters)}
            got = {pid for pid, keep in zip(candidate.ids, candidate.mask(filters), strict=True) if keep}
            assert got == want, filters
        assert candidate.ids_for_handle("@CLIMBING_000") == ["instagram:climbing_000"]
        assert candidate.facet("country")["FR"] == 1


def test_langchain_view_reads_the_same_collection(store: ChromaProfileStore) -> None:
    from retrieval.langchain_adapter import as_langchain_vectorstore

    view = as_langchain_vectorstore(store)
    docs = view.similarity_search("bouldering and rock climbing", k=3)
    ours = [c.profile.id for c in store.search("bouldering and rock climbing", SearchFilters(), 3)]
    assert [d.id for d in docs] == ours
    first = Profile.model_validate_json(docs[0].metadata["profile"])
    assert first.id == ours[0]
    retriever = view.as_retriever(search_kwargs={"k": 2, "filter": {"platform": "tiktok"}})
    assert all(d.metadata["platform"] == "tiktok" for d in retriever.invoke("climbing"))
