"""Build the store, the language model and the service from settings (the only place that does).

Factories import providers lazily, so importing this module builds nothing and needs no network.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scout.settings import Settings

if TYPE_CHECKING:
    from assistant.feedback import FeedbackLog
    from assistant.llm import LanguageModel
    from assistant.service import RecommendationService
    from retrieval.store import ChromaProfileStore


def configure_logging(settings: Settings) -> None:
    """Plain logs on stderr; third-party chatter kept at WARNING."""
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("chromadb", "httpx", "urllib3", "openai", "onnxruntime", "waitress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def make_store(settings: Settings) -> ChromaProfileStore:
    """The configured profile store (embedded Chroma by default, a Chroma server when CHROMA_HOST is set)."""
    from retrieval.store import ChromaProfileStore

    return ChromaProfileStore.from_settings(settings)


def make_llm(settings: Settings) -> LanguageModel:
    """The configured language model (offline without OPENAI_API_KEY)."""
    from assistant.llm import make_language_model

    return make_language_model(settings)


def make_feedback_log(settings: Settings, store: ChromaProfileStore | None = None) -> FeedbackLog:
    """The team's feedback: a Chroma collection beside the profiles (shared by every bot process)."""
    from retrieval.feedback_store import ChromaFeedbackLog, feedback_collection_name
    from retrieval.store import make_client

    client = store.client if store is not None else make_client(settings)
    return ChromaFeedbackLog(client, feedback_collection_name(settings.collection))


def make_service(settings: Settings) -> RecommendationService:
    """The recommendation service wired to the configured store, model and feedback."""
    from assistant.service import RecommendationService

    store = make_store(settings)
    return RecommendationService(store, make_llm(settings), feedback=make_feedback_log(settings, store))
