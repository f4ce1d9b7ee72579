"""The offline brief parser: a marketer's everyday question -> :class:`~matching.brief.Brief`, no LLM.

``parse_brief("5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in
the US")`` gives k=5, platforms=['instagram'], tiers=['micro'], 10k-100k followers, topics
['climbing', 'nutrition'], values ['sustainable'], audience_countries ['US'] and the brand phrase.

How it works: extractors run in a fixed order over the question, each claiming the characters it
used (a budget claims "$5k", so the follower reader never sees "5k"; the follower reader claims
"10k", so "10k" is not read as the running niche). Topics are read last from what nobody claimed.
Every regex is linear (no nested unbounded repeats), so long pasted text stays fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Final

from matching.brief import DEFAULT_PICKS, MAX_PICKS, Brief, Budget
from matching.geo import country_code, language_code
from matching.places import PlaceMention, find_places
from matching.profile import normalize_platform
from matching.tiers import DEFAULT_FOLLOWER_RANGE, TIER_ORDER, tier_range
from matching.vocabulary import VALUES, niche_terms

__all__ = [
    "AGE_BANDS",
    "looks_like_question",
    "parse_brief",
    "parse_count_word",
    "parse_follower_constraint",
    "parse_number",
]

# --------------------------------------------------------------------------------------------------
# Word tables


def _words(text: str) -> list[str]:
    return text.split()


NUMBER_WORDS: Final[dict[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "couple": 2, "few": 3, "handful": 5,
    "several": 5,
    # Spanish, German, French
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
    "diez": 10, "doce": 12, "quince": 15, "veinte": 20,
    "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
    "zehn": 10, "zwölf": 12, "fünfzehn": 15, "zwanzig": 20,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "douze": 12, "quinze": 15, "vingt": 20,
}  # fmt: skip
_COUNT_PHRASES: Final[dict[str, int]] = {
    "half a dozen": 6,
    "a dozen": 12,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "a handful of": 5,
    "a handful": 5,
}

# Nouns a count can count: "5 creators", "ten TikTokers", "a few options".
CREATOR_NOUN: Final = re.compile(
    r"(?:[a-z]+-)?(?:influencers?|influenceu(?:r|se)s?|influencer(?:innen)?|creators?|creadora?s?|"
    r"creadores|cr[ée]ateur(?:rice)?s?|kreative|accounts?|people|names|picks?|options?|profiles?|"
    r"bloggers?|vloggers?|ambassadors?|candidates?|recommendations?|suggestions?|results?|ones|"
    r"channels?|streamers?|tiktokers?|youtubers?|instagrammers?|athletes?|artists?|chefs?|moms|"
    r"mums|dads|parents|personalities|partners|micros|nanos|macros|handles|cuentas|comptes)",
    re.IGNORECASE,
)
CREATOR_WORDS: Final = frozenset(
    _words("""creator creators influencer influencers influenceurs influenceuses creadores creadoras
    micro-influencers nano-influencers macro-influencers microinfluencers bloggers vloggers
    tiktokers youtubers instagrammers streamers accounts people ambassadors athletes""")
)

_PLATFORM_WORD: Final = re.compile(
    r"\b(instagram(?:mers?)?|insta|ig|reels|tik\s?tok(?:ers?|s)?|tt|you\s?tube(?:rs?)?|yt|shorts|"
    r"twitter|x|twitch|facebook|fb|pinterest|linkedin|snapchat|threads|booktok|foodtok|cleantok|bookstagram|booktube)\b",
    re.IGNORECASE,
)
_PLATFORM_NICKNAMES: Final[dict[str, str]] = {
    "instagrammer": "instagram",
    "instagrammers": "instagram",
    "reels": "instagram",
    "tiktoker": "tiktok",
    "tiktokers": "tiktok",
    "tiktoks": "tiktok",
    "youtuber": "youtube",
    "youtubers": "youtube",
    "shorts": "youtube",
    # Platform communities named after the platform: BookTok is TikTok, Bookstagram is Instagram.
    "booktok": "tiktok",
    "foodtok": "tiktok",
    "cleantok": "tiktok",
    "bookstagram": "instagram",
    "booktube": "youtube",
}
# The niche a platform community names ("BookTok" is books on TikTok).
_COMMUNITY_NICHE: Final[dict[str, str]] = {
    "booktok": "books",
    "bookstagram": "books",
    "booktube": "books",
    "foodtok": "cooking",
    "cleantok": "home decor",
}
_NEGATION_BEFORE: Final = re.compile(
    r"(?:\bnot|\bno|\bnone|\bexcept|\bexcluding|\bexclude|\bwithout|\bavoid|\bskip|\bminus|\bother than|"
    r"\bbesides|\binstead of|\brather than|\bapart from|\baside from|\bnever|\banything but|"
    r"\banywhere but|\bnothing|\bnobody|\bno one|\bdon'?t want|\bdo not want|\bdon'?t need|\bsin|\bohne|"
    r"\bkeine?n?|\bnicht|\bpas|\bsans|\bsauf|\bexcepto|\baußer|\bignore|\bdrop|\bleave out|\bremove)"
    r"(?:\s+(?:on|from|via|the|any|anyone|creators?|influencers?|accounts?|people|in|at|of))*\s*[:,]?\s*$",
    re.IGNORECASE,
)
_LIST_GAP: Final = re.compile(
    r"\s*(?:,|/|&|\+|\bor\b|\band\b|\bnor\b|\bplus\b)?\s*(?:,\s*)?(?:or\s+|and\s+)?", re.I
)

# Number with an optional magnitude: "10k", "1.5M", "50,000", "10.000", "2 thousand".
_NUM: Final = (
    r"(?<![\d])(\d{1,3}(?:[,.]\d{3})+|\d+(?:[.,]\d+)?)\s*(k|mm|mn|m|mil|mio|thousand|million|tsd)?\b"
)
_FOLLOWER_WORDS: Final = (
    r"(?:followers?|follower(?:innen)?|following|subs|subscribers?|fans|audience size|seguidores|"
    r"suscriptores|abonn[ée]s|abonnenten)"
)
_CURRENCY_AFTER: Final = re.compile(
    r"^\s*(?:usd|eur|gbp|aud|cad|dollars?|bucks|euros?|pounds?|€|\$|£|budget)\b", re.IGNORECASE
)

AGE_BANDS: Final[tuple[tuple[str, int, int], ...]] = (
    ("13-17", 13, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, 200),
)
_GENERATIONS: Final[dict[str, tuple[str, ...]]] = {
    "gen z": ("13-17", "18-24"),
    "genz": ("13-17", "18-24"),
    "gen-z": ("13-17", "18-24"),
    "zoomers": ("13-17", "18-24"),
    "generation z": ("13-17", "18-24"),
    "millennials": ("25-34", "35-44"),
    "millennial": ("25-34", "35-44"),
    "gen y": ("25-34", "35-44"),
    "gen x": ("45-54", "55-64"),
    "boomers": ("55-64", "65+"),
    "baby boomers": ("55-64", "65+"),
    "teens": ("13-17",),
    "teenagers": ("13-17",),
    "college students": ("18-24",),
    "students": ("18-24",),
    "young adults": ("18-24", "25-34"),
    "seniors": ("65+",),
    "retirees": ("65+",),
}
_FEMALE: Final = frozenset(
    _words("women woman female females ladies girls moms mums mothers mamas moms-to-be mujeres frauen femmes")
)
_MALE: Final = frozenset(_words("men male males guys dads fathers boys hombres männer hommes"))

# Niche words too common in questions to count on their own ("home", "style", "history").
_WEAK_NICHE_WORDS: Final = frozenset(
    _words("""home style money history learning saving photo reader producer trail 5k 10k family funny sketch
    waves interior plants food outdoor outdoors gravel""")
)
# Weak words that still count right before a creator word or a product word: "food creators".
_WEAK_OK_NEXT: Final = re.compile(
    r"^[\s-]*(?:creators?|influencers?|bloggers?|vloggers?|vlogs?|content|accounts?|channels?|brand|"
    r"youtubers?|tiktokers?|instagrammers?|niche|space|scene|lovers|enthusiasts?)\b",
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

_STOPWORDS: Final = frozenset(
    _words("""a an the and or but of for to in on at by with from into onto about as is are was were be been
    being am do does did doing have has had having i me my we us our you your they them their he she it
    its this that these those who whom which what when where why how all any both each other some such
    no nor not only own same so than too very can will just should would could might must shall may
    please find give show get list recommend suggest need want looking look help pick choose search
    top best good great ideal perfect relevant suitable fit fits right new some few couple dozen
    more most less least up down out over under again further then once here there also really
    like similar maybe ideally preferably lets let's let based located living live near around
    creators creator influencers influencer micro nano macro mega mid tier size sized people accounts
    account folks bloggers vloggers ambassadors partners partnership partnerships collab collabs
    collaboration campaign campaigns brand brands company companies startup business product
    products line launch shop store label thing things stuff someone anyone somebody anybody
    followers follower audience audiences fans subscribers subs market shoppers customers consumers
    buyers viewers readers content posts post videos video reels shorts niche space scene who's what's
    i'm we're they're it's don't dont want wanted sell sells selling makes make making made
    small big large tiny huge mid-tier mid-size medium sized quality real fake genuine authentic
    engagement rate active recently email emails contact info contactable reachable days weeks
    months year years budget spend euros dollars pounds usd eur gbp plan brainstorm strategy
    hi hello hey thanks thank cheers yo ok okay pls plz kindly asap urgent today tomorrow week month
    cool nice awesome amazing one two three four five six seven eight nine ten twenty
    instead rather else other others etc across global worldwide international local
    women men female male moms mums dads parents kids teens gen millennials boomers
    country countries city cities region english language speaking speaker speakers
    ones options picks names profiles handles list shortlist recommendations suggestions
    bit lot lots kind sort type types way ways time times part similar vibe vibes aesthetic
    compare comparison versus vs tell know think about fit fitting suit suits suited match matches
    wie und oder der die das für mit von auf aus ein eine einen el la los las un una unos unas y o
    de del para con por en que le les des du pour avec sur et ou au aux""")
)


# --------------------------------------------------------------------------------------------------
# Small public helpers


def parse_number(digits: str, magnitude: str | None = None) -> float:
    """A human number as written: "10k", "1.5M", "50,000", "10.000" (German thousands).

    Args:
        digits: The digits with any separators ("50,000", "1.5").
        magnitude: An optional suffix: k, m, mm, thousand, million, mil, mio, tsd.

    Returns:
        The value as a float.

    """
    mag = (magnitude or "").lower()
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", digits) and not (
        mag and digits.count(",") + digits.count(".") == 1
    ):
        value = float(re.sub(r"[,.]", "", digits))
    else:
        value = float(digits.replace(",", "."))
    if mag in {"k", "thousand", "tsd"}:
        value *= 1_000
    elif mag in {"m", "mm", "mn", "million", "mil", "mio"}:
        value *= 1_000_000
    return value


def parse_count_word(word: str) -> int | None:
    """A small count written in digits or words ("5", "five", "a dozen", "a couple", "fünf")."""
    key = " ".join(word.lower().split())
    if key.isdigit():
        return int(key)
    if key in _COUNT_PHRASES:
        return _COUNT_PHRASES[key]
    return NUMBER_WORDS.get(key)


def parse_follower_constraint(text: str) -> tuple[int | None, int | None] | None:
    """The follower window one phrase states ("under 50k", "10-100k", "50k+", "around 30k").

    Returns:
        ``(min, max)`` with None for an open side, or None when the phrase states no follower size.

    """
    ctx = _Ctx(_normalise(text))
    _extract_followers(ctx)
    if ctx.follower_low is None and ctx.follower_high is None:
        return None
    return ctx.follower_low, ctx.follower_high


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
    if word in _STOPWORDS or word in NUMBER_WORDS or normalize_platform(word):
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


# --------------------------------------------------------------------------------------------------
# Parsing state


@dataclass
class _Ctx:
    """What the extractors share: the text, the spans already used, and the fields found so far."""

    text: str
    claimed: list[tuple[int, int]] = field(default_factory=list)
    fields: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    follower_low: int | None = None
    follower_high: int | None = None
    follower_phrases: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    per_creator_budget: bool = False

    def free(self, start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in self.claimed)

    def claim(self, start: int, end: int) -> None:
        self.claimed.append((start, end))

    def add(self, name: str, values: Iterable[str]) -> None:
        current = self.fields.setdefault(name, [])
        assert isinstance(current, list)
        for value in values:
            if value not in current:
                current.append(value)

    def blanked(self) -> str:
        chars = list(self.text)
        for start, end in self.claimed:
            for i in range(start, min(end, len(chars))):
                chars[i] = " "
        return "".join(chars)


_CHAR_MAP: Final = str.maketrans(
    {
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u202f": " ",
        "\u2009": " ", "\uff04": "$", "\u2264": "<", "\u2265": ">", "\uff20": "@",
    }
)  # fmt: skip


def _normalise(text: str) -> str:
    """One character for one: dashes, quotes and odd spaces made plain so spans stay aligned."""
    out = text.translate(_CHAR_MAP)
    return "".join(" " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} and c != "\n" else c for c in out)


# --------------------------------------------------------------------------------------------------
# The parser


def parse_brief(question: str, *, today: date | None = None) -> Brief:
    """Read a marketer's question into a :class:`Brief`, without an LLM.

    Args:
        question: The question as typed, in any language (English reads best).
        today: The reference date for phrases such as "active since March"; defaults to today.

    Returns:
        The Brief; an empty question gives an empty Brief (the service then shows usage help).
        Fields the parser set are marked ``'parser'`` in ``provenance``, defaults ``'default'``.

    """
    if not question or not question.strip():
        return Brief(question=question or "")
    ctx = _Ctx(_normalise(question))
    today = today or date.today()

    _extract_handles(ctx)
    _extract_budget(ctx)
    _extract_engagement(ctx)
    _extract_credibility(ctx)
    _extract_recency(ctx, today)
    _extract_email(ctx)
    _extract_ages(ctx)
    _extract_followers(ctx)
    _extract_count(ctx)
    _extract_tiers(ctx)
    _extract_platforms(ctx)
    _extract_exclude_brands(ctx)
    _extract_places(ctx)
    _extract_languages(ctx)
    _extract_gender(ctx)
    _extract_brand(ctx)
    _extract_topics(ctx)
    _extract_intent(ctx)
    return _build(question, ctx)


def _build(question: str, ctx: _Ctx) -> Brief:
    data: dict[str, object] = {"question": question}
    provenance: dict[str, str] = {}
    for name, value in ctx.fields.items():
        if value in (None, [], ""):
            continue
        data[name] = value
        provenance[name] = "parser"

    # Follower window: explicit numbers win; named tiers fill in; otherwise the micro default.
    low, high = _follower_window(ctx)
    if ctx.tiers:
        data["tiers"] = list(ctx.tiers)
        provenance["tiers"] = "parser"
    if low is None and high is None and not ctx.tiers and not ctx.follower_phrases:
        data["min_followers"], data["max_followers"] = DEFAULT_FOLLOWER_RANGE
        data["size_defaulted"] = True
        provenance["followers"] = "default"
    else:
        data["min_followers"], data["max_followers"] = low, high
        provenance["followers"] = "parser"

    # k, possibly per-creator budget.
    k = data.get("k")
    if not isinstance(k, int):
        provenance["k"] = "default"
        k = DEFAULT_PICKS
    budget = data.get("budget")
    if ctx.per_creator_budget and isinstance(budget, Budget) and budget.amount is not None:
        per = budget.amount
        budget = Budget(amount=per * k, currency=budget.currency)
        data["budget"] = budget
        ctx.notes.append(
            f"Read the budget as {per:,.0f} {budget.currency} per creator, {budget.amount:,.0f} in total for {k}."
        )
    if "intent" not in provenance:
        provenance["intent"] = "default"
    data["notes"] = list(ctx.notes)
    data["provenance"] = provenance
    return Brief.model_validate(data)


def _follower_window(ctx: _Ctx) -> tuple[int | None, int | None]:
    """Combine the explicit numbers with the named tiers, noting any contradiction."""
    low, high = ctx.follower_low, ctx.follower_high
    if not ctx.tiers:
        return low, high
    spans = [tier_range(t) for t in ctx.tiers]
    tier_low = min(s[0] for s in spans)
    highs = [s[1] for s in spans]
    tier_high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    if low is None and high is None:
        return tier_low, tier_high
    # Consistent when the stated window overlaps the tiers' span.
    overlaps = (high is None or high >= tier_low) and (low is None or tier_high is None or low <= tier_high)
    if not overlaps:
        names = " and ".join(ctx.tiers)
        span = f"{_human(tier_low)}-{_human(tier_high) if tier_high else '+'}"
        phrase = ", ".join(ctx.follower_phrases) or "the follower numbers"
        ctx.notes.append(
            f"Contradiction: {names} creators have {span} followers, but the question also says "
            f"'{phrase}'. Using the explicit follower numbers."
        )
        return low, high
    new_low = low if low is not None else tier_low
    new_high = high if high is not None else tier_high
    if new_low is not None and new_high is not None and new_low > new_high:
        return low, high
    return new_low, new_high


def _human(n: int | None) -> str:
    if n is None:
        return "any"
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return f"{n:,}"


# --------------------------------------------------------------------------------------------------
# Handles and intent

_HANDLE: Final = re.compile(r"(?<![\w.@<])@([A-Za-z0-9._-]+)")
_HANDLE_EXCLUDE_BEFORE: Final = re.compile(
    r"(?:\bnot|\bno|\bexcept|\bexcluding|\bexclude|\bwithout|\bskip|\bminus|\bother than|\bbesides|"
    r"\bapart from|\baside from|\bbut not|\bavoid|\bleave out|\bdrop|\bremove|\bignore|\bsin|\bohne|"
    r"\bsauf|\bexcepto|\baußer|\b(?:already|previously|before)\s+(?:worked|work|working|partnered|used|"
    r"collaborated|booked)\s+with|\b(?:we|i)(?:'ve| have)?\s+(?:already\s+)?(?:worked|partnered|"
    r"collaborated)\s+with|\bworked with|\bused)"
    r"(?:\s+(?:the\s+)?(?:creators?|influencers?|accounts?|handles?|ones?|anyone|people))?\s*[:,]?\s*$",
    re.IGNORECASE,
)
_HANDLE_GAP: Final = re.compile(
    r"\s*(?:,|/|&|\+|\band\b|\bor\b|\bvs\.?|\bversus\b|\bnor\b)?\s*(?:and\s+|or\s+)?"
)
_LOOKALIKE_BEFORE: Final = re.compile(
    r"(?:\blike|\bsimilar to|\blookalikes? (?:of|for|to)|\blook-?alikes? (?:of|for|to)|\bsuch as|"
    r"\bin the style of|\bsame vibe as|\bthe likes of|\balternatives? to|\bmore like)\s*$",
    re.IGNORECASE,
)


def _extract_handles(ctx: _Ctx) -> None:
    matches: list[tuple[int, int, str]] = []
    for m in _HANDLE.finditer(ctx.text):
        handle = m.group(1).rstrip("._-")
        if handle:
            matches.append((m.start(), m.start() + 1 + len(handle), handle))
    # Group handles listed together: "excluding @a, @b and @c".
    groups: list[list[tuple[int, int, str]]] = []
    for item in matches:
        if groups and _HANDLE_GAP.fullmatch(ctx.text[groups[-1][-1][1] : item[0]]):
            groups[-1].append(item)
        else:
            groups.append([item])
    named: list[str] = []
    excluded: list[str] = []
    lookalike = False
    for group in groups:
        before = _clause_before(ctx.text, group[0][0], 60)
        after = ctx.text[group[-1][1] : group[-1][1] + 40]
        is_excluded = bool(_HANDLE_EXCLUDE_BEFORE.search(before)) or bool(
            re.match(
                r"\s*(?:\(|,|-)?\s*(?:we(?:'ve| have)?\s+)?(?:already|previously)\s+(?:worked|partnered|used)",
                after,
                re.I,
            )
        )
        # "not @a but @b": within a group each handle can carry its own "not".
        for i, (start, end, handle) in enumerate(group):
            own = (
                bool(_HANDLE_EXCLUDE_BEFORE.search(_clause_before(ctx.text, start, 30))) if i else is_excluded
            )
            (excluded if own or is_excluded else named).append(handle)
            ctx.claim(start, end)
        if not is_excluded and _LOOKALIKE_BEFORE.search(before):
            lookalike = True
    ctx.add("exclude_handles", [h.lower() for h in excluded])
    ctx.add("handles", [h.lower() for h in named if h.lower() not in {e.lower() for e in excluded}])
    ctx.fields["_lookalike"] = lookalike


def _clause_before(text: str, start: int, width: int) -> str:
    """Up to ``width`` characters before ``start``, cut at the last sentence boundary."""
    chunk = text[max(0, start - width) : start]
    cut = max(chunk.rfind(c) for c in ".!?;\n")
    if cut >= 0 and not re.search(r"\b[A-Za-z]\.$", chunk[: cut + 1]):
        chunk = chunk[cut + 1 :]
    return chunk


_PLAN: Final = re.compile(
    r"\b(?:plan(?:ning)?\s+(?:a|an|our|the|my|out|for|this|next)\b|(?:campaign|media|influencer|content|"
    r"activation)\s+plan\b|brainstorm(?:ing)?\b|allocat(?:e|ion)\b|split (?:the|our|a|my) budget|"
    r"how (?:should|would|could|can|do) (?:we|i) (?:spend|use|split|allocate|run|structure)\b|"
    r"what can (?:we|i) (?:do|get) (?:with|for)\b)",
    re.IGNORECASE,
)


def _extract_intent(ctx: _Ctx) -> None:
    handles = ctx.fields.get("handles") or []
    assert isinstance(handles, list)
    lookalike = bool(ctx.fields.pop("_lookalike", False))
    plan_cue = _PLAN.search(ctx.text)
    campaign = re.search(r"\bcampaigns?\b", ctx.text, re.IGNORECASE)
    intent: str | None = None
    if plan_cue or (ctx.fields.get("budget") is not None and campaign):
        intent = "plan"
    elif handles and not lookalike:
        intent = "compare" if len(handles) >= 2 else "profile"
    if intent is not None:
        ctx.fields["intent"] = intent


# --------------------------------------------------------------------------------------------------
# Budget, engagement, credibility, recency, email

_CUR_PRE: Final = r"(us\$|ca\$|c\$|a\$|au\$|\$|€|£|usd\s?|eur\s?|gbp\s?)"
_BUDGET_SYMBOL: Final = re.compile(
    _CUR_PRE + r"\s*" + _NUM + r"(?:\s*(?:-|to)\s*(?:us\$|\$|€|£)?\s*" + _NUM + r")?", re.IGNORECASE
)
_BUDGET_WORD_AFTER: Final = re.compile(
    _NUM
    + r"(?:\s*(?:-|to)\s*"
    + _NUM
    + r")?\s*(usd|eur|gbp|aud|cad|dollars?|bucks|euros?|pounds?|€|\$|£)(?!\w)",
    re.IGNORECASE,
)
_BUDGET_LEAD: Final = re.compile(
    r"\b(?:budget|presupuesto|spend(?:ing)?|spend up to|invest(?:ing)?)\s*(?:is|of|:|=|around|about|~|"
    r"up to|under|max(?:imum)?|of up to|at|capped at|roughly|approx\.?|approximately|will be|would be|"
    r"de|von|total|in total|around|is around|is about|is roughly|is under|is up to)?"
    r"(?:\s+(?:around|about|roughly|approx\.?|up to|under))?\s*(us\$|\$|€|£)?\s*"
    + _NUM
    + r"(?:\s*(usd|eur|gbp|dollars?|euros?|pounds?))?",
    re.IGNORECASE,
)
_BUDGET_TRAIL: Final = re.compile(_NUM + r"\s*(?:total\s+)?budget\b", re.IGNORECASE)
_BUDGET_UNLIMITED: Final = re.compile(
    r"\b(?:unlimited budget|budget is unlimited|budget:\s*unlimited|no budget (?:limit|cap|constraints?|ceiling)|"
    r"budget (?:is )?(?:not an issue|no object|no issue|flexible)|money is no object|"
    r"no (?:limit|cap) on (?:the )?budget|sky'?s the limit)\b",
    re.IGNORECASE,
)
_BUDGET_NONE: Final = re.compile(r"\b(?:no budget|zero budget|gifting only|unpaid|product only|\$0\b)", re.I)
_PER_CREATOR: Final = re.compile(
    r"^\s*(?:per|/|a|each|for each)\s*(?:creator|influencer|person|head|pick|post|account|video)\b|^\s*each\b",
    re.IGNORECASE,
)


def _currency(symbol: str) -> str:
    s = symbol.strip().lower()
    if s in {"€", "eur", "euro", "euros"}:
        return "EUR"
    if s in {"£", "gbp", "pound", "pounds"}:
        return "GBP"
    if s in {"a$", "au$", "aud"}:
        return "AUD"
    if s in {"c$", "ca$", "cad"}:
        return "CAD"
    return "USD"


def _range_value(d1: str, m1: str | None, d2: str | None, m2: str | None) -> float:
    """The upper end of "5k-10k" / "5-10k", or the single figure."""
    if d2:
        return parse_number(d2, m2 or m1)
    return parse_number(d1, m1)


def _extract_budget(ctx: _Ctx) -> None:
    text = ctx.text
    m = _BUDGET_UNLIMITED.search(text)
    if m:
        ctx.fields["budget"] = Budget(amount=None, unlimited=True)
        ctx.claim(m.start(), m.end())
        return
    # (start, end, amount, currency or None when the phrase names none, is_range)
    found: list[tuple[int, int, float, str | None, bool]] = []
    for m in _BUDGET_SYMBOL.finditer(text):
        value = _range_value(m.group(2), m.group(3), m.group(4), m.group(5))
        found.append((m.start(), m.end(), value, _currency(m.group(1)), bool(m.group(4))))
    for m in _BUDGET_WORD_AFTER.finditer(text):
        value = _range_value(m.group(1), m.group(2), m.group(3), m.group(4))
        found.append((m.start(), m.end(), value, _currency(m.group(5)), bool(m.group(3))))
    for m in _BUDGET_LEAD.finditer(text):
        currency = m.group(1) or m.group(4)
        value = parse_number(m.group(2), m.group(3))
        found.append((m.start(), m.end(), value, _currency(currency) if currency else None, False))
    for m in _BUDGET_TRAIL.finditer(text):
        found.append((m.start(), m.end(), parse_number(m.group(1), m.group(2)), None, False))
    if found:
        found.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        _start, end, value, currency, is_range = found[0]
        # Merge the phrases that overlap the first one ("budget of" + "€2k").
        for s, e, _v, cur, rng in found[1:]:
            if s < end:
                end = max(end, e)
                currency = currency or cur
                is_range = is_range or rng
                if rng:
                    value = _v
        others = {round(v) for s, _e, v, _c, _r in found if s >= end}
        for s, e, *_rest in found:
            ctx.claim(s, e)
        ctx.fields["budget"] = Budget(amount=value, currency=currency or "USD")
        if is_range:
            ctx.notes.append("The budget was given as a range; using the upper end.")
        if others - {round(value)}:
            ctx.notes.append("Several budget figures found; using the first.")
        if _PER_CREATOR.search(text[end : end + 25]):
            ctx.per_creator_budget = True
        return
    m = _BUDGET_NONE.search(text)
    if m:
        ctx.fields["budget"] = Budget(amount=0.0)
        ctx.claim(m.start(), m.end())
        ctx.notes.append("No paid budget: read as gifting or product-only collaborations.")


_PCT: Final = r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:%|percent|pct|per cent)"
_ENGAGEMENT: Final = (
    re.compile(
        r"\b(?:engagement(?:\s+rates?)?|er|eng\.?)\s*(?:is|of|:|=|>=?|above|over|at least|of at least|"
        r"higher than|greater than|more than|better than|north of|min(?:imum)?(?: of)?|>|≥)?\s*" + _PCT,
        re.IGNORECASE,
    ),
    re.compile(
        r"(?:\b(?:at least|above|over|more than|min(?:imum)?|>=?)\s*)?"
        + _PCT
        + r"\s*\+?\s*(?:or (?:more|higher|better|above)\s+)?(?:engagement|er)\b",
        re.IGNORECASE,
    ),
)


def _extract_engagement(ctx: _Ctx) -> None:
    for pattern in _ENGAGEMENT:
        for m in pattern.finditer(ctx.text):
            if not ctx.free(m.start(), m.end()):
                continue
            value = float(m.group(1).replace(",", ".")) / 100
            ctx.fields["min_engagement"] = round(value, 6)
            ctx.claim(m.start(), m.end())
            return


_CREDIBILITY_PCT: Final = re.compile(
    r"(?:\b(?:credibility|authenticity|audience quality|real followers|genuine followers|real audience)"
    r"(?:\s+score)?\s*(?:is|of|:|above|over|at least|>=?|≥)?\s*" + _PCT + r"?)|"
    r"(?:(?:at least|above|over|min(?:imum)?)?\s*"
    + _PCT.replace("(\\d", "(?P<p2>\\d", 1)
    + r"\s*\+?\s*(?:real|genuine|authentic)\s+(?:followers|audience))",
    re.IGNORECASE,
)
_CREDIBILITY_WORDS: Final = re.compile(
    r"\b(?:real|genuine|authentic|organic|legit)\s+(?:followers|audiences?|following|engagement)|"
    r"\bno\s+(?:fake|bought|purchased|bot)\s+(?:followers|engagement|audiences?)|\bno\s+bots\b|"
    r"\bnot\s+(?:fake|botted)|\bwithout\s+(?:fake|bought)\s+followers|\bfake[- ]follower[- ]free|"
    r"\b(?:avoid|exclude|filter out)\s+(?:fake|bought|botted)\s+(?:followers|accounts|audiences?)|"
    r"\bhigh[- ]credibility|\bcredible\s+audiences?",
    re.IGNORECASE,
)


def _extract_credibility(ctx: _Ctx) -> None:
    for m in _CREDIBILITY_PCT.finditer(ctx.text):
        pct = m.group(1) or m.group("p2")
        if pct:
            value = float(pct.replace(",", "."))
            ctx.fields["min_credibility"] = min(1.0, value / 100 if value > 1 else value)
            ctx.claim(m.start(), m.end())
            return
    m2 = _CREDIBILITY_WORDS.search(ctx.text)
    if m2:
        ctx.fields["min_credibility"] = 0.8
        ctx.claim(m2.start(), m2.end())


_UNIT_DAYS: Final = {"day": 1, "week": 7, "month": 30, "year": 365}
_COUNT_TOKEN: Final = (
    r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty|couple of|few)"
)
_ACTIVITY: Final = (
    r"(?:post(?:ed|s|ing)?|active|activity|upload(?:ed|s|ing)?|publish(?:ed|ing)?|live|uploaded)"
)
_RECENCY: Final = (
    re.compile(
        r"\b" + _ACTIVITY + r"\b[^.;!?\n]{0,40}?\b(?:in|within|during|over|for|from)\s+(?:the\s+)?"
        r"(?:last|past|previous)\s+(?:" + _COUNT_TOKEN + r"\s+)?(day|week|month|year)s?\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:in|within)\s+(?:the\s+)?(?:last|past)\s+(?:" + _COUNT_TOKEN + r"\s+)?(day|week|month|year)s?\b"
        r"[^.;!?\n]{0,20}?\b" + _ACTIVITY + r"\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b" + _ACTIVITY + r"\s+(?:within|in)\s+" + _COUNT_TOKEN + r"\s+(day|week|month|year)s?\b",
        re.IGNORECASE,
    ),
)
_RECENCY_THIS: Final = re.compile(
    r"\b" + _ACTIVITY + r"\s+(?:this|in the current)\s+(week|month|year)\b", re.IGNORECASE
)
_RECENCY_VAGUE: Final = re.compile(
    r"\b(?:" + _ACTIVITY + r"\s+recently|recently\s+" + _ACTIVITY + r"|still\s+active|currently\s+active|"
    r"active\s+(?:accounts|creators|posters)|posting\s+regularly|regularly\s+posting|not\s+inactive|"
    r"no\s+(?:dead|inactive)\s+accounts)\b",
    re.IGNORECASE,
)
_MONTHS: Final = _words(
    "january february march april may june july august september october november december"
)
_RECENCY_SINCE: Final = re.compile(
    r"\b" + _ACTIVITY + r"\b[^.;!?\n]{0,30}?\bsince\s+(" + "|".join(_MONTHS) + r")\b", re.IGNORECASE
)


def _count_token(token: str | None) -> int:
    if not token:
        return 1
    t = token.lower()
    if t.isdigit():
        return int(t)
    if t in {"a", "an"}:
        return 1
    if t == "couple of":
        return 2
    return NUMBER_WORDS.get(t, 1)


def _extract_recency(ctx: _Ctx, today: date) -> None:
    for pattern in _RECENCY:
        for m in pattern.finditer(ctx.text):
            if not ctx.free(m.start(), m.end()):
                continue
            days = _count_token(m.group(1)) * _UNIT_DAYS[m.group(2).lower()]
            ctx.fields["max_days_since_post"] = max(1, days)
            ctx.claim(m.start(), m.end())
            return
    this = _RECENCY_THIS.search(ctx.text)
    if this:
        ctx.fields["max_days_since_post"] = _UNIT_DAYS[this.group(1).lower()]
        ctx.claim(this.start(), this.end())
        return
    since = _RECENCY_SINCE.search(ctx.text)
    if since:
        month = _MONTHS.index(since.group(1).lower()) + 1
        year = today.year if month <= today.month else today.year - 1
        ctx.fields["max_days_since_post"] = max(1, (today - date(year, month, 1)).days)
        ctx.claim(since.start(), since.end())
        return
    vague = _RECENCY_VAGUE.search(ctx.text)
    if vague:
        ctx.fields["max_days_since_post"] = 30
        ctx.claim(vague.start(), vague.end())


_EMAIL: Final = re.compile(
    r"\b(?:contactable|reachable|(?:with|have|has|having|include|including|need|needs|listed|public|"
    r"business|valid|an?|their|known|available)\s+(?:an?\s+|their\s+|a\s+public\s+|public\s+|business\s+)?"
    r"e-?mails?(?:\s+address(?:es)?)?|e-?mails?(?:\s+address(?:es)?)?\s+(?:listed|available|on file|"
    r"included|public|required|only|please|in bio)|contact\s+(?:info(?:rmation)?|details|emails?)|"
    r"e-?mail\s+(?:contacts?|addresses)|ways? to (?:contact|reach) them|can (?:email|contact|reach) them)\b",
    re.IGNORECASE,
)


def _extract_email(ctx: _Ctx) -> None:
    for m in _EMAIL.finditer(ctx.text):
        if ctx.free(m.start(), m.end()):
            ctx.fields["require_email"] = True
            ctx.claim(m.start(), m.end())
            return


# --------------------------------------------------------------------------------------------------
# Audience ages and gender

_AGE_CUE: Final = (
    r"(?:women|men|moms|mums|dads|parents|people|adults|audiences?|aged|ages?|age group|age range|"
    r"demographics?|demo|females?|males?|ladies|guys|girls|boys|readers|viewers|fans|followers|shoppers|"
    r"consumers|customers|buyers|millennials|students|between|targeting|reaching|for)"
)
_AGE_RANGE: Final = re.compile(
    r"\b(1[3-9]|[2-9]\d)\s*(?:-|to|–)\s*(1[3-9]|[2-9]\d)\b(?!\s*(?:k\b|%|\+|days?|weeks?|months?|followers|"
    r"creators|influencers|picks|posts|percent|usd|eur|dollars))",
    re.IGNORECASE,
)
_AGE_OPEN: Final = re.compile(
    r"\b" + _AGE_CUE + r"\s+(over|above|under|below|older than|younger than|aged)\s+(1[3-9]|[2-9]\d)\b(\+)?"
    r"(?!\s*(?:k\b|%|followers|days))|\b(?:aged\s+)?(1[3-9]|[2-9]\d)\s*\+(?=\s*(?:women|men|moms|audiences?|"
    r"demo|year|yo\b|females?|males?|adults|people|crowd|\)|,|$))|"
    r"\bin\s+their\s+(20|30|40|50|60)'?s\b|\bin\s+their\s+(twenties|thirties|forties|fifties|sixties)\b",
    re.IGNORECASE,
)
_DECADE_WORDS: Final = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60}
_GENERATION: Final = re.compile(
    r"\b(" + "|".join(sorted((re.escape(g) for g in _GENERATIONS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def _bands(low: int, high: int) -> list[str]:
    return [name for name, lo, hi in AGE_BANDS if lo <= high and low <= hi]


def _extract_ages(ctx: _Ctx) -> None:
    text = ctx.text
    bands: list[str] = []
    for m in _AGE_RANGE.finditer(text):
        if not ctx.free(m.start(), m.end()):
            continue
        low, high = int(m.group(1)), int(m.group(2))
        if low >= high or high - low > 50:
            continue
        before = text[max(0, m.start() - 30) : m.start()]
        after = text[m.end() : m.end() + 16]
        exact_band = f"{low}-{high}" in {b[0] for b in AGE_BANDS}
        cued = re.search(_AGE_CUE + r"\W*(?:\w+\W+)?$", before, re.IGNORECASE) or re.match(
            r"\s*(?:-\s*)?(?:years?|yrs?|y/?o|year-olds|olds)\b", after, re.IGNORECASE
        )
        if cued or exact_band:
            bands += _bands(low, high)
            ctx.claim(m.start(), m.end())
    for m in _AGE_OPEN.finditer(text):
        if not ctx.free(m.start(), m.end()):
            continue
        if m.group(2):
            word, age = m.group(1).lower(), int(m.group(2))
            if word in {"under", "below", "younger than"}:
                bands += _bands(13, age - 1)
            else:
                bands += _bands(age if word == "aged" else age + (0 if m.group(3) else 1), 200)
        elif m.group(4):
            bands += _bands(int(m.group(4)), 200)
        else:
            decade = int(m.group(5)) if m.group(5) else _DECADE_WORDS[m.group(6).lower()]
            bands += _bands(decade, decade + 9)
        ctx.claim(m.start(), m.end())
    for m in _GENERATION.finditer(text):
        if ctx.free(m.start(), m.end()):
            bands += _GENERATIONS[" ".join(m.group(1).lower().split())]
    if bands:
        order = [b[0] for b in AGE_BANDS]
        ctx.add("audience_ages", sorted(set(bands), key=order.index))


_GENDER_WORD: Final = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in _FEMALE | _MALE), key=len, reverse=True)) + r")\b", re.I
)
_GENDER_SKIP_AFTER: Final = re.compile(
    r"^[\s-]*(?:owned|founded|founders?|led|run|in (?:business|tech|stem|sports?|science|leadership))\b", re.I
)
_GENDER_CREATOR_AFTER: Final = re.compile(
    r"^(?:[\s-]+[^\W\d_]+){0,2}?[\s-]+(?:creators?|influencers?|bloggers?|vloggers?|athletes?|climbers?|runners?|youtubers?|"
    r"tiktokers?|instagrammers?|hosts?|chefs?|coaches?|streamers?)\b",
    re.I,
)


def _extract_gender(ctx: _Ctx) -> None:
    found: set[str] = set()
    creator_gender = False
    for m in _GENDER_WORD.finditer(ctx.text):
        if not ctx.free(m.start(), m.end()):
            continue
        after = ctx.text[m.end() : m.end() + 30]
        if _GENDER_SKIP_AFTER.match(after):
            continue
        word = m.group(1).lower()
        if word in {"female", "male", "women", "men"} and _GENDER_CREATOR_AFTER.match(after):
            creator_gender = True
            continue
        found.add("female" if word in _FEMALE else "male")
    if len(found) == 1:
        ctx.fields["audience_gender"] = found.pop()
    if creator_gender:
        ctx.notes.append(
            "Creator gender is not a filter, so it was ignored; say e.g. 'female audience' to rank on the audience."
        )


# --------------------------------------------------------------------------------------------------
# Follower size and tiers

_CMP_UPPER: Final = (
    r"(?:under|below|less than|fewer than|up to|upto|at most|max(?:imum)?(?: of)?|no more than|"
    r"not more than|smaller than|lower than|sub-?|<=?|≤|menos de|unter|weniger als|moins de|maximal|max\.)"
)
_CMP_LOWER: Final = (
    r"(?:over|above|more than|at least|min(?:imum)?(?: of)?|>=?|≥|bigger than|larger than|north of|"
    r"greater than|higher than|from|starting at|más de|mehr als|über|ueber|plus de|mindestens|au moins)"
)
_CMP_AROUND: Final = (
    r"(?:around|about|approx(?:imately|\.)?|roughly|~|circa|ca\.|close to|near|aprox\.?|etwa|environ)"
)
_F_BETWEEN: Final = re.compile(r"\bbetween\s+" + _NUM + r"\s*(?:and|&|-)\s*" + _NUM, re.IGNORECASE)
_F_RANGE: Final = re.compile(r"(?<![\w.,$€£])" + _NUM + r"\s*(?:-|to|–|bis|à|a)\s*" + _NUM, re.IGNORECASE)
_F_UPPER: Final = re.compile(r"(?<!\w)" + _CMP_UPPER + r"\s*" + _NUM, re.IGNORECASE)
_F_LOWER: Final = re.compile(r"(?<!\w)" + _CMP_LOWER + r"\s*" + _NUM, re.IGNORECASE)
_F_AROUND: Final = re.compile(r"(?<!\w)" + _CMP_AROUND + r"\s*" + _NUM, re.IGNORECASE)
_F_PLUS: Final = re.compile(
    r"(?<![\w.,$€£])" + _NUM + r"\s*(?:\+|or more|and up|and above|plus|or higher)", re.I
)
_F_BARE: Final = re.compile(r"(?<![\w.,$€£])" + _NUM + r"\s*(?:-\s*)?" + _FOLLOWER_WORDS, re.IGNORECASE)
_NOT_FOLLOWERS_AFTER: Final = re.compile(
    r"^\s*(?:%|percent|days?|weeks?|months?|years?|yrs?|yo\b|y/o|posts?|videos?|views?|likes?|comments?|"
    r"usd|eur|gbp|dollars?|euros?|pounds?|bucks|budget|miles?|km|hours?|"
    r"minutes?|steps?|reps?|calories|kcal|times|runners?|races?|runs?)\b",
    re.IGNORECASE,
)


def _is_followerish(ctx: _Ctx, start: int, end: int, mags: Iterable[str | None], value: float) -> bool:
    after = ctx.text[end : end + 30]
    if _NOT_FOLLOWERS_AFTER.match(after) or _CURRENCY_AFTER.match(after):
        return False
    if re.search(r"[$€£]\s*$", ctx.text[max(0, start - 2) : start]):
        return False
    if re.match(r"\s*(?:-\s*)?" + _FOLLOWER_WORDS, after, re.IGNORECASE):
        return True
    if any(m for m in mags):
        return True
    return value >= 1_000


# "any size", "all tiers", "regardless of followers": the user lifts the micro default on purpose.
_ANY_SIZE: Final = re.compile(
    r"\b(?:any|all|every)\s+(?:sizes?|tiers?|follower\s+counts?|audience\s+sizes?)\b"
    r"|\bregardless\s+of\s+(?:size|followers?|follower\s+count)\b"
    r"|\bno\s+(?:size|follower)\s+(?:limit|minimum|maximum|cap|constraint)s?\b"
    r"|\bany\s+number\s+of\s+followers\b",
    re.IGNORECASE,
)


def _extract_followers(ctx: _Ctx) -> None:
    text = ctx.text
    low: int | None = None
    high: int | None = None
    for m in _ANY_SIZE.finditer(text):
        # An explicit "any size" counts as a size phrase with no bounds: no micro default.
        ctx.follower_phrases.append(" ".join(m.group(0).split()))
        ctx.claim(m.start(), m.end())

    def note(m: re.Match[str]) -> None:
        ctx.follower_phrases.append(" ".join(m.group(0).split()))
        ctx.claim(m.start(), m.end())

    for pattern in (_F_BETWEEN, _F_RANGE):
        for m in pattern.finditer(text):
            if not ctx.free(m.start(), m.end()):
                continue
            d1, m1, d2, m2 = m.group(1), m.group(2), m.group(3), m.group(4)
            b = parse_number(d2, m2)
            a = parse_number(d1, m1 or (m2 if parse_number(d1, m2) <= b else None))
            if not _is_followerish(ctx, m.start(), m.end(), (m1, m2), b):
                continue
            if a > b:
                a, b = b, a
            low, high = int(a), int(b)
            note(m)
    for pattern, kind in (
        (_F_UPPER, "upper"),
        (_F_LOWER, "lower"),
        (_F_AROUND, "around"),
        (_F_PLUS, "lower"),
    ):
        for m in pattern.finditer(text):
            if not ctx.free(m.start(), m.end()):
                continue
            value = parse_number(m.group(1), m.group(2))
            if not _is_followerish(ctx, m.start(), m.end(), (m.group(2),), value):
                continue
            if pattern is _F_LOWER and m.group(0).lower().startswith("from") and not m.group(2):
                continue
            if kind == "upper":
                high = int(value)
            elif kind == "lower":
                low = int(value)
            else:
                low, high = int(value * 0.5), int(value * 1.5)
            note(m)
    for m in _F_BARE.finditer(text):
        if not ctx.free(m.start(), m.end()):
            continue
        value = parse_number(m.group(1), m.group(2))
        if low is None and high is None and value > 0:
            low, high = int(value * 0.5), int(value * 1.5)
            note(m)
    if low is not None and high is not None and low > high:
        low, high = high, low
    ctx.follower_low, ctx.follower_high = low, high


_TIER_WORD: Final = re.compile(
    r"\b(nano|micro|macro|mega|mid)(?:[- ]?(influencers?|influenceurs?|creators?|creadores|tiers?|"
    r"sized?|range|level|accounts?|influence)\b|(s)\b|\b)",
    re.IGNORECASE,
)
_TIER_PHRASES: Final = (
    (re.compile(r"\b(?:small(?:er)?|tiny|up-and-coming|emerging|little)\s+(?:creators?|influencers?|"
                r"accounts?|channels?|youtubers?|tiktokers?|instagrammers?)\b", re.I), ("nano", "micro")),
    (re.compile(r"\b(?:big(?:ger)?|large(?:r)?|established|well-known)\s+(?:creators?|influencers?|"
                r"accounts?|channels?|names|youtubers?|tiktokers?|instagrammers?)\b", re.I), ("mid", "macro", "mega")),
    (re.compile(r"\b(?:huge|famous|celebrit(?:y|ies)|celebs?|mega-?stars?)\b", re.I), ("mega",)),
    (re.compile(r"\bmid-?size(?:d)?\b|\bmedium(?:-sized)?\s+(?:creators?|influencers?|accounts?)\b", re.I), ("mid",)),
)  # fmt: skip


def _extract_tiers(ctx: _Ctx) -> None:
    found: list[str] = []
    for m in _TIER_WORD.finditer(ctx.text):
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


# --------------------------------------------------------------------------------------------------
# Count

_COUNT_PHRASE_RE: Final = re.compile(
    r"\b("
    + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_COUNT_PHRASES, key=len, reverse=True))
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


def _extract_count(ctx: _Ctx) -> None:
    text = ctx.text
    tokens: list[tuple[int, int, int]] = []
    for m in _COUNT_PHRASE_RE.finditer(text):
        if ctx.free(m.start(), m.end()):
            tokens.append((m.start(), m.end(), _COUNT_PHRASES[" ".join(m.group(1).lower().split())]))
    for m in _COUNT_TOKEN_RE.finditer(text):
        if not ctx.free(m.start(), m.end()) or any(s <= m.start() < e for s, e, _ in tokens):
            continue
        value = int(m.group(1)) if m.group(1) else NUMBER_WORDS[m.group(2).lower()]
        tokens.append((m.start(), m.end(), value))
    tokens.sort()
    for start, end, value in tokens:
        after = text[end : end + 80]
        if _NOT_FOLLOWERS_AFTER.match(after) and not re.match(
            r"\s*(?:creators?|influencers?|picks?|people)\b", after, re.I
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


# --------------------------------------------------------------------------------------------------
# Platforms


def _platform_of(word: str, text: str, start: int, end: int) -> str | None:
    key = " ".join(word.lower().split())
    before = text[max(0, start - 20) : start].lower()
    after = text[end : end + 25].lower()
    if key in {"reels", "shorts"}:
        host = "instagram" if key == "reels" else "youtube"
        context = re.search(
            r"\b(?:on|via|for|do|does|make|makes|making|post|posting|doing|ig|instagram|youtube|yt)\s+$",
            before,
        )
        if not (context or re.match(r"\s*(?:creators?|content|videos?|format|only)\b", after)):
            return None
        return host
    if key == "x":
        if word != "X" or not re.search(r"\b(?:on|via)\s*$", before):
            return None
        return "twitter"
    if key == "threads" and not (word[0].isupper() or re.search(r"\bon\s+$", before)):
        return None
    if key == "tt" and re.search(r"\btt\s*\d", text[start : end + 3].lower()):
        return None
    if key in _PLATFORM_NICKNAMES:
        return _PLATFORM_NICKNAMES[key]
    return normalize_platform(key)


def _extract_platforms(ctx: _Ctx) -> None:
    text = ctx.text
    items: list[tuple[int, int, str]] = []
    for m in _PLATFORM_WORD.finditer(text):
        if not ctx.free(m.start(), m.end()):
            continue
        platform = _platform_of(m.group(1), text, m.start(), m.end())
        if platform:
            items.append((m.start(), m.end(), platform))
    groups: list[list[tuple[int, int, str]]] = []
    for item in items:
        if groups and _LIST_GAP.fullmatch(text[groups[-1][-1][1] : item[0]]):
            groups[-1].append(item)
        else:
            groups.append([item])
    include: list[str] = []
    exclude: list[str] = []
    for group in groups:
        before = _clause_before(text, group[0][0], 40)
        negated = bool(_NEGATION_BEFORE.search(before))
        for start, end, platform in group:
            (exclude if negated else include).append(platform)
            ctx.claim(start, end)
            community = _COMMUNITY_NICHE.get(text[start:end].lower())
            if community and not negated:
                ctx.add("topics", [community])
    ctx.add("excluded_platforms", exclude)
    ctx.add("platforms", [p for p in include if p not in exclude])


# --------------------------------------------------------------------------------------------------
# Places and languages

_AUDIENCE_BEFORE: Final = re.compile(
    r"\b(?:audiences?|followers?|following|fans|viewers|readers|shoppers|customers|consumers|buyers|"
    r"market|markets|reach|reaching|reaches|target(?:s|ing|ed)?|aimed at|sell(?:s|ing)?|launch(?:es|ing)?|"
    r"ship(?:s|ping)?|expand(?:ing)?|customers|público|audiencia|seguidores|publikum|zielgruppe|abonnés|"
    r"demographic|people|users|moms|mums|parents|women|men|gen z|millennials|students)"
    r"(?:\s+(?:is|are|mostly|mainly|primarily|largely|predominantly|majority|based|located|living|who live|"
    r"in|from|of|to|into|across|within|throughout|at least|\d+%|the|our|customers|en|aus|de|au|aux|im|in der))*"
    r"\s*$",
    re.IGNORECASE,
)
_AUDIENCE_AFTER: Final = re.compile(
    r"^[\s-]*(?:based\s+)?(?:audiences?|followers|followings|fans|viewers|readers|shoppers|customers|"
    r"consumers|buyers|market|markets|consumer|demographic|users|moms|mums|parents|women|men|families|"
    r"gen z|millennials|students|teens|public|crowd)\b",
    re.IGNORECASE,
)
_PLACE_NEGATION: Final = re.compile(
    r"(?:\bnot|\bno|\boutside(?: of)?|\bexcept|\bexcluding|\bexclude|\bother than|\bbut not|\bnon|\bavoid)"
    r"(?:\s+(?:in|from|based in|the))*[\s-]*$",
    re.IGNORECASE,
)
_BRAND_OWNER: Final = re.compile(
    r"\b(?:our|my|we(?:'re| are)|i(?:'m| am))\b(?![^,;]*\b(?:creators?|influencers?)\b)[^,;]{0,60}?"
    r"\b(?:in|from|based in|located in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "selling in the Nordics", "launching in Spain": a market (audience), not where the business is.
_MARKET_VERB: Final = re.compile(
    r"\b(?:sell|sells|selling|ship|ships|shipping|launch|launches|launching|available|market|marketing|"
    r"expand|expanding|grow|growing|reach|reaching|target|targeting)\b[^,;]{0,25}$",
    re.IGNORECASE,
)
_LANGUAGE_BEFORE: Final = re.compile(
    r"\b(?:in|speak|speaks|speaking|en|auf|fluent in|who speak|that speak|posts? in|posting in|content in|"
    r"videos? in|captions? in|write in|writes in|talk in|talks in|native)\s+$",
    re.IGNORECASE,
)
_LANGUAGE_AFTER: Final = re.compile(
    r"^[\s-]*(?:speaking|speakers?|language|lang\b|sprachig|hablantes|parlant)", re.I
)


def _extract_places(ctx: _Ctx) -> None:
    text = ctx.text
    mentions = [p for p in find_places(text) if ctx.free(p.start, p.end)]
    groups: list[list[PlaceMention]] = []
    for p in mentions:
        if groups and re.fullmatch(
            r"\s*(?:,|/|&|\+|\band\b|\bor\b|\bplus\b)?\s*(?:and\s+|or\s+)?(?:the\s+)?",
            text[groups[-1][-1].end : p.start],
            re.I,
        ):
            groups[-1].append(p)
        else:
            groups.append([p])
    creators: list[str] = []
    audience: list[str] = []
    languages: list[str] = []
    for group in groups:
        before = _clause_before(text, group[0].start, 70)
        after = text[group[-1].end : group[-1].end + 40]
        rest: list[PlaceMention] = []
        for p in group:
            p_before = _clause_before(text, p.start, 40)
            p_after = text[p.end : p.end + 20]
            if (
                p.kind == "demonym"
                and p.language
                and (_LANGUAGE_AFTER.match(p_after) or _LANGUAGE_BEFORE.search(p_before))
            ):
                languages.append(p.language)
                speaking = _LANGUAGE_AFTER.match(p_after)
                ctx.claim(p.start, p.end + (speaking.end() if speaking else 0))
            else:
                rest.append(p)
        if not rest:
            continue
        for p in rest:
            ctx.claim(p.start, p.end)
        codes = [c for p in rest for c in p.countries]
        if _PLACE_NEGATION.search(before):
            names = ", ".join(p.text for p in rest)
            ctx.notes.append(f"Excluding a country ('{names}') is not supported; ignored it.")
            continue
        if _BRAND_OWNER.search(before) and not _MARKET_VERB.search(before):
            # "our bakery in London": a local business wants creators there and their audience there.
            audience.extend(codes)
            creators.extend(codes)
        elif _AUDIENCE_BEFORE.search(before) or _AUDIENCE_AFTER.match(after):
            audience.extend(codes)
        else:
            creators.extend(codes)
    ctx.add("countries", creators)
    ctx.add("audience_countries", audience)
    ctx.add("languages", languages)


_LANGUAGE_PHRASE: Final = re.compile(
    r"(?:\b(?:in|speak|speaks|speaking|en|auf|fluent in|posts? in|posting in|content in|videos? in|captions? in)"
    r"\s+([^\W\d_]{4,})\b)|(?:\b([^\W\d_]{4,})[\s-]*(?:speaking|speakers?|language)\b)",
    re.IGNORECASE,
)


def _extract_languages(ctx: _Ctx) -> None:
    found: list[str] = []
    for m in _LANGUAGE_PHRASE.finditer(ctx.text):
        word = m.group(1) or m.group(2)
        start = m.start(1) if m.group(1) else m.start(2)
        if not ctx.free(start, start + len(word)):
            continue
        if word.lower() in _STOPWORDS or country_code(word) is not None:
            continue
        code = language_code(word)
        if code:
            found.append(code)
            ctx.claim(start, start + len(word))
    ctx.add("languages", found)


# --------------------------------------------------------------------------------------------------
# Competitor brands

_BRAND_NAME: Final = r"(?:\"[^\"]{1,40}\"|'[^']{1,40}'|[A-Z0-9][\w'&.!-]*(?:\s+(?:[A-Z0-9][\w'&.!-]*|&))*)"
_BRAND_LIST: Final = (
    _BRAND_NAME + r"(?:\s*(?:,|/|\bor\b|\band\b|\bnor\b)\s*(?:or\s+|and\s+)?" + _BRAND_NAME + r")*"
)
_EXCLUDE_BRANDS: Final = (
    re.compile(
        r"\b(?:competitors?|competing brands?|rivals?)\s*(?:are|is|include|includes|like|such as|:|-|=)?\s*"
        r"(?:e\.g\.\s*)?(" + _BRAND_LIST + r")"
    ),
    re.compile(
        r"\b(?:not|never|no one|nobody|none|avoid|exclude|excluding|without|don'?t|doesn'?t|haven'?t|hasn'?t|"
        r"didn'?t|isn'?t|aren'?t|no)\b[^.;!?\n@]{0,40}?\b(?:work(?:ing|ed|s)? with|promot(?:e|es|ing|ed)|"
        r"partner(?:ed|ing|s)? with|sponsored by|rep(?:p?ing|s)?|ambassadors? (?:for|of)|affiliated with|"
        r"tied to|ties to|deals? with|post(?:s|ed|ing)? (?:for|about)|endors(?:e|es|ed|ing)|"
        r"collab(?:orat)?(?:ed|ing|s)? with|paid by|linked to|associated with)\s+(" + _BRAND_LIST + r")",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:exclude|excluding|avoid|no)\s+(?:brand|brands)\s*:?\s*(" + _BRAND_LIST + r")", re.I),
)


_NOT_BRANDS: Final = frozenset(
    _words(
        "i we the a an our my your their them they brand brands competitors competitor etc and or any anyone"
    )
)


def _extract_exclude_brands(ctx: _Ctx) -> None:
    found: list[str] = []
    for pattern in _EXCLUDE_BRANDS:
        for m in pattern.finditer(ctx.text):
            start = m.start(1)
            if not ctx.free(start, m.end(1)):
                continue
            for part in re.split(r"\s*(?:,|/|\bor\b|\band\b|\bnor\b)\s*", m.group(1)):
                name = part.strip().strip("\"'").rstrip(".!")
                lower = name.lower()
                if not name or lower in _NOT_BRANDS or lower in CREATOR_WORDS or normalize_platform(name):
                    continue
                if not (name[0].isupper() or name[0].isdigit() or part.strip()[:1] in "\"'"):
                    continue
                found.append(name)
            ctx.claim(m.start(1), m.end(1))
    ctx.add("exclude_brands", found)


# --------------------------------------------------------------------------------------------------
# Brand phrase and topics

_BRAND_NOUNS: Final = re.compile(
    r"\b(?:brand|company|startup|start-up|business|label|line|product|products|shop|store|bakery|cafe|café|"
    r"restaurant|app|studio|gym|clinic|bar|bars|snacks?|drinks?|beverages?|coffee|tea|apparel|clothing|gear|"
    r"collection|launch|range|salon|boutique|service|platform|subscription|kit|supplements?|skincare|"
    r"cosmetics|shoes|sneakers|equipment|wear|goods|food|foods|brewery|winery|distillery|hotel|resort|"
    r"agency|marketplace|club|festival|event|podcast|book|game|toy|toys|range|bottle|bottles)\b",
    re.IGNORECASE,
)
_BRAND_START: Final = (
    re.compile(r"\bfor\s+((?:a|an|the|our|my|this|their|his|her)\s+[^,.;:!?()\n]{1,100})", re.IGNORECASE),
    re.compile(r"\bwe(?:'re| are)\s+((?:a|an)\s+[^,.;:!?()\n]{1,100})", re.IGNORECASE),
    re.compile(
        r"\b(?:brand|company|product)\s*(?:is|:|=|called|named)\s+([^,.;:!?()\n]{1,100})", re.IGNORECASE
    ),
    re.compile(r"\b((?:our|my)\s+[^,.;:!?()\n]{1,100})", re.IGNORECASE),
    re.compile(r"\bfor\s+([A-Z][\w'&-]*(?:\s+[A-Z][\w'&-]*){0,3}(?:'s\s+[^,.;:!?()\n]{1,60})?)"),
)
_BRAND_STOP: Final = re.compile(
    r"\s+(?:with|who|that|which|whose|on|via|targeting|reaching|aimed|where|audience|under|over|between|"
    r"budget|excluding|except|not|but|please|ideally|preferably|having|posting|looking|using|whom|"
    r"to|and\s+(?:we|i|our|need|want|find|give|show|also)|is|are|was|we|i|can|could|would|should|"
    r"for|around|about|ideally|preferably|asap|by|so|because|since|needs?|wants?|seeks?|seeking|"
    r"requires?|will|has|have|had|sell(?:s|ing)?|ship(?:s|ping)?|launch(?:es|ing)|expanding)\b",
    re.IGNORECASE,
)
_BRAND_REJECT: Final = re.compile(
    r"^(?:the|our|my|a|an)\s+(?:(?:us|uk|eu|\w+)\s+)?(?:market|audience|followers|budget|campaign|competitors?|"
    r"brand|company|team|client|clients|shortlist|list|launch)$|^(?:our|my)\s+(?:budget|audience|competitors?|"
    r"team|list|shortlist|followers|campaign|own)\b",
    re.IGNORECASE,
)


def _extract_brand(ctx: _Ctx) -> None:
    text = ctx.text
    for i, pattern in enumerate(_BRAND_START):
        for m in pattern.finditer(text):
            phrase = m.group(1)
            start = m.start(1)
            stop = _BRAND_STOP.search(phrase)
            if stop and stop.start() > 0:
                phrase = phrase[: stop.start()]
            # Cut at a handle, a platform word or a follower number that someone else claimed.
            end = start + len(phrase)
            for s, e in sorted(ctx.claimed):
                if start < s < end and not _is_place_claim(ctx, s, e):
                    end = s
            phrase = text[start:end].strip(" -'\"")
            phrase = re.sub(r"\s+(?:in|from|of|with|and|or|on|the|a|an)$", "", phrase, flags=re.I).strip()
            if len(phrase) < 3 or _BRAND_REJECT.search(phrase):
                continue
            words = phrase.split()
            if len(words) < 2 and i != 4 and i != 2:
                continue
            if i in (0, 3) and not (_BRAND_NOUNS.search(phrase) or (i == 3 and len(words) >= 2)):
                continue
            if i == 0 and re.match(r"(?:the)\s", phrase, re.I) and not _BRAND_NOUNS.search(phrase):
                continue
            ctx.fields["brand"] = phrase
            return


def _is_place_claim(ctx: _Ctx, start: int, end: int) -> bool:
    """Places inside a brand phrase stay in it: "our vegan bakery in London"."""
    return bool(re.fullmatch(r"[A-Z][\w .'-]*", ctx.text[start:end])) and not ctx.text[start:end].startswith(
        "@"
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
    _words("""brand brands company startup business products product line shop store label range collection
    creators influencers creator influencer accounts partners ideas campaign campaigns launch people
    market audience followers gear goods stuff""")
)


def _extract_topics(ctx: _Ctx) -> None:
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
            if term == "family" and re.match(r"\s*(?:creators?|vlog)", source[m.end() : m.end() + 12], re.I):
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
    r"(?:players?|streamers?|gamers?|owners?|makers?|artists?|teachers?|coaches?|experts?|reviewers?|"
    r"collectors?|hobbyists?|enthusiasts?|lovers|fans|creators?|influencers?)",
    re.IGNORECASE,
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
        if known or word in _STOPWORDS or word in _FALLBACK_GENERIC or parse_count_word(word) is not None:
            continue
        if _TIER_WORD.fullmatch(word):
            continue
        out.append((m.start() - len(before.group(0)), word))
    return out


def _brand_span(ctx: _Ctx) -> tuple[int, int]:
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


def _fallback_topics(ctx: _Ctx, clean: str) -> list[str]:
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
            and word not in _STOPWORDS
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
            r"[ -]+(?:creators?|influencers?|bloggers?|vloggers?|content|accounts?|channels?|brand|brands|"
            r"company|startup|products?|youtubers?|tiktokers?|instagrammers?|enthusiasts?|lovers|fans|"
            r"community|niche|space|scene|micro|nano|players?|streamers?|gamers?|owners?|makers?|artists?|"
            r"teachers?|coaches?|experts?|reviewers?|collectors?|hobbyists?)\b",
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
