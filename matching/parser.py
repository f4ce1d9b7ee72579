"""The offline brief parser: a marketer's everyday question -> :class:`~matching.brief.Brief`, no LLM.

``parse_brief("5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in
the US")`` gives k=5, platforms=['instagram'], tiers=['micro'], 10k-100k followers, topics
['climbing', 'nutrition'], values ['sustainable'], audience_countries ['US'] and the brand phrase.

How it works: extractors run in a fixed order over the question, each claiming the characters it
used (a budget claims "$5k", so the follower reader never sees "5k"; the follower reader claims
"10k", so "10k" is not read as the running niche). Topics are read last from what nobody claimed.
Every regex is linear (no nested unbounded repeats), so long pasted text stays fast.

This module is the orchestrator: the order of the extractors and the assembly of the Brief. Each
extractor lives in its own file under :mod:`matching.parsing` (shared word tables in
:mod:`matching.parsing.words`, the shared state in :mod:`matching.parsing.context`).
"""

from __future__ import annotations

from datetime import date

from matching.brief import DEFAULT_PICKS, Brief, Budget
from matching.parsing.audience import AGE_BANDS, extract_ages, extract_gender
from matching.parsing.brands import extract_brand, extract_exclude_brands
from matching.parsing.budget import extract_budget
from matching.parsing.context import ParseState, normalise
from matching.parsing.count import extract_count
from matching.parsing.followers import extract_followers, parse_follower_constraint
from matching.parsing.handles import extract_handles, extract_intent
from matching.parsing.locations import extract_languages, extract_places
from matching.parsing.platforms import extract_platforms
from matching.parsing.quantities import parse_count_word, parse_number
from matching.parsing.question import looks_like_question
from matching.parsing.recency import extract_recency
from matching.parsing.signals import extract_credibility, extract_email, extract_engagement
from matching.parsing.tiers import extract_tiers
from matching.parsing.topics import extract_topics, reset_caches
from matching.tiers import default_follower_range, tier_range

__all__ = [
    "AGE_BANDS",
    "looks_like_question",
    "parse_brief",
    "parse_count_word",
    "parse_follower_constraint",
    "parse_number",
    "reset_caches",
]


def parse_brief(question: str, *, today: date) -> Brief:
    """Read a marketer's question into a :class:`Brief`, without an LLM.

    Args:
        question: The question as typed, in any language (English reads best).
        today: The reference date for phrases such as "active since March" (the caller's clock:
            the engine reads none of its own).

    Returns:
        The Brief; an empty question gives an empty Brief (the service then shows usage help).
        Fields the parser set are marked ``'parser'`` in ``provenance``, defaults ``'default'``.

    """
    if not question or not question.strip():
        return Brief(question=question or "")
    ctx = ParseState(normalise(question))

    extract_handles(ctx)
    extract_budget(ctx)
    extract_engagement(ctx)
    extract_credibility(ctx)
    extract_recency(ctx, today)
    extract_email(ctx)
    extract_ages(ctx)
    extract_followers(ctx)
    extract_count(ctx)
    extract_tiers(ctx)
    extract_platforms(ctx)
    extract_exclude_brands(ctx)
    extract_places(ctx)
    extract_languages(ctx)
    extract_gender(ctx)
    extract_brand(ctx)
    extract_topics(ctx)
    extract_intent(ctx)
    return _build(question, ctx)


def _build(question: str, ctx: ParseState) -> Brief:
    data: dict[str, object] = {"question": question}
    provenance: dict[str, str] = {}
    for name, value in ctx.fields.items():
        if value in (None, [], ""):
            continue
        data[name] = value
        provenance[name] = "parser"

    # Follower window: explicit numbers win; named tiers fill in; otherwise the micro default.
    low, high = _follower_window(ctx)
    if ctx.tiers:
        data["tiers"] = list(ctx.tiers)
        provenance["tiers"] = "parser"
    if low is None and high is None and not ctx.tiers and not ctx.follower_phrases:
        data["min_followers"], data["max_followers"] = default_follower_range()
        data["size_defaulted"] = True
        provenance["followers"] = "default"
    else:
        data["min_followers"], data["max_followers"] = low, high
        provenance["followers"] = "parser"

    # k, possibly per-creator budget.
    k = data.get("k")
    if not isinstance(k, int):
        provenance["k"] = "default"
        k = DEFAULT_PICKS
    budget = data.get("budget")
    if ctx.per_creator_budget and isinstance(budget, Budget) and budget.amount is not None:
        per = budget.amount
        budget = Budget(amount=per * k, currency=budget.currency)
        data["budget"] = budget
        ctx.notes.append(
            f"Read the budget as {per:,.0f} {budget.currency} per creator, {budget.amount:,.0f} in total for {k}."
        )
    if "intent" not in provenance:
        provenance["intent"] = "default"
    data["notes"] = list(ctx.notes)
    data["provenance"] = provenance
    return Brief.model_validate(data)


def _follower_window(ctx: ParseState) -> tuple[int | None, int | None]:
    """Combine the explicit numbers with the named tiers, noting any contradiction."""
    low, high = ctx.follower_low, ctx.follower_high
    if not ctx.tiers:
        return low, high
    spans = [tier_range(t) for t in ctx.tiers]
    tier_low = min(s[0] for s in spans)
    highs = [s[1] for s in spans]
    tier_high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    if low is None and high is None:
        return tier_low, tier_high
    # Consistent when the stated window overlaps the tiers' span.
    overlaps = (high is None or high >= tier_low) and (low is None or tier_high is None or low <= tier_high)
    if not overlaps:
        names = " and ".join(ctx.tiers)
        span = f"{_human(tier_low)}-{_human(tier_high) if tier_high else '+'}"
        phrase = ", ".join(ctx.follower_phrases) or "the follower numbers"
        ctx.notes.append(
            f"Contradiction: {names} creators have {span} followers, but the question also says "
            f"'{phrase}'. Using the explicit follower numbers."
        )
        return low, high
    new_low = low if low is not None else tier_low
    new_high = high if high is not None else tier_high
    if new_low is not None and new_high is not None and new_low > new_high:
        return low, high
    return new_low, new_high


def _human(n: int | None) -> str:
    if n is None:
        return "any"
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return f"{n:,}"
