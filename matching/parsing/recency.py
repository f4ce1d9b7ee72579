"""How recently the creators must have posted ("active in the last 30 days", "since March")."""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from matching.parsing.context import ParseState
from matching.parsing.words import NUMBER_WORDS, split_words

_UNIT_DAYS: Final = {"day": 1, "week": 7, "month": 30, "year": 365}
_COUNT_TOKEN: Final = (
    r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty|couple of|few)"
)
_ACTIVITY: Final = (
    r"(?:post(?:ed|s|ing)?|active|activity|upload(?:ed|s|ing)?|publish(?:ed|ing)?|live|uploaded)"
)
_RECENCY: Final = (
    re.compile(
        r"\b" + _ACTIVITY + r"\b[^.;!?\n]{0,40}?\b(?:in|within|during|over|for|from)\s+(?:the\s+)?"
        r"(?:last|past|previous)\s+(?:" + _COUNT_TOKEN + r"\s+)?(day|week|month|year)s?\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:in|within)\s+(?:the\s+)?(?:last|past)\s+(?:" + _COUNT_TOKEN + r"\s+)?(day|week|month|year)s?\b"
        r"[^.;!?\n]{0,20}?\b" + _ACTIVITY + r"\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b" + _ACTIVITY + r"\s+(?:within|in)\s+" + _COUNT_TOKEN + r"\s+(day|week|month|year)s?\b",
        re.IGNORECASE,
    ),
)
_RECENCY_THIS: Final = re.compile(
    r"\b" + _ACTIVITY + r"\s+(?:this|in the current)\s+(week|month|year)\b", re.IGNORECASE
)
_RECENCY_VAGUE: Final = re.compile(
    r"\b(?:" + _ACTIVITY + r"\s+recently|recently\s+" + _ACTIVITY + r"|still\s+active|currently\s+active|"
    r"active\s+(?:accounts|creators|posters)|posting\s+regularly|regularly\s+posting|not\s+inactive|"
    r"no\s+(?:dead|inactive)\s+accounts)\b",
    re.IGNORECASE,
)
_MONTHS: Final = split_words(
    "january february march april may june july august september october november december"
)
_RECENCY_SINCE: Final = re.compile(
    r"\b" + _ACTIVITY + r"\b[^.;!?\n]{0,30}?\bsince\s+(" + "|".join(_MONTHS) + r")\b", re.IGNORECASE
)


def _count_token(token: str | None) -> int:
    if not token:
        return 1
    t = token.lower()
    if t.isdigit():
        return int(t)
    if t in {"a", "an"}:
        return 1
    if t == "couple of":
        return 2
    return NUMBER_WORDS.get(t, 1)


def extract_recency(ctx: ParseState, today: date) -> None:
    """How recently the creators must have posted, in days."""
    for pattern in _RECENCY:
        for m in pattern.finditer(ctx.text):
            if not ctx.free(m.start(), m.end()):
                continue
            days = _count_token(m.group(1)) * _UNIT_DAYS[m.group(2).lower()]
            ctx.fields["max_days_since_post"] = max(1, days)
            ctx.claim(m.start(), m.end())
            return
    this = _RECENCY_THIS.search(ctx.text)
    if this:
        ctx.fields["max_days_since_post"] = _UNIT_DAYS[this.group(1).lower()]
        ctx.claim(this.start(), this.end())
        return
    since = _RECENCY_SINCE.search(ctx.text)
    if since:
        month = _MONTHS.index(since.group(1).lower()) + 1
        year = today.year if month <= today.month else today.year - 1
        ctx.fields["max_days_since_post"] = max(1, (today - date(year, month, 1)).days)
        ctx.claim(since.start(), since.end())
        return
    vague = _RECENCY_VAGUE.search(ctx.text)
    if vague:
        ctx.fields["max_days_since_post"] = 30
        ctx.claim(vague.start(), vague.end())
