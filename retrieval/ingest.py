"""Influencer files (CSV, JSON, JSONL) read into Profile records, every rejected row explained.

Reading streams: :func:`open_profiles` checks the file and decides its columns from a sample (one
pass that keeps only the sample), then :meth:`ProfileFile.batches` reads it again and yields profiles
and rejected rows a batch at a time, so memory does not grow with the file. :func:`read_profiles`
collects every batch, for callers that want the whole result. Storing the profiles is the store's job.

A file that cannot be used at all raises :class:`IngestError` with one line saying why, and never
quotes the file's content beyond its header names; a bad row is reported with the line it starts on
and a reason, and the good rows are kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from pydantic import BaseModel, Field, ValidationError

from matching import domain
from matching.profile import Profile, normalize_platform, profile_id
from retrieval.columns import ColumnMap, MappingError, RowError, clean_header, map_columns
from retrieval.decoding import Encoding, detect_encoding, open_text
from retrieval.readers import Broken, Item, Row, UnusableFile, read_csv, read_json, read_jsonl
from retrieval.record_limits import profile_problem

CSV_SUFFIXES: Final = frozenset({".csv", ".tsv", ".txt"})
JSON_SUFFIXES: Final = frozenset({".json"})
JSONL_SUFFIXES: Final = frozenset({".jsonl", ".ndjson"})
#: Rows judged to decide the columns (see retrieval.columns.map_columns), spread over the file.
SAMPLE_SIZE: Final = 300
#: Profiles per batch: parse, validate, embed and write this many at a time.
BATCH_SIZE: Final = 1_000
#: JSON keys kept as columns; a file with more distinct keys is not a table of profiles.
_MAX_KEYS: Final = 1_000
# Platform aliases shorter than this (ig, yt, x) would match inside other words of a file name.
_MIN_PLATFORM_WORD: Final = 5


@functools.cache
def _platform_words(aliases: tuple[str, ...]) -> re.Pattern[str]:
    """Platform names as found in file names and headers ("kim2020_instagram_influencers").

    Built from the domain catalogue's aliases (a platform added there is found here too), longest
    first, matched anywhere in a word so "TikTokCreators" counts.
    """
    words = sorted({a.replace(" ", "") for a in aliases if len(a.replace(" ", "")) >= _MIN_PLATFORM_WORD})
    words.sort(key=len, reverse=True)
    return re.compile("(" + "|".join(map(re.escape, words)) + ")", re.IGNORECASE)


_PRINTABLE_HEADER: Final = re.compile(r"[^\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]{1,60}")


class IngestError(Exception):
    """The file cannot be used at all (missing, unknown format, empty, no handle/follower column, ...)."""


class RejectedRow(BaseModel):
    """A row left out, with the file line it starts on (JSON arrays: the 1-based record index)."""

    line: int
    reason: str


class IngestResult(BaseModel):
    """What one file gave: the profiles, the rows left out, and how its columns were read."""

    path: str
    format: str = Field(description="csv, json or jsonl")
    platform: str | None = Field(description="The platform given or inferred for the whole file.")
    columns: dict[str, str] = Field(description="Profile field -> source header(s)")
    ignored_columns: list[str]
    rows: int = Field(description="Records read, accepted or not.")
    profiles: list[Profile]
    rejected: list[RejectedRow]


@dataclass(slots=True)
class Batch:
    """Consecutive records of one file: the profiles they gave and the rows left out."""

    rows: int
    profiles: list[Profile] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


class _Sample:
    """An evenly spread sample of a stream of unknown length, in bounded memory.

    Keeps every ``step``-th row; when twice the size is held, drops every other one and doubles the
    step. A file of up to twice the size is sampled exactly like ``rows[::len(rows) // size]``.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.step = 1
        self.rows: list[Row] = []
        self.seen = 0

    def add(self, row: Row) -> None:
        if self.seen % self.step == 0:
            self.rows.append(row)
            if len(self.rows) >= 2 * self.size:
                self.rows = self.rows[::2]
                self.step *= 2
        self.seen += 1

    def spread(self) -> list[Row]:
        step = max(1, len(self.rows) // self.size)
        return self.rows[::step][: self.size]


@dataclass(slots=True)
class ProfileFile:
    """A checked file whose columns are decided, ready to be read in batches."""

    path: Path
    format: str
    encoding: Encoding
    headers: list[str]
    columns: ColumnMap
    default_platform: str | None
    forced_platform: bool
    records: int = 0  # in the file, accepted or not
    json_items: list[Item] | None = None  # a JSON array, parsed once (it cannot be streamed)

    @property
    def name(self) -> str:
        """The file name, as rows and errors name it."""
        return self.path.name

    def batches(self, size: int = BATCH_SIZE) -> Iterator[Batch]:
        """Profiles and rejected rows, ``size`` records at a time, in file order."""
        # Keyed by hash(ID) (64 bits, this process only): the one table that grows with the file,
        # about 80 bytes a row; a collision would need billions of rows.
        first_line: dict[int, int] = {}
        batch = Batch(rows=0)
        for item in self._items():
            batch.rows += 1
            if isinstance(item, Broken):
                batch.rejected.append(RejectedRow(line=item.line, reason=item.reason))
            else:
                self._add(item, batch, first_line)
            if batch.rows >= size:
                yield batch
                batch = Batch(rows=0)
        if batch.rows:
            yield batch

    def _items(self) -> Iterator[Item]:
        if self.json_items is not None:
            yield from self.json_items
            return
        with open_text(self.path, self.encoding) as stream:
            if self.format == "csv":
                _, _, items = read_csv(stream, self.encoding)
                yield from items
            else:
                yield from read_jsonl(stream, self.encoding)

    def _cells(self, row: Row) -> list[object]:
        if isinstance(row.cells, dict):
            return [row.cells.get(header) for header in self.headers]
        return row.cells

    def _add(self, row: Row, batch: Batch, first_line: dict[int, int]) -> None:
        # The one place a record becomes a Profile (category mapping and other per-row steps go here).
        by_index = self.format == "json"
        where = f" (JSON record {row.line})" if by_index else ""
        try:
            fields = self.columns.read(self._cells(row))
            fields["platform"] = _row_platform(
                fields.pop("platform", None), self.default_platform, self.forced_platform
            )
            fields["source"] = self.name
            key = hash(profile_id(str(fields["platform"]), str(fields["handle"])))
            if key in first_line:
                raise RowError(f"duplicate of {_place(first_line[key], by_index)}")
            profile = Profile.model_validate(fields)
            too_large = profile_problem(profile)
            if too_large is not None:
                raise RowError(f"too large to store: {too_large}")
        except RowError as error:
            batch.rejected.append(RejectedRow(line=row.line, reason=f"{error}{where}"))
            return
        except ValidationError as error:
            batch.rejected.append(RejectedRow(line=row.line, reason=f"{_first_error(error)}{where}"))
            return
        first_line[key] = row.line
        batch.profiles.append(profile)

    def platform(self, profiles: Sequence[Profile]) -> str | None:
        """The platform of the whole file: the given or inferred one, else the one all profiles share."""
        if self.default_platform is None and profiles and len({p.platform for p in profiles}) == 1:
            return profiles[0].platform
        return self.default_platform


def open_profiles(
    path: Path,
    *,
    platform: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ProfileFile:
    """Check a CSV, JSON or JSONL file and decide which column feeds which profile field.

    Args:
        path: the file; its suffix chooses the format (.csv/.tsv/.txt, .json, .jsonl/.ndjson).
        platform: the platform of every row; otherwise a platform column, otherwise a platform named
            in the file name or the headers.
        mapping: Profile field -> header, overriding the automatic column mapping (see
            :func:`retrieval.columns.map_columns`).

    Returns:
        The file, ready for :meth:`ProfileFile.batches`.

    Raises:
        IngestError: the file is missing, of an unknown format, empty, has no handle or follower
            column, or names no platform.

    """
    path = Path(path)
    name = path.name
    default_platform = _given_platform(platform)
    format_ = _format(path)
    encoding = detect_encoding(path)
    try:
        if _is_blank(path, encoding):
            raise IngestError(f"{name} is empty")
        headers, items, json_items = _scan(path, format_, encoding)
    except UnusableFile as error:
        raise IngestError(f"{name} {error}") from error
    sample = _Sample(SAMPLE_SIZE)
    records = 0
    for item in items:
        records += 1
        if isinstance(item, Row):
            sample.add(item)
            if isinstance(item.cells, dict):
                for key in item.cells:
                    if key not in headers and len(headers) < _MAX_KEYS:
                        headers.append(key)
    found = _found(headers)
    if records == 0:
        raise IngestError(f"{name} has no records (found columns: {found or 'none'})")
    table = ProfileFile(
        path,
        format_,
        encoding,
        headers,
        ColumnMap(),
        default_platform,
        platform is not None,
        records,
        json_items,
    )
    try:
        table.columns = map_columns(headers, [table._cells(row) for row in sample.spread()], mapping)
    except MappingError as error:
        raise IngestError(f"{error} in {name}") from error
    where = f" (found: {found})" if found else ""
    if not table.columns.has("handle"):
        raise IngestError(f"no handle column in {name}{where}; use --map handle=COLUMN")
    if not table.columns.has("followers"):
        raise IngestError(f"no follower column in {name}{where}; use --map followers=COLUMN")
    if table.default_platform is None:
        table.default_platform = _infer_platform(name, headers)
    if table.default_platform is None and not table.columns.has("platform"):
        raise IngestError(
            f"no platform for {name}: no platform column and none named in the file name or headers"
            f"{where}; use --platform NAME"
        )
    return table


def read_profiles(
    path: Path,
    *,
    platform: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> IngestResult:
    """Read every profile of a file at once (see :func:`open_profiles` for the arguments and errors).

    Returns:
        The accepted profiles (``source`` set to the file name) and every rejected row with its reason.

    """
    table = open_profiles(path, platform=platform, mapping=mapping)
    profiles: list[Profile] = []
    rejected: list[RejectedRow] = []
    for batch in table.batches():
        profiles.extend(batch.profiles)
        rejected.extend(batch.rejected)
    return IngestResult(
        path=str(path),
        format=table.format,
        platform=table.platform(profiles),
        columns=table.columns.describe(),
        ignored_columns=table.columns.ignored,
        rows=table.records,
        profiles=profiles,
        rejected=sorted(rejected, key=lambda row: row.line),
    )


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if not path.exists():
        raise IngestError(f"no such file: {path}")
    if not path.is_file():
        raise IngestError(f"not a file: {path}")
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in JSON_SUFFIXES:
        return "json"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    raise IngestError(f"unknown file type {suffix or '(none)'!r} for {path.name}; use .csv, .json or .jsonl")


def _is_blank(path: Path, encoding: Encoding) -> bool:
    with open_text(path, encoding) as stream:
        while chunk := stream.read(1 << 16):
            if chunk.strip().lstrip("\ufeff"):
                return False
    return True


def _scan(
    path: Path, format_: str, encoding: Encoding
) -> tuple[list[str], Iterator[Item], list[Item] | None]:
    """Headers, a first pass over the records, and the parsed records of a JSON array."""
    if format_ == "json":
        with open_text(path, encoding) as stream:
            text = stream.read()
        json_items = list(read_json(text))
        del text
        return [], iter(json_items), json_items
    stream = open_text(path, encoding)
    if format_ == "csv":
        headers, _, items = read_csv(stream, encoding)
        return list(headers), _closing(stream, items), None
    return [], _closing(stream, read_jsonl(stream, encoding)), None


def _closing(stream: object, items: Iterator[Item]) -> Iterator[Item]:
    try:
        yield from items
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()


def _found(headers: Sequence[str]) -> str:
    """The headers for an error message, or only how many there are when they do not look like headers.

    A file that is not a table (a symlink to /etc/passwd, a log) has one "column" whose header is its
    first line: an error names no such content.
    """
    shown = list(dict.fromkeys(clean_header(header) for header in headers))
    if len(shown) >= 2 and all(_PRINTABLE_HEADER.fullmatch(header) for header in shown if header):
        return ", ".join(shown)
    return f"{len(shown)} column{'s' if len(shown) != 1 else ''}" if shown else ""


def _given_platform(platform: str | None) -> str | None:
    if platform is None:
        return None
    canonical = normalize_platform(platform)
    if canonical is None:
        raise IngestError(f"unknown platform {platform!r}; use one of instagram, tiktok, youtube, ...")
    return canonical


def _infer_platform(name: str, headers: Sequence[str]) -> str | None:
    """The one platform the file name names, else the one the headers name; None if none or several."""
    for text in (Path(name).stem, " ".join(headers)):
        pattern = _platform_words(tuple(domain.active().platform_aliases))
        found = {normalize_platform(word.lower()) for word in pattern.findall(text)}
        found.discard(None)
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    return None


def _place(line: int, is_record_index: bool) -> str:
    return f"record {line}" if is_record_index else f"line {line}"


def _row_platform(cell: object, default: str | None, forced: bool) -> str:
    if forced and default is not None:
        return default
    if isinstance(cell, str) and cell.strip():
        canonical = normalize_platform(cell)
        if canonical is None:
            raise RowError(f"unknown platform {cell.strip()!r}")
        return canonical
    if default is None:
        raise RowError("missing platform")
    return default


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "row"
    return f"{where}: {first['msg']}"
