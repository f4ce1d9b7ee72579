"""Places in prose: country names, demonyms, US states, major cities and regions -> ISO alpha-2 codes.

``find_places`` reads a whole sentence and returns every place it mentions with its span, so that the
parser can decide from the surrounding words whether a place is where creators live, where their
audience is, or (for "Spanish-speaking") a language. Word-sense traps are handled here: "work with
us" is not the US, "in" is not Indiana, "French fries" and "kiwi smoothie" are not places, "Polish"
needs its capital letter. Country names themselves come from :func:`matching.geo.country_code`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Final, Literal

from matching.geo import country_code

PlaceKind = Literal["country", "code", "region", "state", "city", "demonym"]


def _words(text: str) -> list[str]:
    return text.split()


# Demonym (lower case) -> country. Non-English forms help with non-English questions.
DEMONYMS: Final[dict[str, str]] = {
    "american": "US",
    "americans": "US",
    "british": "GB",
    "brit": "GB",
    "brits": "GB",
    "english": "GB",
    "scottish": "GB",
    "welsh": "GB",
    "german": "DE",
    "germans": "DE",
    "french": "FR",
    "spanish": "ES",
    "italian": "IT",
    "italians": "IT",
    "portuguese": "PT",
    "brazilian": "BR",
    "brazilians": "BR",
    "mexican": "MX",
    "mexicans": "MX",
    "argentinian": "AR",
    "argentine": "AR",
    "colombian": "CO",
    "chilean": "CL",
    "peruvian": "PE",
    "canadian": "CA",
    "canadians": "CA",
    "australian": "AU",
    "australians": "AU",
    "aussie": "AU",
    "aussies": "AU",
    "new zealander": "NZ",
    "new zealanders": "NZ",
    "kiwi": "NZ",
    "kiwis": "NZ",
    "indian": "IN",
    "indians": "IN",
    "pakistani": "PK",
    "japanese": "JP",
    "korean": "KR",
    "south korean": "KR",
    "koreans": "KR",
    "chinese": "CN",
    "taiwanese": "TW",
    "thai": "TH",
    "vietnamese": "VN",
    "filipino": "PH",
    "filipina": "PH",
    "indonesian": "ID",
    "malaysian": "MY",
    "singaporean": "SG",
    "dutch": "NL",
    "belgian": "BE",
    "swiss": "CH",
    "austrian": "AT",
    "swedish": "SE",
    "swedes": "SE",
    "norwegian": "NO",
    "danish": "DK",
    "finnish": "FI",
    "icelandic": "IS",
    "polish": "PL",
    "czech": "CZ",
    "hungarian": "HU",
    "romanian": "RO",
    "greek": "GR",
    "turkish": "TR",
    "ukrainian": "UA",
    "russian": "RU",
    "irish": "IE",
    "israeli": "IL",
    "emirati": "AE",
    "saudi": "SA",
    "egyptian": "EG",
    "moroccan": "MA",
    "nigerian": "NG",
    "nigerians": "NG",
    "kenyan": "KE",
    "ghanaian": "GH",
    "south african": "ZA",
    "south africans": "ZA",
    # Spanish
    "estadounidense": "US",
    "estadounidenses": "US",
    "español": "ES",
    "española": "ES",
    "españoles": "ES",
    "españolas": "ES",
    "mexicano": "MX",
    "mexicanos": "MX",
    "mexicana": "MX",
    "mexicanas": "MX",
    "alemán": "DE",
    "alemanes": "DE",
    "alemana": "DE",
    "alemanas": "DE",
    "francés": "FR",
    "franceses": "FR",
    "francesa": "FR",
    "francesas": "FR",
    "italianos": "IT",
    "italianas": "IT",
    "brasileño": "BR",
    "brasileños": "BR",
    "brasileña": "BR",
    "brasileñas": "BR",
    "brasileiro": "BR",
    "brasileiros": "BR",
    "brasileira": "BR",
    "brasileiras": "BR",
    "argentino": "AR",
    "argentinos": "AR",
    "colombianos": "CO",
    "chilenos": "CL",
    "británicos": "GB",
    # French
    "français": "FR",
    "française": "FR",
    "françaises": "FR",
    "allemand": "DE",
    "allemands": "DE",
    "allemande": "DE",
    "allemandes": "DE",
    "espagnol": "ES",
    "espagnols": "ES",
    "espagnole": "ES",
    "espagnoles": "ES",
    "italien": "IT",
    "italiens": "IT",
    "italienne": "IT",
    "italiennes": "IT",
    "britannique": "GB",
    "britanniques": "GB",
    "belges": "BE",
    "suisses": "CH",
    "canadiens": "CA",
    "québécois": "CA",
    "américains": "US",
    "américaines": "US",
    # German
    "deutsche": "DE",
    "deutschen": "DE",
    "deutscher": "DE",
    "französische": "FR",
    "französischen": "FR",
    "spanische": "ES",
    "spanischen": "ES",
    "österreichische": "AT",
    "österreichischen": "AT",
    "schweizer": "CH",
    "britische": "GB",
    "britischen": "GB",
    "amerikanische": "US",
    "amerikanischen": "US",
}

# Demonyms that are also ordinary words in lower case: only the capitalised form is a place.
CASED_DEMONYMS: Final = frozenset({"polish", "kiwi", "kiwis", "swiss", "english", "thai"})
# Kiwi is a fruit first: "Kiwi" counts only before a word for people.
PEOPLE_ONLY_DEMONYMS: Final = frozenset({"kiwi", "kiwis"})

# Demonym -> the language it also names ("Spanish-speaking", "in French").
DEMONYM_LANGUAGES: Final[dict[str, str]] = {
    "english": "en",
    "spanish": "es",
    "español": "es",
    "espagnol": "es",
    "french": "fr",
    "français": "fr",
    "german": "de",
    "deutsch": "de",
    "allemand": "de",
    "italian": "it",
    "italien": "it",
    "portuguese": "pt",
    "brazilian": "pt",
    "dutch": "nl",
    "swedish": "sv",
    "norwegian": "no",
    "danish": "da",
    "finnish": "fi",
    "polish": "pl",
    "czech": "cs",
    "hungarian": "hu",
    "romanian": "ro",
    "greek": "el",
    "turkish": "tr",
    "ukrainian": "uk",
    "russian": "ru",
    "japanese": "ja",
    "korean": "ko",
    "chinese": "zh",
    "thai": "th",
    "vietnamese": "vi",
    "indonesian": "id",
    "icelandic": "is",
    "filipino": "tl",
}

# Words after a demonym that make it a cuisine, a product or a breed, not a place.
NON_PLACE_FOLLOWERS: Final = frozenset(
    _words(
        """food foods cuisine recipe recipes restaurant restaurants cooking dish dishes cheese fries toast
    press oven pastry pastries yogurt yoghurt delight coffee breakfast wax bulldog bulldogs shepherd
    shepherds waffle waffles bbq barbecue whisky whiskey tea wine wines beer massage manicure fish
    roulette guitar bread tart tarts horn vanilla kitchen smoothie smoothies fruit fruits juice
    sprouts skincare muffin muffins onion dressing mustard bacon sausage kiss curry"""
    )
)

# Words that name people or audiences: "Kiwi creators", "US shoppers".
PEOPLE_WORDS: Final = frozenset(
    _words("""creators creator influencers influencer bloggers blogger vloggers tiktokers youtubers
    instagrammers streamers athletes audience audiences followers shoppers consumers customers
    buyers market viewers fans readers moms mums parents women men people folks accounts""")
)

US_STATES: Final[dict[str, str]] = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS",
    "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD", "massachusetts": "MA",
    "michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
    "new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC",
    "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT",
    "virginia": "VA", "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
    "district of columbia": "DC", "washington dc": "DC", "washington d c": "DC",
}  # fmt: skip
STATE_CODES: Final = frozenset(US_STATES.values())
# State codes that are also English words or country codes: only after a city ("Portland, OR")
# or as "XX-based". "DE" is read as Germany, never Delaware.
WORDLIKE_STATE_CODES: Final = frozenset({"IN", "OR", "ME", "OK", "HI", "ID", "DE", "AS", "MA", "PA", "AL"})

# Upper-case country codes safe to read anywhere; others need a place context ("in PT").
SAFE_CODES: Final[dict[str, str]] = {
    "US": "US", "USA": "US", "UK": "GB", "GB": "GB", "UAE": "AE", "KSA": "SA", "NZ": "NZ",
    "DE": "DE", "FR": "FR", "ES": "ES", "MX": "MX", "BR": "BR", "AU": "AU", "JP": "JP", "KR": "KR",
    "NL": "NL", "SE": "SE", "PL": "PL", "IE": "IE", "NG": "NG", "ZA": "ZA", "DK": "DK", "FI": "FI",
    "SG": "SG", "PH": "PH", "CH": "CH", "UA": "UA", "GR": "GR", "AR": "AR", "CL": "CL",
}  # fmt: skip
CONTEXT_CODES: Final = frozenset({"AT", "BE", "PT", "NO", "CA", "CO", "CN", "TR", "IL", "PE"})

REGIONS: Final[dict[str, tuple[str, ...]]] = {}
_EU: Final = _words("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE")
_LATAM: Final = _words("MX BR AR CO CL PE EC UY CR GT PA VE BO PY DO")
for _names, _codes in (
    (("eu", "european union"), _EU),
    (("europe", "european", "europeans"), [*_EU, "GB", "NO", "CH", "IS", "UA", "RS"]),
    (("dach",), ["DE", "AT", "CH"]),
    (("nordics", "nordic", "nordic countries"), ["DK", "FI", "IS", "NO", "SE"]),
    (("scandinavia", "scandinavian", "scandinavians"), ["DK", "NO", "SE"]),
    (("benelux",), ["BE", "NL", "LU"]),
    (("baltics", "baltic states"), ["EE", "LV", "LT"]),
    (("iberia", "iberian peninsula"), ["ES", "PT"]),
    (("uk and ireland", "british isles"), ["GB", "IE"]),
    (("latam", "latin america", "latin american", "latinoamérica", "latinoamerica"), _LATAM),
    (("south america", "south american"), _words("AR BO BR CL CO EC GY PE PY SR UY VE")),
    (("north america", "north american"), ["US", "CA", "MX"]),
    (("anz", "oceania"), ["AU", "NZ"]),
    (("apac", "asia pacific", "asia-pacific"), _words("AU NZ JP KR CN SG IN ID PH TH MY VN HK TW")),
    (("southeast asia", "south east asia", "sea"), ["SG", "MY", "ID", "TH", "PH", "VN"]),
    (("gcc", "gulf"), ["AE", "SA", "QA", "KW", "BH", "OM"]),
    (("middle east",), ["AE", "SA", "QA", "KW", "BH", "OM", "IL", "JO", "LB"]),
    (("mena",), ["AE", "SA", "QA", "KW", "BH", "OM", "IL", "JO", "LB", "EG", "MA", "TN", "DZ"]),
    (("cee", "central and eastern europe"), _words("PL CZ SK HU RO BG HR SI EE LV LT")),
):
    for _name in _names:
        REGIONS[_name] = tuple(_codes)
# Region names that are ordinary words in lower case ("sea", "gulf"): capitalised only.
CASED_REGIONS: Final = frozenset({"sea", "gulf", "anz", "cee"})

CITIES: Final[dict[str, str]] = {}
for _code, _city_names in {
    "US": """nyc|new york city|brooklyn|manhattan|queens|los angeles|la|l a|san francisco|sf|bay area|
        chicago|austin|dallas|houston|san antonio|miami|orlando|tampa|atlanta|nashville|seattle|portland|
        denver|boulder|boston|philadelphia|philly|dc|phoenix|san diego|las vegas|vegas|salt lake city|slc|
        minneapolis|detroit|new orleans|nola|honolulu|charlotte|raleigh|pittsburgh|baltimore|st louis|
        kansas city|columbus|cleveland|sacramento|san jose|oakland|silicon valley|hollywood""",
    "GB": """london|manchester|birmingham|liverpool|leeds|glasgow|edinburgh|bristol|brighton|cardiff|
        belfast|newcastle|sheffield|nottingham|oxford|cambridge""",
    "IE": "dublin|cork|galway",
    "DE": "berlin|munich|münchen|hamburg|cologne|köln|frankfurt|stuttgart|düsseldorf|leipzig|dresden",
    "FR": "paris|lyon|marseille|toulouse|bordeaux|lille",
    "ES": "madrid|barcelona|valencia|seville|sevilla|málaga|malaga|bilbao",
    "IT": "rome|roma|milan|milano|naples|napoli|turin|torino|florence|firenze|venice|venezia|bologna",
    "NL": "amsterdam|rotterdam|utrecht|the hague",
    "BE": "brussels|antwerp",
    "SE": "stockholm|gothenburg|malmö|malmo",
    "NO": "oslo",
    "DK": "copenhagen",
    "FI": "helsinki",
    "PL": "warsaw|warszawa|kraków|krakow|wrocław|wroclaw|gdańsk|gdansk",
    "CZ": "prague",
    "AT": "vienna|wien",
    "CH": "zurich|zürich|geneva",
    "PT": "lisbon|lisboa|porto",
    "GR": "athens",
    "TR": "istanbul",
    "HU": "budapest",
    "UA": "kyiv|kiev",
    "AE": "dubai|abu dhabi",
    "SA": "riyadh",
    "IL": "tel aviv",
    "EG": "cairo",
    "NG": "lagos|abuja",
    "KE": "nairobi",
    "GH": "accra",
    "ZA": "cape town|johannesburg|joburg|durban",
    "MA": "casablanca|marrakech",
    "IN": "mumbai|bombay|delhi|new delhi|bangalore|bengaluru|chennai|hyderabad|kolkata|pune",
    "PK": "karachi|lahore",
    "BD": "dhaka",
    "JP": "tokyo|osaka|kyoto",
    "KR": "seoul|busan",
    "CN": "beijing|shanghai|shenzhen",
    "TW": "taipei",
    "TH": "bangkok",
    "ID": "jakarta|bali",
    "PH": "manila",
    "MY": "kuala lumpur",
    "VN": "hanoi|ho chi minh city|saigon",
    "AU": "sydney|melbourne|brisbane|perth|adelaide",
    "NZ": "auckland|wellington",
    "CA": "toronto|vancouver|montreal|montréal|calgary|ottawa|edmonton",
    "MX": "mexico city|cdmx|guadalajara|monterrey",
    "CO": "bogotá|bogota|medellín|medellin",
    "PE": "lima",
    "CL": "santiago",
    "AR": "buenos aires",
    "BR": "são paulo|sao paulo|rio de janeiro|rio|belo horizonte",
}.items():
    for _city in _city_names.split("|"):
        CITIES[" ".join(_city.split())] = _code
# Cities that are ordinary words or first names in lower case: capitalised only.
CASED_CITIES: Final = frozenset(
    _words(
        """austin phoenix charlotte orlando florence cork porto lima rio perth cologne bordeaux brussels
    oxford cambridge wellington santiago valencia portland boulder columbus cleveland raleigh
    queens bali nola"""
    )
)
# Upper case only: "LA" is Los Angeles, "la" is an article.
UPPER_CITIES: Final = frozenset({"la", "sf", "dc", "slc", "cdmx"})

# Single lower-case words that are country names but also common words: capitalised only.
CASED_COUNTRY_WORDS: Final = frozenset(
    _words("""turkey chile china jordan chad jersey guinea niger panama guernsey reunion georgia mali oman
    togo cuba samoa congo bermuda jamaica""")
)
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
