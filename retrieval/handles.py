"""Handles made comparable and safe: NFKC, no invisible characters, no control or bidi characters.

``matching.profile.normalize_handle`` folds compatibility forms (NFKC: fullwidth "ｆｕｌｌ" is "full")
and strips zero-width characters, so "zw\u200bhandle" and "zwhandle" are one creator. What is left
and still invisible or able to reorder or hide text (controls, bidi overrides, other format
characters) makes a handle unusable: the row is rejected, never silently "fixed".
"""

from __future__ import annotations

import unicodedata
from typing import Final

# Bidirectional controls (Unicode UAX #9): embeddings, overrides, isolates and marks.
_BIDI: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Categories no handle may hold: controls, format characters, surrogates, private use, unassigned,
# line and paragraph separators.
_UNSAFE_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def unsafe_handle_reason(handle: str) -> str | None:
    """Why a (normalised) handle cannot be used, naming the code point but never echoing it; else None."""
    for ch in handle:
        if ch in _BIDI:
            return f"handle holds a bidirectional control character (U+{ord(ch):04X})"
        category = unicodedata.category(ch)
        if category in _UNSAFE_CATEGORIES:
            kind = "control" if category == "Cc" else "invisible or unassigned"
            return f"handle holds a {kind} character (U+{ord(ch):04X})"
    return None
