"""The budget: amount, currency, ranges, per-creator amounts, unlimited or gifting only."""

from __future__ import annotations

import re
from typing import Final

from matching.brief import Budget
from matching.parsing.context import ParseState
from matching.parsing.quantities import parse_number
from matching.parsing.words import NUM

_CUR_PRE: Final = r"(us\$|ca\$|c\$|a\$|au\$|\$|€|£|usd\s?|eur\s?|gbp\s?)"
_BUDGET_SYMBOL: Final = re.compile(
    _CUR_PRE + r"\s*" + NUM + r"(?:\s*(?:-|to)\s*(?:us\$|\$|€|£)?\s*" + NUM + r")?", re.IGNORECASE
)
_BUDGET_WORD_AFTER: Final = re.compile(
    NUM
    + r"(?:\s*(?:-|to)\s*"
    + NUM
    + r")?\s*(usd|eur|gbp|aud|cad|dollars?|bucks|euros?|pounds?|€|\$|£)(?!\w)",
    re.IGNORECASE,
)
_BUDGET_LEAD: Final = re.compile(
    r"\b(?:budget|presupuesto|spend(?:ing)?|spend up to|invest(?:ing)?)\s*(?:is|of|:|=|around|about|~|"
    r"up to|under|max(?:imum)?|of up to|at|capped at|roughly|approx\.?|approximately|will be|would be|"
    r"de|von|total|in total|around|is around|is about|is roughly|is under|is up to)?"
    r"(?:\s+(?:around|about|roughly|approx\.?|up to|under))?\s*(us\$|\$|€|£)?\s*"
    + NUM
    + r"(?:\s*(usd|eur|gbp|dollars?|euros?|pounds?))?",
    re.IGNORECASE,
)
_BUDGET_TRAIL: Final = re.compile(NUM + r"\s*(?:total\s+)?budget\b", re.IGNORECASE)
_BUDGET_UNLIMITED: Final = re.compile(
    r"\b(?:unlimited budget|budget is unlimited|budget:\s*unlimited|no budget (?:limit|cap|constraints?|ceiling)|"
    r"budget (?:is )?(?:not an issue|no object|no issue|flexible)|money is no object|"
    r"no (?:limit|cap) on (?:the )?budget|sky'?s the limit)\b",
    re.IGNORECASE,
)
_BUDGET_NONE: Final = re.compile(r"\b(?:no budget|zero budget|gifting only|unpaid|product only|\$0\b)", re.I)
_PER_CREATOR: Final = re.compile(
    r"^\s*(?:per|/|a|each|for each)\s*(?:creator|influencer|person|head|pick|post|account|video)\b|^\s*each\b",
    re.IGNORECASE,
)


def _currency(symbol: str) -> str:
    s = symbol.strip().lower()
    if s in {"€", "eur", "euro", "euros"}:
        return "EUR"
    if s in {"£", "gbp", "pound", "pounds"}:
        return "GBP"
    if s in {"a$", "au$", "aud"}:
        return "AUD"
    if s in {"c$", "ca$", "cad"}:
        return "CAD"
    return "USD"


def _range_value(d1: str, m1: str | None, d2: str | None, m2: str | None) -> float:
    """The upper end of "5k-10k" / "5-10k", or the single figure."""
    if d2:
        return parse_number(d2, m2 or m1)
    return parse_number(d1, m1)


def extract_budget(ctx: ParseState) -> None:
    """The budget: an amount and currency, unlimited, or none (gifting); per-creator amounts are marked."""
    text = ctx.text
    m = _BUDGET_UNLIMITED.search(text)
    if m:
        ctx.fields["budget"] = Budget(amount=None, unlimited=True)
        ctx.claim(m.start(), m.end())
        return
    # (start, end, amount, currency or None when the phrase names none, is_range)
    found: list[tuple[int, int, float, str | None, bool]] = []
    for m in _BUDGET_SYMBOL.finditer(text):
        value = _range_value(m.group(2), m.group(3), m.group(4), m.group(5))
        found.append((m.start(), m.end(), value, _currency(m.group(1)), bool(m.group(4))))
    for m in _BUDGET_WORD_AFTER.finditer(text):
        value = _range_value(m.group(1), m.group(2), m.group(3), m.group(4))
        found.append((m.start(), m.end(), value, _currency(m.group(5)), bool(m.group(3))))
    for m in _BUDGET_LEAD.finditer(text):
        currency = m.group(1) or m.group(4)
        value = parse_number(m.group(2), m.group(3))
        found.append((m.start(), m.end(), value, _currency(currency) if currency else None, False))
    for m in _BUDGET_TRAIL.finditer(text):
        found.append((m.start(), m.end(), parse_number(m.group(1), m.group(2)), None, False))
    if found:
        found.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        _start, end, value, currency, is_range = found[0]
        # Merge the phrases that overlap the first one ("budget of" + "€2k").
        for s, e, _v, cur, rng in found[1:]:
            if s < end:
                end = max(end, e)
                currency = currency or cur
                is_range = is_range or rng
                if rng:
                    value = _v
        others = {round(v) for s, _e, v, _c, _r in found if s >= end}
        for s, e, *_rest in found:
            ctx.claim(s, e)
        ctx.fields["budget"] = Budget(amount=value, currency=currency or "USD")
        if is_range:
            ctx.notes.append("The budget was given as a range; using the upper end.")
        if others - {round(value)}:
            ctx.notes.append("Several budget figures found; using the first.")
        if _PER_CREATOR.search(text[end : end + 25]):
            ctx.per_creator_budget = True
        return
    m = _BUDGET_NONE.search(text)
    if m:
        ctx.fields["budget"] = Budget(amount=0.0)
        ctx.claim(m.start(), m.end())
        ctx.notes.append("No paid budget: read as gifting or product-only collaborations.")
