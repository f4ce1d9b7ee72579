"""The influencer profile: the one record every layer passes around.

Only ``handle``, ``platform`` and ``followers`` are required; everything else is optional and stays
``None`` when unknown (rules lower their confidence instead of guessing). The model lives in the engine
package so the engine depends on nothing; retrieval builds and stores it.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import date
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from matching import domain
from matching.categories import handle_words, map_labels
from matching.tiers import tier_of

# The platforms and their aliases live in matching/data/domain.json; these are the bundled ones.
KNOWN_PLATFORMS: Final = tuple(domain.load_domain().platforms)
PLATFORM_ALIASES: Final[dict[str, str]] = domain.load_domain().platform_aliases


def normalize_platform(value: str) -> str | None:
    """Map a platform name or nickname to its canonical name, or None when unknown."""
    key = " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
    aliases = domain.active().platform_aliases
    return aliases.get(key) or aliases.get(key.replace(" ", ""))


# Zero-width characters that hide inside handles ("zw\u200bhandle" is "zwhandle").
_ZERO_WIDTH: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"))


def normalize_handle(value: str) -> str:
    """A handle as stored: NFKC, no zero-width characters, trimmed, no leading ``@``, case kept.

    IDs use the lower-case form. Control and bidi characters are left for ingestion to reject
    (``retrieval.handles``).
    """
    handle = value if value.isascii() else unicodedata.normalize("NFKC", value).translate(_ZERO_WIDTH)
    handle = handle.strip()
    # Profile URLs sometimes stand in for handles: keep the last path segment.
    if "/" in handle:
        handle = handle.rstrip("/").rsplit("/", 1)[-1]
    # Strip '@' and spaces until stable, so normalising twice changes nothing ("@ @x" -> "x").
    while handle != (stripped := handle.strip().lstrip("@")):
        handle = stripped
    return handle


def profile_id(platform: str, handle: str) -> str:
    """The stable ID: platform plus lower-case handle without ``@``."""
    return f"{platform}:{normalize_handle(handle).lower()}"


class Audience(BaseModel):
    """What is known about a creator's audience; shares are fractions in [0, 1]."""

    model_config = ConfigDict(extra="ignore")

    top_countries: dict[str, float] = Field(default_factory=dict, description="ISO alpha-2 -> share")
    age_bands: dict[str, float] = Field(default_factory=dict, description="e.g. '18-24' -> share")
    gender: dict[str, float] = Field(default_factory=dict, description="'female'/'male'/'other' -> share")
    languages: dict[str, float] = Field(default_factory=dict, description="ISO 639-1 -> share")
    credibility: float | None = Field(None, ge=0, le=1, description="Share of real followers.")


class Profile(BaseModel):
    """One creator account on one platform."""

    model_config = ConfigDict(extra="ignore", validate_assignment=False)

    handle: str = Field(min_length=1, max_length=100)
    platform: str
    followers: int = Field(ge=0)
    display_name: str | None = None
    following: int | None = Field(None, ge=0)
    posts: int | None = Field(None, ge=0)
    avg_likes: float | None = Field(None, ge=0)
    avg_comments: float | None = Field(None, ge=0)
    avg_views: float | None = Field(None, ge=0)
    engagement_rate: float | None = Field(None, ge=0, description="Fraction: 0.034 means 3.4%.")
    engagement_derived: bool = Field(False, description="True when computed from averages, not reported.")
    engagement_lifetime: bool = Field(
        False,
        description="True when the averages are lifetime totals / posts (TikTok exports), not recent posts.",
    )
    topics: list[str] = Field(default_factory=list, description="Category labels as the source gave them.")
    niches: list[str] = Field(
        default_factory=list, description="Taxonomy niches the topics map to (filled from topics when empty)."
    )
    bio: str | None = None
    recent_captions: list[str] = Field(default_factory=list)
    country: str | None = Field(None, description="ISO 3166 alpha-2")
    city: str | None = None
    language: str | None = Field(None, description="ISO 639-1")
    audience: Audience = Field(default_factory=Audience)
    sponsored_share: float | None = Field(None, ge=0, le=1)
    brands_mentioned: list[str] = Field(default_factory=list)
    reply_rate: float | None = Field(None, ge=0, le=1)
    follower_growth: float | None = Field(None, description="Monthly growth, fraction (0.02 = +2%).")
    last_post_date: date | None = None
    contact_email: str | None = None
    rate_per_post: float | None = Field(None, ge=0, description="Estimated USD per post.")
    profile_url: str | None = None
    verified: bool | None = None
    source: str | None = Field(None, description="Where the row came from (file name).")

    @field_validator("handle", mode="before")
    @classmethod
    def _clean_handle(cls, value: object) -> object:
        return normalize_handle(value) if isinstance(value, str) else value

    @field_validator("platform", mode="before")
    @classmethod
    def _clean_platform(cls, value: object) -> object:
        if isinstance(value, str):
            canonical = normalize_platform(value)
            if canonical is None:
                raise ValueError(f"unknown platform {value!r}")
            return canonical
        return value

    @field_validator("country", mode="before")
    @classmethod
    def _upper_country(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().upper()
            return value or None
        return value

    @model_validator(mode="after")
    def _derive_engagement(self) -> Profile:
        # Derive ER = (avg likes + avg comments) / followers when it is not reported but derivable.
        if self.engagement_rate is None and self.avg_likes is not None and self.followers > 0:
            self.engagement_rate = (self.avg_likes + (self.avg_comments or 0.0)) / self.followers
            self.engagement_derived = True
        return self

    @model_validator(mode="after")
    def _map_niches(self) -> Profile:
        # Raw labels stay in ``topics``; the taxonomy niches they name are what rules and search read.
        if not self.niches and self.topics:
            self.niches = map_labels(self.topics)[0]
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """Stable ID: ``platform:handle`` with the handle lower-cased."""
        return profile_id(self.platform, self.handle)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tier(self) -> str:
        """Follower tier name (nano, micro, mid, macro, mega)."""
        return tier_of(self.followers)

    def content_hash(self) -> str:
        """A hash of everything stored, so an unchanged re-ingest can skip re-embedding."""
        payload = self.model_dump(mode="json", exclude={"source"})
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]

    def embedding_text(self) -> str:
        """The text embedded for search: handle as words, name, niches, listed categories, bio, captions.

        The handle and name matter on sparse catalogues (handle + category only): without them every
        profile of a category would share one vector.
        """
        parts: list[str] = [handle_words(self.handle) + "."]
        if self.display_name and self.display_name.strip().lower() != self.handle.lower():
            parts.append(self.display_name.strip() + ".")
        raw = [t for t in self.topics if t.strip().lower() not in self.niches]
        if self.niches:
            parts.append("Niches: " + ", ".join(self.niches) + ".")
        if raw:
            parts.append("Categories: " + ", ".join(raw) + ".")
        if self.bio:
            parts.append(self.bio)
        parts.extend(self.recent_captions[:5])
        return " ".join(" ".join(parts).split())[:2000] or self.handle

    def display_url(self) -> str | None:
        """The profile URL, or one built from the platform and handle when none is stored."""
        if self.profile_url:
            return self.profile_url
        return domain.active().profile_url(self.platform, self.handle)
