"""Fill the prompt templates in prompts/ from facts: what each call sends, sized and fenced.

The templates themselves live in prompts/; this module only cleans, cuts and fences the values
that go into them (profile text and the user's message are untrusted).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Final, NamedTuple

from pydantic import BaseModel, Field

import prompts
from assistant.llm.facts import AnswerFacts, PickFacts
from matching.brief import MAX_PICKS, Brief

ANSWER_PROMPT_TOKEN_BUDGET: Final = 2_500
"""Most tokens (estimated chars/4) the rendered answer prompt may use, system and user together."""
MAX_ANSWER_PICKS: Final = 10

_PICK_SHAPES: Final = (
    # (bio chars, captions, caption chars, reason chars, reasons)
    (320, 2, 160, 200, 4),
    (220, 1, 140, 180, 4),
    (140, 1, 100, 160, 3),
    (80, 0, 0, 140, 3),
    (0, 0, 0, 120, 3),
    (0, 0, 0, 90, 2),
)


class ChatMessages(NamedTuple):
    """A rendered system and user message pair."""

    system: str
    user: str


class AnswerPrompt(BaseModel):
    """A rendered answer prompt and its estimated size."""

    system: str
    user: str
    tokens: int
    max_words: int
    truncated: bool = Field(False, description="True when profile text or reasons were cut further to fit.")


def _followers(n: int) -> str:
    if n >= 1_000_000:
        return f"{n:,} ({n / 1_000_000:.1f}M)"
    if n >= 1_000:
        return f"{n:,} ({n / 1_000:.1f}k)"
    return f"{n:,}"


def _render_pick(p: PickFacts, shape: tuple[int, int, int, int, int]) -> str:
    bio_chars, n_captions, caption_chars, reason_chars, n_reasons = shape
    clean = prompts.clean_text
    where = f", {clean(p.country)}" if p.country else ""
    head = f"#{p.rank} @{clean(p.handle)} ({clean(p.platform)}{where}, {clean(p.tier)}): {_followers(p.followers)} followers"
    if p.engagement_rate is not None:
        head += f"; engagement {p.engagement_rate * 100:.1f}%"
        if p.engagement_benchmark:
            head += f" (median for tier {p.engagement_benchmark * 100:.2f}%)"
    lines = [head]
    lines.extend(f"  reason: {prompts.truncate(clean(r), reason_chars)}" for r in p.reasons[:n_reasons])
    lines.extend(f"  caveat: {prompts.truncate(clean(c), reason_chars)}" for c in p.caveats[:2])
    if p.bio and bio_chars:
        lines.append(
            "  bio: " + prompts.fence_untrusted(p.bio, label=f"bio of @{p.handle}", max_chars=bio_chars)
        )
    for caption in p.captions[:n_captions]:
        lines.append(
            "  caption: "
            + prompts.fence_untrusted(caption, label=f"caption by @{p.handle}", max_chars=caption_chars)
        )
    return "\n".join(lines)


def render_answer_prompt(
    facts: AnswerFacts, *, token_budget: int = ANSWER_PROMPT_TOKEN_BUDGET
) -> AnswerPrompt:
    """The answer writer's system and user messages, shrunk to fit ``token_budget``.

    Bios and captions are cut first, then reasons; at most ``MAX_ANSWER_PICKS`` picks are shown.

    Args:
        facts: What the answer may say.
        token_budget: Most estimated tokens (chars/4) for both messages together.

    """
    picks = facts.picks[:MAX_ANSWER_PICKS]
    max_words = min(320, 60 + 45 * max(1, len(picks)))
    system = prompts.render("answer_writer", max_words=max_words)
    # The <user_message> fence is in the template; the cleaned text cannot close it.
    question = prompts.truncate(" ".join(prompts.clean_text(facts.question).split()), 600)
    warnings = "; ".join(prompts.truncate(prompts.clean_text(w), 200) for w in facts.warnings[:4]) or "none"
    summary = prompts.truncate(prompts.clean_text(facts.brief_summary), 400) or "none"
    user = ""
    tokens = 0
    for i, shape in enumerate(_PICK_SHAPES):
        body = "\n".join(_render_pick(p, shape) for p in picks) or "(no picks)"
        user = prompts.render(
            "answer_writer_user", question=question, brief_summary=summary, picks=body, warnings=warnings
        )
        tokens = prompts.estimate_tokens(system) + prompts.estimate_tokens(user)
        if tokens <= token_budget:
            return AnswerPrompt(system=system, user=user, tokens=tokens, max_words=max_words, truncated=i > 0)
    return AnswerPrompt(system=system, user=user, tokens=tokens, max_words=max_words, truncated=True)


def _parsed_summary(parsed: Brief) -> str:
    keep = parsed.model_dump(
        mode="json",
        exclude={"question", "notes", "provenance", "size_defaulted"},
        exclude_defaults=True,
    )
    return prompts.clean_text(json.dumps(keep, ensure_ascii=False)) if keep else "{}"


def render_brief_prompt(question: str, parsed: Brief, *, today: date) -> ChatMessages:
    """The brief extractor's messages: the question (cut, cleaned) and the parser's reading of it.

    Args:
        question: The user's message (untrusted; fenced by the template).
        parsed: The offline parser's brief, shown so the model completes rather than restarts it.
        today: The date relative phrases ("last month") are read against.

    """
    system = prompts.render("brief_extraction", today=today.isoformat(), max_picks=MAX_PICKS)
    fenced = prompts.clean_text(prompts.truncate(question, 2_000))
    user = prompts.render("brief_extraction_user", question=fenced, parsed=_parsed_summary(parsed))
    return ChatMessages(system, user)


def render_route_prompt(text: str, *, has_list: bool) -> ChatMessages:
    """The follow-up router's messages for a message in a thread (``has_list``: a list was shown)."""
    # The sentence is a prompt of its own (string.Template has no conditionals); stripped because it
    # is spliced mid-paragraph.
    has = prompts.render("followup_router_with_list" if has_list else "followup_router_without_list").strip()
    system = prompts.render("followup_router", has_list_sentence=has)
    user = prompts.render("followup_router_user", message=prompts.clean_text(prompts.truncate(text, 1_000)))
    return ChatMessages(system, user)
