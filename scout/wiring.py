"""Build the store, the language model and the service from settings (the only place that does).

Factories import providers lazily, so importing this module builds nothing and needs no network.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scout.settings import Settings

if TYPE_CHECKING:
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


def make_service(settings: Settings) -> RecommendationService:
    """The recommendation service wired to the configured store and model."""
    from assistant.service import RecommendationService

    return RecommendationService(make_store(settings), make_llm(settings))
