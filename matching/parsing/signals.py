"""Quality thresholds: minimum engagement, minimum audience credibility, a contact email."""

from __future__ import annotations

import re
from typing import Final

from matching.parsing.context import ParseState

_PCT: Final = r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:%|percent|pct|per cent)"
_ENGAGEMENT: Final = (
    re.compile(
        r"\b(?:engagement(?:\s+rates?)?|er|eng\.?)\s*(?:is|of|:|=|>=?|above|over|at least|of at least|"
        r"higher than|greater than|more than|better than|north of|min(?:imum)?(?: of)?|>|≥)?\s*" + _PCT,
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:\b(?:at least|above|over|more than|min(?:imum)?|>=?)\s*)?"
        + _PCT
        + r"\s*\+?\s*(?:or (?:more|higher|better|above)\s+)?(?:engagement|er)\b",
        re.IGNORECASE,
    ),
)


def extract_engagement(ctx: ParseState) -> None:
    """A minimum engagement rate ("engagement above 3%")."""
    for pattern in _ENGAGEMENT:
        for m in pattern.finditer(ctx.text):
            if not ctx.free(m.start(), m.end()):
                continue
            value = float(m.group(1).replace(",", ".")) / 100
            ctx.fields["min_engagement"] = round(value, 6)
            ctx.claim(m.start(), m.end())
            return


_CREDIBILITY_PCT: Final = re.compile(
    r"(?:\b(?:credibility|authenticity|audience quality|real followers|genuine followers|real audience)"
    r"(?:\s+score)?\s*(?:is|of|:|above|over|at least|>=?|≥)?\s*" + _PCT + r"?)|"
    r"(?:(?:at least|above|over|min(?:imum)?)?\s*"
    + _PCT.replace("(\\d", "(?P<p2>\\d", 1)
    + r"\s*\+?\s*(?:real|genuine|authentic)\s+(?:followers|audience))",
    re.IGNORECASE,
)
_CREDIBILITY_WORDS: Final = re.compile(
    r"\b(?:real|genuine|authentic|organic|legit)\s+(?:followers|audiences?|following|engagement)|"
    r"\bno\s+(?:fake|bought|purchased|bot)\s+(?:followers|engagement|audiences?)|\bno\s+bots\b|"
    r"\bnot\s+(?:fake|botted)|\bwithout\s+(?:fake|bought)\s+followers|\bfake[- ]follower[- ]free|"
    r"\b(?:avoid|exclude|filter out)\s+(?:fake|bought|botted)\s+(?:followers|accounts|audiences?)|"
    r"\bhigh[- ]credibility|\bcredible\s+audiences?",
    re.IGNORECASE,
)


def extract_credibility(ctx: ParseState) -> None:
    """A minimum audience credibility, as a percentage or from words such as "real followers"."""
    for m in _CREDIBILITY_PCT.finditer(ctx.text):
        pct = m.group(1) or m.group("p2")
        if pct:
            value = float(pct.replace(",", "."))
            ctx.fields["min_credibility"] = min(1.0, value / 100 if value > 1 else value)
            ctx.claim(m.start(), m.end())
            return
    m2 = _CREDIBILITY_WORDS.search(ctx.text)
    if m2:
        ctx.fields["min_credibility"] = 0.8
        ctx.claim(m2.start(), m2.end())


_EMAIL: Final = re.compile(
    r"\b(?:contactable|reachable|(?:with|have|has|having|include|including|need|needs|listed|public|"
    r"business|valid|an?|their|known|available)\s+(?:an?\s+|their\s+|a\s+public\s+|public\s+|business\s+)?"
    r"e-?mails?(?:\s+address(?:es)?)?|e-?mails?(?:\s+address(?:es)?)?\s+(?:listed|available|on file|"
    r"included|public|required|only|please|in bio)|contact\s+(?:info(?:rmation)?|details|emails?)|"
    r"e-?mail\s+(?:contacts?|addresses)|ways? to (?:contact|reach) them|can (?:email|contact|reach) them)\b",
    re.IGNORECASE,
)


def extract_email(ctx: ParseState) -> None:
    """Whether the creators must have a contact email."""
    for m in _EMAIL.finditer(ctx.text):
        if ctx.free(m.start(), m.end()):
            ctx.fields["require_email"] = True
            ctx.claim(m.start(), m.end())
            return
