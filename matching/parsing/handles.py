"""@handles (named, excluded, lookalike) and the intent they imply (profile, compare, plan)."""

from __future__ import annotations

import re
from typing import Final

from matching.parsing.context import ParseState, clause_before
from matching.parsing.words import CREATOR_CORE, nouns

_HANDLE: Final = re.compile(r"(?<![\w.@<])@([A-Za-z0-9._-]+)")
_HANDLE_EXCLUDE_BEFORE: Final = re.compile(
    r"(?:\bnot|\bno|\bexcept|\bexcluding|\bexclude|\bwithout|\bskip|\bminus|\bother than|\bbesides|"
    r"\bapart from|\baside from|\bbut not|\bavoid|\bleave out|\bdrop|\bremove|\bignore|\bsin|\bohne|"
    r"\bsauf|\bexcepto|\baußer|\b(?:already|previously|before)\s+(?:worked|work|working|partnered|used|"
    r"collaborated|booked)\s+with|\b(?:we|i)(?:'ve| have)?\s+(?:already\s+)?(?:worked|partnered|"
    r"collaborated)\s+with|\bworked with|\bused)"
    r"(?:\s+(?:the\s+)?(?:"
    + nouns(*CREATOR_CORE, "account", "handle", "one")
    + r"|anyone|people))?\s*[:,]?\s*$",
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


def extract_handles(ctx: ParseState) -> None:
    """@handles: named ones (a profile or a comparison), excluded ones, and whether a lookalike is asked."""
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
        before = clause_before(ctx.text, group[0][0], 60)
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
                bool(_HANDLE_EXCLUDE_BEFORE.search(clause_before(ctx.text, start, 30))) if i else is_excluded
            )
            (excluded if own or is_excluded else named).append(handle)
            ctx.claim(start, end)
        if not is_excluded and _LOOKALIKE_BEFORE.search(before):
            lookalike = True
    ctx.add("exclude_handles", [h.lower() for h in excluded])
    ctx.add("handles", [h.lower() for h in named if h.lower() not in {e.lower() for e in excluded}])
    ctx.fields["_lookalike"] = lookalike


_PLAN: Final = re.compile(
    r"\b(?:plan(?:ning)?\s+(?:a|an|our|the|my|out|for|this|next)\b|(?:campaign|media|influencer|content|"
    r"activation)\s+plan\b|brainstorm(?:ing)?\b|allocat(?:e|ion)\b|split (?:the|our|a|my) budget|"
    r"how (?:should|would|could|can|do) (?:we|i) (?:spend|use|split|allocate|run|structure)\b|"
    r"what can (?:we|i) (?:do|get) (?:with|for)\b)",
    re.IGNORECASE,
)


def extract_intent(ctx: ParseState) -> None:
    """The intent when the question states one: a plan, a comparison or the profile of one creator."""
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
