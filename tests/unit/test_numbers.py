import pytest

from retrieval.numbers import parse_bool, parse_count, parse_fraction, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("409.8M", 409_800_000),
        ("523M", 523_000_000),
        ("12.5K", 12_500),
        ("12.5k", 12_500),
        ("12,5K", 12_500),
        ("998.4K", 998_400),
        ("1.2B", 1_200_000_000),
        ("2bn", 2_000_000_000),
        ("1,234", 1_234),
        ("1,234,567", 1_234_567),
        ("1.234.567", 1_234_567),
        ("1,234.5", 1_234.5),
        ("1.234,5", 1_234.5),
        ("  3 ", 3),
        ("1 234", 1_234),
        ("1\u00a0234", 1_234),
        ("409800000.0", 409_800_000),
        ("637000.0", 637_000),
        ("€1,200", 1_200),
        ("$300", 300),
        ("300 USD", 300),
        ("-5", -5),
        ("-$300", -300),
        ("1e6", 1_000_000),
        ("10K+", 10_000),
        ("~2M", 2_000_000),
        (".5", 0.5),
        (1234, 1234),
        (12.5, 12.5),
    ],
)
def test_parse_number_reads_human_numbers(text: object, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "-",
        "--",
        "N/A",
        "n/a",
        "none",
        "None",
        "null",
        "nan",
        "NaN",
        "inf",
        "abc",
        "12 apples",
        "1,2,3",
        "1.2.3",
        "3.4%",
        "K",
        "M5",
        "12..5",
        None,
        True,
        float("nan"),
        [1],
    ],
)
def test_parse_number_returns_none_for_junk(text: object) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12.5K", 12_500), ("1,234", 1_234), ("2.6", 3), ("2.4", 2), ("0", 0), ("409.8M", 409_800_000)],
)
def test_parse_count_rounds(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["-5", "", "junk", "N/A"])
def test_parse_count_is_none_for_negative_or_junk(text: str) -> None:
    assert parse_count(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.4%", 0.034),
        ("3,4%", 0.034),
        ("3.4 %", 0.034),
        ("0.5%", 0.005),
        ("150%", 1.5),
        ("0.034", 0.034),
        ("3.4", 0.034),  # bare number above 1: read as a percentage
        ("1", 1.0),
        ("0", 0.0),
        (0.05, 0.05),
    ],
)
def test_parse_fraction(text: object, expected: float) -> None:
    assert parse_fraction(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "-", "N/A", "high", "%", None])
def test_parse_fraction_junk(text: object) -> None:
    assert parse_fraction(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("True", True),
        ("true", True),
        ("YES", True),
        ("y", True),
        ("1", True),
        ("verified", True),
        ("✓", True),
        ("False", False),
        ("no", False),
        ("0", False),
        (True, True),
        (0, False),
        ("", None),
        ("maybe", None),
        (None, None),
        (2, None),
    ],
)
def test_parse_bool(text: object, expected: bool | None) -> None:
    assert parse_bool(text) is expected


def test_unit_separator_controls_never_raise() -> None:
    # Python's \s matches U+001C-U+001F, which float() refuses: unreadable, not an exception.
    for text in ("0\x1f", "\x1f5", "12\x1c"):
        assert parse_number(text) is None
