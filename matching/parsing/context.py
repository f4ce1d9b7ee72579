"""The state the extractors share: the normalised text, the claimed spans and the fields found so far."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final


@dataclass
class ParseState:
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
        """Whether no extractor has claimed any character of ``[start, end)``."""
        return not any(start < e and s < end for s, e in self.claimed)

    def claim(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as used, so later extractors do not read it again."""
        self.claimed.append((start, end))

    def add(self, name: str, values: Iterable[str]) -> None:
        """Append ``values`` to the list field ``name``, skipping ones already there."""
        current = self.fields.setdefault(name, [])
        assert isinstance(current, list)
        for value in values:
            if value not in current:
                current.append(value)

    def blanked(self) -> str:
        """The text with every claimed span replaced by spaces (offsets unchanged)."""
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


def normalise(text: str) -> str:
    """One character for one: dashes, quotes and odd spaces made plain so spans stay aligned."""
    out = text.translate(_CHAR_MAP)
    return "".join(" " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} and c != "\n" else c for c in out)


def clause_before(text: str, start: int, width: int) -> str:
    """Up to ``width`` characters before ``start``, cut at the last sentence boundary."""
    chunk = text[max(0, start - width) : start]
    cut = max(chunk.rfind(c) for c in ".!?;\n")
    if cut >= 0 and not re.search(r"\b[A-Za-z]\.$", chunk[: cut + 1]):
        chunk = chunk[cut + 1 :]
    return chunk
