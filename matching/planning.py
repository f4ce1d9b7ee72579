"""Campaign planning: a creator mix within a budget, with labelled cost estimates and grounded angles.

Cost, reach and currency estimates are in ``matching.costs`` (figures and sources in
``matching/data/domain.json``); they are estimates and every plan says so.

Everything here is pure and deterministic: the same candidates in any order give the same plan.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from matching.candidates import ScoredCandidate

# Costs, reach and currencies live in matching.costs; re-exported because callers import them from here.
from matching.costs import MICRO_COST as MICRO_COST
from matching.costs import REACH_RATE as REACH_RATE
from matching.costs import TIER_COST_FACTOR as TIER_COST_FACTOR
from matching.costs import USD_PER as USD_PER
from matching.costs import CostEstimate as CostEstimate
from matching.costs import cost_per_post as cost_per_post
from matching.costs import cost_source as cost_source
from matching.costs import expected_engagements as expected_engagements
from matching.costs import expected_reach as expected_reach
from matching.costs import rates_as_of as rates_as_of
from matching.costs import unsupported_currency as unsupported_currency
from matching.costs import usd_per as usd_per
from matching.profile import Profile
from matching.rules import content_text, profile_niches, topic_terms
from matching.vocabulary import canonical_niche, mentions

#: The formats a plan suggests (issue 7): every pick gets exactly one of these.
ALLOWED_FORMATS: Final = ("tutorial", "day-in-the-life", "giveaway", "review", "UGC")

# Cues in the creator's own captions that they already make a format (so the suggestion suits them).
_FORMAT_CUES: Final[dict[str, tuple[str, ...]]] = {
    "tutorial": (
        "how to",
        "tutorial",
        "recipe",
        "step by step",
        "tips",
        "guide",
        "in 30 seconds",
        "hack",
        "beginner",
        "learn",
        "technique",
        "q&a",
    ),
    "day-in-the-life": (
        "day in the life",
        "vlog",
        "morning",
        "weekend recap",
        "pov",
        "come with me",
        "trip",
        "spent the",
    ),
    "review": (
        "review",
        "rating",
        "ranked",
        "tested",
        "testing",
        "honest",
        "worth it",
        "update on",
        "still going strong",
        "obsessed",
        "changed everything",
        "favourite",
        "favorite",
        "vs",
    ),
    "giveaway": ("giveaway", "give away", "win a", "winner", "contest", "enter to win"),
    "UGC": ("unboxing", "haul", "what i got", "new in", "packaging", "aesthetic"),
}
# Ties between cues go to the more telling one: a giveaway is rarely mentioned by accident.
_CUE_STRENGTH: Final = ("giveaway", "tutorial", "review", "day-in-the-life", "UGC")
# When the captions give no cue: the format a niche most often runs (ties keep this order).
_NICHE_FORMAT: Final[dict[str, str]] = {
    "vegan food": "tutorial",
    "baking": "tutorial",
    "cooking": "tutorial",
    "nutrition": "day-in-the-life",
    "coffee": "tutorial",
    "yoga": "tutorial",
    "fitness": "tutorial",
    "skincare": "review",
    "makeup": "tutorial",
    "beauty": "review",
    "fashion": "UGC",
    "tech": "review",
    "gaming": "review",
    "climbing": "day-in-the-life",
    "running": "day-in-the-life",
    "cycling": "day-in-the-life",
    "hiking": "day-in-the-life",
    "camping": "day-in-the-life",
    "travel": "day-in-the-life",
    "van life": "day-in-the-life",
    "parenting": "day-in-the-life",
    "pets": "day-in-the-life",
}
# Niche flavour for a format's wording in the angle ("a recipe tutorial"): wording only, no facts.
_FLAVOUR: Final[dict[tuple[str, str], str]] = {
    ("tutorial", "vegan food"): "recipe tutorial",
    ("tutorial", "baking"): "recipe tutorial",
    ("tutorial", "cooking"): "recipe tutorial",
    ("tutorial", "nutrition"): "recipe tutorial",
    ("tutorial", "coffee"): "brewing tutorial",
    ("tutorial", "yoga"): "flow tutorial",
    ("tutorial", "fitness"): "workout tutorial",
    ("tutorial", "skincare"): "routine tutorial",
    ("tutorial", "makeup"): "get-ready-with-me tutorial",
    ("review", "vegan food"): "taste-test review",
    ("review", "nutrition"): "taste-test review",
    ("review", "baking"): "taste-test review",
    ("review", "coffee"): "taste-test review",
    ("review", "skincare"): "honest review",
    ("review", "tech"): "unboxing review",
}


def primary_niche(profile: Profile) -> str | None:
    """The niche the creator posts about most (listed topics count double), ties by name."""
    counts = profile_niches(profile)
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n], n))


def product_phrase(brand: str | None, topics: Sequence[str]) -> str:
    """How an angle names the product: "a vegan snack brand" becomes "your vegan snack"."""
    if brand:
        words = brand.strip().split()
        if words and words[0].lower() in ("a", "an", "the", "our", "my", "your"):
            words = words[1:]
        if len(words) > 1 and words[-1].lower() in ("brand", "company", "label", "startup", "business"):
            words = words[:-1]
        if words:
            return "your " + " ".join(words)
    if topics:
        return f"your {topics[0]} product"
    return "your product"


def _terms(topics: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(w for t in topics if t.strip() for w in topic_terms(t)))


def on_topic(profile: Profile, topics: Sequence[str]) -> bool:
    """True when the creator's own words mention one of ``topics`` (or no topic was asked)."""
    terms = _terms(topics)
    return not terms or bool(mentions(content_text(profile), terms))


_TRAILING_TAGS: Final = re.compile(r"(?:\s*#\w+)+\s*$")


def _clean(text: str) -> str:
    """Whitespace collapsed and trailing hashtags dropped (what is left is still the creator's text)."""
    text = re.sub(r"\s+", " ", text).strip()
    stripped = _TRAILING_TAGS.sub("", text).strip()
    return stripped if len(stripped) >= 12 else text


def _quote(text: str, limit: int = 90) -> str:
    text = _clean(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:-") + "…"


def quoted_fragments(angle: str) -> list[str]:
    """The creator's words an angle quotes (between double quotes), without a trailing ellipsis."""
    return [q.removesuffix("…") for q in re.findall(r'"([^"]+)"', angle)]


def _best_caption(profile: Profile, terms: Sequence[str]) -> tuple[int, str] | None:
    """The creator's caption that mentions the brief most (ties: the most recent, i.e. listed first)."""
    best: tuple[int, str] | None = None
    for caption in profile.recent_captions:
        if len(_clean(caption)) < 12:
            continue  # a bare hashtag run or emoji says nothing to build on
        hits = len(mentions(caption, terms)) if terms else 0
        if best is None or hits > best[0]:
            best = (hits, caption)
    return best


def suggest_formats(profile: Profile) -> list[str]:
    """Formats that suit the creator, best first.

    What their own captions already do, then their niche's usual format, then review and UGC. Never
    empty; every entry is one of ``ALLOWED_FORMATS``.
    """
    scores: Counter[str] = Counter()
    for caption in profile.recent_captions:
        for fmt, cues in _FORMAT_CUES.items():
            if mentions(caption, cues):
                scores[fmt] += 1
    ordered = sorted(scores, key=lambda f: (-scores[f], _CUE_STRENGTH.index(f)))
    usual = _NICHE_FORMAT.get(primary_niche(profile) or "", "UGC")
    # Any creator can review a product or make UGC for it: the fallbacks when a format is overused.
    return list(dict.fromkeys([*ordered, usual, "review", "UGC"]))


def suggest_format(profile: Profile, used: Mapping[str, int] | None = None, *, cap: int = 3) -> str:
    """The creator's best-suited format, skipping ones the plan already uses ``cap`` times when it can."""
    options = suggest_formats(profile)
    if used:
        for fmt in options:
            if used.get(fmt, 0) < cap:
                return fmt
    return options[0]


def _article(phrase: str) -> str:
    vowel_sound = phrase[:1].lower() in "aeiou" or phrase.startswith("honest")
    return ("an " if vowel_sound and not phrase.startswith("UGC") else "a ") + phrase


def content_angle(
    profile: Profile, topics: Sequence[str], product: str, used: Mapping[str, int] | None = None
) -> tuple[str, str]:
    """A suggested format and an angle grounded only in the creator's own posts.

    Returns:
        ``(format, angle)``: ``format`` is one of ``ALLOWED_FORMATS`` (``used``: how often the plan
        already suggests each, so one format does not take over); the angle quotes the creator's own
        caption or bio word for word (trailing hashtags dropped, long ones cut with "…") and adds no
        facts about them.

    """
    fmt = suggest_format(profile, used)
    niches = profile_niches(profile)
    asked = [n for n in (canonical_niche(t) for t in topics) if n is not None and n in niches]
    niche = asked[0] if asked else primary_niche(profile) or ""
    phrase = _FLAVOUR.get((fmt, niche), fmt if fmt != "UGC" else "UGC video")
    terms = _terms([*topics, *re.findall(r"[a-z][a-z-]{3,}", product.lower())])
    caption = _best_caption(profile, terms)
    bio_hits = len(mentions(profile.bio, terms)) if profile.bio and terms else 0
    if caption and (caption[0] > 0 or not bio_hits):
        angle = (
            f'Build on their recent post "{_quote(caption[1])}" with {_article(phrase)} featuring {product}.'
        )
    elif profile.bio:
        angle = f'Tie into how they describe themselves ("{_quote(profile.bio)}") with {_article(phrase)} featuring {product}.'
    else:
        angle = f"{_article(phrase).capitalize()} featuring {product}; no recent posts or bio on file to build on, so brief them directly."
    return fmt, angle


def overlap_key(profile: Profile) -> tuple[str, str, str]:
    """Creators sharing niche, country and platform reach largely the same people."""
    return (primary_niche(profile) or "-", profile.country or "-", profile.platform)


@dataclass(frozen=True, slots=True)
class MixChoice:
    """One chosen creator and its estimates."""

    pick: ScoredCandidate
    cost: CostEstimate
    reach: int
    engagements: int


def _order(sc: ScoredCandidate, cost: CostEstimate, eng: int, fair_share: float | None) -> float:
    """Fit first; expected engagements and cost only separate creators of similar fit.

    A tight budget (a creator's upper cost above the budget's fair share per pick) costs up to 0.06
    of score, so cheaper creators of similar fit win; plenty of budget lets engagement decide.
    """
    eng_term = min(math.log10(1 + eng) / 5, 1.0)  # 0..1 for 0..100k engagements per post
    penalty = 0.0
    if fair_share is not None and cost.high > fair_share:
        penalty = 0.06 * min(1.0, cost.high / max(fair_share, 1.0) - 1)
    return sc.score + 0.04 * eng_term - penalty


def choose_mix(
    ranked: Sequence[ScoredCandidate],
    budget_usd: float | None,
    *,
    max_picks: int = 8,
    max_per_cluster: int = 2,
    topics: Sequence[str] = (),
    platforms: Sequence[str] = (),
    pool_size: int = 60,
) -> list[MixChoice]:
    """Pick creators that fit the budget, best fit first, avoiding heavy audience overlap.

    Hard limits: the total of the upper cost estimates never exceeds the budget, at most
    ``max_per_cluster`` creators share a niche/country/platform cluster, at most ``max_picks`` creators.
    Soft preferences, dropped only when nothing else fits: creators who post about the asked topics,
    no red flags, every asked platform represented (none taking more than its share), and a tier mix
    (no tier taking more than three quarters of the picks).

    Args:
        ranked: Candidates with their fit scores (any order: the result does not depend on it).
        budget_usd: The budget in USD; None means unlimited (still capped at ``max_picks``).
        max_picks: Upper bound on creators in the mix: a plan stays focused.
        max_per_cluster: At most this many creators from one niche/country/platform cluster.
        topics: The brief's topics; creators whose own words mention them come first.
        platforms: The platforms asked for; each gets a fair share of the picks.
        pool_size: How many of the best-fitting candidates the mix is chosen from.

    """
    if max_picks <= 0 or (budget_usd is not None and budget_usd <= 0):
        return []
    by_fit = sorted(ranked, key=lambda sc: (-sc.score, sc.profile.id))
    unique = list({sc.profile.id: sc for sc in reversed(by_fit)}.values())
    unique.sort(key=lambda sc: (-sc.score, sc.profile.id))
    # Clean, on-topic creators first; flagged or off-topic ones only when too few remain.
    preferred = [sc for sc in unique if not sc.caveats() and on_topic(sc.profile, topics)]
    fallback = [sc for sc in unique if sc.caveats() or not on_topic(sc.profile, topics)]
    pool = (preferred + fallback)[:pool_size] if len(preferred) < max_picks else preferred[:pool_size]
    preferred_ids = {sc.profile.id for sc in preferred}
    fair_share = budget_usd / max_picks if budget_usd is not None else None
    entries: list[tuple[int, float, str, MixChoice]] = []
    for sc in pool:
        cost = cost_per_post(sc.profile)
        eng = expected_engagements(sc.profile)
        tier_rank = 0 if sc.profile.id in preferred_ids else 1
        order = _order(sc, cost, eng, fair_share)
        entries.append(
            (tier_rank, -order, sc.profile.id, MixChoice(sc, cost, expected_reach(sc.profile), eng))
        )
    entries.sort(key=lambda t: (t[0], t[1], t[2]))
    ordered = [e[3] for e in entries]

    asked = [p for p in dict.fromkeys(platforms) if p]
    platform_cap = math.ceil(max_picks / len(asked)) if len(asked) > 1 else max_picks
    tier_cap = max(1, math.ceil(max_picks * 0.75))

    chosen: list[MixChoice] = []
    taken: set[str] = set()
    clusters: Counter[tuple[str, str, str]] = Counter()
    per_platform: Counter[str] = Counter()
    per_tier: Counter[str] = Counter()
    spent = 0.0

    def take(choice: MixChoice, *, platform_share: bool, tier_share: bool) -> bool:
        nonlocal spent
        p = choice.pick.profile
        if p.id in taken or len(chosen) >= max_picks:
            return False
        if clusters[overlap_key(p)] >= max_per_cluster:
            return False
        if budget_usd is not None and spent + choice.cost.high > budget_usd + 1e-9:
            return False
        if platform_share and per_platform[p.platform] >= platform_cap:
            return False
        if tier_share and per_tier[p.tier] >= tier_cap:
            return False
        chosen.append(choice)
        taken.add(p.id)
        clusters[overlap_key(p)] += 1
        per_platform[p.platform] += 1
        per_tier[p.tier] += 1
        spent += choice.cost.high
        return True

    # Every asked platform first gets its best affordable creator, then the mix fills by fit.
    for platform in asked:
        for choice in ordered:
            if choice.pick.profile.platform == platform and take(
                choice, platform_share=True, tier_share=True
            ):
                break
    # Then by fit, relaxing the soft preferences one at a time: the tier mix first, the asked
    # platforms' shares last.
    for platform_share, tier_share in ((True, True), (True, False), (False, False)):
        for choice in ordered:
            take(choice, platform_share=platform_share, tier_share=tier_share)
    # Present in fit order (the order the user reads), deterministic.
    chosen.sort(key=lambda c: (-c.pick.score, c.pick.profile.id))
    return chosen


def cheapest(ranked: Sequence[ScoredCandidate], *, topics: Sequence[str] = ()) -> ScoredCandidate | None:
    """The fitting creator with the lowest upper cost estimate (clean, on-topic ones preferred)."""
    clean = [sc for sc in ranked if not sc.caveats() and on_topic(sc.profile, topics)] or list(ranked)
    top = sorted(clean, key=lambda sc: (-sc.score, sc.profile.id))[:60]
    return min(top, key=lambda sc: (cost_per_post(sc.profile).high, -sc.score, sc.profile.id), default=None)
