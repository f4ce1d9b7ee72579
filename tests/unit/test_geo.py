import pytest

from matching.geo import country_code, country_name, language_code, language_name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("United States", "US"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("us", "US"),
        ("America", "US"),
        ("United States of America", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("Northern Ireland", "GB"),
        ("Holland", "NL"),
        ("The Netherlands", "NL"),
        ("South Korea", "KR"),
        ("Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("UAE", "AE"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Taiwan", "TW"),
        ("Iran", "IR"),
        ("Bolivia", "BO"),
        ("Venezuela", "VE"),
        ("Tanzania", "TZ"),
        ("Deutschland", "DE"),
        ("España", "ES"),
        ("Espana", "ES"),
        ("Brasil", "BR"),
        ("México", "MX"),
        ("Italia", "IT"),
        ("Schweiz", "CH"),
        ("Österreich", "AT"),
        ("India", "IN"),
        ("  germany  ", "DE"),
        ("FRANCE", "FR"),
        ("de", "DE"),
        ("DEU", "DE"),
        ("gbr", "GB"),
    ],
)
def test_country_code_recognizes_names_aliases_and_codes(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize("text", ["", "   ", "xx", "Atlantis", "somewhere nice", "-"])
def test_country_code_returns_none_for_unknown(text: str) -> None:
    assert country_code(text) is None


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("US", "United States"),
        ("gb", "United Kingdom"),
        ("KR", "South Korea"),
        ("VN", "Vietnam"),
        ("RU", "Russia"),
    ],
)
def test_country_name_is_the_everyday_name(code: str, name: str) -> None:
    assert country_name(code) == name


def test_country_name_round_trips_through_country_code() -> None:
    for code in ("US", "GB", "DE", "BR", "IR", "TW", "TR", "CZ"):
        assert country_code(country_name(code)) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("English", "en"),
        ("french", "fr"),
        ("Español", "es"),
        ("Spanish", "es"),
        ("Deutsch", "de"),
        ("Portuguese", "pt"),
        ("Brazilian Portuguese", "pt"),
        ("Mandarin", "zh"),
        ("Chinese", "zh"),
        ("Greek", "el"),
        ("en", "en"),
        ("EN", "en"),
        ("eng", "en"),
        ("ger", "de"),
        ("pt-BR", "pt"),
        ("en_US", "en"),
        ("English (US)", "en"),
    ],
)
def test_language_code_recognizes_names_and_codes(text: str, code: str) -> None:
    assert language_code(text) == code


@pytest.mark.parametrize("text", ["", "Klingon", "xx", "zz-ZZ"])
def test_language_code_returns_none_for_unknown(text: str) -> None:
    assert language_code(text) is None


@pytest.mark.parametrize(
    ("code", "name"), [("en", "English"), ("fr", "French"), ("el", "Greek"), ("ms", "Malay")]
)
def test_language_name(code: str, name: str) -> None:
    assert language_name(code) == name
