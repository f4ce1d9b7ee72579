"""Build the store, the language model and the service from settings (the only place that does).

Factories import providers lazily, so importing this module builds nothing and needs no network.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from config.settings import Settings

if TYPE_CHECKING:
    from assistant.feedback import FeedbackLog
    from assistant.llm import LanguageModel
    from assistant.service import RecommendationService
    from retrieval.embeddings import Embedder
    from retrieval.sharded_store import ShardedProfileStore
    from retrieval.store import ChromaProfileStore


def configure_logging(settings: Settings) -> None:
    """Plain logs on stderr; third-party chatter kept at WARNING."""
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("chromadb", "httpx", "urllib3", "openai", "onnxruntime", "waitress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def make_store(
    settings: Settings, embedder: Embedder | None = None
) -> ChromaProfileStore | ShardedProfileStore:
    """The configured profile store (embedded Chroma by default, a Chroma server when CHROMA_HOST is set).

    With ``SCOUT_SHARDS``, one collection per listed platform behind the same interface.
    """
    from retrieval.connection import open_client
    from retrieval.embeddings import make_embedder
    from retrieval.store import ChromaProfileStore

    connection = settings.chroma_connection()
    shared = embedder or make_embedder(settings.embedding_choice())
    if not settings.shard_platforms:
        return ChromaProfileStore.open(connection, shared)
    from retrieval.sharded_store import ShardedProfileStore, shard_collection

    opened = open_client(connection)

    def open_shard(name: str) -> ChromaProfileStore:
        # The same path as one collection: Cloud page sizes, read-only handling, the cache file.
        shard = connection.with_collection(shard_collection(settings.collection, name))
        return ChromaProfileStore.open(shard, shared, opened=opened)

    label = f"{settings.store_label}-[{','.join((*settings.shard_platforms, 'other'))}]"
    return ShardedProfileStore(open_shard, settings.shard_platforms, label)


def make_seed_store(settings: Settings) -> ChromaProfileStore | ShardedProfileStore:
    """The configured store, embedding through the bundled sample's shipped vectors where they apply.

    The shipped vectors are used only when they were made by the configured model (same identity);
    profiles whose embedding text changed since are embedded as usual.
    """
    from retrieval.embeddings import make_embedder
    from retrieval.precomputed import PrecomputedEmbedder, model_identity
    from sample_data.embeddings import load_shipped

    embedder: Embedder = make_embedder(settings.embedding_choice())
    table = load_shipped(model_identity(embedder))
    if table is not None:
        embedder = PrecomputedEmbedder(embedder, table)
    return make_store(settings, embedder)


def make_llm(settings: Settings) -> LanguageModel:
    """The configured language model (offline without OPENAI_API_KEY)."""
    from assistant.llm import make_language_model

    return make_language_model(settings.openai_config(), today=date.today)


def make_feedback_log(
    settings: Settings, store: ChromaProfileStore | ShardedProfileStore | None = None
) -> FeedbackLog:
    """The team's feedback: a Chroma collection beside the profiles (shared by every bot process)."""
    from retrieval.connection import make_client
    from retrieval.feedback_store import ChromaFeedbackLog, feedback_collection_name

    client = store.client if store is not None else make_client(settings.chroma_connection())
    return ChromaFeedbackLog(client, feedback_collection_name(settings.collection))


def make_service(settings: Settings) -> RecommendationService:
    """The recommendation service wired to the configured store, model and feedback."""
    from assistant.service import RecommendationService
    from matching.weights import rule_config

    store = make_store(settings)
    return RecommendationService(
        store,
        make_llm(settings),
        today=date.today,  # the one clock: the layers below read none of their own
        # The active domain catalogue (SCOUT_DOMAIN): a team's weights and thresholds reach the rules.
        config=rule_config(),
        feedback=make_feedback_log(settings, store),
    )
