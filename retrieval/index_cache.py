"""The filter index's cache file: one header and raw arrays, memory-mapped when read.

Layout: 8 magic bytes, an 8-byte little-endian header length, a JSON header, then each array's raw
bytes at a 64-byte aligned offset the header names. Reading maps the arrays copy-on-write (``mode
"c"``), so a start-up costs page-table entries instead of a read of every byte, pages load as they
are touched, and the process may write into its mapping (new rows into spare capacity) without ever
changing the file. Strings (IDs, handles) are stored as one NUL-joined UTF-8 blob.

The header carries the schema version and the embedding model; ``read`` refuses a file written by
another schema, and the caller refuses one written for another model or collection, so a stale
cache is rebuilt, never trusted. Writes go to a temporary file renamed into place, so a reader sees
the old file or the new one, never half of one (and a mapping of the old file stays valid).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, overload

import numpy as np
from numpy.typing import NDArray

MAGIC: Final = b"SCOUTIX\x00"
# Bump whenever the arrays, their dtypes or their meaning change: older files are then rebuilt.
SCHEMA_VERSION: Final = 3  # 3: each row's Profile JSON (payload_blob, payload_offsets)
_ALIGN: Final = 64


class CacheMismatch(ValueError):
    """The file is not a cache this code can use (another format or schema version)."""


def _pad(offset: int) -> int:
    return (offset + _ALIGN - 1) // _ALIGN * _ALIGN


def join_strings(values: list[str]) -> NDArray[np.uint8]:
    """``values`` as one NUL-joined UTF-8 byte array (values must not contain NUL)."""
    blob = "\x00".join(values).encode("utf-8")
    return np.frombuffer(blob, dtype=np.uint8) if blob else np.zeros(0, dtype=np.uint8)


def split_strings(blob: NDArray[np.uint8], count: int) -> list[str]:
    """The ``count`` strings ``join_strings`` wrote."""
    if count == 0:
        return []
    values = bytes(blob).decode("utf-8").split("\x00")
    if len(values) != count:
        raise CacheMismatch(f"expected {count} strings, found {len(values)}")
    return values


class PackedStrings(Sequence[str]):
    """``count`` strings read from a NUL-joined blob, decoded only when asked for.

    Mapping a cache must not cost a Python string per row: a search decodes the few IDs it
    returns, and the full list is built only by an operation that needs every one.
    """

    def __init__(self, blob: NDArray[np.uint8], count: int) -> None:
        """Wrap ``blob`` (``join_strings`` output) holding ``count`` strings."""
        self.blob = blob
        self.size = count
        self._starts: NDArray[np.int64] | None = None

    def __len__(self) -> int:
        return self.size

    def _bounds(self) -> NDArray[np.int64]:
        if self._starts is None:
            ends = np.flatnonzero(self.blob == 0).astype(np.int64)
            if len(ends) != self.size - 1:
                raise CacheMismatch(f"expected {self.size} strings, found {len(ends) + 1}")
            self._starts = np.concatenate(([0], ends + 1, [len(self.blob) + 1])).astype(np.int64)
        return self._starts

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return self.to_list()[index]
        if index < 0:
            index += self.size
        if not 0 <= index < self.size:
            raise IndexError(index)
        starts = self._bounds()
        return bytes(self.blob[starts[index] : starts[index + 1] - 1]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_list())

    def to_list(self) -> list[str]:
        """Every string, decoded at once (one split of the blob: far faster than one decode per row)."""
        return split_strings(self.blob, self.size)


def write(
    path: Path,
    header: Mapping[str, Any],
    arrays: Mapping[str, NDArray[Any]],
    rows: Mapping[str, int] | None = None,
) -> None:
    """Write ``arrays`` and ``header`` atomically to ``path``.

    Args:
        path: The cache file.
        header: JSON-safe facts stored beside the arrays.
        arrays: The arrays, written as C-contiguous bytes.
        rows: For some arrays, a row count larger than their length: the file reserves the extra
            rows as zeros (a sparse hole, not written), so a reader can append without growing.

    """
    rows = rows or {}
    specs: dict[str, dict[str, Any]] = {}
    # The JSON header's own length moves the offsets, so lay the arrays out from a fixed start.
    probe = {**header, "schema": SCHEMA_VERSION, "arrays": {}}
    start = _pad(16 + len(json.dumps(probe).encode()) + 200 * len(arrays) + 256)
    offset = start
    for name, a in arrays.items():
        shape = [max(len(a), rows.get(name, 0)), *a.shape[1:]]
        specs[name] = {"dtype": a.dtype.str, "shape": shape, "offset": offset}
        offset = _pad(offset + int(np.prod(shape, dtype=np.int64)) * a.dtype.itemsize)
    body = json.dumps({**header, "schema": SCHEMA_VERSION, "arrays": specs}).encode()
    if 16 + len(body) > start:
        raise ValueError("cache header larger than its reserved space")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as out:
            out.write(MAGIC + len(body).to_bytes(8, "little") + body)
            for name, a in arrays.items():
                out.seek(specs[name]["offset"])
                for block in range(0, len(a), 65536):  # bounded copies of a non-contiguous view
                    np.ascontiguousarray(a[block : block + 65536]).tofile(out)
            out.truncate(max(offset, start))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read(path: Path) -> tuple[dict[str, Any], dict[str, NDArray[Any]]]:
    """The header and copy-on-write memory maps of the arrays in ``path``.

    Raises:
        CacheMismatch: Not a Scout index cache, or written by another schema version.
        OSError: The file cannot be read.

    """
    size = path.stat().st_size
    with path.open("rb") as src:
        lead = src.read(16)
        if len(lead) < 16 or lead[:8] != MAGIC:
            raise CacheMismatch(f"{path} is not a Scout index cache")
        length = int.from_bytes(lead[8:], "little")
        if length > size - 16:
            raise CacheMismatch(f"{path} has a truncated header")
        header: dict[str, Any] = json.loads(src.read(length))
    if header.get("schema") != SCHEMA_VERSION:
        raise CacheMismatch(f"{path} has schema {header.get('schema')}, not {SCHEMA_VERSION}")
    arrays: dict[str, NDArray[Any]] = {}
    for name, spec in header["arrays"].items():
        dtype, shape, offset = np.dtype(spec["dtype"]), tuple(spec["shape"]), int(spec["offset"])
        nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
        if offset + nbytes > size:
            raise CacheMismatch(f"{path} is truncated (array {name})")
        if nbytes == 0:
            arrays[name] = np.zeros(shape, dtype=dtype)
        else:
            arrays[name] = np.memmap(path, dtype=dtype, mode="c", offset=offset, shape=shape)
    return header, arrays
