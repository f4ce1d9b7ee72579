"""Numbers as people write them: "10k", "1.5M", "50,000", "five", "a dozen"."""

from __future__ import annotations

import re

from matching.parsing.words import COUNT_PHRASES, NUMBER_WORDS


def parse_number(digits: str, magnitude: str | None = None) -> float:
    """A human number as written: "10k", "1.5M", "50,000", "10.000" (German thousands).

    Args:
        digits: The digits with any separators ("50,000", "1.5").
        magnitude: An optional suffix: k, m, mm, thousand, million, mil, mio, tsd.

    Returns:
        The value as a float.

    """
    mag = (magnitude or "").lower()
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", digits) and not (
        mag and digits.count(",") + digits.count(".") == 1
    ):
        value = float(re.sub(r"[,.]", "", digits))
    else:
        value = float(digits.replace(",", "."))
    if mag in {"k", "thousand", "tsd"}:
        value *= 1_000
    elif mag in {"m", "mm", "mn", "million", "mil", "mio"}:
        value *= 1_000_000
    return value


def parse_count_word(word: str) -> int | None:
    """A small count written in digits or words ("5", "five", "a dozen", "a couple", "fünf")."""
    key = " ".join(word.lower().split())
    if key.isdigit():
        return int(key)
    if key in COUNT_PHRASES:
        return COUNT_PHRASES[key]
    return NUMBER_WORDS.get(key)
