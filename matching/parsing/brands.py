"""The brand phrase and the competitor brands to exclude."""

from __future__ import annotations

import re
from typing import Final

from matching.parsing.context import ParseState
from matching.parsing.words import CREATOR_WORDS, split_words
from matching.profile import normalize_platform

_BRAND_NAME: Final = r"(?:\"[^\"]{1,40}\"|'[^']{1,40}'|[A-Z0-9][\w'&.!-]*(?:\s+(?:[A-Z0-9][\w'&.!-]*|&))*)"
_BRAND_LIST: Final = (
    _BRAND_NAME + r"(?:\s*(?:,|/|\bor\b|\band\b|\bnor\b)\s*(?:or\s+|and\s+)?" + _BRAND_NAME + r")*"
)
_EXCLUDE_BRANDS: Final = (
    re.compile(
        r"\b(?:competitors?|competing brands?|rivals?)\s*(?:are|is|include|includes|like|such as|:|-|=)?\s*"
        r"(?:e\.g\.\s*)?(" + _BRAND_LIST + r")"
    ),
    re.compile(
        r"\b(?:not|never|no one|nobody|none|avoid|exclude|excluding|without|don'?t|doesn'?t|haven'?t|hasn'?t|"
        r"didn'?t|isn'?t|aren'?t|no)\b[^.;!?\n@]{0,40}?\b(?:work(?:ing|ed|s)? with|promot(?:e|es|ing|ed)|"
        r"partner(?:ed|ing|s)? with|sponsored by|rep(?:p?ing|s)?|ambassadors? (?:for|of)|affiliated with|"
        r"tied to|ties to|deals? with|post(?:s|ed|ing)? (?:for|about)|endors(?:e|es|ed|ing)|"
        r"collab(?:orat)?(?:ed|ing|s)? with|paid by|linked to|associated with)\s+(" + _BRAND_LIST + r")",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:exclude|excluding|avoid|no)\s+(?:brand|brands)\s*:?\s*(" + _BRAND_LIST + r")", re.I),
)


_NOT_BRANDS: Final = frozenset(
    split_words(
        "i we the a an our my your their them they brand brands competitors competitor etc and or any anyone"
    )
)


def extract_exclude_brands(ctx: ParseState) -> None:
    """Competitor brands the creators must not have worked with."""
    found: list[str] = []
    for pattern in _EXCLUDE_BRANDS:
        for m in pattern.finditer(ctx.text):
            start = m.start(1)
            if not ctx.free(start, m.end(1)):
                continue
            for part in re.split(r"\s*(?:,|/|\bor\b|\band\b|\bnor\b)\s*", m.group(1)):
                name = part.strip().strip("\"'").rstrip(".!")
                lower = name.lower()
                if not name or lower in _NOT_BRANDS or lower in CREATOR_WORDS or normalize_platform(name):
                    continue
                if not (name[0].isupper() or name[0].isdigit() or part.strip()[:1] in "\"'"):
                    continue
                found.append(name)
            ctx.claim(m.start(1), m.end(1))
    ctx.add("exclude_brands", found)


# --------------------------------------------------------------------------------------------------
# Brand phrase and topics

_BRAND_NOUNS: Final = re.compile(
    r"\b(?:brand|company|startup|start-up|business|label|line|product|products|shop|store|bakery|cafe|café|"
    r"restaurant|app|studio|gym|clinic|bar|bars|snacks?|drinks?|beverages?|coffee|tea|apparel|clothing|gear|"
    r"collection|launch|range|salon|boutique|service|platform|subscription|kit|supplements?|skincare|"
    r"cosmetics|shoes|sneakers|equipment|wear|goods|food|foods|brewery|winery|distillery|hotel|resort|"
    r"agency|marketplace|club|festival|event|podcast|book|game|toy|toys|range|bottle|bottles)\b",
    re.IGNORECASE,
)
_BRAND_START: Final = (
    re.compile(r"\bfor\s+((?:a|an|the|our|my|this|their|his|her)\s+[^,.;:!?()\n]{1,100})", re.IGNORECASE),
    re.compile(r"\bwe(?:'re| are)\s+((?:a|an)\s+[^,.;:!?()\n]{1,100})", re.IGNORECASE),
    re.compile(
        r"\b(?:brand|company|product)\s*(?:is|:|=|called|named)\s+([^,.;:!?()\n]{1,100})", re.IGNORECASE
    ),
    re.compile(r"\b((?:our|my)\s+[^,.;:!?()\n]{1,100})", re.IGNORECASE),
    re.compile(r"\bfor\s+([A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,3}(?:'s\s+[^,.;:!?()\n]{1,60})?)"),
)
_BRAND_STOP: Final = re.compile(
    r"\s+(?:with|who|that|which|whose|on|via|targeting|reaching|aimed|where|audience|under|over|between|"
    r"budget|excluding|except|not|but|please|ideally|preferably|having|posting|looking|using|whom|"
    r"to|and\s+(?:we|i|our|need|want|find|give|show|also)|is|are|was|we|i|can|could|would|should|"
    r"for|around|about|ideally|preferably|asap|by|so|because|since|needs?|wants?|seeks?|seeking|"
    r"requires?|will|has|have|had|sell(?:s|ing)?|ship(?:s|ping)?|launch(?:es|ing)|expanding)\b",
    re.IGNORECASE,
)
_BRAND_REJECT: Final = re.compile(
    r"^(?:the|our|my|a|an)\s+(?:(?:us|uk|eu|\w+)\s+)?(?:market|audience|followers|budget|campaign|competitors?|"
    r"brand|company|team|client|clients|shortlist|list|launch)$|^(?:our|my)\s+(?:budget|audience|competitors?|"
    r"team|list|shortlist|followers|campaign|own)\b",
    re.IGNORECASE,
)


def extract_brand(ctx: ParseState) -> None:
    """The brand phrase ("a sustainable climbing-snack brand")."""
    text = ctx.text
    for i, pattern in enumerate(_BRAND_START):
        for m in pattern.finditer(text):
            phrase = m.group(1)
            start = m.start(1)
            stop = _BRAND_STOP.search(phrase)
            if stop and stop.start() > 0:
                phrase = phrase[: stop.start()]
            # Cut at a handle, a platform word or a follower number that someone else claimed.
            end = start + len(phrase)
            for s, e in sorted(ctx.claimed):
                if start < s < end and not _is_place_claim(ctx, s, e):
                    end = s
            phrase = text[start:end].strip(" -'\"")
            phrase = re.sub(r"\s+(?:in|from|of|with|and|or|on|the|a|an)$", "", phrase, flags=re.I).strip()
            if len(phrase) < 3 or _BRAND_REJECT.search(phrase):
                continue
            words = phrase.split()
            if len(words) < 2 and i != 4 and i != 2:
                continue
            if i in (0, 3) and not (_BRAND_NOUNS.search(phrase) or (i == 3 and len(words) >= 2)):
                continue
            if i == 0 and re.match(r"(?:the)\s", phrase, re.I) and not _BRAND_NOUNS.search(phrase):
                continue
            ctx.fields["brand"] = phrase
            return


def _is_place_claim(ctx: ParseState, start: int, end: int) -> bool:
    """Places inside a brand phrase stay in it: "our vegan bakery in London"."""
    return bool(re.fullmatch(r"[A-Z][\w .'-]*", ctx.text[start:end])) and not ctx.text[start:end].startswith(
        "@"
    )
