"""Chroma Cloud's documented quotas: 300 records per write and per page, at most 8 where predicates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from config.settings import Settings
from matching.filters import SearchFilters, violations
from retrieval.chroma_rows import MAX_WHERE_PREDICATES
from retrieval.connection import cloud_limits
from retrieval.embeddings import MiniLMEmbedder
from retrieval.store import ChromaProfileStore
from tests.integration.test_store import sample_profiles

pytestmark = pytest.mark.integration

NINE = SearchFilters(
    platforms=["instagram", "tiktok"],
    excluded_platforms=["youtube"],
    countries=["US", "GB", "DE"],
    languages=["en", "de"],
    min_followers=2_000,
    max_followers=300_000,
    exclude_handles=["climbing_000"],
    require_email=True,
    posted_since=date(2026, 2, 1),
)


def test_cloud_stores_write_and_page_within_the_quotas() -> None:
    cloud = Settings(CHROMA_HOST="api.trychroma.com", CHROMA_PORT=443, CHROMA_API_KEY="ck-test")
    assert cloud_limits(cloud.chroma_connection()) == (300, 300)
    assert cloud_limits(Settings(CHROMA_HOST="chroma.internal").chroma_connection()) == (500, 2000)
    assert cloud_limits(Settings().chroma_connection()) == (500, 2000)


def test_where_fallback_sends_at_most_eight_predicates_and_still_filters_exactly(
    tmp_path: Path, embedder: MiniLMEmbedder
) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(
        path=str(tmp_path / "c"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = ChromaProfileStore(client, "capped", embedder, use_index=False)
    profiles = sample_profiles()
    store.upsert(profiles)
    clause = ChromaProfileStore.where_clause(NINE)
    assert clause is not None and len(clause["$and"]) == 9
    sent: list[dict[str, Any]] = []
    real_query = store.collection.query

    def spy(**kwargs: Any) -> Any:
        sent.append(kwargs["where"])
        return real_query(**kwargs)

    store.collection.query = spy  # type: ignore[method-assign]
    got = store.search("climbing and baking", NINE, 50)
    assert len(sent) == 1 and len(sent[0]["$and"]) == MAX_WHERE_PREDICATES
    want = {p.id for p in profiles if not violations(p, NINE)}
    assert want and {c.profile.id for c in got} == want
