"""Niches and values from the taxonomy, read last from the text no other extractor claimed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from matching.parsing.context import ParseState
from matching.parsing.quantities import parse_count_word
from matching.parsing.tiers import TIER_WORD
from matching.parsing.words import (
    CREATOR_CORE,
    CREATOR_NOUN,
    PEOPLE_NOUNS,
    ROLE_NOUNS,
    STOPWORDS,
    nouns,
    split_words,
)
from matching.profile import normalize_platform
from matching.vocabulary import VALUES, niche_terms

# Niche words too common in questions to count on their own ("home", "style", "history").
_WEAK_NICHE_WORDS: Final = frozenset(
    split_words("""home style money history learning saving photo reader producer trail 5k 10k family funny sketch
    waves interior plants food outdoor outdoors gravel""")
)
# Weak words that still count right before a creator word or a product word: "food creators".
_WEAK_OK_NEXT: Final = re.compile(
    r"^[\s-]*(?:"
    + PEOPLE_NOUNS
    + r"|vlogs?|content|accounts?|channels?|brand|niche|space|scene|lovers|enthusiasts?)\b",
    re.IGNORECASE,
)
_WEAK_VALUE_WORDS: Final = frozenset(
    {
        "budget",
        "active",
        "training",
        "performance",
        "women in",
        "independent",
        "accessible",
        "wild",
        "designer",
    }
)


def _term_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(r"(?<![\w#])(" + alternation + r")(?![\w])", re.IGNORECASE)


def _label_index(table: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str], dict[str, list[str]]]:
    """One alternation over every term of ``table``; a term may signal several labels."""
    index: dict[str, list[str]] = {}
    for label, words in table.items():
        for w in (label, *words):
            labels = index.setdefault(w.lower(), [])
            if label not in labels:
                labels.append(label)
    return _term_pattern(index), index


def reset_caches() -> None:
    """Forget the term indexes (after ``taxonomy.configure`` installed another taxonomy)."""
    _niche_index.cache_clear()
    _value_index.cache_clear()


@lru_cache(maxsize=1)
def _niche_index() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    # Every niche of the taxonomy with its synonyms, role nouns and community words.
    return _label_index(dict(niche_terms()))


@lru_cache(maxsize=1)
def _value_index() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    return _label_index(dict(VALUES))


def _singular(text: str) -> str:
    """Plural words made singular without moving any character: "climbers" -> "climber "."""
    return re.sub(r"\b([A-Za-z]{2,}?[^s\W])s\b", lambda m: m.group(1) + " ", text)


_FALLBACK_GENERIC: Final = frozenset(
    split_words("""brand brands company startup business products product line shop store label range collection
    creators influencers creator influencer accounts partners ideas campaign campaigns launch people
    market audience followers gear goods stuff""")
)


def extract_topics(ctx: ParseState) -> None:
    """Niches and values, read last from the text no other extractor claimed."""
    clean = ctx.blanked()
    # Hyphens split compounds ("climbing-snack") but keep known hyphenated terms ("plant-based").
    hits: list[tuple[int, str]] = []
    values: list[tuple[int, str]] = []
    niche_re, niche_index = _niche_index()
    value_re, value_index = _value_index()
    role_hits: list[re.Match[str]] = []
    for source in (clean, _singular(clean)):
        for m in niche_re.finditer(source):
            if source is clean and _ROLE_NOUN.search(m.group(1)):
                role_hits.append(m)
            term = m.group(1).lower()
            if term in _WEAK_NICHE_WORDS and not _WEAK_OK_NEXT.match(source[m.end() : m.end() + 20]):
                continue
            hits.extend((m.start(), label) for label in niche_index[term])
        for m in value_re.finditer(source):
            term = m.group(1).lower()
            if term in _WEAK_VALUE_WORDS:
                continue
            if term == "family" and re.match(
                r"\s*(?:" + nouns("creator") + "|vlog)", source[m.end() : m.end() + 12], re.I
            ):
                continue
            values.extend((m.start(), label) for label in value_index[term])
    hits.extend(_role_modifiers(clean, role_hits, niche_re))
    # Creator niche versus product context: in "video game streamers for a controller brand" the
    # niche is outside the brand phrase; niche words inside it count only when nothing else names one.
    span = _brand_span(ctx)
    outside = [(pos, label) for pos, label in hits if not span[0] <= pos < span[1]]
    topics = _ordered(outside or hits)
    if not topics:
        topics = _fallback_topics(ctx, clean)
    ctx.add("topics", topics)
    ctx.add("values", _ordered(values))


_CONTEXT_CLAUSE: Final = re.compile(
    r"\bfor\s+(?:a|an|the|our|my|this|their)\s+[^,.;:!?()\n]{1,80}?"
    r"\b(?:brand|company|campaign|launch|drop|line|label|product|app|shop|store|service|range|startup)s?\b",
    re.IGNORECASE,
)


_ROLE_HEAD: Final = re.compile(
    "(?:" + nouns(*ROLE_NOUNS, *CREATOR_CORE) + "|lovers|fans)",
    re.IGNORECASE,
)
# Words after a run of unknown words that make the run a topic ("pickleball creators", "chess players").
_RUN_HEAD: Final = (
    PEOPLE_NOUNS
    + r"|content|accounts?|channels?|brand|brands|company|startup|products?|lovers|fans|community|niche|"
    r"space|scene|micro|nano|" + nouns(*ROLE_NOUNS)
)
_ROLE_NOUN: Final = re.compile(r"(?:ers|ors|ists|ians|ees)$", re.IGNORECASE)


def _role_modifiers(
    clean: str, role_hits: list[re.Match[str]], niche_re: re.Pattern[str]
) -> list[tuple[int, str]]:
    """An unknown word right before a role noun is the niche: "chess streamers" -> 'chess'.

    The role noun alone ("streamers") would name a broader niche (gaming) than the one asked.
    """
    out: list[tuple[int, str]] = []
    for m in role_hits[:20]:  # a question names a few creators; a pasted wall of text is not 20 roles
        before = re.search(r"([^\W\d_]{3,})\s+$", clean[max(0, m.start() - 30) : m.start()])
        if before is None:
            continue
        word = before.group(1).lower()
        known = niche_re.fullmatch(word) or word in _value_index()[1] or normalize_platform(word)
        if known or word in STOPWORDS or word in _FALLBACK_GENERIC or parse_count_word(word) is not None:
            continue
        if TIER_WORD.fullmatch(word):
            continue
        out.append((m.start() - len(before.group(0)), word))
    return out


def _brand_span(ctx: ParseState) -> tuple[int, int]:
    """Where the product context sits: the brand phrase, else a "for a ... brand/campaign" clause."""
    brand = ctx.fields.get("brand")
    if isinstance(brand, str) and (at := ctx.text.find(brand)) >= 0:
        return at, at + len(brand)
    m = _CONTEXT_CLAUSE.search(ctx.text)
    return (m.start(), m.end()) if m else (-1, -1)


def _ordered(hits: list[tuple[int, str]]) -> list[str]:
    out: list[str] = []
    for _pos, label in sorted(hits):
        if label not in out:
            out.append(label)
    return out


def _fallback_topics(ctx: ParseState, clean: str) -> list[str]:
    """Product or topic words when no known niche matched: "pickleball paddles" -> ['pickleball'].

    Only word runs that sit inside the brand phrase, right before a creator or product word
    ("pickleball creators"), or right after a topic marker ("who post about pickleball") count; the
    last word of a run of two or more is taken as the product ("paddles") and dropped.
    """
    brand_span = _brand_span(ctx)
    tokens = list(re.finditer(r"[^\W\d_]+(?:'[a-z]+)?", clean))
    runs: list[tuple[list[str], int, int]] = []
    current: list[re.Match[str]] = []

    def flush() -> None:
        if current:
            runs.append(([t.group(0).lower() for t in current], current[0].start(), current[-1].end()))
            current.clear()

    for tok in tokens:
        word = tok.group(0).lower()
        content = (
            len(word) >= 3
            and word not in STOPWORDS
            and word not in _FALLBACK_GENERIC
            and word not in _value_index()[1]
            and not normalize_platform(word)
            and not CREATOR_NOUN.fullmatch(word)
        )
        adjacent = bool(current) and re.fullmatch(r"[ -]", clean[current[-1].end() : tok.start()]) is not None
        if content and (not current or adjacent):
            current.append(tok)
            continue
        flush()
        if content:
            current.append(tok)
    flush()
    topics: list[str] = []
    product: list[str] = []
    for words, start, end in runs:
        in_brand = brand_span[0] <= start and end <= brand_span[1]
        head_after = re.match(
            r"[ -]+(?:" + _RUN_HEAD + r")\b",
            ctx.text[end : end + 30],
            re.IGNORECASE,
        )
        marker_before = re.search(
            r"\b(?:about|into|covering|cover|on|around|focused on|in the|of)\s+$",
            ctx.text[max(0, start - 15) : start],
            re.I,
        )
        # "pickleball players": the run ends in a role noun, so the words before it are the niche.
        role_last = len(words) >= 2 and _ROLE_HEAD.fullmatch(words[-1]) is not None
        if not (in_brand or head_after or marker_before or role_last):
            continue
        kept = words[:-1] if len(words) >= 2 else words
        phrase = " ".join(kept[:3])
        # Words outside the product phrase name the creators; product words only when nothing else does.
        into = product if in_brand and not role_last else topics
        if phrase and phrase not in into:
            into.append(phrase)
    return (topics or product)[:3]
