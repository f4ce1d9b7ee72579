"""How a profile is a Chroma row, and the reads that go to Chroma itself.

A row's ID is ``platform:handle``, its document the embedding text, its metadata the filter fields as
flat scalars plus the full Profile JSON. The ``where`` clause and query here serve a store without
an in-process index (the index mirrors ``matching.filters.violations``; so does this clause).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from numpy.typing import NDArray

from matching.filters import SearchFilters
from matching.profile import Profile, normalize_handle
from retrieval.filter_index import EPOCH_ORDINAL, ROW_REVISION

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

# Chroma Cloud's documented cap (see retrieval.connection): past it, the last constraints are
# checked on the results instead.
MAX_WHERE_PREDICATES: Final = 8


def profile_metadata(profile: Profile, revision: int) -> dict[str, str | int | float | bool]:
    """The Chroma metadata of one profile: flat scalars, missing values left out (Chroma rejects None)."""
    meta: dict[str, str | int | float | bool] = {
        "platform": profile.platform,
        "handle_lc": profile.handle.lower(),
        "followers": int(profile.followers),
        "tier": profile.tier,
        "has_email": bool(profile.contact_email),
        "content_hash": profile.content_hash(),
        "profile": profile.model_dump_json(exclude={"id", "tier"}),
        ROW_REVISION: revision,
    }
    optional: dict[str, str | float | int | None] = {
        "country": profile.country,
        "language": profile.language,
        "engagement_rate": profile.engagement_rate,
        "credibility": profile.audience.credibility,
        "sponsored_share": profile.sponsored_share,
        "last_post": profile.last_post_date.toordinal() - EPOCH_ORDINAL if profile.last_post_date else None,
    }
    meta.update({key: value for key, value in optional.items() if value is not None})
    return meta


def client_label(client: ClientAPI, collection_name: str) -> str:
    """``chroma-server:http://host:port/name`` or ``chroma-embedded:path/name``."""
    config = client.get_settings()
    if config.chroma_server_host:
        scheme = "https" if config.chroma_server_ssl_enabled else "http"
        where = f"{scheme}://{config.chroma_server_host}:{config.chroma_server_http_port}"
        return f"chroma-server:{where}/{collection_name}"
    return f"chroma-embedded:{config.persist_directory}/{collection_name}"


def chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    """``items`` in slices of ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def where_clause(filters: SearchFilters) -> dict[str, Any] | None:
    """``filters`` as a bare Chroma ``where`` (all but ``exclude_ids``, which ``where`` cannot express)."""
    parts: list[dict[str, Any]] = []
    if filters.platforms:
        parts.append({"platform": {"$in": list(filters.platforms)}})
    if filters.excluded_platforms:
        parts.append({"platform": {"$nin": list(filters.excluded_platforms)}})
    if filters.countries:
        parts.append({"country": {"$in": list(filters.countries)}})
    if filters.languages:
        parts.append({"language": {"$in": list(filters.languages)}})
    if filters.min_followers is not None:
        parts.append({"followers": {"$gte": filters.min_followers}})
    if filters.max_followers is not None:
        parts.append({"followers": {"$lte": filters.max_followers}})
    if filters.exclude_handles:
        handles = sorted({normalize_handle(h).lower() for h in filters.exclude_handles})
        parts.append({"handle_lc": {"$nin": handles}})
    if filters.require_email:
        parts.append({"has_email": True})
    if filters.posted_since is not None:
        parts.append({"last_post": {"$gte": filters.posted_since.toordinal() - EPOCH_ORDINAL}})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


def where_search(
    collection: Collection,
    query_vec: NDArray[np.float32],
    filters: SearchFilters,
    limit: int,
    exclude: Sequence[str],
    page: int,
) -> list[tuple[str, float]]:
    """Chroma's own filtered query, for a store without an in-process index: ``(id, similarity)``."""
    total = collection.count()
    if total == 0:
        return []
    skip = {*filters.exclude_ids, *exclude}
    where = where_clause(filters)
    wanted = limit + len(skip)
    if where is not None and len(where.get("$and", ())) > MAX_WHERE_PREDICATES:
        # Past the predicate cap, the last constraints are checked on the results instead (the
        # caller re-checks every hit), so ask for more rows to make up for those they remove.
        where = {"$and": where["$and"][:MAX_WHERE_PREDICATES]}
        wanted *= 3
    got = collection.query(
        query_embeddings=query_vec.reshape(1, -1),
        n_results=min(total, wanted, page),
        where=where,
        include=["distances"],
    )
    ids, distances = got["ids"][0], (got["distances"] or [[]])[0]
    hits = [(pid, 1.0 - float(d)) for pid, d in zip(ids, distances, strict=True) if pid not in skip]
    return hits[:limit]


def fetch_profiles(collection: Collection, ids: Sequence[str], page: int) -> dict[str, Profile]:
    """The stored profiles of ``ids``, read ``page`` IDs at a time (unknown IDs left out)."""
    found: dict[str, Profile] = {}
    unique = list(dict.fromkeys(ids))
    for chunk in chunks(unique, page):
        got = collection.get(ids=list(chunk), include=["metadatas"])
        for pid, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            if meta and isinstance(meta.get("profile"), str):
                found[pid] = Profile.model_validate_json(str(meta["profile"]))
    return found


def all_metadata(collection: Collection, page: int) -> Iterator[dict[str, Any]]:
    """Every row's metadata, ``page`` rows at a time."""
    offset = 0
    while True:
        got = collection.get(limit=page, offset=offset, include=["metadatas"])
        for meta in got["metadatas"] or []:
            yield dict(meta or {})
        if len(got["ids"]) < page:
            return
        offset += len(got["ids"])
