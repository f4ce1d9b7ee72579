"""Chroma Cloud's per-record limits, checked before a profile is stored.

Figures from <https://docs.trychroma.com/cloud/quotas-limits> (read 2026-12-01; most can be raised
on request). Chroma Cloud refuses a whole write when one record breaks them, so ``scout ingest``
checks each profile first and rejects the one that would not fit, with its line and the reason,
whatever the store: a collection built locally can then move to Cloud unchanged. The embedded store
and a self-hosted server have none of these limits; real catalogues come nowhere near them (the
largest stored profile among the 44k rows of ../shared/data/real is 910 bytes of JSON).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from matching.profile import Profile

DOCS: Final = "https://docs.trychroma.com/cloud/quotas-limits"
MAX_ID_BYTES: Final = 128
MAX_DOCUMENT_BYTES: Final = 16_384
MAX_METADATA_VALUE_BYTES: Final = 4_096
MAX_METADATA_KEYS: Final = 32
MAX_METADATA_KEY_BYTES: Final = 36


def _size(value: str) -> int:
    return len(value.encode("utf-8"))


def record_problem(record_id: str, document: str, metadata: Mapping[str, object]) -> str | None:
    """Why Chroma Cloud would refuse this record (None: it fits every per-record limit)."""
    if _size(record_id) > MAX_ID_BYTES:
        return f"its ID is {_size(record_id):,} bytes; Chroma Cloud allows {MAX_ID_BYTES}"
    if _size(document) > MAX_DOCUMENT_BYTES:
        return (
            f"its text is {_size(document):,} bytes; Chroma Cloud allows {MAX_DOCUMENT_BYTES:,} per document"
        )
    if len(metadata) > MAX_METADATA_KEYS:
        return f"it has {len(metadata)} metadata fields; Chroma Cloud allows {MAX_METADATA_KEYS}"
    for key, value in metadata.items():
        if _size(key) > MAX_METADATA_KEY_BYTES:
            return f"metadata key {key[:40]!r} is over {MAX_METADATA_KEY_BYTES} bytes"
        if isinstance(value, str) and _size(value) > MAX_METADATA_VALUE_BYTES:
            return (
                f"its stored {key} is {_size(value):,} bytes; Chroma Cloud allows "
                f"{MAX_METADATA_VALUE_BYTES:,} per metadata value (shorten its bio or captions)"
            )
    return None


def profile_problem(profile: Profile) -> str | None:
    """``record_problem`` for the Chroma row ``ChromaProfileStore`` would write for ``profile``."""
    from retrieval.chroma_rows import profile_metadata

    # The largest revision a write stamps (milliseconds x 1000): stored as an int, so its size is fixed.
    return record_problem(profile.id, profile.embedding_text(), profile_metadata(profile, 2**62))
