"""Countries and languages: free-form field values to ISO codes, and codes back to names.

Pure lookups over pycountry's bundled data plus a table of everyday aliases ("USA", "UK", "Holland",
"Deutschland", "Mandarin"). Matching ignores case, accents, punctuation and a leading "the". The
functions take a *field value* ("United States", "us", "GBR"), not prose: a two-letter value is read
as an ISO code, so callers must not feed them words picked out of a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

import pycountry

# Everyday names pycountry does not know, already in normalized form (see ``_key``).
COUNTRY_ALIASES: Final[dict[str, str]] = {
    # United States
    "us": "US",
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "united states": "US",
    "estados unidos": "US",
    "etats unis": "US",
    "vereinigte staaten": "US",
    # United Kingdom and its nations (we do not split GB further)
    "uk": "GB",
    "united kingdom": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "reino unido": "GB",
    "royaume uni": "GB",
    # Europe
    "holland": "NL",
    "the netherlands": "NL",
    "nederland": "NL",
    "deutschland": "DE",
    "allemagne": "DE",
    "alemania": "DE",
    "espana": "ES",
    "espagne": "ES",
    "italia": "IT",
    "italie": "IT",
    "schweiz": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "osterreich": "AT",
    "oesterreich": "AT",
    "belgique": "BE",
    "belgie": "BE",
    "polska": "PL",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
    "suomi": "FI",
    "eire": "IE",
    "republic of ireland": "IE",
    "hellas": "GR",
    "ellada": "GR",
    "czech republic": "CZ",
    "czechia": "CZ",
    "cesko": "CZ",
    "slovak republic": "SK",
    "russia": "RU",
    "rossiya": "RU",
    "turkey": "TR",
    "turkiye": "TR",
    "moldova": "MD",
    "macedonia": "MK",
    "vatican": "VA",
    "vatican city": "VA",
    "kosovo": "XK",
    # Americas
    "brasil": "BR",
    "mexico": "MX",
    "bolivia": "BO",
    "venezuela": "VE",
    "peru": "PE",
    # Asia and the Middle East
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "vietnam": "VN",
    "viet nam": "VN",
    "taiwan": "TW",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "uae": "AE",
    "emirates": "AE",
    "united arab emirates": "AE",
    "ksa": "SA",
    "saudi": "SA",
    "palestine": "PS",
    "burma": "MM",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "nippon": "JP",
    "bharat": "IN",
    "prc": "CN",
    "mainland china": "CN",
    "中国": "CN",
    "日本": "JP",
    "한국": "KR",
    # Africa and Oceania
    "ivory coast": "CI",
    "cote divoire": "CI",
    "tanzania": "TZ",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of the congo": "CD",
    "republic of the congo": "CG",
    "cape verde": "CV",
    "swaziland": "SZ",
    "micronesia": "FM",
}

# Short names for codes whose ISO name is formal ("Viet Nam", "Russian Federation").
COUNTRY_SHORT_NAMES: Final[dict[str, str]] = {
    "RU": "Russia",
    "VN": "Vietnam",
    "CZ": "Czechia",
    "TR": "Türkiye",
    "CD": "DR Congo",
    "FM": "Micronesia",
    "PS": "Palestine",
    "VA": "Vatican City",
    "XK": "Kosovo",
}

LANGUAGE_ALIASES: Final[dict[str, str]] = {
    "espanol": "es",
    "castellano": "es",
    "castilian": "es",
    "deutsch": "de",
    "francais": "fr",
    "italiano": "it",
    "portugues": "pt",
    "brazilian portuguese": "pt",
    "brazilian": "pt",
    "portugues brasileiro": "pt",
    "portugues do brasil": "pt",
    "european portuguese": "pt",
    "mandarin": "zh",
    "mandarin chinese": "zh",
    "cantonese": "zh",
    "putonghua": "zh",
    "中文": "zh",
    "日本語": "ja",
    "nihongo": "ja",
    "한국어": "ko",
    "hangul": "ko",
    "русский": "ru",
    "russkiy": "ru",
    "greek": "el",
    "farsi": "fa",
    "malay": "ms",
    "bahasa melayu": "ms",
    "bahasa indonesia": "id",
    "bahasa": "id",
    "filipino": "tl",
    "tagalog": "tl",
    "panjabi": "pa",
    "punjabi": "pa",
    "nepali": "ne",
    "swahili": "sw",
    "kiswahili": "sw",
    "oriya": "or",
    "odia": "or",
    "nederlands": "nl",
    "flemish": "nl",
    "vlaams": "nl",
    "svenska": "sv",
    "norsk": "no",
    "bokmal": "nb",
    "dansk": "da",
    "suomi": "fi",
    "polski": "pl",
    "turkce": "tr",
    "cestina": "cs",
    "magyar": "hu",
    "romana": "ro",
    "ukrainska": "uk",
    "ελληνικα": "el",
    "עברית": "he",
    "العربية": "ar",
    "tieng viet": "vi",
    "ไทย": "th",
    "हिन्दी": "hi",
    "hindustani": "hi",
    "bangla": "bn",
    "moldovan": "ro",
    "serbo croatian": "sh",
}

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
    index.update(COUNTRY_ALIASES)
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
    index.update(LANGUAGE_ALIASES)
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
