"""Named size tiers ("micro-influencers") and size words ("small creators", "celebrities")."""

from __future__ import annotations

import re
from typing import Final

from matching.parsing.context import ParseState
from matching.parsing.words import CREATOR_CORE, PLATFORM_PEOPLE, nouns
from matching.tiers import TIER_ORDER

# A tier name, alone or before a size noun ("micro", "nano-influencers", "mid-tier", "macros").
TIER_WORD: Final = re.compile(
    r"\b("
    + "|".join(TIER_ORDER)
    + r")(?:[- ]?("
    + nouns(*CREATOR_CORE, "influenceur")
    + r"|creadores|tiers?|sized?|range|level|accounts?|influence)\b|(s)\b|\b)",
    re.IGNORECASE,
)
_SIZE_NOUNS: Final = nouns(*CREATOR_CORE, "account", "channel") + "|" + nouns(*PLATFORM_PEOPLE)
_TIER_PHRASES: Final = (
    (re.compile(r"\b(?:small(?:er)?|tiny|up-and-coming|emerging|little)\s+(?:" + _SIZE_NOUNS + r")\b", re.I), ("nano", "micro")),
    (re.compile(r"\b(?:big(?:ger)?|large(?:r)?|established|well-known)\s+(?:names|" + _SIZE_NOUNS + r")\b", re.I), ("mid", "macro", "mega")),
    (re.compile(r"\b(?:huge|famous|celebrit(?:y|ies)|celebs?|mega-?stars?)\b", re.I), ("mega",)),
    (re.compile(r"\bmid-?size(?:d)?\b|\bmedium(?:-sized)?\s+(?:" + nouns(*CREATOR_CORE, "account") + r")\b", re.I), ("mid",)),
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
