"""Each indexed row's stored Profile JSON, so a search answers without reading Chroma.

Why: in an embedded Chroma process, the first read of a collection (``get``, ``count`` or ``query``)
backfills it, which loads the collection's whole HNSW segment into memory and keeps it there
(``LocalExecutor.try_backfill_collection`` in Chroma 1.x): about 210 MB at 100k rows, 2 GB at a
million, and seconds of loading. Serving search results from the index's own copy of the Profile
JSON (the metadata's ``profile`` field, read while paging anyway) means a serving process whose
index is fresh never reads Chroma's rows at all.

Rows from the cache file are read with ``pread`` (never mapped, like the float rows in
``retrieval.file_rows``); rows added or replaced since are held in memory. A row without a payload
(written before this field existed) returns None, and the store reads it from Chroma instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from retrieval.file_rows import FileRows
from retrieval.index_cache import CacheMismatch

PAYLOAD_KEY: Final = "profile"  # the metadata field holding the Profile JSON


class Payloads:
    """Per-row payload strings: the cache file's rows (``base``), then rows set in this process."""

    def __init__(
        self,
        file: FileRows | None = None,
        blob_offset: int = 0,
        offsets: NDArray[np.int64] | None = None,
    ) -> None:
        """Empty, or the rows a cache file holds: ``offsets[i]..offsets[i+1]`` of the blob at ``blob_offset``."""
        self._file = file
        self._blob_offset = blob_offset
        self._offsets = offsets if offsets is not None else np.zeros(1, dtype=np.int64)
        self.base = len(self._offsets) - 1
        self._added: list[str | None] = []  # rows base, base + 1, ...
        self._replaced: dict[int, str | None] = {}  # base rows set since the file was written

    @classmethod
    def from_cache(
        cls, file: FileRows, header: Mapping[str, Any], arrays: Mapping[str, NDArray[Any]], count: int
    ) -> Payloads:
        """The payloads of a cache file's ``count`` rows (``FilterIndex.save`` wrote them).

        Raises:
            CacheMismatch: The offsets do not fit the rows or the blob.

        """
        offsets, blob = arrays["payload_offsets"], header["arrays"]["payload_blob"]
        if len(offsets) != count + 1 or (count and int(offsets[-1]) > int(blob["shape"][0])):
            raise CacheMismatch("the payloads do not match the header")
        return cls(file, int(blob["offset"]), offsets)

    def __len__(self) -> int:
        return self.base + len(self._added)

    def get(self, row: int) -> str | None:
        """The payload of ``row`` (None: none stored)."""
        if row >= self.base:
            return self._added[row - self.base]
        if row in self._replaced:
            return self._replaced[row]
        start, stop = int(self._offsets[row]), int(self._offsets[row + 1])
        if stop == start or self._file is None:
            return None
        return self._file.read_bytes(self._blob_offset + start, stop - start).decode("utf-8")

    def set(self, row: int, value: str | None) -> None:
        """Store ``value`` for an existing ``row``."""
        if row >= self.base:
            self._added[row - self.base] = value
        else:
            self._replaced[row] = value

    def extend(self, values: Sequence[str | None]) -> None:
        """Append payloads for new rows."""
        self._added.extend(values)

    def packed(self, count: int) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
        """The first ``count`` payloads as one UTF-8 blob and ``count + 1`` offsets (for the cache file)."""
        encoded = [(self.get(row) or "").encode("utf-8") for row in range(count)]
        lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=count)
        offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        blob = b"".join(encoded)
        del encoded
        return (np.frombuffer(blob, dtype=np.uint8) if blob else np.zeros(0, dtype=np.uint8)), offsets


def payload_of(meta: Any) -> str | None:
    """The Profile JSON in one row's metadata, if it has one."""
    value = meta.get(PAYLOAD_KEY) if meta else None
    return value if isinstance(value, str) else None
