"""Countries (of the creators and of their audience) and languages."""

from __future__ import annotations

import re
from typing import Final

from matching.geo import country_code, language_code
from matching.parsing.context import ParseState, clause_before
from matching.parsing.words import CREATOR_CORE, STOPWORDS, nouns
from matching.places import PlaceMention, find_places

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
    r"\b(?:our|my|we(?:'re| are)|i(?:'m| am))\b(?![^,;]*\b(?:" + nouns(*CREATOR_CORE) + r")\b)[^,;]{0,60}?"
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


def extract_places(ctx: ParseState) -> None:
    """Countries of the creators and of their audience, and languages named by a demonym."""
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
        before = clause_before(text, group[0].start, 70)
        after = text[group[-1].end : group[-1].end + 40]
        rest: list[PlaceMention] = []
        for p in group:
            p_before = clause_before(text, p.start, 40)
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


def extract_languages(ctx: ParseState) -> None:
    """Languages named in words ("Spanish-speaking", "posts in German")."""
    found: list[str] = []
    for m in _LANGUAGE_PHRASE.finditer(ctx.text):
        word = m.group(1) or m.group(2)
        start = m.start(1) if m.group(1) else m.start(2)
        if not ctx.free(start, start + len(word)):
            continue
        if word.lower() in STOPWORDS or country_code(word) is not None:
            continue
        code = language_code(word)
        if code:
            found.append(code)
            ctx.claim(start, start + len(word))
    ctx.add("languages", found)
