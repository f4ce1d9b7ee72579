"""Sharding by platform: several collections behind the store interface answer as one collection would."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from matching.filters import SearchFilters
from retrieval.embeddings import MiniLMEmbedder
from retrieval.sharded_store import OTHER, ShardedProfileStore, shard_collection
from retrieval.store import ChromaProfileStore
from tests.conftest import STORE_MODES
from tests.integration.test_store import FILTER_CASES, sample_profiles

pytestmark = pytest.mark.integration

QUERIES = ("bouldering and crag days", "vegan pastry", "retro console speedruns")


@pytest.fixture(scope="module", params=STORE_MODES)
def pair(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder
) -> Iterator[tuple[ShardedProfileStore, ChromaProfileStore]]:
    """The same profiles in a sharded store (instagram, tiktok, other) and in one plain collection."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    quiet = ChromaSettings(anonymized_telemetry=False)
    if request.param == "server":
        server = request.getfixturevalue("chroma_server")
        client = chromadb.HttpClient(host=server.host, port=server.port, settings=quiet)
    else:
        client = chromadb.PersistentClient(path=str(tmp_path_factory.mktemp("shards") / "c"), settings=quiet)
    base = f"shard-{uuid.uuid4().hex[:8]}"
    cache_dir: Path = tmp_path_factory.mktemp("shard-cache")

    def open_shard(name: str) -> ChromaProfileStore:
        collection = shard_collection(base, name)
        return ChromaProfileStore(client, collection, embedder, index_cache=cache_dir / f"{collection}.index")

    sharded = ShardedProfileStore(open_shard, ["instagram", "tiktok"], label="sharded")
    single = ChromaProfileStore(client, f"{base}-single", embedder)
    profiles = sample_profiles()
    report = sharded.upsert(profiles)
    assert (report.added, report.updated, report.unchanged) == (len(profiles), 0, 0)
    single.upsert(profiles)
    yield sharded, single
    if request.param == "server":
        for name in (*sharded.shards, "single"):
            client.delete_collection(f"{base}-{name}")


def test_each_shard_holds_only_its_platforms(pair: tuple[ShardedProfileStore, ChromaProfileStore]) -> None:
    sharded, _ = pair
    assert set(sharded.shards) == {"instagram", "tiktok", OTHER}
    for name, store in sharded.shards.items():
        platforms = set(store.stats().by_platform)
        assert platforms == ({"youtube"} if name == OTHER else {name})
    again = sharded.upsert(sample_profiles())
    assert (again.added, again.updated, again.unchanged) == (0, 0, 60)


@pytest.mark.parametrize("filters", FILTER_CASES, ids=range(len(FILTER_CASES)))
def test_search_count_and_similar_match_one_collection(
    pair: tuple[ShardedProfileStore, ChromaProfileStore], filters: SearchFilters
) -> None:
    sharded, single = pair
    assert sharded.count(filters) == single.count(filters)
    for query in QUERIES:
        got = [(c.profile.id, round(c.similarity or 0, 5)) for c in sharded.search(query, filters, 12)]
        want = [(c.profile.id, round(c.similarity or 0, 5)) for c in single.search(query, filters, 12)]
        assert got == want, query
    seed = "tiktok:baking_001"
    assert [c.profile.id for c in sharded.similar(seed, filters, 8)] == [
        c.profile.id for c in single.similar(seed, filters, 8)
    ]


def test_reads_by_id_and_handle_route_to_the_right_shard(
    pair: tuple[ShardedProfileStore, ChromaProfileStore],
) -> None:
    sharded, single = pair
    ids = ["youtube:gaming_002", "instagram:climbing_000", "nobody:here", "tiktok:skincare_013"]
    assert [p.id for p in sharded.get(ids)] == [
        "youtube:gaming_002",
        "instagram:climbing_000",
        "tiktok:skincare_013",
    ]
    assert [p.id for p in sharded.find_handle("@Gaming_002")] == ["youtube:gaming_002"]
    assert sharded.handles() == single.handles()
    sims = sharded.similarity("retro games", ids)
    assert set(sims) == {"youtube:gaming_002", "instagram:climbing_000", "tiktok:skincare_013"}
    assert sims == pytest.approx(single.similarity("retro games", ids))
    stats, one = sharded.stats(), single.stats()
    assert (stats.profiles, stats.by_platform, stats.by_tier, stats.by_country) == (
        one.profiles,
        one.by_platform,
        one.by_tier,
        one.by_country,
    )


def test_the_configured_shards_are_opened_like_one_collection(
    tmp_path: Path, embedder: MiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Shards used to be built by hand, skipping the Cloud page sizes and read-only handling that one
    # collection gets; now each goes through ChromaProfileStore.open, on one shared client.
    from config.settings import Settings
    from scout.wiring import make_store

    settings = Settings(_env_file=None, CHROMA_PATH=str(tmp_path / "chroma"), SCOUT_SHARDS="instagram")
    # As with a Chroma Cloud API key (the real limits need a Cloud host to connect to).
    monkeypatch.setattr("retrieval.store.cloud_limits", lambda _conn: (300, 300))
    sharded = make_store(settings, embedder)
    assert isinstance(sharded, ShardedProfileStore)
    assert set(sharded.shards) == {"instagram", OTHER}
    clients = {id(store.client) for store in sharded.shards.values()}
    assert len(clients) == 1
    for name, store in sharded.shards.items():
        assert (store.write_batch, store.scan_page, store.read_page) == (300, 300, 300)
        assert (
            store._index is not None
            and store._index.cache_path == tmp_path / f"chroma-influencers-{name}.index"
        )
        assert not store.read_only
