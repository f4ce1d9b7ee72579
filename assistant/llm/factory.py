"""Choose the language model from settings (called by the composition root, scout/wiring.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from assistant.llm.interface import LanguageModel
from assistant.llm.offline import OfflineModel
from assistant.llm.openai_model import OpenAIModel

if TYPE_CHECKING:
    from scout.settings import Settings


def make_language_model(settings: Settings, *, today: Callable[[], date] = date.today) -> LanguageModel:
    """``OpenAIModel`` when an API key is configured, else ``OfflineModel``. Builds no client.

    Args:
        settings: ``openai_*`` and ``llm_*`` settings.
        today: The clock for the brief prompt's date (pass the service's so both agree).

    """
    if settings.openai_api_key is None or not settings.openai_api_key.get_secret_value().strip():
        return OfflineModel()
    return OpenAIModel(settings, today=today)
