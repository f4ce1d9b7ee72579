"""Numbers as people write them in spreadsheets: "409.8M", "12,5K", "1 234", "€1,200", "3,4%".

Every parser returns None for anything it cannot read with confidence (blanks, "-", "N/A", prose):
it never raises, so one bad cell costs one field, not the file.
"""

from __future__ import annotations

import math
import re
from typing import Final

# Cells that mean "no value".
MISSING: Final = frozenset(
    {"", "-", "--", "—", "–", "n/a", "na", "n.a.", "none", "null", "nil", "nan", "?", "#n/a"}
)

_SUFFIXES: Final[dict[str, float]] = {
    "": 1.0,
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mm": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_CURRENCY_MARK: Final = re.compile(r"^([-+]?)(?:[$€£¥₹₩₽₺]|usd|eur|gbp|us\$)|(?:[$€£¥₹₩₽₺]|usd|eur|gbp)$")
_PLAIN: Final = re.compile(r"\s*-?\d+(?:\.\d+)?\s*")
_SPACES: Final = re.compile(r"[\s\u00a0\u2009\u202f']+")  # incl. no-break/thin spaces and Swiss 1'234
_NUMBER: Final = re.compile(
    r"^(?P<sign>[-+]?)(?P<digits>[\d.,]*\d[\d.,]*|\.\d+)(?P<exp>e[-+]?\d+)?(?P<suffix>[a-z]*)$"
)
_THOUSANDS_COMMA: Final = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_DOT: Final = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_NON_FINITE: Final = re.compile(r"[-+]?(nan|inf|infinity)%?")
_TRUE: Final = frozenset({"true", "t", "yes", "y", "1", "verified", "✓", "✔", "x"})
_FALSE: Final = frozenset({"false", "f", "no", "n", "0", "unverified", ""})


#: The most followers an account can have: more than everyone alive (about 8.2 billion, UN World
#: Population Prospects 2024) is a typo or an attack, and it would break every filter built on it.
MAX_FOLLOWERS: Final = 10_000_000_000
#: Bounds of every numeric profile field (inclusive); a value outside is reported, never clamped.
#: Totals over a channel's life can pass 10 billion (the largest YouTube channels have ~300 billion
#: views), per-post averages and counts cannot. Engagement is at most 10 (1,000%): TikTok's viral
#: outliers reach a few hundred percent, nothing real reaches ten times its audience per post.
NUMBER_BOUNDS: Final[dict[str, tuple[float, float]]] = {
    "followers": (0, MAX_FOLLOWERS),
    "following": (0, MAX_FOLLOWERS),
    "posts": (0, 100_000_000),
    "avg_likes": (0, MAX_FOLLOWERS),
    "avg_comments": (0, MAX_FOLLOWERS),
    "avg_views": (0, MAX_FOLLOWERS),
    "avg_engagements": (0, MAX_FOLLOWERS),
    "total_likes": (0, 1e13),
    "total_views": (0, 1e13),
    "rate_per_post": (0, 1e9),
    "engagement_rate": (0, 10.0),
    "sponsored_share": (0, 1.0),
    "reply_rate": (0, 1.0),
    "follower_growth": (-1.0, 10.0),
}


def is_non_finite(value: object) -> bool:
    """True for NaN or infinity, as a float or as text ("nan", "-inf", "Infinity", "inf%")."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, str):
        return _NON_FINITE.fullmatch(value.strip().casefold()) is not None
    return False


def _is_missing(text: str) -> bool:
    return text.strip().casefold() in MISSING


def _digits_to_float(digits: str) -> float | None:
    """Read digits with "," and "." in either role (thousands separator or decimal mark)."""
    if "," in digits and "." in digits:
        # The later separator is the decimal mark: "1,234.5" and "1.234,5".
        if digits.rfind(",") > digits.rfind("."):
            digits = digits.replace(".", "").replace(",", ".")
        else:
            digits = digits.replace(",", "")
    elif "," in digits:
        # "1,234" and "1,234,567" group thousands; a lone comma elsewhere is a decimal comma ("3,4").
        if _THOUSANDS_COMMA.match(digits):
            digits = digits.replace(",", "")
        elif digits.count(",") == 1:
            digits = digits.replace(",", ".")
        else:
            return None
    elif digits.count(".") > 1:
        # "1.234.567": dots grouping thousands.
        if not _THOUSANDS_DOT.match(digits):
            return None
        digits = digits.replace(".", "")
    try:
        return float(digits)
    except ValueError:
        return None


def _parse(text: object, *, allow_percent: bool) -> tuple[float, bool] | None:
    """The value and whether it carried a "%" sign, or None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        value = float(text)
        return (value, False) if math.isfinite(value) else None
    if not isinstance(text, str):
        return None
    if _PLAIN.fullmatch(text):  # fast path for the common "12345" and "637000.0"
        try:
            value = float(text)  # inf for 400 digits
        except ValueError:  # regex \s admits separators (U+001C-U+001F) that float() refuses
            return None
        return (value, False) if math.isfinite(value) else None
    if _is_missing(text):
        return None
    cleaned = _SPACES.sub("", text.strip().casefold()).lstrip("~≈").rstrip("+")
    cleaned = _CURRENCY_MARK.sub(r"\1", cleaned)  # "$300", "-$300", "300 €", "USD 300"
    percent = cleaned.endswith("%")
    if percent:
        if not allow_percent:
            return None
        cleaned = cleaned[:-1]
    match = _NUMBER.match(cleaned)
    if match is None or match["suffix"] not in _SUFFIXES:
        return None
    number = _digits_to_float(match["digits"])
    if number is None:
        return None
    value = number
    if match["exp"]:
        try:
            # A float power: "1e400" overflows at once, "1e99999999" never builds a huge int.
            value *= 10.0 ** int(match["exp"][1:])
        except (OverflowError, ValueError):
            return None
    value *= _SUFFIXES[match["suffix"]]
    if match["sign"] == "-":
        value = -value
    return (value, percent) if math.isfinite(value) else None


def parse_number(text: object) -> float | None:
    """A number written the way people write them, or None.

    Understands thousands separators ("1,234", "1 234", "1.234.567"), decimal commas ("12,5K"),
    K/M/B suffixes in either case ("409.8M" -> 409_800_000), leading currency signs ("€1,200"),
    scientific notation and plain floats ("409800000.0"). Blanks and placeholders ("-", "N/A",
    "none", "nan") give None, as does anything else it cannot read. Percentages give None: use
    :func:`parse_fraction` for rates.
    """
    parsed = _parse(text, allow_percent=False)
    return None if parsed is None else parsed[0]


def parse_count(text: object) -> int | None:
    """A non-negative whole count ("12.5K" -> 12500), rounded; None when unreadable or negative."""
    value = parse_number(text)
    if value is None or value < 0:
        return None
    return round(value)


def parse_fraction(text: object) -> float | None:
    """A rate as a fraction: "3.4%" -> 0.034, "3,4%" -> 0.034, "0.034" -> 0.034.

    Heuristic for bare numbers (no "%"): a value above 1 is read as a percentage ("3.4" -> 0.034),
    since spreadsheets drop the sign more often than anyone reports an engagement above 100%. A bare
    value of 1 or less is already a fraction. An explicit "%" is always a percentage ("0.5%" ->
    0.005, "150%" -> 1.5).
    """
    parsed = _parse(text, allow_percent=True)
    if parsed is None:
        return None
    value, percent = parsed
    if percent or abs(value) > 1:
        return value / 100
    return value


def parse_bool(text: object) -> bool | None:
    """True/False from "true", "Yes", "1", "verified", "✓", "no", "0", ...; None when unclear or blank."""
    if isinstance(text, bool):
        return text
    if isinstance(text, int | float) and text in (0, 1):
        return bool(text)
    if not isinstance(text, str):
        return None
    key = text.strip().casefold()
    if not key:
        return None
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    return None
