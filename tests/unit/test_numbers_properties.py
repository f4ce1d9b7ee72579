"""Properties of the human-number parsers: they never raise, and they read back what people write."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from retrieval.numbers import parse_count, parse_fraction, parse_number

PARSERS = [parse_number, parse_count, parse_fraction]
# Cells as they come out of CSV, JSON and spreadsheets: text of any kind, numbers, and odd objects.
CELLS = st.one_of(
    st.text(),
    st.text(alphabet="0123456789.,-+ %kKmMbB$€e'\u00a0"),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@pytest.mark.parametrize("parse", PARSERS, ids=lambda f: f.__name__)
@given(cell=CELLS)
@example(cell="1e400")
@example(cell="-1e400K")
@example(cell="9" * 400)
@example(cell="1e99999")
@example(cell="1e" + "9" * 5000)
@example(cell="1,2,3")
@example(cell="..5")
def test_parsers_never_raise(parse: object, cell: object) -> None:
    assert callable(parse)
    value = parse(cell)
    assert value is None or (isinstance(value, int | float) and math.isfinite(value))


@given(cell=CELLS)
def test_parse_count_is_none_or_a_non_negative_int(cell: object) -> None:
    value = parse_count(cell)
    assert value is None or (type(value) is int and value >= 0)


@given(n=st.integers(min_value=-(10**15), max_value=10**15))
def test_grouped_thousands_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    if n >= 0:
        assert parse_count(f"{n:,}") == n
        assert parse_number(f"{n:_}".replace("_", " ")) == n  # "1 234 567"
        assert parse_number(f"${n:,}") == n


@given(n=st.integers(min_value=10**6, max_value=10**15))
def test_dot_grouped_thousands_round_trip(n: int) -> None:
    # "1.234.567" (two or more dots) can only be thousands; a single dot is a decimal point.
    assert parse_number(f"{n:,}".replace(",", ".")) == n


@given(n=st.integers(min_value=0, max_value=10**12))
def test_suffixed_numbers_round_trip_within_rounding(n: int) -> None:
    thousands = parse_number(f"{n / 1000:.1f}K")
    assert thousands is not None and abs(thousands - n) <= 50 + 1e-9 * n
    millions = parse_number(f"{n / 1e6:.2f}M")
    assert millions is not None and abs(millions - n) <= 5_000 + 1e-9 * n
    lower = parse_number(f"{n / 1000:.1f}k")
    assert lower == thousands
    comma = parse_number(f"{n / 1000:.1f}K".replace(".", ","))  # "12,5K"
    assert comma == pytest.approx(thousands)
    count = parse_count(f"{n / 1000:.1f}K")
    assert count is not None and abs(count - n) <= 50 + 1e-9 * n


@given(x=st.floats(min_value=0, max_value=100, allow_nan=False))
def test_percent_is_a_fraction(x: float) -> None:
    value = parse_fraction(f"{x}%")
    assert value == pytest.approx(x / 100, rel=1e-12, abs=1e-15)


@given(x=st.integers(min_value=0, max_value=1000))
def test_decimal_comma_percent_is_a_fraction(x: int) -> None:
    tenths = x / 10  # 0.0 .. 100.0
    assert parse_fraction(f"{tenths:.1f}%".replace(".", ",")) == pytest.approx(tenths / 100)
    assert parse_fraction(f"{tenths:.1f} %") == pytest.approx(tenths / 100)


@settings(max_examples=50)
@given(x=st.floats(min_value=0, max_value=1, allow_nan=False))
def test_a_bare_fraction_stays_a_fraction(x: float) -> None:
    assert parse_fraction(repr(x)) == pytest.approx(x)


@given(st.text(max_size=30))
def test_normalize_handle_is_idempotent(text: str) -> None:
    from matching.profile import normalize_handle

    once = normalize_handle(text)
    assert normalize_handle(once) == once
    assert not once.startswith("@")
