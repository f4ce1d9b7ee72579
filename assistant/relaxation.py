"""When fewer profiles match than asked: which constraint to relax, and how many would match then."""

from __future__ import annotations

from collections.abc import Callable

from assistant.presenters import human_count
from matching.filters import SearchFilters
from matching.geo import country_name
from matching.tiers import tier_range


def relaxations(filters: SearchFilters) -> list[tuple[str, SearchFilters]]:
    """Each single-constraint relaxation of ``filters``, with a phrase saying what it drops."""
    out: list[tuple[str, SearchFilters]] = []
    if filters.platforms:
        out.append(
            (
                f"allow any platform, not only {' or '.join(filters.platforms)}",
                filters.model_copy(update={"platforms": []}),
            )
        )
    if filters.countries:
        names = " or ".join(country_name(c) for c in filters.countries)
        out.append((f"drop the {names} location", filters.model_copy(update={"countries": []})))
    if filters.languages:
        out.append(("drop the language constraint", filters.model_copy(update={"languages": []})))
    if filters.min_followers is not None or filters.max_followers is not None:
        lo = min(filters.min_followers or 0, tier_range("nano")[0])
        hi = max(filters.max_followers or 0, tier_range("mid")[1] or 0)
        wider = filters.model_copy(update={"min_followers": lo, "max_followers": hi})
        if wider != filters:
            out.append((f"widen the size to {human_count(lo)}-{human_count(hi)} followers", wider))
    if filters.require_email:
        out.append(
            ("include creators without a contact email", filters.model_copy(update={"require_email": False}))
        )
    if filters.posted_since is not None:
        out.append(
            ("include creators who posted less recently", filters.model_copy(update={"posted_since": None}))
        )
    return out


def relax_hints(filters: SearchFilters, count: Callable[[SearchFilters], int], current: int) -> list[str]:
    """Phrases like "drop the Japan location: 42 would match", best first; only ones that help."""
    hints: list[tuple[int, str]] = []
    for phrase, relaxed in relaxations(filters):
        n = count(relaxed)
        if n > current:
            hints.append((n, f"{phrase}: {n:,} would match"))
    hints.sort(key=lambda t: -t[0])
    return [h for _, h in hints[:3]]
