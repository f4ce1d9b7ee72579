"""Choose the language model (called by the composition root, scout/wiring.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from assistant.llm.interface import LanguageModel
from assistant.llm.offline import OfflineModel
from assistant.llm.openai_model import OpenAIConfig, OpenAIModel


def make_language_model(config: OpenAIConfig, *, today: Callable[[], date]) -> LanguageModel:
    """``OpenAIModel`` when ``config`` has an API key, else ``OfflineModel``. Builds no client.

    Args:
        config: The chat model, key and endpoint (``Settings.openai_config()``).
        today: The clock for the brief prompt's date (pass the service's so both agree).

    """
    if config.api_key is None or not config.api_key.get_secret_value().strip():
        return OfflineModel()
    return OpenAIModel(config, today=today)
