"""New brief or refinement: whether a message in a thread starts over or changes the current brief.

A message starts a **new brief** when it says so ("new search", "different brand", "start over"),
names a brand or product other than the thread's, or names a new niche together with its own
constraints ("skincare creators in France on Instagram"). Anything else that states constraints is a
**refinement** of the current brief ("TikTok instead", "only UK", "under 30k", "vegan ones",
"what about fitness creators?"). The router (``assistant/router.py``) decides the intent first; this
decides, for refinements and plans, whether they merge into the thread's brief or replace it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from assistant.router import normalize
from matching.brief import Brief
from matching.parser import parse_brief
from matching.parsing.words import CONTENT_PEOPLE, CREATOR_CORE, PLATFORM_PEOPLE, nouns

_FRESH: Final = re.compile(
    r"\b(?:new (?:search|brief|question|request|campaign|client|project|brand|product)"
    r"|(?:a |an )?(?:different|another|other|separate) (?:brand|client|product|campaign|company|brief)"
    r"|start (?:over|again|fresh|afresh|from scratch)|from scratch|fresh search|forget (?:that|this|all that|the above)"
    r"|something (?:completely |totally )?(?:different|else entirely)|unrelated|switching gears|change of topic"
    r"|next brief|next client|new one:)",
    re.IGNORECASE,
)
_REFINE_MARKERS: Final = re.compile(
    r"\b(?:instead|only|just|rather|also|too|as well|but|more like|exclude|excluding|without|except|drop"
    r"|remove|make it|bigger|smaller|larger|cheaper|fewer|more|less|under|over|below|above|at least|at most"
    r"|same|these|those|them|ones)\b",
    re.IGNORECASE,
)
_CREATOR_NOUNS: Final = re.compile(
    r"\b(?:"
    + nouns(
        *CREATOR_CORE, *CONTENT_PEOPLE, *PLATFORM_PEOPLE, "streamer", "ambassador", "podcaster", "account"
    )
    + r")\b",
    re.IGNORECASE,
)
#: Fields that, set in the message itself, make a new niche "come with its own constraints".
_CONSTRAINTS: Final = (
    "platforms",
    "countries",
    "audience_countries",
    "followers",
    "budget",
    "k",
    "languages",
)
_STOP: Final = frozenset(
    {"a", "an", "the", "our", "my", "for", "of", "new", "brand", "line", "launch", "and"}
)


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in _STOP and len(w) > 2}


def _same_brand(new: str, old: str | None, old_topics: list[str]) -> bool:
    """True when ``new`` describes the thread's brand (most of its words are the old brand's or topics')."""
    mine = _words(new)
    theirs = _words(old) | {w for t in old_topics for w in _words(t)}
    if not mine:
        return True
    return len(mine & theirs) / len(mine) >= 0.5


def starts_new_brief(text: str, current: Brief, *, today: date) -> bool:
    """Whether ``text``, said in a thread about ``current``, starts a fresh brief.

    Args:
        text: The user's message (bot mention already removed).
        current: The thread's current brief.
        today: The clock for the parser.

    """
    clean = normalize(text)
    if _FRESH.search(clean):
        return True
    delta = parse_brief(clean, today=today)
    stated = {f for f, src in delta.provenance.items() if src in ("parser", "llm")}
    if "brand" in stated and delta.brand and not _same_brand(delta.brand, current.brand, current.topics):
        return True  # a different brand or product, whatever else the message says
    if _REFINE_MARKERS.search(clean):
        return False
    new_topics = "topics" in stated and not set(delta.topics) & set(current.topics)
    own_constraints = any(f in stated for f in _CONSTRAINTS)
    return bool(new_topics and own_constraints and _CREATOR_NOUNS.search(clean))
