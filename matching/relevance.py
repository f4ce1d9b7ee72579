"""Relevance as a gate: how well a creator's own content fits the asked niches, and the evidence.

Evidence, strongest first: a listed category that maps to the asked niche (or one under it); the
niche's words (its synonyms, role nouns and its children's words, from the taxonomy) in the
creator's bio, captions, name or handle; then embedding similarity alone, which can make a pick
"partial" at best. ``match`` is the plain reading: a weak pick never outranks a strong one.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, Field

from matching import taxonomy
from matching.brief import Brief
from matching.categories import handle_words, niches_for_label
from matching.profile import Profile
from matching.vocabulary import find_labels, mentions, niche_terms

Match = Literal["strong", "partial", "weak"]
MATCH_ORDER: Final[dict[str, int]] = {"strong": 0, "partial": 1, "weak": 2}
STRONG_AT: Final = 0.7
PARTIAL_AT: Final = 0.4
# Without listed or textual evidence, similarity alone reaches at most "partial".
SIMILARITY_ONLY_CAP: Final = 0.6
SECONDARY: Final = 0.6
NAME_ONLY: Final = 0.55
# A listed parent of the asked niche ("Food" for recipe creators) is nearly as good as the niche itself.
PARENT_LISTED: Final = 0.9


class Verdict(BaseModel):
    """The relevance of one profile to one brief."""

    relevance: float = Field(ge=0, le=1)
    match: Match
    asked: list[str] = Field(description="The asked niches (or raw topic words) judged.")
    listed: list[str] = Field(default_factory=list, description="Raw category labels that matched.")
    words: list[str] = Field(default_factory=list, description="Niche words found in the bio or captions.")
    name_words: list[str] = Field(
        default_factory=list, description="Niche words found only in handle or name."
    )
    matched: list[str] = Field(default_factory=list, description="Asked niches with evidence.")
    broader: bool = Field(False, description="A listed category is a parent of the asked niche.")
    confidence: float = Field(ge=0, le=1)


def asked_topics(brief: Brief) -> list[tuple[str, str]]:
    """(the user's word, the niche it names) for each asked topic; raw words stay their own niche.

    Niches named only inside the brand phrase count when the brief names no topic.
    """
    tax = taxonomy.active()
    out: list[tuple[str, str]] = []
    for topic in brief.topics:
        word = topic.strip().lower()
        if not word:
            continue
        found = (word,) if word in tax.by_name else tax.niches_for_term(word)
        out.extend((word, niche) for niche in found or (word,))
    if not out and brief.brand:
        out.extend((niche, niche) for niche in find_labels(brief.brand, niche_terms()))
    return list(dict.fromkeys(out))


def asked_niches(brief: Brief) -> list[str]:
    """The asked niches (raw topic words where the taxonomy has none)."""
    return list(dict.fromkeys(niche for _, niche in asked_topics(brief)))


def own_text(profile: Profile) -> str:
    """The creator's own words plus the handle split into words and the display name."""
    parts = [
        profile.bio or "",
        *profile.recent_captions,
        profile.display_name or "",
        handle_words(profile.handle),
    ]
    return "\n".join(p for p in parts if p)


def match_of(relevance: float) -> Match:
    """The plain reading of a relevance score."""
    return "strong" if relevance >= STRONG_AT else "partial" if relevance >= PARTIAL_AT else "weak"


def judge(profile: Profile, brief: Brief, similarity_part: float | None) -> Verdict | None:
    """The relevance verdict, or None when the brief asks no niche, brand or value.

    Args:
        profile: The creator.
        brief: The question.
        similarity_part: Embedding similarity already mapped to [0, 1] (None when unknown).

    """
    pairs = asked_topics(brief)
    asked = [word for word, _ in pairs]
    if not pairs and not brief.brand and not brief.values:
        return None
    tax = taxonomy.active()
    text = "\n".join(t for t in (profile.bio or "", *profile.recent_captions) if t)
    names = "\n".join(t for t in (profile.display_name or "", handle_words(profile.handle)) if t)
    per_niche: list[tuple[bool, float]] = []
    broader = False
    listed: list[str] = []
    words: list[str] = []
    name_words: list[str] = []
    matched: list[str] = []
    for word, niche in pairs:
        best = 0.0
        if niche in tax.by_name:
            for label in profile.topics:
                mapped = [n for n in niches_for_label(label) if tax.related(niche, n)]
                if any(n in tax.family(niche) for n in mapped):
                    best, listed = max(best, 1.0), [*listed, label]
                elif mapped:
                    best, listed = max(best, PARENT_LISTED), [*listed, label]
                    broader = True
            if best == 0 and any(tax.related(niche, n) for n in profile.niches):
                # Niches set without an exact label (mapped by embedding at ingest, or given directly).
                best = PARENT_LISTED
                listed = [*listed, *(label for label in profile.topics if not niches_for_label(label))]
            terms = tax.terms(niche)
        else:
            terms = (niche,)
        hits = mentions(text, terms) if text else []
        if hits:
            words.extend(hits)
            best = max(best, 0.85 if len(set(hits)) >= 2 else 0.75)
        elif name_hits := (mentions(names, terms) if names else []):
            # A word in the handle or name is weaker evidence ("robynbaker" is a surname, not a bakery).
            name_words.extend(name_hits)
            best = max(best, NAME_ONLY)
        if best > 0 and word not in matched:
            matched.append(word)
        per_niche.append((word == pairs[0][0], best))
    # The first-named niche is the ask ("hiking creators ... that care about sustainability");
    # evidence only for a later one counts for less, so it reads "partial" at best.
    evidence = max((e if first else SECONDARY * e for first, e in per_niche), default=0.0)
    sim = similarity_part if similarity_part is not None else 0.5
    # Without listed or textual evidence, similarity alone caps the verdict at "partial".
    relevance = 0.8 * evidence + 0.2 * sim if evidence > 0 else SIMILARITY_ONLY_CAP * sim
    thin = not (profile.bio or profile.recent_captions)
    if listed or words or name_words:
        confidence = 0.9 if similarity_part is not None else 0.75
    else:
        confidence = 0.6 if similarity_part is not None else 0.3
    if thin and not listed:
        confidence = min(confidence, 0.4)
    relevance = round(min(1.0, max(0.0, relevance)), 4)
    return Verdict(
        relevance=relevance,
        match=match_of(relevance),
        asked=asked,
        listed=list(dict.fromkeys(listed)),
        words=list(dict.fromkeys(words)),
        name_words=list(dict.fromkeys(name_words)),
        matched=matched,
        broader=broader,
        confidence=confidence,
    )
