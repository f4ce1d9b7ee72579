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

# Canonical niche -> words that signal it (the canonical name is always included).
NICHES: Final[Mapping[str, tuple[str, ...]]] = {
    "climbing": ("climbing", "climber", "bouldering", "boulder", "crag", "sport climbing", "rock climbing"),
    "running": ("running", "runner", "marathon", "trail running", "ultrarunning", "5k", "10k"),
    "cycling": ("cycling", "cyclist", "bike", "biking", "gravel", "bikepacking", "peloton"),
    "hiking": ("hiking", "hiker", "trail", "trekking", "backpacking", "thru-hike", "outdoors", "outdoor"),
    "camping": ("camping", "campsite", "tent", "overlanding"),
    "surfing": ("surfing", "surf", "surfer", "waves"),
    "skiing": ("skiing", "ski", "snowboard", "snowboarding", "backcountry"),
    "yoga": ("yoga", "yogi", "vinyasa", "pilates", "mindful movement"),
    "fitness": ("fitness", "gym", "workout", "strength training", "crossfit", "hiit", "personal trainer"),
    "nutrition": ("nutrition", "healthy eating", "protein", "meal prep", "dietitian", "snack", "snacks"),
    "vegan food": ("vegan", "plant-based", "plant based", "vegetarian"),
    "baking": ("baking", "baker", "bakery", "bakeries", "bread", "sourdough", "pastry", "cake", "cakes"),
    "cooking": ("cooking", "recipe", "recipes", "home cook", "chef", "foodie"),
    "coffee": ("coffee", "espresso", "barista", "latte"),
    "skincare": ("skincare", "skin care", "serum", "spf", "acne"),
    "makeup": ("makeup", "make-up", "mua", "cosmetics", "lipstick"),
    "beauty": ("beauty", "haircare", "hair care", "nails"),
    "fashion": ("fashion", "outfit", "ootd", "style", "streetwear", "thrift", "thrifting"),
    "parenting": ("parenting", "mom", "mum", "dad", "toddler", "baby", "motherhood", "family"),
    "pets": ("pets", "pet", "dog", "dogs", "puppy", "cat", "cats"),
    "gaming": ("gaming", "gamer", "esports", "twitch", "speedrun", "video games"),
    "tech": ("tech", "gadgets", "smartphone", "laptop", "unboxing", "tech reviews"),
    "personal finance": ("personal finance", "budgeting", "investing", "money", "frugal", "saving"),
    "travel": ("travel", "traveler", "traveller", "backpacker", "wanderlust", "destinations"),
    "van life": ("van life", "vanlife", "campervan", "road trip", "nomad"),
    "gardening": ("gardening", "garden", "houseplants", "plants", "allotment", "homestead"),
    "home decor": ("home decor", "interior", "interiors", "diy", "renovation", "home makeover"),
    "books": ("books", "booktok", "bookstagram", "reading", "reader", "novels"),
    "photography": ("photography", "photographer", "photo", "film photography", "lightroom"),
    "music": ("music", "musician", "producer", "singer", "guitar", "dj"),
    "wellness": ("wellness", "mental health", "self-care", "meditation", "mindfulness"),
    "dance": ("dance", "dancer", "choreography"),
    "comedy": ("comedy", "comedian", "sketch", "memes", "funny"),
    "education": ("education", "science", "teacher", "learning", "history", "stem"),
    "cars": ("cars", "car", "automotive", "motorsport", "jdm"),
    "football": ("football", "soccer", "futbol"),
    "basketball": ("basketball", "nba", "hoops"),
    "sustainability": ("sustainability", "zero waste", "zero-waste", "eco", "climate", "low waste"),
}

# Brand values -> words that signal them in a question or a profile.
VALUES: Final[Mapping[str, tuple[str, ...]]] = {
    "sustainable": (
        "sustainable",
        "sustainability",
        "eco",
        "eco-friendly",
        "eco friendly",
        "green",
        "climate",
        "low-impact",
        "low impact",
        "planet",
        "upcycled",
        "recycled",
        "carbon",
        # Zero-waste practice is sustainability in action: count it for a "sustainable" brief too.
        "zero-waste",
        "zero waste",
        "plastic-free",
        "plastic free",
        "low waste",
    ),
    "zero-waste": (
        "zero-waste",
        "zero waste",
        "plastic-free",
        "plastic free",
        "refill",
        "low waste",
        "compost",
    ),
    "vegan": ("vegan", "plant-based", "plant based", "dairy-free", "dairy free"),
    "cruelty-free": ("cruelty-free", "cruelty free", "not tested on animals", "leaping bunny"),
    "organic": ("organic", "natural ingredients", "clean ingredients", "regenerative"),
    "fair trade": ("fair trade", "fairtrade", "ethically sourced", "ethical sourcing", "ethical"),
    "local": ("local", "small business", "shop small", "independent", "handmade", "locally"),
    "family-friendly": ("family-friendly", "family friendly", "kid-friendly", "kids", "family"),
    "inclusive": ("inclusive", "inclusivity", "diversity", "accessible", "accessibility", "adaptive"),
    "body-positive": ("body-positive", "body positive", "body neutrality", "all bodies", "size inclusive"),
    "lgbtq+": ("lgbtq", "lgbtq+", "queer", "pride", "trans"),
    "women-owned": ("women-owned", "women owned", "female founder", "women in"),
    "mental health": ("mental health", "wellbeing", "well-being", "anxiety", "therapy"),
    "budget": ("budget", "affordable", "cheap", "frugal", "on a budget"),
    "luxury": ("luxury", "premium", "high-end", "designer"),
    "outdoor": ("outdoor", "outdoors", "adventure", "nature", "wild"),
    "active lifestyle": ("active lifestyle", "athlete", "endurance"),
    "healthy": ("healthy", "wholesome", "nutritious", "low sugar", "whole foods", "clean eating"),
}

# Brand-safety categories -> words that flag them. A hit is a caveat, never silently dropped.
SAFETY: Final[Mapping[str, tuple[str, ...]]] = {
    "gambling": ("casino", "betting", "bet365", "sportsbook", "slots", "gamble", "gambling", "odds boost"),
    "get-rich-quick": (
        "crypto signals",
        "100x",
        "get rich",
        "passive income secret",
        "forex signals",
        "pump and dump",
        "financial freedom in",
        "dm me to invest",
    ),
    "adult content": ("onlyfans", "nsfw", "18+", "spicy content", "link in bio for more"),
    "hate or harassment": ("slur", "hate speech", "harassment", "cancelled for", "racist", "bigot"),
    "drugs": ("weed", "420", "stoned", "edibles", "shrooms", "cocaine"),
    "alcohol abuse": ("blackout drunk", "shots shots", "hungover again", "drunk again", "so drunk"),
    "violence": ("fight video", "knockout", "brawl", "weapon"),
    "misinformation": ("vaccines cause", "flat earth", "chemtrails", "miracle cure", "detox cures"),
}

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
