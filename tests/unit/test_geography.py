"""The geography data file: valid, normalised, and every entry doing something."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pycountry
import pytest
from pydantic import ValidationError

from matching import geo, places
from matching.geography import Geography, load_geography


def _raw() -> dict[str, Any]:
    text = resources.files("matching").joinpath("data/geography.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def test_the_bundled_file_loads_and_the_modules_read_it() -> None:
    g = load_geography()
    assert places.CITIES["berlin"] == "DE" and places.REGIONS["dach"] == ("DE", "AT", "CH")
    assert places.DEMONYMS["kiwi"] == "NZ" and "kiwi" in places.PEOPLE_ONLY_DEMONYMS
    assert geo.country_code("Holland") == "NL" and geo.language_code("Mandarin") == "zh"
    assert len(places.CITIES) == sum(len(names) for names in g.cities.values())


def test_every_alias_is_found_in_any_script_and_any_case() -> None:
    # Hangul, Devanagari and Cyrillic aliases used to be stored raw but looked up normalised, so
    # "русский" and "한국" were never found.
    g = load_geography()
    assert [(k, v) for k, v in g.country_aliases.items() if geo.country_code(k) != v] == []
    assert [(k, v) for k, v in g.language_aliases.items() if geo.language_code(k) != v] == []
    assert [k for k in g.country_aliases if geo.country_code(k.upper()) != g.country_aliases[k]] == []
    assert (geo.country_code("한국"), geo.language_code("Русский"), geo.language_code("हिन्दी")) == (
        "KR",
        "ru",
        "hi",
    )


def test_every_country_code_is_iso_or_kosovo() -> None:
    g = load_geography()
    codes = {
        *g.country_aliases.values(),
        *g.demonyms.values(),
        *g.cities,
        *g.safe_codes.values(),
        *g.context_codes,
        *(c for r in g.regions for c in r.countries),
    }
    unknown = {c for c in codes if pycountry.countries.get(alpha_2=c) is None}
    assert unknown <= {"XK"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"cased_cities": ["atlantis"]}, "cased_cities names atlantis"),
        ({"demonyms": {"martian": "mars"}}, "String should match pattern"),
        ({"upper_cities": ["zz"]}, "upper_cities names zz"),
        ({"us_states": {"Texas": "TX"}}, "String should match pattern"),
        ({"extra": 1}, "Extra inputs are not permitted"),
    ],
)
def test_a_broken_entry_is_refused_with_its_reason(change: dict[str, Any], problem: str) -> None:
    data = {**_raw(), **change}
    with pytest.raises(ValidationError, match=problem):
        Geography.model_validate(data)
