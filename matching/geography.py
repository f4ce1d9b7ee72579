"""Geography as data: matching/data/geography.json, validated by a typed loader.

Everyday country and language names that pycountry does not know ("Holland", "Mandarin"), demonyms
and the languages they name, US states, regions ("DACH", "the Nordics"), cities, and the small word
lists that keep the place finder from reading "la", "Turkey" or "French fries" as places. Read once,
by ``matching.geo`` (field values to codes) and ``matching.places`` (places in prose); adding a city
or an alias is a data change.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

_BUNDLED: Final = "data/geography.json"

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Name = Annotated[str, StringConstraints(min_length=1, pattern=r"^[^A-Z]+$")]
Word = Annotated[str, StringConstraints(pattern=r"^[^\sA-Z]+$")]


class Region(BaseModel):
    """Names of one group of countries ("nordics", "nordic countries")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    names: list[Name] = Field(min_length=1)
    countries: list[Country] = Field(min_length=1)


class Geography(BaseModel):
    """The whole file; every name is lower case as it is matched, every code ISO."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    about: str = ""
    country_aliases: dict[Name, Country]
    country_short_names: dict[Country, str]
    language_aliases: dict[Name, Language]
    demonyms: dict[Name, Country]
    demonym_languages: dict[Name, Language]
    cased_demonyms: list[Word]
    people_only_demonyms: list[Word]
    non_place_followers: list[Word]
    people_words: list[Word]
    us_states: dict[Name, Country]
    wordlike_state_codes: list[Country]
    safe_codes: dict[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,3}$")], Country]
    context_codes: list[Country]
    regions: list[Region]
    cased_regions: list[Word]
    cities: dict[Country, list[Name]]
    cased_cities: list[Word]
    upper_cities: list[Word]
    cased_country_words: list[Word]

    @model_validator(mode="after")
    def _lists_refer_to_known_names(self) -> Geography:
        # A cased or upper-case-only entry that names nothing would silently do nothing.
        region_names = {n for r in self.regions for n in r.names}
        city_names = {" ".join(n.split()) for names in self.cities.values() for n in names}
        checks = {
            "cased_demonyms": (self.cased_demonyms, set(self.demonyms)),
            "people_only_demonyms": (self.people_only_demonyms, set(self.demonyms)),
            "cased_regions": (self.cased_regions, region_names),
            "cased_cities": (self.cased_cities, city_names),
            "upper_cities": (self.upper_cities, city_names),
            "wordlike_state_codes": (self.wordlike_state_codes, set(self.us_states.values())),
        }
        for field, (entries, known) in checks.items():
            unknown = sorted(set(entries) - known)
            if unknown:
                raise ValueError(f"{field} names {', '.join(unknown)}, which the file does not define")
        return self


@cache
def load_geography() -> Geography:
    """The bundled geography (validated once per process; a broken file fails at import, loudly)."""
    text = resources.files("matching").joinpath(_BUNDLED).read_text(encoding="utf-8")
    return Geography.model_validate(json.loads(text))
