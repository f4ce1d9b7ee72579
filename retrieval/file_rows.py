"""Rows of the cache file's float matrix read with ``pread``, so rescoring never maps the matrix.

Exact rescoring reads a few hundred scattered rows per search. Read through the memory map, each
fault mapped a whole page-cache folio around its row (tens to hundreds of KB on this kernel, with
or without ``MADV_RANDOM``): one search at 100k rows made 145 MB of the 161 MB matrix resident, and
a serving process at a million rows soon held all 1.5 GB (``MADV_RANDOM`` on the mapping changed nothing here). A positional read copies just the row
(1.5 KB for 384 floats) and maps nothing: the file's pages stay in the kernel's page cache, shared
and reclaimable, and out of the process's RSS. 400 rows cost about a millisecond.

Rows written after the file was mapped (appends into spare capacity, replacements) live only in
the process's copy-on-write mapping, so the caller passes which rows the file still holds.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from retrieval import index_cache


class FileRows:
    """Read rows ``0 .. rows - 1`` of a C-ordered ``(rows, width)`` array stored at ``offset`` in a file.

    The open descriptor keeps the version of the file it was opened on, even after a writer
    replaces the file (writes are a rename), so rows always come from the file that was mapped.
    """

    def __init__(self, fd: int, offset: int, rows: int, width: int, dtype: np.dtype[Any]) -> None:
        """Read through ``fd`` (a read-only descriptor this object now owns and closes)."""
        self.rows = rows
        self.width = width
        self.dtype = dtype
        self.offset = offset
        self.row_bytes = width * dtype.itemsize
        self._fd: int | None = fd
        self._lock = threading.Lock()

    def read(self, rows: NDArray[np.intp]) -> NDArray[Any]:
        """The given rows (each below ``self.rows``), in the order given.

        Raises:
            OSError: The file could not be read (closed, or shorter than its header said).

        """
        out = np.empty((len(rows), self.width), dtype=self.dtype)
        fd = self._fd
        if fd is None:
            raise OSError("the index cache file was closed")
        if out.size == 0:
            return out
        view = out.data.cast("B")
        size, base = self.row_bytes, self.offset
        for i, row in enumerate(rows.tolist()):
            got = os.preadv(fd, [view[i * size : (i + 1) * size]], base + row * size)
            if got != size:
                raise OSError(f"short read of row {row} from the index cache file")
        return out

    def read_bytes(self, offset: int, length: int) -> bytes:
        """``length`` bytes at ``offset`` of the file (for variable-length rows stored beside the matrix).

        Raises:
            OSError: The file could not be read, or is shorter than asked.

        """
        fd = self._fd
        if fd is None:
            raise OSError("the index cache file was closed")
        got = os.pread(fd, length, offset)
        if len(got) != length:
            raise OSError("short read from the index cache file")
        return got

    def close(self) -> None:
        """Close the file (later reads raise ``OSError``)."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __del__(self) -> None:
        self.close()


class RowSource:
    """Float rows for rescoring: from the file while it still holds them, else from the buffer.

    ``in_file[r]`` says row ``r`` is unchanged since the file was written; rows past ``in_file`` were
    appended since. Indexing with an array of row numbers returns those rows, in that order.
    """

    def __init__(
        self, mapped: NDArray[np.float32], file: FileRows | None, in_file: NDArray[np.bool_] | None
    ) -> None:
        """Read rows of ``mapped`` (the buffer), through ``file`` where ``in_file`` allows."""
        self.mapped = mapped
        self.file = file
        self.in_file = in_file

    def __getitem__(self, picked: NDArray[np.intp]) -> NDArray[np.float32]:
        if self.file is None or self.in_file is None:
            return np.asarray(self.mapped[picked], dtype=np.float32)
        from_file = picked < len(self.in_file)
        from_file[from_file] = self.in_file[picked[from_file]]
        if from_file.all():
            return self.file.read(picked)
        out = np.empty((len(picked), self.mapped.shape[1]), dtype=np.float32)
        out[from_file] = self.file.read(picked[from_file])
        out[~from_file] = self.mapped[picked[~from_file]]
        return out


def open_cache(path: Path) -> tuple[dict[str, Any], dict[str, NDArray[Any]], FileRows]:
    """``index_cache.read``, and a ``FileRows`` over the same file's float vectors.

    The descriptor is opened before the file is mapped: if a writer replaces the file meanwhile
    (writes are a rename), the inodes differ and the file is refused rather than mixed.

    Raises:
        index_cache.CacheMismatch: Not a usable cache, or replaced while it was read.
        OSError: The file cannot be read.

    """
    fd = os.open(path, os.O_RDONLY)
    try:
        header, arrays = index_cache.read(path)
        if os.fstat(fd).st_ino != path.stat().st_ino:
            raise index_cache.CacheMismatch(f"{path} was replaced while it was read")
        count, dim = int(header["count"]), int(header["dim"])
        offset = int(header["arrays"]["vectors"]["offset"])
    except BaseException:
        os.close(fd)
        raise
    return header, arrays, FileRows(fd, offset, count, dim, np.dtype(np.float32))
