"""Hard constraints as a store-neutral filter, and the check of one profile against it.

The store translates ``SearchFilters`` into its own query language (a Chroma ``where`` clause or an
in-process index); ``violations`` is the same logic in plain Python, used to verify results, to explain
"why not @x", and to count how many profiles a relaxed brief would let through.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, Field

from matching.brief import Brief
from matching.profile import Profile


class SearchFilters(BaseModel):
    """Constraints every returned profile must satisfy. Empty lists mean "any"."""

    platforms: list[str] = Field(default_factory=list)
    excluded_platforms: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    min_followers: int | None = None
    max_followers: int | None = None
    exclude_ids: list[str] = Field(default_factory=list)
    exclude_handles: list[str] = Field(default_factory=list, description="Lower case, any platform.")
    require_email: bool = False
    posted_since: date | None = None

    def is_empty(self) -> bool:
        """True when nothing is constrained."""
        return self == SearchFilters()


def filters_for(brief: Brief, today: date) -> SearchFilters:
    """The hard constraints of a brief, on ``today`` (the caller's clock; the engine reads none)."""
    posted_since = None
    if brief.max_days_since_post is not None:
        posted_since = today - timedelta(days=brief.max_days_since_post)
    return SearchFilters(
        platforms=sorted(set(brief.platforms)),
        excluded_platforms=sorted(set(brief.excluded_platforms)),
        countries=sorted(set(brief.countries)),
        languages=sorted(set(brief.languages)),
        min_followers=brief.min_followers,
        max_followers=brief.max_followers,
        exclude_handles=sorted(set(brief.exclude_handles)),
        require_email=brief.require_email,
        posted_since=posted_since,
    )


def violations(profile: Profile, filters: SearchFilters) -> list[str]:
    """Every hard constraint ``profile`` breaks, as short human phrases (empty = passes)."""
    out: list[str] = []
    if filters.platforms and profile.platform not in filters.platforms:
        out.append(f"is on {profile.platform}, not {' or '.join(filters.platforms)}")
    if profile.platform in filters.excluded_platforms:
        out.append(f"is on {profile.platform}, which was excluded")
    if filters.countries and profile.country not in filters.countries:
        where = profile.country or "an unknown country"
        out.append(f"is based in {where}, not {' or '.join(filters.countries)}")
    if filters.languages and profile.language not in filters.languages:
        lang = profile.language or "an unknown language"
        out.append(f"posts in {lang}, not {' or '.join(filters.languages)}")
    if filters.min_followers is not None and profile.followers < filters.min_followers:
        out.append(f"has {profile.followers:,} followers, under the minimum {filters.min_followers:,}")
    if filters.max_followers is not None and profile.followers > filters.max_followers:
        out.append(f"has {profile.followers:,} followers, over the maximum {filters.max_followers:,}")
    if profile.id in filters.exclude_ids or profile.handle.lower() in filters.exclude_handles:
        out.append("was excluded in the brief")
    if filters.require_email and not profile.contact_email:
        out.append("has no contact email")
    if filters.posted_since is not None and (
        profile.last_post_date is None or profile.last_post_date < filters.posted_since
    ):
        last = profile.last_post_date.isoformat() if profile.last_post_date else "an unknown date"
        out.append(f"last posted on {last}, before {filters.posted_since.isoformat()}")
    return out
