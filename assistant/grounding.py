"""Grounding: LLM prose may only say what the picks' facts say, sentence by sentence.

``check_answer`` runs on every LLM-written answer before anyone sees it. It removes Slack control
sequences (``<!channel>``, ``<!here>``, ``<@U123>``), then keeps a sentence only when the allow-list
(``assistant.allowlist``) accounts for all of it: handles of the picks, numbers (digits or words) that
agree with the facts, everyday words or the facts' own words; no URL, domain or email the facts do not
hold; no request for credentials, payment or personal data; no claim of authority. The answer is
capped at ``MAX_ANSWER_CHARS``. What it removes is logged at WARNING (handles and counts only: no
prompt text, no secrets).

Why an allow-list of sentences rather than a structured schema (one "why" per pick, one summary):
each field of such a schema is still free text that needs exactly these checks, and the schema adds
a second prompt contract and parser to keep in step. Checking sentences is simpler and no weaker.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Protocol

from pydantic import BaseModel, Field

from assistant.allowlist import (
    SENSITIVE,
    addresses,
    foreign_identifiers,
    unknown_words,
    word_numbers,
    words_of,
)
from assistant.router import HANDLE_RE

log = logging.getLogger(__name__)


class PickLike(Protocol):
    """What grounding needs from a pick: ``Recommendation`` and ``PickFacts`` both fit."""

    @property
    def rank(self) -> int:
        """1-based position in the list."""
        ...

    @property
    def handle(self) -> str:
        """Handle without ``@``."""
        ...

    @property
    def followers(self) -> int:
        """Follower count."""
        ...

    @property
    def engagement_rate(self) -> float | None:
        """Engagement as a fraction."""
        ...

    @property
    def profile_url(self) -> str | None:
        """Link to the profile, if known."""
        ...


#: Longest answer kept: the prompt asks for at most 320 words (assistant.llm), about 2,000 characters.
MAX_ANSWER_CHARS: Final = 2_400
#: Text looked at at all: a 60,000-character reply costs no more than this.
MAX_INPUT_CHARS: Final = 20_000
#: Share of sentences that must survive for the prose to be used: below it the model was mostly
#: hostile or wrong, and the offline prose (with a warning) is the safer answer.
MIN_KEPT_SHARE: Final = 0.25


class GroundedText(BaseModel):
    """The checked text and what was taken out of it."""

    text: str
    dropped_handles: list[str] = Field(default_factory=list, description="Unknown handles, lower case.")
    dropped_sentences: list[str] = Field(default_factory=list)
    removed_controls: int = Field(0, description="Slack control sequences and mass pings removed.")
    removed_links: int = 0
    kept_sentences: int = 0
    truncated: bool = Field(False, description="True when the total length cap cut the answer.")

    @property
    def changed(self) -> bool:
        """True when anything was removed."""
        return bool(self.dropped_sentences or self.removed_controls or self.removed_links or self.truncated)

    @property
    def usable(self) -> bool:
        """Enough survived to replace the offline prose: 40+ characters and a quarter of the sentences."""
        total = self.kept_sentences + len(self.dropped_sentences)
        return len(self.text) >= 40 and total > 0 and self.kept_sentences / total >= MIN_KEPT_SHARE


_INVISIBLE: Final = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
# <!channel>, <!here>, <!everyone>, <!subteam^S1>, <!date^...>, <@U123>, <#C123>: pings and
# mentions in Slack's markup. Slack links (<https://x|text>) are handled separately.
_SLACK_CONTROL: Final = re.compile(r"<\s*[!@#][^>\n]{0,200}>")
_SLACK_LINK: Final = re.compile(r"<((?:https?|mailto|slack|ftp):[^|>\s]{1,500})(?:\|([^>\n]{0,200}))?>")
_MASS_PING: Final = re.compile(r"(?<![\w@])[@＠](channel|here|everyone)\b", re.IGNORECASE)
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")

# "23.4k", "1.2M", "23,400 followers", "$500", "3.4%".
_SUFFIXED: Final = re.compile(r"(\$\s?)?(\d+(?:[.,]\d+)?)\s?([kKmM])(?![a-zA-Z])")
_PLAIN_COUNT: Final = re.compile(r"(\$\s?)?\b(\d{1,3}(?:,\d{3})+|\d{4,})(?:\.\d+)?\b")
_DOLLARS: Final = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\s?[kKmM%\d])")
_PERCENT: Final = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_RANK_REF: Final = re.compile(r"#\s?(\d{1,2})\b")
_YEARISH: Final = re.compile(r"^(?:19|20)\d\d$")


class _Claim(BaseModel):
    kind: str  # count | percent | dollars
    value: float
    tolerance: float


def _claims(text: str) -> list[_Claim]:
    """Numbers in ``text`` that state a fact: counts with k/M or a count noun, percentages, dollars."""
    claims: list[_Claim] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for m in _PERCENT.finditer(text):
        digits = m.group(1)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        claims.append(_Claim(kind="percent", value=float(digits), tolerance=0.5 * 10**-decimals))
        taken.append(m.span())
    for m in _SUFFIXED.finditer(text):
        if not free(*m.span()):
            continue
        digits = m.group(2).replace(",", ".")
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        unit = 1_000.0 if m.group(3).lower() == "k" else 1_000_000.0
        kind = "dollars" if m.group(1) else "count"
        claims.append(_Claim(kind=kind, value=float(digits) * unit, tolerance=0.5 * 10**-decimals * unit))
        taken.append(m.span())
    for m in _DOLLARS.finditer(text):
        if not free(*m.span()):
            continue
        claims.append(_Claim(kind="dollars", value=float(m.group(1).replace(",", "")), tolerance=0.5))
        taken.append(m.span())
    for m in _PLAIN_COUNT.finditer(text):
        if not free(*m.span()) or m.group(1):
            continue
        raw = m.group(2).replace(",", "")
        if _YEARISH.match(raw) and "," not in m.group(2):
            continue  # "since 2019"
        claims.append(_Claim(kind="count", value=float(raw), tolerance=0.5))
        taken.append(m.span())
    return claims


def _agrees(claim: _Claim, facts: Iterable[_Claim]) -> bool:
    for fact in facts:
        if fact.kind != claim.kind and not {fact.kind, claim.kind} <= {"count", "dollars"}:
            continue
        slack = max(claim.tolerance, fact.tolerance, 0.01 * abs(fact.value))
        if abs(claim.value - fact.value) <= slack + 1e-9:
            return True
    return False


def _pick_facts(pick: PickLike) -> list[_Claim]:
    facts = [_Claim(kind="count", value=float(pick.followers), tolerance=0.5)]
    if pick.engagement_rate is not None:
        facts.append(_Claim(kind="percent", value=pick.engagement_rate * 100, tolerance=0.005))
    benchmark = getattr(pick, "engagement_benchmark", None)
    if isinstance(benchmark, float | int) and benchmark:
        facts.append(_Claim(kind="percent", value=float(benchmark) * 100, tolerance=0.005))
    for attr in ("reasons", "caveats"):
        for line in getattr(pick, attr, None) or []:
            facts.extend(_claims(str(line)))
    return facts


def _clean(text: str) -> tuple[str, int, int]:
    """Text normalised, Slack controls and foreign links removed; returns the counts."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    controls = 0
    links = 0

    def link(m: re.Match[str]) -> str:
        nonlocal links
        links += 1
        return m.group(2) or ""

    text, n = _SLACK_CONTROL.subn("", text)
    controls += n
    text = _SLACK_LINK.sub(link, text)
    text, n = _MASS_PING.subn(r"\1", text)
    controls += n
    return text, controls, links


def _fact_words(picks: Sequence[PickLike], facts: Sequence[str]) -> set[str]:
    """Words the prose may use beyond everyday English: the trusted facts' own (never bios)."""
    texts = list(facts)
    for pick in picks:
        texts.append(pick.handle)
        for attr in ("platform", "country", "tier", "display_name"):
            value = getattr(pick, attr, None)
            if isinstance(value, str):
                texts.append(value)
        for attr in ("reasons", "caveats"):
            texts.extend(str(line) for line in getattr(pick, attr, None) or [])
    return words_of(" ".join(texts))


def _mask_addresses(sentence: str, allowed: Sequence[str]) -> tuple[str, int]:
    """The sentence with allowed addresses blanked, and how many other addresses it holds."""
    foreign = 0
    masked = sentence
    for found in addresses(sentence):
        bare = found.rstrip(".,;:!?'\")").rstrip("/")
        if any(bare == a or bare.endswith(a.split("://", 1)[-1]) or a.endswith(bare) for a in allowed if a):
            masked = masked.replace(found, " ")
        else:
            foreign += 1
    return masked, foreign


def _without_handles(text: str, handles: Mapping[str, object]) -> str:
    """``text`` without the picks' handles written bare ("trail_bea"), which are not prose words."""
    for handle in handles:
        text = re.sub(rf"(?<![\w@]){re.escape(handle)}(?!\w)", " ", text, flags=re.IGNORECASE)
    return text


def _words_agree(sentence: str, scope: Sequence[_Claim], n_picks: int) -> bool:
    """Numbers written in words agree with the facts; small ones may count the picks ("two picks")."""
    for value in word_numbers(sentence):
        if value <= max(n_picks, 3):
            continue
        if not any(
            fact.kind in ("count", "dollars") and abs(fact.value - value) <= 0.05 * abs(fact.value) + 0.5
            for fact in scope
        ):
            return False
    return True


def check_answer(text: str, picks: Sequence[PickLike], *, facts: Sequence[str] = ()) -> GroundedText:
    """Keep only what the picks' facts support.

    Args:
        text: Prose written by the language model.
        picks: The picks the answer is about (``Recommendation`` or ``PickFacts``).
        facts: Other trusted text whose numbers may be quoted (the question, the brief summary,
            warnings, a plan's figures).

    Returns:
        The grounded text and a record of what was removed.

    """
    cleaned, controls, links = _clean(text[:MAX_INPUT_CHARS])
    truncated = len(text) > MAX_INPUT_CHARS
    allowed_addresses = [p.profile_url.rstrip("/") for p in picks if p.profile_url]
    allowed_addresses += [a.rstrip("/.") for line in facts for a in addresses(line)]

    by_handle = {p.handle.lower().lstrip("@"): p for p in picks}
    by_rank = {p.rank: p for p in picks}
    shared_facts = [claim for line in facts for claim in _claims(line)]
    all_facts = [claim for p in picks for claim in _pick_facts(p)] + shared_facts
    vocabulary = _fact_words(picks, facts)

    dropped_handles: list[str] = []
    dropped: list[str] = []
    out_lines: list[str] = []
    kept_count = 0
    length = 0
    for line in cleaned.splitlines():
        kept: list[str] = []
        for sentence in _SENTENCE_END.split(line):
            if not sentence.strip():
                continue
            handles = [m.group(1).rstrip(".").lower() for m in HANDLE_RE.finditer(sentence)]
            unknown = [h for h in handles if h not in by_handle]
            if unknown:
                dropped_handles.extend(h for h in unknown if h not in dropped_handles)
                dropped.append(sentence)
                continue
            masked, foreign = _mask_addresses(sentence, allowed_addresses)
            if foreign:
                links += foreign
                dropped.append(sentence)
                continue
            masked = HANDLE_RE.sub(" ", masked)
            if (
                SENSITIVE.search(masked)
                or foreign_identifiers(masked, set(by_handle))
                or unknown_words(_without_handles(masked, by_handle), vocabulary)
            ):
                dropped.append(sentence)
                continue
            named = [by_handle[h] for h in handles] + [
                by_rank[int(m.group(1))] for m in _RANK_REF.finditer(sentence) if int(m.group(1)) in by_rank
            ]
            scope = [claim for p in named for claim in _pick_facts(p)] + shared_facts if named else all_facts
            if any(not _agrees(claim, scope) for claim in _claims(sentence)) or not _words_agree(
                sentence, scope, len(picks)
            ):
                dropped.append(sentence)
                continue
            if length + len(sentence) + 1 > MAX_ANSWER_CHARS:
                truncated = True
                break
            length += len(sentence.strip()) + 1
            kept_count += 1
            kept.append(sentence.strip())
        if kept:
            out_lines.append(" ".join(kept))
        elif not line.strip() and out_lines and out_lines[-1]:
            out_lines.append("")
        if truncated and length:
            break
    result = "\n".join(out_lines).strip()
    result = re.sub(r"[ \t]{2,}", " ", result)
    grounded = GroundedText(
        text=result,
        dropped_handles=dropped_handles,
        dropped_sentences=dropped,
        removed_controls=controls,
        removed_links=links,
        kept_sentences=kept_count,
        truncated=truncated,
    )
    if grounded.changed:
        log.warning(
            "grounding removed %d sentence(s), %d control sequence(s), %d link(s); unknown handles: %s",
            len(dropped),
            controls,
            links,
            ", ".join(dropped_handles) or "none",
        )
    return grounded
