"""Seeding from the shipped sample embeddings: nothing embedded, the same vectors, stale ones refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import sample_data
from config.settings import Settings
from matching.filters import SearchFilters
from retrieval.embeddings import MiniLMEmbedder
from retrieval.precomputed import PrecomputedEmbedder, model_identity, text_key
from retrieval.store import ChromaProfileStore
from sample_data.embeddings import load_shipped
from scout.wiring import make_seed_store
from tests.integration.test_store import CountingEmbedder

pytestmark = pytest.mark.integration

STALE = "stale or missing: run `python -m sample_data.embeddings` (or `make embeddings`) and commit the file"


@pytest.fixture(scope="module")
def table(embedder: MiniLMEmbedder) -> dict[bytes, np.ndarray]:
    found = load_shipped(model_identity(embedder))
    assert found is not None, STALE
    return found


def test_shipped_vectors_cover_the_sample_and_come_from_the_bundled_model(
    table: dict[bytes, np.ndarray], embedder: MiniLMEmbedder
) -> None:
    texts = [p.embedding_text() for p in sample_data.load_profiles()]
    missing = [t for t in texts if text_key(t) not in table]
    assert not missing, f"{len(missing)} profiles have no shipped vector; {STALE}"
    fresh = embedder.embed(texts[:16])
    shipped = np.stack([table[text_key(t)] for t in texts[:16]])
    assert shipped.dtype == np.float32
    assert np.allclose(fresh, shipped, atol=1e-5)


def test_vectors_from_another_model_are_never_used(embedder: MiniLMEmbedder) -> None:
    identity = model_identity(embedder)
    assert identity is not None and identity.startswith(embedder.name)
    assert load_shipped(identity.replace("max_length=256", "max_length=128")) is None
    assert load_shipped("openai:text-embedding-3-small") is None
    assert load_shipped(None) is None
    # A model without a local identity (a remote API) gets no shipped vectors at all.
    assert model_identity(CountingEmbedder(embedder)) is None  # type: ignore[arg-type]


def test_only_profiles_whose_text_changed_are_embedded(
    tmp_path: Path, table: dict[bytes, np.ndarray], embedder: MiniLMEmbedder
) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    profiles = sample_data.load_profiles()[:200]
    changed = profiles[7].model_copy(update={"bio": "Rooftop beekeeping and honey tasting, every week."})
    profiles[7] = changed
    counting = CountingEmbedder(embedder)
    client = chromadb.PersistentClient(
        path=str(tmp_path / "c"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = ChromaProfileStore(client, "seeded", PrecomputedEmbedder(counting, table))  # type: ignore[arg-type]
    report = store.upsert(profiles)
    assert report.added == 200
    assert counting.texts == 1  # only the changed profile went through the model
    stored = store.stored_vectors([profiles[0].id, changed.id])
    assert np.array_equal(stored[profiles[0].id], table[text_key(profiles[0].embedding_text())])
    assert np.allclose(stored[changed.id], embedder.embed([changed.embedding_text()])[0], atol=1e-6)
    # Searching with its new text finds it: it is indexed under the new vector, not the shipped one.
    top = store.search(changed.embedding_text(), SearchFilters(), 1)
    assert [c.profile.id for c in top] == [changed.id]
    assert (top[0].similarity or 0) > 0.99


def test_scout_seed_wiring_writes_the_whole_sample_without_embedding(tmp_path: Path) -> None:
    settings = Settings(CHROMA_PATH=tmp_path / "chroma")
    store = make_seed_store(settings)
    assert isinstance(store, ChromaProfileStore)
    shipped = store.embedder
    assert isinstance(shipped, PrecomputedEmbedder)
    profiles = sample_data.load_profiles()
    report = store.upsert(profiles)
    assert (report.added, shipped.hits, shipped.misses) == (len(profiles), len(profiles), 0)
    again = make_seed_store(settings).upsert(profiles)
    assert again.unchanged == len(profiles)
