"""The fields a column can feed, the header words that nominate one, and the small shared types.

The header words (``retrieval/resources/headers.json``) are data: a new export's header spelling is
one line there. They are validated at import: every field named must be a field a column can feed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, field_validator

from retrieval.numbers import MISSING

Kind = Literal[
    "handle", "text", "count", "number", "fraction", "topics", "country", "location", "language", "bool",
    "email", "url", "platform", "list", "raw",
]  # fmt: skip

# Every field a column can feed, and how its values are read.
FIELD_KINDS: Final[dict[str, Kind]] = {
    "handle": "handle",
    "platform": "platform",
    "display_name": "text",
    "followers": "count",
    "following": "count",
    "posts": "count",
    "avg_likes": "number",
    "avg_comments": "number",
    "avg_views": "number",
    "avg_engagements": "number",
    "total_likes": "number",
    "total_views": "number",
    "engagement_rate": "fraction",
    "topics": "topics",
    "bio": "text",
    "country": "country",
    "location": "location",
    "city": "text",
    "language": "language",
    "verified": "bool",
    "contact_email": "email",
    "profile_url": "url",
    "rate_per_post": "number",
    "sponsored_share": "fraction",
    "reply_rate": "fraction",
    "follower_growth": "fraction",
    "recent_captions": "list",
    "brands_mentioned": "list",
    "last_post_date": "raw",
    "audience": "raw",
}
# The order fields pick their columns in: a column serves one field, so the handle chooses first.
FIELD_ORDER: Final = tuple(FIELD_KINDS)
DERIVATION_SOURCES: Final = frozenset({"avg_engagements", "total_likes", "total_views", "location"})


HeaderKey = Annotated[str, StringConstraints(pattern=r"^[0-9a-z]+$")]


class HeaderWords(BaseModel):
    """retrieval/resources/headers.json."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    about: str = ""
    handle_strong: tuple[HeaderKey, ...]
    handle_medium: tuple[HeaderKey, ...]
    name_like: tuple[HeaderKey, ...]
    synonyms: dict[str, tuple[HeaderKey, ...]]
    list_topic_keys: frozenset[HeaderKey]
    placeholders: frozenset[str]

    @field_validator("synonyms")
    @classmethod
    def _known_fields(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        unknown = sorted(set(value) - set(FIELD_KINDS))
        if unknown:
            raise ValueError(f"synonyms for unknown field(s): {', '.join(unknown)}")
        return value


@cache
def header_words() -> HeaderWords:
    """The bundled header words (validated once per process)."""
    text = resources.files("retrieval").joinpath("resources/headers.json").read_text(encoding="utf-8")
    return HeaderWords.model_validate(json.loads(text))


# Plural headers hold lists ("fitness, running"); singular ones one label ("Sports, Fitness & Outdoors").
LIST_TOPIC_KEYS: Final = header_words().list_topic_keys
# Topic and bio cells that carry no information.
PLACEHOLDERS: Final = header_words().placeholders
_NON_ALNUM: Final = re.compile(r"[^0-9a-z]+")


class MappingError(ValueError):
    """An explicit mapping names an unknown field or a header the file does not have."""


class RowError(ValueError):
    """A row cannot become a profile; the message is the reason shown to the user."""


def header_key(header: str) -> str:
    """A header reduced for matching: lower case, letters and digits only ("#Followers" -> "followers")."""
    return _NON_ALNUM.sub("", header.casefold())


def clean_header(header: str) -> str:
    """A header as shown to people: whitespace (including embedded newlines) collapsed."""
    return " ".join(header.split())


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the file: its position, its header as shown, and its matching key."""

    index: int
    header: str
    key: str
    label: str


def text_of(value: object) -> str | None:
    """A cell as trimmed text, or None when blank or a placeholder."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    if text.casefold() in MISSING:
        return None
    return text
