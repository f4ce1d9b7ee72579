"""Strict text decoding for ingested files: one encoding per file, one bad byte costs one row.

The encoding is chosen once per file: a byte-order mark wins (UTF-8, UTF-16), then the NUL pattern of
UTF-16 without a mark, then UTF-8 unless the file's non-ASCII lines mostly fail as UTF-8, in which
case Windows-1252 (a superset of Latin-1's printable range). The choice never depends on one bad
line: a UTF-8 file with a stray byte stays UTF-8, and only the line holding the byte is reported.

Why not charset-normalizer (already installed): it returns one probabilistic verdict per file, so a
UTF-8 file with one stray byte can come back as a legacy code page, which garbles every good row, the
very failure this module exists to prevent. The rule above is deterministic and per line.

Undecodable bytes are kept as lone surrogates (``surrogateescape``), which no correctly decoded text
can contain, so a reader can tell exactly which record they landed in (see :func:`undecodable`).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

_SCAN_CHUNK: Final = 1 << 20
_UTF16_PROBE: Final = 4096
# Lone surrogates from surrogateescape, and U+FFFD from the UTF-16 decoder's "replace".
_BAD_TEXT: Final = re.compile("[\udc80-\udcff\ufffd]")
_ESCAPED: Final = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Encoding:
    """How one file is decoded."""

    codec: str  # a Python codec name
    label: str  # as shown to people: "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252"
    errors: str  # "surrogateescape" for byte codecs; "replace" for UTF-16

    @property
    def replaces(self) -> bool:
        """True when bad input shows as U+FFFD rather than as escaped bytes."""
        return self.errors == "replace"


UTF8: Final = Encoding("utf-8", "UTF-8", "surrogateescape")
UTF8_BOM: Final = Encoding("utf-8-sig", "UTF-8 with BOM", "surrogateescape")
UTF16: Final = Encoding("utf-16", "UTF-16", "replace")
UTF16_LE: Final = Encoding("utf-16-le", "UTF-16", "replace")
UTF16_BE: Final = Encoding("utf-16-be", "UTF-16", "replace")
CP1252: Final = Encoding("cp1252", "Windows-1252", "surrogateescape")


def detect_encoding(path: Path) -> Encoding:
    """The one encoding for the whole file (see the module docstring for the rule)."""
    with path.open("rb") as handle:
        head = handle.read(_UTF16_PROBE)
        if head.startswith(codecs.BOM_UTF8):
            return UTF8_BOM
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return UTF16
        utf16 = _utf16_without_bom(head)
        if utf16 is not None:
            return utf16
        handle.seek(0)
        if _all_utf8(handle):
            return UTF8
        handle.seek(0)
        valid, invalid = _count_lines(handle)
    return UTF8 if valid >= invalid else CP1252


def _utf16_without_bom(head: bytes) -> Encoding | None:
    # ASCII-heavy UTF-16 has a NUL in every other byte; UTF-8 and cp1252 text almost never has NULs.
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return UTF16_LE
    if even_nul > 0.4 and odd_nul < 0.05:
        return UTF16_BE
    return None


def _all_utf8(handle: BinaryIO) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        while chunk := handle.read(_SCAN_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _count_lines(handle: BinaryIO) -> tuple[int, int]:
    """Non-ASCII lines that are valid UTF-8, and lines that are not."""
    valid = invalid = 0
    for line in handle:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            invalid += 1
        else:
            valid += 1
    return valid, invalid


def open_text(path: Path, encoding: Encoding) -> io.TextIOWrapper:
    """The file as text lines with their own line endings (``newline=""``, as the csv module wants)."""
    return io.TextIOWrapper(path.open("rb"), encoding=encoding.codec, errors=encoding.errors, newline="")


def undecodable(text: str, encoding: Encoding) -> str | None:
    """A short description of the first undecodable byte in ``text`` ("0xE9"), or None when clean."""
    if encoding.replaces:
        return "an invalid UTF-16 sequence" if "\ufffd" in text else None
    match = _ESCAPED.search(text)
    if match is None:
        return None
    return f"byte 0x{ord(match.group()) - 0xDC00:02X}"


def has_bad_text(text: str) -> bool:
    """Fast check: True when ``text`` may hold an undecodable byte (confirm with :func:`undecodable`)."""
    return not text.isascii() and _BAD_TEXT.search(text) is not None


def numbered_lines(stream: io.TextIOWrapper) -> Iterator[tuple[int, str]]:
    """(1-based physical line number, line) pairs."""
    yield from enumerate(stream, start=1)
