"""Whether a text reads like a request at all (for usage help on empty or garbled input)."""

from __future__ import annotations

import re

from matching.parsing.words import NUMBER_WORDS, STOPWORDS
from matching.profile import normalize_platform


def looks_like_question(text: str) -> bool:
    """Whether ``text`` reads like a request at all (False for empty, punctuation, emoji, keyboard mash).

    A cheap heuristic for showing usage help: at least one real-looking word (or a handle) and, among
    the Latin-script words, mostly pronounceable ones.
    """
    stripped = text.strip()
    if not stripped:
        return False
    if re.search(r"(?<![\w<])@[A-Za-z0-9_]", stripped):
        return True
    words = re.findall(r"[^\W\d_]+", stripped)
    if not words:
        return False
    latin = [w.lower() for w in words if all("a" <= c <= "z" for c in w.lower())]
    if len(latin) < len(words):
        # Other scripts: trust any run of two or more letters.
        return sum(len(w) for w in words) >= 2
    good = sum(1 for w in latin if _wordlike(w))
    return good >= 1 and good >= 0.5 * len(latin)


def _wordlike(word: str) -> bool:
    if word in STOPWORDS or word in NUMBER_WORDS or normalize_platform(word):
        return True
    if len(word) > 24:
        return False
    vowels = sum(c in "aeiouy" for c in word)
    if len(word) <= 3:
        return vowels >= 1
    if not 0.2 <= vowels / len(word) <= 0.8:
        return False
    if re.search(r"[^aeiouy]{5,}", word) or re.search(r"(.)\1\1", word):
        return False
    # Keyboard rows typed in order ("asdf", "qwer", "hjkl", "zxcv") are not words.
    return not any(
        row in word
        for row in ("asdf", "sdfg", "dfgh", "fghj", "ghjk", "hjkl", "qwer", "wert", "zxcv", "uiop")
    )
