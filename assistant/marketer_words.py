"""Rule verdicts in a marketer's words: which reasons to show, without rule ids, scores or similarity.

The fit rules (``matching/rules.py``) write one reason per rule for the record (JSON, CLI, the full
rule table). A Slack answer shows at most two per pick: why the creator fits this brand, then the
strongest trust signal. This module picks them and strips what means nothing to a reader: raw
similarity figures and "nothing was asked" lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from assistant.answer import Recommendation
from matching.candidates import RuleResult
from matching.rules import RULE_LABELS

#: Rules that say why a creator fits the brand (first reason), best first.
FIT_RULES: Final = ("values_fit", "relevance", "topic_focus")
#: Rules whose good verdict is a trust signal (second reason). Engagement is on the facts line already.
TRUST_RULES: Final = (
    "credibility",
    "audience_location",
    "brand_safety",
    "sponsored_saturation",
    "recency",
    "growth",
    "audience_language",
    "audience_demographics",
    "contactability",
)
#: Rules stated on the facts line, never repeated as a reason.
FACT_RULES: Final = frozenset({"engagement", "tier_fit"})
#: A good verdict starts here; a verdict to check ends here (scores are 0..1, 0.5 neutral).
STRONG: Final = 0.6
WEAK: Final = 0.4

# "similarity 0.47 (related)", and the ranking's "(similarity 0.51 vs 0.43)" with both figures.
_SIMILARITY = re.compile(
    r"[;,]?\s*\(?(?:semantic\s+)?similarity\s+-?\d+(?:\.\d+)?(?:\s+vs\.?\s+-?\d+(?:\.\d+)?)?"
    r"(?:\s*\([^)]*\))?\)?",
    re.I,
)
_SCORE = re.compile(r"\s*\((?:score|fit score)\s+-?\d+(?:\.\d+)?[^)]*\)", re.I)
_NOTHING_ASKED = re.compile(r"^\s*no\b.*\b(?:asked|to avoid)\b", re.I)


def plain(reason: str) -> str:
    """One reason without raw similarity figures or scores; empty when nothing is left."""
    text = _SCORE.sub("", _SIMILARITY.sub("", reason)).strip(" ;,.")
    return text


def plain_caveat(caveat: str) -> str:
    """A caveat without raw similarity figures; the caveat as given when nothing else is left."""
    return plain(caveat) or caveat


def informative(result: RuleResult) -> bool:
    """False for verdicts that only say the brief asked nothing ("No language asked")."""
    return bool(plain(result.reason)) and not _NOTHING_ASKED.match(result.reason)


def label(rule: str) -> str:
    """The rule's plain label, capitalised ("Audience location"); unknown ids read as words."""
    text = RULE_LABELS.get(rule, rule.replace("_", " "))
    return text[:1].upper() + text[1:]


def _best(results: Sequence[RuleResult], order: Sequence[str]) -> RuleResult | None:
    ranked = [r for r in results if r.rule in order and informative(r) and not r.caveat]
    ranked.sort(key=lambda r: (-r.score, order.index(r.rule)))
    return ranked[0] if ranked and ranked[0].score >= WEAK else None


def pick_reasons(rec: Recommendation, limit: int = 2) -> list[str]:
    """At most ``limit`` plain reasons: why it fits this brand, then the strongest trust signal."""
    if not rec.rules:
        reasons = [plain(r) for r in rec.reasons]
        return [r for r in reasons if r][:limit]
    out: list[str] = []
    # A weak match has no reason to fit this brand: its miss is in the caveats, not dressed as a plus.
    fit = _best(rec.rules, FIT_RULES) if rec.match != "weak" else None
    if fit is not None:
        out.append(plain(fit.reason))
    trust = [r for r in rec.rules if r.rule in TRUST_RULES and r.score >= STRONG]
    best_trust = _best(trust, TRUST_RULES)
    if best_trust is not None:
        out.append(plain(best_trust.reason))
    if not out:
        out = [plain(r) for r in rec.reasons if plain(r)]
    return list(dict.fromkeys(out))[:limit]


def strengths(rec: Recommendation, limit: int = 4) -> list[str]:
    """What is strong about a creator, strongest first (plain words)."""
    good = [r for r in rec.rules if r.score >= STRONG and not r.caveat and informative(r)]
    good.sort(key=lambda r: (-r.score * r.weight, r.rule))
    return list(dict.fromkeys(plain(r.reason) for r in good))[:limit]


def checks(rec: Recommendation, limit: int = 4) -> list[str]:
    """What to check before reaching out: red flags first, then weak verdicts."""
    weak = [r for r in rec.rules if (r.caveat or r.score <= WEAK) and informative(r)]
    weak.sort(key=lambda r: (not r.caveat, r.score, r.rule))
    found = [*rec.caveats, *(plain(r.reason) for r in weak)]
    return list(dict.fromkeys(f for f in found if f))[:limit]


def verdict_word(rec: Recommendation) -> str:
    """'a strong fit' / 'a partial fit' / 'a weak fit': the pick's ``match`` when the engine gives one."""
    match = getattr(rec, "match", None)
    if match in ("strong", "partial", "weak"):
        return f"a {match} fit"
    topic = next((r for r in rec.rules if r.rule == "relevance"), None)
    if topic is not None and topic.score < WEAK:
        return "a weak fit"
    if rec.score >= 0.7 and not rec.caveats:
        return "a strong fit"
    return "a partial fit"
