"""Named size tiers ("micro-influencers") and size words ("small creators", "celebrities")."""

from __future__ import annotations

import re
from typing import Final

from matching.parsing.context import ParseState
from matching.tiers import TIER_ORDER

TIER_WORD: Final = re.compile(
    r"\b(nano|micro|macro|mega|mid)(?:[- ]?(influencers?|influenceurs?|creators?|creadores|tiers?|"
    r"sized?|range|level|accounts?|influence)\b|(s)\b|\b)",
    re.IGNORECASE,
)
_TIER_PHRASES: Final = (
    (re.compile(r"\b(?:small(?:er)?|tiny|up-and-coming|emerging|little)\s+(?:creators?|influencers?|"
                r"accounts?|channels?|youtubers?|tiktokers?|instagrammers?)\b", re.I), ("nano", "micro")),
    (re.compile(r"\b(?:big(?:ger)?|large(?:r)?|established|well-known)\s+(?:creators?|influencers?|"
                r"accounts?|channels?|names|youtubers?|tiktokers?|instagrammers?)\b", re.I), ("mid", "macro", "mega")),
    (re.compile(r"\b(?:huge|famous|celebrit(?:y|ies)|celebs?|mega-?stars?)\b", re.I), ("mega",)),
    (re.compile(r"\bmid-?size(?:d)?\b|\bmedium(?:-sized)?\s+(?:creators?|influencers?|accounts?)\b", re.I), ("mid",)),
)  # fmt: skip


def extract_tiers(ctx: ParseState) -> None:
    """Named size tiers ("micro", "nano-influencers") and size words ("small creators")."""
    found: list[str] = []
    for m in TIER_WORD.finditer(ctx.text):
        name = m.group(1).lower()
        if name == "mid" and not m.group(2):
            continue
        found.append(name)
        ctx.claim(m.start(), m.end())
    for pattern, names in _TIER_PHRASES:
        for m in pattern.finditer(ctx.text):
            if ctx.free(m.start(), m.end()):
                found.extend(names)
                ctx.claim(m.start(), m.start() + len(m.group(0).split()[0]))
    ctx.tiers = [t for t in TIER_ORDER if t in found]
