"""How many picks the question asks for."""

from __future__ import annotations

import re
from typing import Final

from matching.brief import MAX_PICKS
from matching.parsing.context import ParseState
from matching.parsing.followers import NOT_FOLLOWERS_AFTER
from matching.parsing.words import COUNT_PHRASES, CREATOR_CORE, CREATOR_NOUN, NUMBER_WORDS, nouns

_COUNT_PHRASE_RE: Final = re.compile(
    r"\b("
    + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(COUNT_PHRASES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_COUNT_TOKEN_RE: Final = re.compile(
    r"(?<![\w.,$€£@#-])(\d{1,4})(?![\w%$€£]|[.,]\d|\s*(?:%|k\b|m\b|\+))|\b("
    + "|".join(NUMBER_WORDS)
    + r")\b",
    re.IGNORECASE,
)
_COUNT_LEAD: Final = re.compile(
    r"\b(?:top|best|give me|show me|find me|get me|send me|list|recommend|suggest|need|want|pick|name|"
    r"find|give|show|get|dame|zeig mir|donne-moi|trouve|finde|busca|encuentra)\s+(?:me\s+|us\s+)?"
    r"(?:the\s+)?(?:top\s+|best\s+)?(?:about\s+|around\s+|like\s+)?$",
    re.IGNORECASE,
)


def extract_count(ctx: ParseState) -> None:
    """How many picks are asked for ("5 creators", "top ten", "a few options")."""
    text = ctx.text
    tokens: list[tuple[int, int, int]] = []
    for m in _COUNT_PHRASE_RE.finditer(text):
        if ctx.free(m.start(), m.end()):
            tokens.append((m.start(), m.end(), COUNT_PHRASES[" ".join(m.group(1).lower().split())]))
    for m in _COUNT_TOKEN_RE.finditer(text):
        if not ctx.free(m.start(), m.end()) or any(s <= m.start() < e for s, e, _ in tokens):
            continue
        value = int(m.group(1)) if m.group(1) else NUMBER_WORDS[m.group(2).lower()]
        tokens.append((m.start(), m.end(), value))
    tokens.sort()
    for start, end, value in tokens:
        after = text[end : end + 80]
        if NOT_FOLLOWERS_AFTER.match(after) and not re.match(
            r"\s*(?:" + nouns(*CREATOR_CORE, "pick") + r"|people)\b", after, re.I
        ):
            continue
        # "3 to 5 creators": the upper figure.
        rng = re.match(r"\s*(?:-|to|or)\s*(\d{1,3})\b", after)
        if rng:
            after = after[rng.end() :]
            value = int(rng.group(1))
        words = re.findall(r"[^\s]+", after)[:6]
        counted = any(CREATOR_NOUN.fullmatch(w.strip(",.;:!?()\"'")) for w in words[:5])
        # Stop at a word that starts another phrase ("5 days ago creators" is not a count).
        if counted:
            for w in words:
                w = w.strip(",.;:!?()\"'")
                if CREATOR_NOUN.fullmatch(w):
                    break
                if re.fullmatch(r"\d.*|days?|weeks?|posts?|followers|years?", w, re.I):
                    counted = False
                    break
        led = bool(_COUNT_LEAD.search(text[max(0, start - 30) : start]))
        if not (counted or led):
            continue
        if value == 0:
            continue
        if value > MAX_PICKS:
            ctx.notes.append(
                f"You asked for {value}; Scout lists at most {MAX_PICKS}, so showing {MAX_PICKS}."
            )
        ctx.fields["k"] = max(1, min(MAX_PICKS, value))
        ctx.claim(start, end)
        return
