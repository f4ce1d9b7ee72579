"""Word tables the extractors share: number words, count phrases, creator nouns, stop words, number patterns."""

from __future__ import annotations

import re
from typing import Final


def split_words(text: str) -> list[str]:
    """The whitespace-separated words of a word table."""
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
COUNT_PHRASES: Final[dict[str, int]] = {
    "half a dozen": 6,
    "a dozen": 12,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "a handful of": 5,
    "a handful": 5,
}

# Creator nouns, one source: every creator-noun pattern of the parser is built from these groups.
CREATOR_CORE: Final = ("creator", "influencer")
# People named after their platform ("TikTokers" are on TikTok): a creator noun and a platform word.
PLATFORM_PEOPLE: Final[dict[str, str]] = {
    "tiktoker": "tiktok",
    "youtuber": "youtube",
    "instagrammer": "instagram",
}
CONTENT_PEOPLE: Final = ("blogger", "vlogger")
# Makers named by their role ("chess streamers", "pickleball players"): the word before is the niche.
ROLE_NOUNS: Final = (
    "player", "streamer", "gamer", "owner", "maker", "artist", "teacher", "coache", "expert", "reviewer",
    "collector", "hobbyist", "enthusiast",
)  # fmt: skip
# Size tiers as nouns ("5 micros"); the tier names themselves come from matching.tiers.
TIER_NOUNS: Final = ("micros", "nanos", "macros")
FOREIGN_CREATORS: Final = ("influenceurs", "influenceuses", "creadores", "creadoras")


def nouns(*singulars: str) -> str:
    """A regex alternation of nouns, each with an optional plural s: ``nouns("creator")`` is ``creators?``."""
    return "|".join(re.escape(word) + "s?" for word in singulars)


PEOPLE_NOUNS: Final = nouns(*CREATOR_CORE, *CONTENT_PEOPLE, *PLATFORM_PEOPLE)

# Nouns a count can count: "5 creators", "ten TikTokers", "a few options".
CREATOR_NOUN: Final = re.compile(
    r"(?:[a-z]+-)?(?:"
    + nouns(*CREATOR_CORE, *CONTENT_PEOPLE, *PLATFORM_PEOPLE, "streamer", "ambassador", "athlete", "artist")
    + "|"
    + nouns("account", "pick", "option", "profile", "candidate", "recommendation", "suggestion", "result")
    + "|"
    + nouns("channel", "chef")
    + r"|influenceu(?:r|se)s?|influencer(?:innen)?|creadora?s?|creadores|cr[ée]ateur(?:rice)?s?|kreative|"
    r"people|names|ones|moms|mums|dads|parents|personalities|partners|handles|cuentas|comptes|"
    + "|".join(TIER_NOUNS)
    + ")",
    re.IGNORECASE,
)
# Words that name creators, never a brand ("not working with Creators" names no competitor).
CREATOR_WORDS: Final = frozenset(
    {
        *CREATOR_CORE,
        *(word + "s" for word in (*CREATOR_CORE, *CONTENT_PEOPLE, *PLATFORM_PEOPLE)),
        *(word + "s" for word in ("streamer", "ambassador", "athlete")),
        *FOREIGN_CREATORS,
        *(tier[:-1] + "-influencers" for tier in TIER_NOUNS),
        "microinfluencers",
        "accounts",
        "people",
    }
)


# Number with an optional magnitude: "10k", "1.5M", "50,000", "10.000", "2 thousand".
NUM: Final = r"(?<![\d])(\d{1,3}(?:[,.]\d{3})+|\d+(?:[.,]\d+)?)\s*(k|mm|mn|m|mil|mio|thousand|million|tsd)?\b"
FOLLOWER_WORDS: Final = (
    r"(?:followers?|follower(?:innen)?|following|subs|subscribers?|fans|audience size|seguidores|"
    r"suscriptores|abonn[ée]s|abonnenten)"
)
CURRENCY_AFTER: Final = re.compile(
    r"^\s*(?:usd|eur|gbp|aud|cad|dollars?|bucks|euros?|pounds?|€|\$|£|budget)\b", re.IGNORECASE
)


STOPWORDS: Final = frozenset(
    split_words("""a an the and or but of for to in on at by with from into onto about as is are was were be been
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
