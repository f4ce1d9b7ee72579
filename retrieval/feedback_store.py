"""Feedback kept in a Chroma collection beside the profiles (``<SCOUT_COLLECTION>_feedback``).

Every bot process that reaches the same Chroma (embedded path or server) reads and writes the same
feedback, so a "Not a fit" given through one process sinks that creator in answers from all of them.
The records are looked up by metadata only, never by similarity, so each row carries a constant
one-dimensional embedding instead of running the embedding model.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any, Final

import numpy as np
from chromadb.api import ClientAPI

from matching.feedback import FeedbackEntry, clean_reason, marked_for, newest_first

logger = logging.getLogger(__name__)

SUFFIX: Final = "_feedback"
_PAGE: Final = 1000
#: One constant vector per row: rows are found by metadata, never by similarity.
_VECTOR: Final = np.ones((1, 1), dtype=np.float32)


def feedback_collection_name(profiles_collection: str) -> str:
    """The feedback collection beside ``profiles_collection``."""
    return f"{profiles_collection}{SUFFIX}"


def _metadata(entry: FeedbackEntry) -> dict[str, str | int | float | bool]:
    meta: dict[str, str | int | float | bool] = {
        "value": entry.value,
        "user": entry.user,
        "channel": entry.channel,
        "thread_ts": entry.thread_ts,
        "question": entry.question,
        "handles": json.dumps(entry.handles),
        "handle": entry.handle or "",
        "reason": entry.reason or "",
        "at": entry.at.isoformat(),
        "at_s": entry.at.timestamp(),
        "brand": entry.brand,
        "team": entry.team or "",
    }
    return meta


def _entry(entry_id: str, meta: dict[str, Any]) -> FeedbackEntry | None:
    try:
        return FeedbackEntry(
            id=entry_id,
            value=meta["value"],
            user=str(meta.get("user", "")),
            channel=str(meta.get("channel", "")),
            thread_ts=str(meta.get("thread_ts", "")),
            question=str(meta.get("question", "")),
            handles=[str(h) for h in json.loads(str(meta.get("handles") or "[]"))],
            handle=str(meta.get("handle") or "") or None,
            reason=str(meta.get("reason") or "") or None,
            at=datetime.fromisoformat(str(meta["at"])),
            brand=str(meta.get("brand", "")),
            team=str(meta.get("team") or "") or None,
        )
    except (KeyError, ValueError, TypeError):
        logger.warning("skipping an unreadable feedback row %s", entry_id)
        return None


class ChromaFeedbackLog:
    """A FeedbackLog over one Chroma collection.

    Args:
        client: The Chroma client the profile store uses.
        collection_name: The feedback collection (see :func:`feedback_collection_name`).

    """

    def __init__(self, client: ClientAPI, collection_name: str) -> None:
        self._collection = client.get_or_create_collection(collection_name, embedding_function=None)

    def record(self, entry: FeedbackEntry) -> None:
        """Keep one entry."""
        self._collection.upsert(
            ids=[entry.id],
            embeddings=_VECTOR,
            metadatas=[_metadata(entry)],
            documents=[entry.model_dump_json()],
        )

    def set_reason(self, entry_id: str, reason: str) -> bool:
        """Attach the modal's reason to an entry; False when it is unknown."""
        got = self._collection.get(ids=[entry_id], include=["metadatas"])
        metas = got.get("metadatas") or []
        if not metas or metas[0] is None:
            return False
        entry = _entry(entry_id, dict(metas[0]))
        if entry is None:
            return False
        self.record(entry.model_copy(update={"reason": clean_reason(reason)}))
        return True

    def entries(self, limit: int = 1000) -> list[FeedbackEntry]:
        """Entries, newest first (paged reads: Chroma refuses very large gets)."""
        found: list[FeedbackEntry] = []
        offset = 0
        while True:
            got = self._collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
            ids = got.get("ids") or []
            for entry_id, meta in zip(ids, got.get("metadatas") or [], strict=False):
                entry = _entry(entry_id, dict(meta or {}))
                if entry is not None:
                    found.append(entry)
            if len(ids) < _PAGE:
                break
            offset += _PAGE
        return newest_first(found)[:limit]

    def not_a_fit(self, brand: str, team: str | None = None) -> set[str]:
        """Handles marked "Not a fit" for ``brand``."""
        if not brand:
            return set()
        got = self._collection.get(
            where={"$and": [{"value": "not_a_fit"}, {"brand": brand}]}, include=["metadatas"]
        )
        entries = [
            e
            for e in (
                _entry(i, dict(m or {}))
                for i, m in zip(got.get("ids") or [], got.get("metadatas") or [], strict=False)
            )
            if e is not None
        ]
        return marked_for(entries, brand, team)
