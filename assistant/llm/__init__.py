"""The language model behind a small interface: an offline implementation and an OpenAI one.

The service asks a ``LanguageModel`` three things: read a question into a ``Brief`` (merged with the
offline parser's result, whose explicit numbers and constraints always win), route a follow-up, and
write prose for an answer from compact facts (grounded afterwards, see assistant/grounding.py).

One concern per module:

- ``facts``: what goes to the model and comes back (``AnswerFacts``, ``PickFacts``, ``LLMUsage``).
- ``interface``: the ``LanguageModel`` protocol.
- ``offline``: ``OfflineModel``, the default (no network) and every fallback.
- ``prompting``: fills the templates in prompts/ (sized, cleaned, fenced).
- ``failures``: classifies client errors into safe warnings; the per-call deadline.
- ``openai_model``: ``OpenAIModel`` (langchain-openai), which never raises.
- ``factory``: ``make_language_model`` for the composition root.

Brief merging (the model's draft against the parser's brief) lives in assistant/brief_merge.py.
"""

from assistant.brief_merge import BriefDraft, merge_brief
from assistant.llm.factory import make_language_model
from assistant.llm.facts import AnswerFacts, LLMUsage, PickFacts, RouteDraft
from assistant.llm.interface import LanguageModel
from assistant.llm.offline import OfflineModel
from assistant.llm.openai_model import COOLDOWN_S, TURN_GRACE_S, OpenAIConfig, OpenAIModel
from assistant.llm.prompting import (
    ANSWER_PROMPT_TOKEN_BUDGET,
    MAX_ANSWER_PICKS,
    AnswerPrompt,
    ChatMessages,
    render_answer_prompt,
    render_brief_prompt,
    render_route_prompt,
)

__all__ = [
    "ANSWER_PROMPT_TOKEN_BUDGET",
    "COOLDOWN_S",
    "MAX_ANSWER_PICKS",
    "TURN_GRACE_S",
    "AnswerFacts",
    "AnswerPrompt",
    "BriefDraft",
    "ChatMessages",
    "LLMUsage",
    "LanguageModel",
    "OfflineModel",
    "OpenAIConfig",
    "OpenAIModel",
    "PickFacts",
    "RouteDraft",
    "make_language_model",
    "merge_brief",
    "render_answer_prompt",
    "render_brief_prompt",
    "render_route_prompt",
]
