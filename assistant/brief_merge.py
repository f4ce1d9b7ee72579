"""Brief merging: the LLM's reading into the parser's, and a follow-up's changes into a thread's brief.

Two merges, one rule: what the user wrote explicitly wins.

- :func:`merge_brief` completes the offline parser's brief with the LLM's draft (``BriefDraft``);
  the parser's explicit values always win.
- :func:`refine_brief` applies a refinement ("TikTok instead", "only UK", "under 30k") to the
  thread's current brief. Whether a message is a refinement at all or a new brief is decided first
  (``assistant/brief_change.py``); a new brief is never merged into the old one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final, Literal

from pydantic import BaseModel, Field

from assistant.router import find_handles
from matching.brief import MAX_PICKS, Brief, Budget, Intent
from matching.geo import country_code, language_code
from matching.parser import parse_brief
from matching.profile import normalize_platform
from matching.tiers import TIER_ORDER, tier_range


class BriefDraft(BaseModel):
    """The LLM-facing brief: flat, every field optional, null when unknown (strict-schema safe)."""

    intent: Intent | None = None
    topics: list[str] | None = None
    brand: str | None = None
    values: list[str] | None = None
    platforms: list[str] | None = None
    excluded_platforms: list[str] | None = None
    countries: list[str] | None = Field(None, description="Creator location, ISO alpha-2.")
    audience_countries: list[str] | None = Field(None, description="Audience location, ISO alpha-2.")
    languages: list[str] | None = Field(None, description="ISO 639-1.")
    audience_gender: Literal["female", "male"] | None = None
    audience_ages: list[str] | None = None
    tiers: list[Literal["nano", "micro", "mid", "macro", "mega"]] | None = None
    min_followers: int | None = None
    max_followers: int | None = None
    k: int | None = None
    handles: list[str] | None = None
    exclude_handles: list[str] | None = None
    exclude_brands: list[str] | None = None
    budget_amount: float | None = None
    budget_currency: str | None = None
    require_email: bool | None = None
    max_days_since_post: int | None = None
    min_engagement: float | None = Field(None, description="Fraction: 0.03 for 3%.")
    min_credibility: float | None = Field(None, description="Fraction of real followers.")


_HARD_FIELDS: Final = (
    "platforms",
    "excluded_platforms",
    "countries",
    "audience_countries",
    "languages",
    "audience_gender",
    "audience_ages",
    "exclude_brands",
    "require_email",
    "max_days_since_post",
    "min_engagement",
    "min_credibility",
    "brand",
)
_SIZE_HINT: Final = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:k|m|thousand|million)\b|\d{1,3}(?:,\d{3})+|\d{4,}"
    r"|\b(?:nano|micro|mid|macro|mega|small|smaller|big|bigger|large|larger|tier|followers?|size|reach)\b",
    re.IGNORECASE,
)
_NUMBER_HINT: Final = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|twenty)\b", re.I
)
_MONEY_HINT: Final = re.compile(r"[$€£¥]|\b(?:budget|usd|eur|gbp|dollars?|euros?|pounds?|spend)\b", re.I)
_AGE_BAND: Final = re.compile(r"^\d{2}-\d{2}$|^\d{2}\+$")
_BRIEF_DEFAULTS: Final = Brief()


def _set_by_parser(parsed: Brief, name: str) -> bool:
    if parsed.size_defaulted and name in ("min_followers", "max_followers", "tiers"):
        return False
    # The parser records the follower window under one key, "followers".
    key = (
        "followers"
        if name in ("min_followers", "max_followers") and "followers" in parsed.provenance
        else name
    )
    source = parsed.provenance.get(key)
    if source is not None:
        return source != "default"
    return bool(getattr(parsed, name) != getattr(_BRIEF_DEFAULTS, name))


def _words(items: Sequence[str] | None, limit: int = 8, width: int = 60) -> list[str]:
    out: list[str] = []
    for item in items or []:
        word = " ".join(str(item).split()).strip().lower()[:width]
        if word and word not in out:
            out.append(word)
    return out[:limit]


def in_question(handles: Sequence[str] | None, question: str) -> list[str]:
    """The handles among ``handles`` that are really written in ``question`` (the LLM cannot add any)."""
    named = set(find_handles(question))
    low = question.lower()
    out: list[str] = []
    for raw in handles or []:
        handle = str(raw).strip().lstrip("@").lower()
        if not handle or handle in out:
            continue
        if handle in named or re.search(rf"(?<![\w@.]){re.escape(handle)}(?![\w])", low):
            out.append(handle)
    return out


def merge_brief(parsed: Brief, draft: BriefDraft, question: str) -> Brief:
    """The parsed brief completed with what the LLM found; the parser's explicit values always win.

    Fields the LLM fills are marked ``provenance[field] = "llm"`` (the follower window under
    ``"followers"``, as the parser does); list fields both filled (topics, values) are united and
    marked ``"parser+llm"``. The LLM cannot add handles that are not written in the question, nor
    sizes, counts or budgets when the question states none.

    Args:
        parsed: The offline parser's brief.
        draft: The LLM's reading.
        question: The question as asked (to check the LLM's handles and numbers against).

    """
    data = parsed.model_dump()
    provenance = dict(parsed.provenance)

    def fill(name: str, value: object) -> None:
        if value in (None, [], "") or _set_by_parser(parsed, name):
            return
        data[name] = value
        provenance[name] = "llm"

    for name in ("topics", "values"):
        mine = list(getattr(parsed, name))
        extra = [w for w in _words(getattr(draft, name)) if w not in mine]
        if extra:
            data[name] = (mine + extra)[:12]
            provenance[name] = "parser+llm" if mine else "llm"

    cleaned: dict[str, object] = {
        "platforms": [p for p in (normalize_platform(x) for x in draft.platforms or []) if p],
        "excluded_platforms": [
            p for p in (normalize_platform(x) for x in draft.excluded_platforms or []) if p
        ],
        "countries": [c for c in (country_code(x) for x in draft.countries or []) if c],
        "audience_countries": [c for c in (country_code(x) for x in draft.audience_countries or []) if c],
        "languages": [c for c in (language_code(x) for x in draft.languages or []) if c],
        "audience_gender": draft.audience_gender,
        "audience_ages": [
            a for a in (str(x).strip() for x in draft.audience_ages or []) if _AGE_BAND.match(a)
        ],
        "exclude_brands": _words(draft.exclude_brands),
        "require_email": draft.require_email or None,
        "max_days_since_post": draft.max_days_since_post if (draft.max_days_since_post or 0) >= 1 else None,
        "min_engagement": _fraction(draft.min_engagement),
        "min_credibility": _fraction(draft.min_credibility),
        "brand": " ".join(draft.brand.split())[:120] if draft.brand else None,
    }
    for name in _HARD_FIELDS:
        value = cleaned[name]
        if isinstance(value, list):
            value = list(dict.fromkeys(value))
        fill(name, value)

    fill("handles", in_question(draft.handles, question))
    fill("exclude_handles", in_question(draft.exclude_handles, question))

    if draft.intent and draft.intent != "recommend" and not _set_by_parser(parsed, "intent"):
        fill("intent", draft.intent)

    if draft.k is not None and _NUMBER_HINT.search(question):
        fill("k", max(1, min(MAX_PICKS, draft.k)))

    if draft.budget_amount is not None and draft.budget_amount >= 0 and _MONEY_HINT.search(question):
        currency = (draft.budget_currency or "USD").strip().upper()[:3] or "USD"
        fill("budget", Budget(amount=draft.budget_amount, currency=currency).model_dump())

    size_by_parser = any(_set_by_parser(parsed, n) for n in ("min_followers", "max_followers", "tiers"))
    if not size_by_parser and _SIZE_HINT.search(question):
        low, high = draft.min_followers, draft.max_followers
        tiers = [t for t in draft.tiers or [] if t in TIER_ORDER]
        if tiers and low is None and high is None:
            ranges = [tier_range(t) for t in tiers]
            low = min(r[0] for r in ranges)
            high = None if any(r[1] is None for r in ranges) else max(r[1] or 0 for r in ranges)
        if low is not None or high is not None:
            data["min_followers"] = max(0, low) if low is not None else None
            data["max_followers"] = max(0, high) if high is not None else None
            data["size_defaulted"] = False
            provenance["followers"] = "llm"
            if tiers:
                data["tiers"] = list(dict.fromkeys(tiers))
                provenance["tiers"] = "llm"

    data["provenance"] = provenance
    return Brief.model_validate(data)


def _fraction(value: float | None) -> float | None:
    if value is None or value < 0:
        return None
    return value / 100 if value > 1 else value


_WIDEN = re.compile(r"\b(?:include|including|also|add|plus|widen|as well)\b", re.IGNORECASE)
#: Brief fields a refinement replaces when the follow-up states them.
_REPLACED: Final = (
    "platforms",
    "excluded_platforms",
    "languages",
    "audience_gender",
    "audience_ages",
    "exclude_brands",
    "budget",
    "require_email",
    "max_days_since_post",
    "min_engagement",
    "min_credibility",
    "values",
    "topics",
)


def refine_brief(brief: Brief, text: str, k: int | None, *, today: date) -> Brief:
    """Merge a follow-up's constraints ("TikTok instead", "only UK", "under 30k") into the brief."""
    delta = parse_brief(text, today=today)
    set_by_user = {f for f, src in delta.provenance.items() if src in ("parser", "llm")}
    update: dict[str, object] = {}
    for field in _REPLACED:
        if field in set_by_user:
            update[field] = getattr(delta, field)
    if "exclude_handles" in set_by_user:
        update["exclude_handles"] = sorted({*brief.exclude_handles, *delta.exclude_handles})
    for field in ("countries", "audience_countries"):
        if field in set_by_user:
            # "only UK" replaces whichever location the thread's brief was using.
            target = field
            if field == "countries" and brief.audience_countries and not brief.countries:
                target = "audience_countries"
            update[target] = getattr(delta, field)
    if "followers" in set_by_user:
        lo, hi = delta.min_followers, delta.max_followers
        if lo is None and hi is None:
            pass  # "any size": lift both bounds
        elif _WIDEN.search(text):
            # "include mid-tier": the union of the old window and the new one.
            lo = None if lo is None or brief.min_followers is None else min(lo, brief.min_followers)
            hi = None if hi is None or brief.max_followers is None else max(hi, brief.max_followers)
        else:
            # "under 30k" keeps the old floor when it still fits; "over 50k" keeps the old ceiling.
            if lo is None and brief.min_followers is not None and (hi is None or brief.min_followers <= hi):
                lo = brief.min_followers
            if hi is None and brief.max_followers is not None and (lo is None or brief.max_followers >= lo):
                hi = brief.max_followers
        update.update(min_followers=lo, max_followers=hi, size_defaulted=False, tiers=delta.tiers)
    if "k" in set_by_user:
        update["k"] = delta.k
    if k is not None:
        update["k"] = k
    merged = brief.model_copy(update=update)
    merged.provenance = {**brief.provenance, **{f: delta.provenance[f] for f in set_by_user}}
    merged.question = f"{brief.question} / {text}"
    return merged
