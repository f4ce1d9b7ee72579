"""Audience age bands and gender."""

from __future__ import annotations

import re
from typing import Final

from matching.parsing.context import ParseState
from matching.parsing.words import PEOPLE_NOUNS, nouns, split_words

AGE_BANDS: Final[tuple[tuple[str, int, int], ...]] = (
    ("13-17", 13, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, 200),
)
_GENERATIONS: Final[dict[str, tuple[str, ...]]] = {
    "gen z": ("13-17", "18-24"),
    "genz": ("13-17", "18-24"),
    "gen-z": ("13-17", "18-24"),
    "zoomers": ("13-17", "18-24"),
    "generation z": ("13-17", "18-24"),
    "millennials": ("25-34", "35-44"),
    "millennial": ("25-34", "35-44"),
    "gen y": ("25-34", "35-44"),
    "gen x": ("45-54", "55-64"),
    "boomers": ("55-64", "65+"),
    "baby boomers": ("55-64", "65+"),
    "teens": ("13-17",),
    "teenagers": ("13-17",),
    "college students": ("18-24",),
    "students": ("18-24",),
    "young adults": ("18-24", "25-34"),
    "seniors": ("65+",),
    "retirees": ("65+",),
}
_FEMALE: Final = frozenset(
    split_words(
        "women woman female females ladies girls moms mums mothers mamas moms-to-be mujeres frauen femmes"
    )
)
_MALE: Final = frozenset(split_words("men male males guys dads fathers boys hombres männer hommes"))


_AGE_CUE: Final = (
    r"(?:women|men|moms|mums|dads|parents|people|adults|audiences?|aged|ages?|age group|age range|"
    r"demographics?|demo|females?|males?|ladies|guys|girls|boys|readers|viewers|fans|followers|shoppers|"
    r"consumers|customers|buyers|millennials|students|between|targeting|reaching|for)"
)
_AGE_RANGE: Final = re.compile(
    r"\b(1[3-9]|[2-9]\d)\s*(?:-|to|–)\s*(1[3-9]|[2-9]\d)\b(?!\s*(?:k\b|%|\+|days?|weeks?|months?|followers|"
    r"creators|influencers|picks|posts|percent|usd|eur|dollars))",
    re.IGNORECASE,
)
_AGE_OPEN: Final = re.compile(
    r"\b" + _AGE_CUE + r"\s+(over|above|under|below|older than|younger than|aged)\s+(1[3-9]|[2-9]\d)\b(\+)?"
    r"(?!\s*(?:k\b|%|followers|days))|\b(?:aged\s+)?(1[3-9]|[2-9]\d)\s*\+(?=\s*(?:women|men|moms|audiences?|"
    r"demo|year|yo\b|females?|males?|adults|people|crowd|\)|,|$))|"
    r"\bin\s+their\s+(20|30|40|50|60)'?s\b|\bin\s+their\s+(twenties|thirties|forties|fifties|sixties)\b",
    re.IGNORECASE,
)
_DECADE_WORDS: Final = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60}
_GENERATION: Final = re.compile(
    r"\b(" + "|".join(sorted((re.escape(g) for g in _GENERATIONS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def _bands(low: int, high: int) -> list[str]:
    return [name for name, lo, hi in AGE_BANDS if lo <= high and low <= hi]


def extract_ages(ctx: ParseState) -> None:
    """Audience age bands from ranges, open ages ("over 35"), decades and generations."""
    text = ctx.text
    bands: list[str] = []
    for m in _AGE_RANGE.finditer(text):
        if not ctx.free(m.start(), m.end()):
            continue
        low, high = int(m.group(1)), int(m.group(2))
        if low >= high or high - low > 50:
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        after = text[m.end() : m.end() + 16]
        exact_band = f"{low}-{high}" in {b[0] for b in AGE_BANDS}
        cued = re.search(_AGE_CUE + r"\W*(?:\w+\W+)?$", before, re.IGNORECASE) or re.match(
            r"\s*(?:-\s*)?(?:years?|yrs?|y/?o|year-olds|olds)\b", after, re.IGNORECASE
        )
        if cued or exact_band:
            bands += _bands(low, high)
            ctx.claim(m.start(), m.end())
    for m in _AGE_OPEN.finditer(text):
        if not ctx.free(m.start(), m.end()):
            continue
        if m.group(2):
            word, age = m.group(1).lower(), int(m.group(2))
            if word in {"under", "below", "younger than"}:
                bands += _bands(13, age - 1)
            else:
                bands += _bands(age if word == "aged" else age + (0 if m.group(3) else 1), 200)
        elif m.group(4):
            bands += _bands(int(m.group(4)), 200)
        else:
            decade = int(m.group(5)) if m.group(5) else _DECADE_WORDS[m.group(6).lower()]
            bands += _bands(decade, decade + 9)
        ctx.claim(m.start(), m.end())
    for m in _GENERATION.finditer(text):
        if ctx.free(m.start(), m.end()):
            bands += _GENERATIONS[" ".join(m.group(1).lower().split())]
    if bands:
        order = [b[0] for b in AGE_BANDS]
        ctx.add("audience_ages", sorted(set(bands), key=order.index))


_GENDER_WORD: Final = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in _FEMALE | _MALE), key=len, reverse=True)) + r")\b", re.I
)
_GENDER_SKIP_AFTER: Final = re.compile(
    r"^[\s-]*(?:owned|founded|founders?|led|run|in (?:business|tech|stem|sports?|science|leadership))\b", re.I
)
_GENDER_CREATOR_AFTER: Final = re.compile(
    r"^(?:[\s-]+[^\W\d_]+){0,2}?[\s-]+(?:"
    + PEOPLE_NOUNS
    + "|"
    + nouns("athlete", "climber", "runner", "host", "chef", "coache", "streamer")
    + r")\b",
    re.I,
)


def extract_gender(ctx: ParseState) -> None:
    """The audience gender, when the question names one (creator gender is noted, not filtered)."""
    found: set[str] = set()
    creator_gender = False
    for m in _GENDER_WORD.finditer(ctx.text):
        if not ctx.free(m.start(), m.end()):
            continue
        after = ctx.text[m.end() : m.end() + 30]
        if _GENDER_SKIP_AFTER.match(after):
            continue
        word = m.group(1).lower()
        if word in {"female", "male", "women", "men"} and _GENDER_CREATOR_AFTER.match(after):
            creator_gender = True
            continue
        found.add("female" if word in _FEMALE else "male")
    if len(found) == 1:
        ctx.fields["audience_gender"] = found.pop()
    if creator_gender:
        ctx.notes.append(
            "Creator gender is not a filter, so it was ignored; say e.g. 'female audience' to rank on the audience."
        )
