"""Shared vocabulary: niches, brand values and brand-safety terms, each with the words that signal it.

The parser uses it to read a question, the rules to read a profile. Matching is on whole words
(see ``mentions``), lower case. Keep lists short and specific: a false positive here becomes a wrong
reason shown to a user.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Final

from matching import taxonomy as _taxonomy

# The tables come from the taxonomy data file (matching/data/taxonomy.json; see matching.taxonomy).
# NICHES is the sample generator's table: the original niches and their original words, in order.
NICHES: Final[Mapping[str, tuple[str, ...]]] = _taxonomy.active().sample_niches()
# Brand values and brand-safety categories -> words that signal them (a team file can add to both).
VALUES: Final[dict[str, tuple[str, ...]]] = {k: tuple(v) for k, v in _taxonomy.active().values.items()}
SAFETY: Final[dict[str, tuple[str, ...]]] = {k: tuple(v) for k, v in _taxonomy.active().safety.items()}


def reset_caches() -> None:
    """Re-read values and safety terms from the active taxonomy (after ``taxonomy.configure``)."""
    tax = _taxonomy.active()
    VALUES.clear()
    VALUES.update({k: tuple(v) for k, v in tax.values.items()})
    SAFETY.clear()
    SAFETY.update({k: tuple(v) for k, v in tax.safety.items()})
    niche_terms.cache_clear()


@lru_cache(maxsize=1)
def niche_terms() -> Mapping[str, tuple[str, ...]]:
    """Every niche of the active taxonomy -> its own signal words (name, words, aliases)."""
    return _taxonomy.active().all_terms()


# Disclosure tags that mark a sponsored post.
SPONSORED_MARKERS: Final = (
    "#ad",
    "#sponsored",
    "#spon",
    "#partner",
    "paid partnership",
    "use my code",
    "#gifted",
)


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    # Whole-word match; terms that start or end in a symbol ("18+", "#ad") match on a non-word edge.
    left = r"(?<![\w])" if term[:1].isalnum() else r"(?<![\w#])"
    right = r"(?![\w])"
    return re.compile(left + re.escape(term) + right, re.IGNORECASE)


def mentions(text: str, terms: Iterable[str]) -> list[str]:
    """The terms that occur in ``text`` as whole words (case-insensitive), in the order given."""
    return [t for t in terms if _pattern(t).search(text)]


def find_labels(text: str, table: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """For each label of ``table`` whose words occur in ``text``: the words found."""
    found: dict[str, list[str]] = {}
    for label, words in table.items():
        hits = mentions(text, (label, *words) if label not in words else words)
        if hits:
            found[label] = hits
    return found


def canonical_niche(word: str) -> str | None:
    """The niche a single word or phrase names, if any."""
    w = word.strip().lower()
    for niche, words in NICHES.items():
        if w == niche or w in words:
            return niche
    return None


def canonical_value(word: str) -> str | None:
    """The brand value a single word or phrase names, if any."""
    w = word.strip().lower()
    for value, words in VALUES.items():
        if w == value or w in words:
            return value
    return None
