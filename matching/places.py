"""Places in prose: country names, demonyms, US states, major cities and regions -> ISO alpha-2 codes.

``find_places`` reads a whole sentence and returns every place it mentions with its span, so that the
parser can decide from the surrounding words whether a place is where creators live, where their
audience is, or (for "Spanish-speaking") a language. Word-sense traps are handled here: "work with
us" is not the US, "in" is not Indiana, "French fries" and "kiwi smoothie" are not places, "Polish"
needs its capital letter. Country names themselves come from :func:`matching.geo.country_code`; the
word lists are data (matching/data/geography.json, ``matching.geography``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Final, Literal

from matching.geo import country_code
from matching.geography import load_geography

PlaceKind = Literal["country", "code", "region", "state", "city", "demonym"]


_GEO: Final = load_geography()  # matching/data/geography.json: the tables below are views of it

# Demonym (lower case) -> country. Non-English forms help with non-English questions.
DEMONYMS: Final[dict[str, str]] = dict(_GEO.demonyms)
# Demonyms that are also ordinary words in lower case: only the capitalised form is a place.
CASED_DEMONYMS: Final = frozenset(_GEO.cased_demonyms)
# Kiwi is a fruit first: "Kiwi" counts only before a word for people.
PEOPLE_ONLY_DEMONYMS: Final = frozenset(_GEO.people_only_demonyms)
# Demonym -> the language it also names ("Spanish-speaking", "in French").
DEMONYM_LANGUAGES: Final[dict[str, str]] = dict(_GEO.demonym_languages)
# Words after a demonym that make it a cuisine, a product or a breed, not a place.
NON_PLACE_FOLLOWERS: Final = frozenset(_GEO.non_place_followers)
# Words that name people or audiences: "Kiwi creators", "US shoppers".
PEOPLE_WORDS: Final = frozenset(_GEO.people_words)

US_STATES: Final[dict[str, str]] = dict(_GEO.us_states)
STATE_CODES: Final = frozenset(US_STATES.values())
# State codes that are also English words or country codes: only after a city ("Portland, OR")
# or as "XX-based". "DE" is read as Germany, never Delaware.
WORDLIKE_STATE_CODES: Final = frozenset(_GEO.wordlike_state_codes)

# Upper-case country codes safe to read anywhere; others need a place context ("in PT").
SAFE_CODES: Final[dict[str, str]] = dict(_GEO.safe_codes)
CONTEXT_CODES: Final = frozenset(_GEO.context_codes)

REGIONS: Final[dict[str, tuple[str, ...]]] = {
    name: tuple(region.countries) for region in _GEO.regions for name in region.names
}
# Region names that are ordinary words in lower case ("sea", "gulf"): capitalised only.
CASED_REGIONS: Final = frozenset(_GEO.cased_regions)

CITIES: Final[dict[str, str]] = {
    " ".join(city.split()): code for code, names in _GEO.cities.items() for city in names
}
# Cities that are ordinary words or first names in lower case: capitalised only.
CASED_CITIES: Final = frozenset(_GEO.cased_cities)
# Upper case only: "LA" is Los Angeles, "la" is an article.
UPPER_CITIES: Final = frozenset(_GEO.upper_cities)

# Single lower-case words that are country names but also common words: capitalised only.
CASED_COUNTRY_WORDS: Final = frozenset(_GEO.cased_country_words)
# Words that must never start a country n-gram (the pronoun "us", "la" ...) are handled explicitly.
_MAX_NGRAM: Final = 4

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DOTTED = re.compile(r"\b(?:U\.\s?S\.(?:\s?A\.)?|U\.K\.|L\.A\.|D\.C\.)", re.IGNORECASE)
_GAP_OK = re.compile(r"\s+|\s*&\s*|\s+and\s+")
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|from|across|within|outside|throughout|near|around|of|to|out of|based in|located in)"
    r"(?:\s+the)?|,|/|&|\band|\bor)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One place named in a text.

    Attributes:
        start: Offset of the first character in the text.
        end: Offset just past the last character.
        text: The words as written.
        countries: The ISO alpha-2 codes the place stands for (several for a region).
        kind: What sort of name it is.
        language: For a demonym that also names a language ("Spanish"): its ISO 639-1 code.

    """

    start: int
    end: int
    text: str
    countries: tuple[str, ...]
    kind: PlaceKind
    language: str | None = None


def demonym_country(word: str) -> str | None:
    """The country a demonym names ("Brazilian" -> "BR"), case-insensitively."""
    return DEMONYMS.get(" ".join(word.lower().split()))


def city_country(name: str) -> str | None:
    """The country of a major city ("Munich" -> "DE"), case-insensitively."""
    return CITIES.get(" ".join(name.lower().replace(".", " ").split()))


def region_countries(name: str) -> tuple[str, ...]:
    """The countries of a region ("DACH" -> DE, AT, CH); empty when unknown."""
    return REGIONS.get(" ".join(name.lower().replace("&", " and ").split()), ())


def state_code(name: str) -> str | None:
    """The two-letter code of a US state from its name or code ("Texas" -> "TX")."""
    key = " ".join(name.lower().replace(".", " ").split())
    if key.upper() in STATE_CODES:
        return key.upper()
    return US_STATES.get(key)


def _is_capitalised(words: str) -> bool:
    return words[:1].isupper()


def _next_word(text: str, end: int) -> str:
    match = re.match(r"[\s-]*([^\W\d_]+)", text[end : end + 40])
    return match.group(1).lower() if match else ""


def find_places(text: str) -> list[PlaceMention]:
    """Every place named in ``text``, in order, longest names first where they overlap.

    Args:
        text: A question in everyday words.

    Returns:
        The mentions with their spans; overlapping shorter names are dropped.

    """
    shouting = sum(c.isupper() for c in text) > 0.6 * max(1, sum(c.isalpha() for c in text))
    found: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []
    for match in _DOTTED.finditer(text):
        raw = match.group(0)
        key = re.sub(r"[\s.]", "", raw).upper()
        code = "GB" if key == "UK" else "US"
        kind: PlaceKind = "code" if key in {"US", "USA", "UK"} else "city"
        found.append(PlaceMention(match.start(), match.end(), raw, (code,), kind))
        taken.append((match.start(), match.end()))

    words = [m for m in _WORD.finditer(text) if not any(s <= m.start() < e for s, e in taken)]
    i = 0
    while i < len(words):
        mention: PlaceMention | None = None
        for n in range(min(_MAX_NGRAM, len(words) - i), 0, -1):
            span = words[i : i + n]
            if any(not _GAP_OK.fullmatch(text[a.end() : b.start()]) for a, b in pairwise(span)):
                continue
            start, end = span[0].start(), span[-1].end()
            mention = _classify(text, start, end, shouting)
            if mention is not None:
                i += n
                break
        if mention is None:
            i += 1
        else:
            found.append(mention)
    found.sort(key=lambda m: m.start)
    return found


def _classify(text: str, start: int, end: int, shouting: bool) -> PlaceMention | None:
    """The place ``text[start:end]`` names, judged with its neighbours, or None."""
    raw = text[start:end]
    key = " ".join(raw.lower().replace("&", " and ").replace("’", "'").split())
    capital = _is_capitalised(raw) and not shouting
    before = text[max(0, start - 30) : start]
    after_word = _next_word(text, end)
    hyphen_based = bool(re.match(r"-based\b", text[end : end + 7], re.IGNORECASE))

    if key in REGIONS:
        if key in CASED_REGIONS and not (raw.isupper() or (capital and key == "gulf")):
            return None
        return PlaceMention(start, end, raw, REGIONS[key], "region")

    if key in CITIES:
        if key in UPPER_CITIES and not raw.isupper():
            return None
        if key in CASED_CITIES and not capital and not (raw.isupper() and key == "nola"):
            return None
        if after_word in NON_PLACE_FOLLOWERS:
            return None
        return PlaceMention(start, end, raw, (CITIES[key],), "city")

    if key in US_STATES:
        if key == "georgia" and re.search(r"\bcountry\b|\btbilisi\b", text[end : end + 30], re.IGNORECASE):
            return PlaceMention(start, end, raw, ("GE",), "country")
        if key == "washington" and not capital:
            return None
        return PlaceMention(start, end, raw, ("US",), "state")

    if key in DEMONYMS:
        speaking = bool(re.match(r"[\s-]*speak", text[end : end + 8], re.IGNORECASE))
        if key in CASED_DEMONYMS and not capital and not speaking:
            return None
        if key in PEOPLE_ONLY_DEMONYMS and after_word not in PEOPLE_WORDS:
            return None
        if after_word in NON_PLACE_FOLLOWERS:
            return None
        return PlaceMention(start, end, raw, (DEMONYMS[key],), "demonym", DEMONYM_LANGUAGES.get(key))

    if len(raw) <= 3 and " " not in raw:
        return _classify_code(text, start, end, raw, before, hyphen_based, shouting)

    if " " not in key and key in CASED_COUNTRY_WORDS and not capital:
        return None
    if after_word in NON_PLACE_FOLLOWERS:
        return None
    code = country_code(raw)
    if code is None:
        return None
    return PlaceMention(start, end, raw, (code,), "country")


def _classify_code(
    text: str, start: int, end: int, raw: str, before: str, hyphen_based: bool, shouting: bool
) -> PlaceMention | None:
    """Short words: "US", "UK", "the us", "in CA", "Portland, OR", "NY-based"."""
    lower = raw.lower()
    in_context = bool(_PLACE_BEFORE.search(before)) or hyphen_based
    if lower == "us":
        upper = raw == "US" and not shouting
        after_ok = hyphen_based or _next_word(text, end) in {"audience", "audiences", "market", "shoppers"}
        context = re.search(r"\b(?:the|in|from|across|within|outside|throughout)\s*$", before, re.IGNORECASE)
        if upper or context or hyphen_based or (after_ok and raw.isupper()):
            return PlaceMention(start, end, raw, ("US",), "code")
        return None
    if lower in {"usa", "uae", "uk"}:
        return PlaceMention(start, end, raw, (SAFE_CODES[raw.upper()],), "code")
    if lower == "eu":
        return PlaceMention(start, end, raw, REGIONS["eu"], "region")
    if not raw.isupper() or shouting:
        return None
    after_city = bool(re.search(r"[A-Z][a-z]+,\s*$", before))
    if raw in STATE_CODES and raw not in {"DE"}:
        if raw in WORDLIKE_STATE_CODES:
            if after_city or hyphen_based:
                return PlaceMention(start, end, raw, ("US",), "state")
        elif in_context or after_city:
            return PlaceMention(start, end, raw, ("US",), "state")
    if raw in SAFE_CODES:
        return PlaceMention(start, end, raw, (SAFE_CODES[raw],), "code")
    if raw in CONTEXT_CODES and in_context:
        code = country_code(raw)
        if code is not None:
            return PlaceMention(start, end, raw, (code,), "code")
    return None
