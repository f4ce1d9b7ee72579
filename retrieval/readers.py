"""Records out of CSV, JSONL and JSON files, one at a time, each tied to the line it starts on.

Readers never raise for a bad record: they yield a :class:`Broken` with its line and reason and go
on with the next one, so one bad record costs one record. They read lazily (CSV and JSONL a line at a
time), so memory does not grow with the file. JSON arrays are parsed whole (the format has no record
boundaries to stream on); a too-deep record inside one is found without recursion.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from retrieval.decoding import Encoding, has_bad_text, numbered_lines, undecodable

#: Deepest nesting accepted in one JSON record: a profile needs 3 ({"audience": {"top_countries": {}}}).
MAX_JSON_DEPTH: Final = 20
#: Physical lines one CSV record may span: a multi-line bio needs a few dozen; more is a quote
#: that never closes, so the reader stops there instead of swallowing the rest of the file.
MAX_RECORD_LINES: Final = 1_000
_RECORD_KEYS: Final = ("profiles", "influencers", "creators", "records", "data", "items", "results")
_JSON_TOKENS: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]')
_WRAPPED_ARRAY: Final = re.compile(r'"(?:' + "|".join(_RECORD_KEYS) + r')"\s*:\s*\[')


@dataclass(frozen=True, slots=True)
class Row:
    """One record: the line it starts on (JSON arrays: the 1-based record index) and its cells."""

    line: int
    cells: list[object] | dict[str, object]


@dataclass(frozen=True, slots=True)
class Broken:
    """A record that could not be read at all, with the line it starts on and why."""

    line: int
    reason: str


class UnusableFile(ValueError):
    """The file as a whole cannot be read (no header, not JSON, ...); the message names no content."""


Item = Row | Broken


def _bad_bytes(text: str, encoding: Encoding) -> str | None:
    if not has_bad_text(text):
        return None
    found = undecodable(text, encoding)
    return None if found is None else f"undecodable {found} (the file reads as {encoding.label})"


# CSV ---------------------------------------------------------------------------------------------


class _TooLong(Exception):
    pass


class _Lines:
    """The file's lines for csv.reader, remembering those of the current record and taking pushback."""

    def __init__(self, lines: Iterator[tuple[int, str]]) -> None:
        self._lines = lines
        self._back: deque[tuple[int, str]] = deque()
        self.current: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.current) >= MAX_RECORD_LINES:
            raise _TooLong
        item = self._back.popleft() if self._back else next(self._lines)
        self.current.append(item)
        return item[1]

    def take(self) -> list[tuple[int, str]]:
        record, self.current = self.current, []
        return record

    def push_back(self, lines: list[tuple[int, str]]) -> None:
        self._back.extendleft(reversed(lines))


def sniff_delimiter(first_line: str) -> str:
    """The delimiter used most on the header line (",", ";", tab or "|"); "," when none."""
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t", "|")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 0 else ","


def _swallowed(record: list[tuple[int, str]], cells: list[str], width: int, delimiter: str) -> bool:
    """True when a multi-line record looks like an open quote that ate the rows after it.

    Either it came out short of the header's width (the quote ran to the end), or a line inside it
    reads, on its own, as a complete quote-free row of the header's width.
    """
    if len(record) < 2 or width < 2:
        return False
    if len(cells) < width:
        return True
    return any(
        '"' not in text and len(next(csv.reader([text], delimiter=delimiter), [])) == width
        for _, text in record[1:]
    )


def read_csv(stream: io.TextIOWrapper, encoding: Encoding) -> tuple[list[str], str, Iterator[Item]]:
    """The header row, the delimiter, and the records after the header.

    Raises:
        UnusableFile: no header row, or an empty one.

    """
    lines = numbered_lines(stream)
    first = next(lines, None)
    if first is None:
        raise UnusableFile("has no header row")
    delimiter = sniff_delimiter(first[1].lstrip("\ufeff"))
    source = _Lines(_chain(first, lines))  # the header goes through the same reader
    reader = csv.reader(source, delimiter=delimiter)
    try:
        headers = next(reader)
    except (StopIteration, csv.Error, _TooLong) as error:
        raise UnusableFile("has no header row") from error
    source.take()
    if not any(header.strip() for header in headers):
        raise UnusableFile("has an empty header row")
    headers = [header.lstrip("\ufeff") if i == 0 else header for i, header in enumerate(headers)]
    return headers, delimiter, _csv_records(reader, source, len(headers), delimiter, encoding)


def _chain(first: tuple[int, str], rest: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    yield first
    yield from rest


def _csv_records(
    reader: Iterator[list[str]], source: _Lines, width: int, delimiter: str, encoding: Encoding
) -> Iterator[Item]:
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, _TooLong) as error:
            record = source.take()
            if not record:
                return
            reason = (
                f"unterminated quote: the quoted field opened here never closes within "
                f"{MAX_RECORD_LINES:,} lines; the rows after it were read on their own"
                if isinstance(error, _TooLong) or "field larger" in str(error)
                else f"unreadable CSV: {error}"
            )
            yield Broken(record[0][0], reason)
            source.push_back(record[1:])
            continue
        record = source.take()
        if not record or not any(cell.strip() for cell in cells):
            continue  # blank line
        start = record[0][0]
        if _swallowed(record, cells, width, delimiter):
            yield Broken(
                start,
                "unterminated quote: the quoted field opened here never closes; "
                "the rows after it were read on their own",
            )
            source.push_back(record[1:])
            continue
        bad = _bad_bytes("".join(text for _, text in record), encoding)
        if bad is not None:
            yield Broken(start, bad)
            continue
        yield Row(start, list(cells))


# JSON Lines --------------------------------------------------------------------------------------


def json_depth(text: str, start: int = 0, end: int | None = None) -> int:
    """The deepest bracket nesting in JSON ``text[start:end]`` (strings skipped), without recursion."""
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text, start, len(text) if end is None else end):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _too_deep(text: str) -> bool:
    # Counting brackets is a cheap upper bound on the depth; scan only when it could be too deep.
    return text.count("{") + text.count("[") > MAX_JSON_DEPTH and json_depth(text) > MAX_JSON_DEPTH


def _depth_reason() -> str:
    return f"nested deeper than {MAX_JSON_DEPTH} levels"


def read_jsonl(stream: io.TextIOWrapper, encoding: Encoding) -> Iterator[Item]:
    """One JSON object per line; blank lines skipped."""
    for line_number, line in numbered_lines(stream):
        if not line.strip():
            continue
        bad = _bad_bytes(line, encoding)
        if bad is not None:
            yield Broken(line_number, bad)
            continue
        if _too_deep(line):
            yield Broken(line_number, _depth_reason())
            continue
        try:
            obj = json.loads(line)
        except RecursionError:
            yield Broken(line_number, _depth_reason())
            continue
        except ValueError as error:
            yield Broken(line_number, f"not valid JSON: {error.args[0]}")
            continue
        yield _object(line_number, obj, "")


def _object(line: int, obj: object, suffix: str) -> Item:
    if not isinstance(obj, dict):
        return Broken(line, f"not a JSON object{suffix}")
    return Row(line, {str(key): value for key, value in obj.items()})


# JSON --------------------------------------------------------------------------------------------


def _value_depth(value: object) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def read_json(text: str) -> Iterator[Item]:
    """Records of a JSON array or of ``{"profiles": [...]}`` (and similar keys), by 1-based index.

    Raises:
        UnusableFile: not JSON, or no array of records.

    """
    try:
        data = json.loads(text)
    except RecursionError:
        yield from _deep_array(text)
        return
    except json.JSONDecodeError as error:
        raise UnusableFile(f"is not valid JSON ({error.msg} at line {error.lineno})") from error
    except ValueError as error:  # e.g. a number with too many digits
        raise UnusableFile("is not valid JSON") from error
    if isinstance(data, dict):
        key = next((key for key in _RECORD_KEYS if isinstance(data.get(key), list)), None)
        if key is None:
            raise UnusableFile('holds no profiles: expected a JSON array of profiles or {"profiles": [...]}')
        data = data[key]
    if not isinstance(data, list):
        raise UnusableFile('holds no profiles: expected a JSON array of profiles or {"profiles": [...]}')
    for index, obj in enumerate(data, start=1):
        where = f" (JSON record {index})"
        if _value_depth(obj) > MAX_JSON_DEPTH:
            yield Broken(index, _depth_reason() + where)
            continue
        yield _object(index, obj, where)


def _deep_array(text: str) -> Iterator[Item]:
    """The records of an array holding at least one record too deep for ``json.loads``."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        position = len(text) - len(stripped) + 1
    elif (found := _WRAPPED_ARRAY.search(text)) is not None:
        position = found.end()
    else:
        raise UnusableFile(f"is nested deeper than {MAX_JSON_DEPTH} levels")
    depth, begin, index = 0, position, 0
    for match in _JSON_TOKENS.finditer(text, position):
        token = match.group()
        if token in "[{":
            depth += 1
        elif token in "]}":
            depth -= 1
        if (token == "," and depth == 0) or depth < 0:
            chunk = text[begin : match.start()]
            begin = match.end()
            if chunk.strip():
                index += 1
                yield _parse_chunk(index, chunk)
            if depth < 0:
                return


def _parse_chunk(index: int, chunk: str) -> Item:
    where = f" (JSON record {index})"
    if json_depth(chunk) > MAX_JSON_DEPTH:
        return Broken(index, _depth_reason() + where)
    try:
        return _object(index, json.loads(chunk), where)
    except (ValueError, RecursionError):
        return Broken(index, f"not valid JSON{where}")
