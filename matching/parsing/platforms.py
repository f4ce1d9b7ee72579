"""Platforms to include or exclude, with nicknames and platform communities ("BookTok")."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from matching import domain
from matching.parsing.context import ParseState, clause_before
from matching.parsing.words import CREATOR_CORE, PLATFORM_PEOPLE, nouns
from matching.profile import normalize_platform

# Platform communities named after the platform: BookTok is TikTok, Bookstagram is Instagram.
COMMUNITY_PLATFORM: Final[dict[str, str]] = {
    "booktok": "tiktok",
    "foodtok": "tiktok",
    "cleantok": "tiktok",
    "bookstagram": "instagram",
    "booktube": "youtube",
}
# The niche a platform community names ("BookTok" is books on TikTok).
COMMUNITY_NICHE: Final[dict[str, str]] = {
    "booktok": "books",
    "bookstagram": "books",
    "booktube": "books",
    "foodtok": "cooking",
    "cleantok": "home decor",
}
# Words that name a platform without being its name: its people, its short-video formats, its communities.
_PLATFORM_NICKNAMES: Final[dict[str, str]] = {
    **PLATFORM_PEOPLE,
    **{person + "s": platform for person, platform in PLATFORM_PEOPLE.items()},
    "tiktoks": "tiktok",
    "reels": "instagram",
    "shorts": "youtube",
    **COMMUNITY_PLATFORM,
}


# Every platform word, from the platform aliases (one source with normalize_platform) and the nicknames;
# "tik tok" also matches "tiktok".
@lru_cache(maxsize=4)
def _platform_words(aliases: frozenset[str]) -> re.Pattern[str]:
    return re.compile(
        r"\b("
        + "|".join(
            re.escape(word).replace(r"\ ", r"\s?")
            for word in sorted({*aliases, *_PLATFORM_NICKNAMES}, key=lambda w: (-len(w), w))
        )
        + r")\b",
        re.IGNORECASE,
    )


def platform_word() -> re.Pattern[str]:
    """The platform-word pattern for the active domain catalogue (a team file may add aliases)."""
    return _platform_words(frozenset(domain.active().platform_aliases))


_NEGATION_BEFORE: Final = re.compile(
    r"(?:\bnot|\bno|\bnone|\bexcept|\bexcluding|\bexclude|\bwithout|\bavoid|\bskip|\bminus|\bother than|"
    r"\bbesides|\binstead of|\brather than|\bapart from|\baside from|\bnever|\banything but|"
    r"\banywhere but|\bnothing|\bnobody|\bno one|\bdon'?t want|\bdo not want|\bdon'?t need|\bsin|\bohne|"
    r"\bkeine?n?|\bnicht|\bpas|\bsans|\bsauf|\bexcepto|\baußer|\bignore|\bdrop|\bleave out|\bremove)"
    r"(?:\s+(?:on|from|via|the|any|anyone|"
    + nouns(*CREATOR_CORE, "account")
    + r"|people|in|at|of))*\s*[:,]?\s*$",
    re.IGNORECASE,
)
_LIST_GAP: Final = re.compile(
    r"\s*(?:,|/|&|\+|\bor\b|\band\b|\bnor\b|\bplus\b)?\s*(?:,\s*)?(?:or\s+|and\s+)?", re.I
)


def _platform_of(word: str, text: str, start: int, end: int) -> str | None:
    key = " ".join(word.lower().split())
    before = text[max(0, start - 20) : start].lower()
    after = text[end : end + 25].lower()
    if key in {"reels", "shorts"}:
        host = "instagram" if key == "reels" else "youtube"
        context = re.search(
            r"\b(?:on|via|for|do|does|make|makes|making|post|posting|doing|ig|instagram|youtube|yt)\s+$",
            before,
        )
        if not (
            context or re.match(r"\s*(?:" + nouns("creator") + r"|content|videos?|format|only)\b", after)
        ):
            return None
        return host
    if key == "x":
        if word != "X" or not re.search(r"\b(?:on|via)\s*$", before):
            return None
        return "twitter"
    if key == "threads" and not (word[0].isupper() or re.search(r"\bon\s+$", before)):
        return None
    if key == "tt" and re.search(r"\btt\s*\d", text[start : end + 3].lower()):
        return None
    if key in _PLATFORM_NICKNAMES:
        return _PLATFORM_NICKNAMES[key]
    return normalize_platform(key)


def extract_platforms(ctx: ParseState) -> None:
    """Platforms to search and platforms to leave out; a platform community also names a niche."""
    text = ctx.text
    items: list[tuple[int, int, str]] = []
    for m in platform_word().finditer(text):
        if not ctx.free(m.start(), m.end()):
            continue
        platform = _platform_of(m.group(1), text, m.start(), m.end())
        if platform:
            items.append((m.start(), m.end(), platform))
    groups: list[list[tuple[int, int, str]]] = []
    for item in items:
        if groups and _LIST_GAP.fullmatch(text[groups[-1][-1][1] : item[0]]):
            groups[-1].append(item)
        else:
            groups.append([item])
    include: list[str] = []
    exclude: list[str] = []
    for group in groups:
        before = clause_before(text, group[0][0], 40)
        negated = bool(_NEGATION_BEFORE.search(before))
        for start, end, platform in group:
            (exclude if negated else include).append(platform)
            ctx.claim(start, end)
            community = COMMUNITY_NICHE.get(text[start:end].lower())
            if community and not negated:
                ctx.add("topics", [community])
    ctx.add("excluded_platforms", exclude)
    ctx.add("platforms", [p for p in include if p not in exclude])
