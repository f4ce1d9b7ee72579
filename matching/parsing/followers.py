"""The follower window stated in numbers ("under 50k", "10-100k", "50k+", "around 30k")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from matching.parsing.context import ParseState, normalise
from matching.parsing.quantities import parse_number
from matching.parsing.words import CURRENCY_AFTER, FOLLOWER_WORDS, NUM


def parse_follower_constraint(text: str) -> tuple[int | None, int | None] | None:
    """The follower window one phrase states ("under 50k", "10-100k", "50k+", "around 30k").

    Returns:
        ``(min, max)`` with None for an open side, or None when the phrase states no follower size.

    """
    ctx = ParseState(normalise(text))
    extract_followers(ctx)
    if ctx.follower_low is None and ctx.follower_high is None:
        return None
    return ctx.follower_low, ctx.follower_high


_CMP_UPPER: Final = (
    r"(?:under|below|less than|fewer than|up to|upto|at most|max(?:imum)?(?: of)?|no more than|"
    r"not more than|smaller than|lower than|sub-?|<=?|≤|menos de|unter|weniger als|moins de|maximal|max\.)"
)
_CMP_LOWER: Final = (
    r"(?:over|above|more than|at least|min(?:imum)?(?: of)?|>=?|≥|bigger than|larger than|north of|"
    r"greater than|higher than|from|starting at|más de|mehr als|über|ueber|plus de|mindestens|au moins)"
)
_CMP_AROUND: Final = (
    r"(?:around|about|approx(?:imately|\.)?|roughly|~|circa|ca\.|close to|near|aprox\.?|etwa|environ)"
)
_F_BETWEEN: Final = re.compile(r"\bbetween\s+" + NUM + r"\s*(?:and|&|-)\s*" + NUM, re.IGNORECASE)
_F_RANGE: Final = re.compile(r"(?<![\w.,$€£])" + NUM + r"\s*(?:-|to|–|bis|à|a)\s*" + NUM, re.IGNORECASE)
_F_UPPER: Final = re.compile(r"(?<!\w)" + _CMP_UPPER + r"\s*" + NUM, re.IGNORECASE)
_F_LOWER: Final = re.compile(r"(?<!\w)" + _CMP_LOWER + r"\s*" + NUM, re.IGNORECASE)
_F_AROUND: Final = re.compile(r"(?<!\w)" + _CMP_AROUND + r"\s*" + NUM, re.IGNORECASE)
_F_PLUS: Final = re.compile(
    r"(?<![\w.,$€£])" + NUM + r"\s*(?:\+|or more|and up|and above|plus|or higher)", re.I
)
_F_BARE: Final = re.compile(r"(?<![\w.,$€£])" + NUM + r"\s*(?:-\s*)?" + FOLLOWER_WORDS, re.IGNORECASE)
NOT_FOLLOWERS_AFTER: Final = re.compile(
    r"^\s*(?:%|percent|days?|weeks?|months?|years?|yrs?|yo\b|y/o|posts?|videos?|views?|likes?|comments?|"
    r"usd|eur|gbp|dollars?|euros?|pounds?|bucks|budget|miles?|km|hours?|"
    r"minutes?|steps?|reps?|calories|kcal|times|runners?|races?|runs?)\b",
    re.IGNORECASE,
)


def _is_followerish(ctx: ParseState, start: int, end: int, mags: Iterable[str | None], value: float) -> bool:
    after = ctx.text[end : end + 30]
    if NOT_FOLLOWERS_AFTER.match(after) or CURRENCY_AFTER.match(after):
        return False
    if re.search(r"[$€£]\s*$", ctx.text[max(0, start - 2) : start]):
        return False
    if re.match(r"\s*(?:-\s*)?" + FOLLOWER_WORDS, after, re.IGNORECASE):
        return True
    if any(m for m in mags):
        return True
    return value >= 1_000


# "any size", "all tiers", "regardless of followers": the user lifts the micro default on purpose.
_ANY_SIZE: Final = re.compile(
    r"\b(?:any|all|every)\s+(?:sizes?|tiers?|follower\s+counts?|audience\s+sizes?)\b"
    r"|\bregardless\s+of\s+(?:size|followers?|follower\s+count)\b"
    r"|\bno\s+(?:size|follower)\s+(?:limit|minimum|maximum|cap|constraint)s?\b"
    r"|\bany\s+number\s+of\s+followers\b",
    re.IGNORECASE,
)


def extract_followers(ctx: ParseState) -> None:
    """The follower window stated in numbers ("under 50k", "10-100k", "50k+", "around 30k")."""
    text = ctx.text
    low: int | None = None
    high: int | None = None
    for m in _ANY_SIZE.finditer(text):
        # An explicit "any size" counts as a size phrase with no bounds: no micro default.
        ctx.follower_phrases.append(" ".join(m.group(0).split()))
        ctx.claim(m.start(), m.end())

    def note(m: re.Match[str]) -> None:
        ctx.follower_phrases.append(" ".join(m.group(0).split()))
        ctx.claim(m.start(), m.end())

    for pattern in (_F_BETWEEN, _F_RANGE):
        for m in pattern.finditer(text):
            if not ctx.free(m.start(), m.end()):
                continue
            d1, m1, d2, m2 = m.group(1), m.group(2), m.group(3), m.group(4)
            b = parse_number(d2, m2)
            a = parse_number(d1, m1 or (m2 if parse_number(d1, m2) <= b else None))
            if not _is_followerish(ctx, m.start(), m.end(), (m1, m2), b):
                continue
            if a > b:
                a, b = b, a
            low, high = int(a), int(b)
            note(m)
    for pattern, kind in (
        (_F_UPPER, "upper"),
        (_F_LOWER, "lower"),
        (_F_AROUND, "around"),
        (_F_PLUS, "lower"),
    ):
        for m in pattern.finditer(text):
            if not ctx.free(m.start(), m.end()):
                continue
            value = parse_number(m.group(1), m.group(2))
            if not _is_followerish(ctx, m.start(), m.end(), (m.group(2),), value):
                continue
            if pattern is _F_LOWER and m.group(0).lower().startswith("from") and not m.group(2):
                continue
            if kind == "upper":
                high = int(value)
            elif kind == "lower":
                low = int(value)
            else:
                low, high = int(value * 0.5), int(value * 1.5)
            note(m)
    for m in _F_BARE.finditer(text):
        if not ctx.free(m.start(), m.end()):
            continue
        value = parse_number(m.group(1), m.group(2))
        if low is None and high is None and value > 0:
            low, high = int(value * 0.5), int(value * 1.5)
            note(m)
    if low is not None and high is not None and low > high:
        low, high = high, low
    ctx.follower_low, ctx.follower_high = low, high
