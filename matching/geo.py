"""Countries and languages: free-form field values to ISO codes, and codes back to names.

Pure lookups over pycountry's bundled data plus everyday aliases ("USA", "UK", "Holland",
"Deutschland", "Mandarin") from matching/data/geography.json. Matching ignores case, accents, punctuation and a leading "the". The
functions take a *field value* ("United States", "us", "GBR"), not prose: a two-letter value is read
as an ISO code, so callers must not feed them words picked out of a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

import pycountry

from matching.geography import load_geography

_GEO: Final = load_geography()  # matching/data/geography.json
# Everyday names pycountry does not know, already in normalized form (see ``_key``).
COUNTRY_ALIASES: Final[dict[str, str]] = dict(_GEO.country_aliases)
# Short names for codes whose ISO name is formal ("Viet Nam", "Russian Federation").
COUNTRY_SHORT_NAMES: Final[dict[str, str]] = dict(_GEO.country_short_names)
LANGUAGE_ALIASES: Final[dict[str, str]] = dict(_GEO.language_aliases)

_PAREN = re.compile(r"\([^)]*\)")
_JOINERS = re.compile(r"[.'’`]")
_NON_WORD = re.compile(r"[^\w]+")


def _key(text: str) -> str:
    """Normalize for lookup: accents folded, lower case, dots and apostrophes dropped, words spaced."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = _JOINERS.sub("", folded)
    words = _NON_WORD.sub(" ", folded).replace("_", " ").split()
    return " ".join(words)


def _variants(text: str) -> list[str]:
    """Lookup keys for a value: as given, without parentheses, without a leading "the"."""
    keys = [_key(text)]
    without_paren = _key(_PAREN.sub(" ", text))
    if without_paren and without_paren not in keys:
        keys.append(without_paren)
    for key in list(keys):
        if key.startswith("the "):
            keys.append(key[4:])
    return [key for key in keys if key]


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        names = [country.alpha_2, country.alpha_3, country.name]
        names += [
            getattr(country, field) for field in ("official_name", "common_name") if hasattr(country, field)
        ]
        for name in names:
            for key in _variants(str(name)):
                index.setdefault(key, code)
            # "Korea, Republic of" -> "Republic of Korea"
            if "," in str(name):
                head, tail = str(name).split(",", 1)
                index.setdefault(_key(f"{tail} {head}"), code)
    # Through ``_key`` like every lookup, so an alias in any script ("한국", "русский") is found.
    index.update({_key(alias): code for alias, code in COUNTRY_ALIASES.items()})
    return index


@lru_cache(maxsize=1)
def _language_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for language in pycountry.languages:
        if not hasattr(language, "alpha_2"):
            continue
        code = str(language.alpha_2)
        names = [language.alpha_2, language.alpha_3, language.name]
        names += [
            getattr(language, field) for field in ("common_name", "bibliographic") if hasattr(language, field)
        ]
        for name in names:
            for part in str(name).split(";"):
                for key in _variants(part):
                    index.setdefault(key, code)
    index.update({_key(alias): code for alias, code in LANGUAGE_ALIASES.items()})
    return index


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The ISO 3166 alpha-2 code for a country field value, or None when unknown.

    Accepts names ("Germany", "Deutschland"), official and common names ("Korea, Republic of",
    "South Korea"), alpha-2 and alpha-3 codes ("de", "DEU") and everyday aliases ("USA", "U.K.",
    "Holland", "England"). Case, accents and punctuation are ignored.
    """
    index = _country_index()
    for key in _variants(text):
        if key in index:
            return index[key]
    return None


def country_name(code: str) -> str:
    """The everyday English name for an alpha-2 code ("United States", "South Korea").

    Unknown codes come back unchanged, upper-cased.
    """
    upper = code.strip().upper()
    if upper in COUNTRY_SHORT_NAMES:
        return COUNTRY_SHORT_NAMES[upper]
    country = pycountry.countries.get(alpha_2=upper)
    if country is None:
        return upper
    return str(getattr(country, "common_name", None) or country.name)


@lru_cache(maxsize=4096)
def language_code(text: str) -> str | None:
    """The ISO 639-1 code for a language field value, or None when unknown.

    Accepts English and native names ("French", "Español", "Deutsch"), varieties ("Brazilian
    Portuguese", "Mandarin"), ISO 639-1/639-2 codes ("en", "eng", "ger") and locale tags ("pt-BR",
    "en_US").
    """
    index = _language_index()
    for key in _variants(text):
        if key in index:
            return index[key]
    # Locale tags: "pt-BR", "en_US" -> the primary subtag.
    match = re.fullmatch(r"\s*([A-Za-z]{2,3})[-_][A-Za-z0-9]{2,8}\s*", text)
    if match:
        return index.get(match.group(1).lower())
    return None


def language_name(code: str) -> str:
    """The English name for an ISO 639-1 code ("en" -> "English"); unknown codes come back unchanged."""
    lower = code.strip().lower()
    if lower == "el":
        return "Greek"  # ISO says "Modern Greek (1453-)"
    language = pycountry.languages.get(alpha_2=lower)
    if language is None:
        return code
    name = str(getattr(language, "common_name", None) or language.name)
    return " ".join(_PAREN.sub(" ", name).split()) or name
