"""Small wording helpers shared by reasons, explanations and answers."""

from __future__ import annotations

from collections.abc import Iterable


def join_words(items: Iterable[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'; repeats are said once, nothing gives ''."""
    words = list(dict.fromkeys(items))
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]
