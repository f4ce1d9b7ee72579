"""The parts of the filter index that hold rows: string codes, one snapshot of the rows, code masks."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

UNKNOWN: Final = -1


class Vocabulary:
    """Append-only string -> small int codes (readers may use it while a writer adds codes)."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.codes: dict[str, int] = {}
        self.names: list[str] = []
        for name in names:
            self.code(name)

    def code(self, value: object) -> int:
        """The code of ``value``, added when new; UNKNOWN for a missing or empty value."""
        if not isinstance(value, str) or not value:
            return UNKNOWN
        found = self.codes.get(value)
        if found is None:
            found = len(self.names)
            self.names.append(value)
            self.codes[value] = found
        return found

    def lookup(self, values: Iterable[str]) -> NDArray[np.int16]:
        """Codes of the known ``values`` (unknown ones cannot match any row, so they are dropped)."""
        return np.array([self.codes[v] for v in values if v in self.codes], dtype=np.int16)


class Rows:
    """One snapshot of the index: views of the first ``len(ids)`` rows of the buffers, and lookups.

    The ID and handle lookups are built on first use: a cache maps in milliseconds, and a plain
    search needs neither (only exclusions, lookalikes, handle lookups and writes do).
    """

    def __init__(
        self,
        ids: Sequence[str],
        arrays: dict[str, NDArray[Any]],
        handle_lc: Sequence[str],
        row_of: dict[str, int] | None = None,
        rows_of_handle: dict[str, list[int]] | None = None,
    ) -> None:
        self.arrays = arrays
        self.ids = ids
        self.handle_lc = handle_lc
        self._row_of = row_of
        self._rows_of_handle = rows_of_handle
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> NDArray[Any]:
        try:
            return self.__dict__["arrays"][name]  # type: ignore[no-any-return]
        except KeyError:
            raise AttributeError(name) from None

    def id_list(self) -> list[str]:
        """The IDs as a list (decoded once if they were still packed)."""
        if not isinstance(self.ids, list):
            self.ids = list(self.ids)
        return self.ids

    def handle_list(self) -> list[str]:
        """The handles as a list (decoded once if they were still packed)."""
        if not isinstance(self.handle_lc, list):
            self.handle_lc = list(self.handle_lc)
        return self.handle_lc

    @property
    def row_of(self) -> dict[str, int]:
        """Row number by ID."""
        if self._row_of is None:
            with self._lock:
                if self._row_of is None:
                    self._row_of = {pid: i for i, pid in enumerate(self.id_list())}
        return self._row_of

    @property
    def rows_of_handle(self) -> dict[str, list[int]]:
        """Row numbers by lower-case handle."""
        if self._rows_of_handle is None:
            with self._lock:
                if self._rows_of_handle is None:
                    found: dict[str, list[int]] = {}
                    for i, handle in enumerate(self.handle_list()):
                        rows = found.get(handle)
                        if rows is None:
                            found[handle] = [i]
                        else:
                            rows.append(i)
                    self._rows_of_handle = found
        return self._rows_of_handle


def isin_codes(column: NDArray[Any], codes: NDArray[Any]) -> NDArray[np.bool_]:
    """``column`` is one of ``codes``: a few equality tests, not ``np.isin`` (20 ms vs 0.1 ms at 1M rows)."""
    if len(codes) == 0:
        return np.zeros(len(column), dtype=np.bool_)
    if len(codes) <= 4:
        keep: NDArray[np.bool_] = column == codes[0]
        for code in codes[1:]:
            keep |= column == code
        return keep
    # Int16 codes index a table of every possible code; UNKNOWN (-1) reads the last slot, never set.
    table = np.zeros(np.iinfo(np.int16).max + 2, dtype=np.bool_)
    table[codes] = True
    found: NDArray[np.bool_] = table[column]
    return found
