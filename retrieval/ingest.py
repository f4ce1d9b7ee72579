"""Influencer files (CSV, JSON, JSONL) read into Profile records, every rejected row explained.

``read_profiles`` only reads: storing the profiles is the store's job. A file that cannot be used at
all raises :class:`IngestError` with one line saying why; a bad row is reported with the line it
starts on and a reason, and the good rows are kept.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from pydantic import BaseModel, Field, ValidationError

from matching.profile import Profile, normalize_platform, profile_id
from retrieval.columns import ColumnMap, MappingError, RowError, clean_header, map_columns

CSV_SUFFIXES: Final = frozenset({".csv", ".tsv", ".txt"})
JSON_SUFFIXES: Final = frozenset({".json"})
JSONL_SUFFIXES: Final = frozenset({".jsonl", ".ndjson"})
# Keys that may hold the list of records in a JSON object.
_RECORD_KEYS: Final = ("profiles", "influencers", "creators", "records", "data", "items", "results")
_DELIMITERS: Final = (",", ";", "\t", "|")
# Platforms named in file names and headers.
_PLATFORM_WORDS: Final = re.compile(r"(instagram|insta|tiktok|youtube|twitter|twitch)", re.IGNORECASE)


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
class _Table:
    """Records as read from the file, before any interpretation."""

    format: str
    headers: list[str]
    records: list[tuple[int, list[object]]]  # (line, cells in header order)
    broken: list[RejectedRow] = field(default_factory=list)  # records that could not even be read
    line_is_record_index: bool = False


def read_profiles(
    path: Path,
    *,
    platform: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> IngestResult:
    """Read influencer profiles from a CSV, JSON or JSONL file.

    Args:
        path: the file; its suffix chooses the format (.csv/.tsv/.txt, .json, .jsonl/.ndjson).
        platform: the platform of every row; otherwise a platform column, otherwise a platform named
            in the file name or the headers.
        mapping: Profile field -> header, overriding the automatic column mapping (see
            :func:`retrieval.columns.map_columns`).

    Returns:
        The accepted profiles (``source`` set to the file name) and every rejected row with its reason.

    Raises:
        IngestError: the file is missing, of an unknown format, empty, has no handle or follower
            column, or names no platform.

    """
    path = Path(path)
    name = path.name
    default_platform = _given_platform(platform)
    table = _read_table(path)
    found = ", ".join(dict.fromkeys(clean_header(header) for header in table.headers)) or "no columns"
    try:
        columns = map_columns(table.headers, [cells for _, cells in table.records], mapping)
    except MappingError as error:
        raise IngestError(f"{error} in {name}") from error
    if not columns.has("handle"):
        raise IngestError(f"no handle column in {name} (found: {found}); use --map handle=COLUMN")
    if not columns.has("followers"):
        raise IngestError(f"no follower column in {name} (found: {found}); use --map followers=COLUMN")
    if default_platform is None:
        default_platform = _infer_platform(name, table.headers)
    if default_platform is None and not columns.has("platform"):
        raise IngestError(
            f"no platform for {name}: no platform column and none named in the file name or headers "
            f"(found: {found}); use --platform NAME"
        )

    profiles, rejected = _build_profiles(table, columns, default_platform, platform is not None, name)
    rejected = sorted(table.broken + rejected, key=lambda row: row.line)
    file_platform = default_platform
    if file_platform is None and profiles and len({p.platform for p in profiles}) == 1:
        file_platform = profiles[0].platform
    return IngestResult(
        path=str(path),
        format=table.format,
        platform=file_platform,
        columns=columns.describe(),
        ignored_columns=columns.ignored,
        rows=len(table.records) + len(table.broken),
        profiles=profiles,
        rejected=rejected,
    )


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
        found = {normalize_platform(word.lower()) for word in _PLATFORM_WORDS.findall(text)}
        found.discard(None)
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    return None


def _build_profiles(
    table: _Table, columns: ColumnMap, default_platform: str | None, forced: bool, name: str
) -> tuple[list[Profile], list[RejectedRow]]:
    profiles: list[Profile] = []
    rejected: list[RejectedRow] = []
    first_line: dict[str, int] = {}
    where = " (JSON record {n})" if table.line_is_record_index else ""
    for line, cells in table.records:
        try:
            fields = columns.read(cells)
            fields["platform"] = _row_platform(fields.pop("platform", None), default_platform, forced)
            fields["source"] = name
            key = profile_id(str(fields["platform"]), str(fields["handle"]))
            if key in first_line:
                raise RowError(f"duplicate of {_place(first_line[key], table.line_is_record_index)}")
            profile = Profile.model_validate(fields)
        except RowError as error:
            rejected.append(RejectedRow(line=line, reason=f"{error}{where.format(n=line)}"))
            continue
        except ValidationError as error:
            rejected.append(RejectedRow(line=line, reason=f"{_first_error(error)}{where.format(n=line)}"))
            continue
        first_line[key] = line
        profiles.append(profile)
    return profiles, rejected


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


# Reading files ---------------------------------------------------------------------------------


def _read_table(path: Path) -> _Table:
    suffix = path.suffix.lower()
    if not path.exists():
        raise IngestError(f"no such file: {path}")
    if not path.is_file():
        raise IngestError(f"not a file: {path}")
    if suffix not in CSV_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES:
        raise IngestError(
            f"unknown file type {suffix or '(none)'!r} for {path.name}; use .csv, .json or .jsonl"
        )
    text = _decode(path.read_bytes())
    if not text.strip():
        raise IngestError(f"{path.name} is empty")
    if suffix in JSON_SUFFIXES:
        table = _read_json(text, path.name)
    elif suffix in JSONL_SUFFIXES:
        table = _read_jsonl(text)
    else:
        table = _read_csv(text, path.name)
    if not table.records and not table.broken:
        raise IngestError(f"{path.name} has no records (found columns: {', '.join(table.headers) or 'none'})")
    return table


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252 and then Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _sniff_delimiter(text: str) -> str:
    """The delimiter used most on the header line (",", ";", tab or "|")."""
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {delimiter: header_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > 0 else ","


def _read_csv(text: str, name: str) -> _Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        headers = next(reader)
    except (StopIteration, csv.Error) as error:
        raise IngestError(f"{name} has no header row") from error
    if not any(header.strip() for header in headers):
        raise IngestError(f"{name} has an empty header row")
    records: list[tuple[int, list[object]]] = []
    broken: list[RejectedRow] = []
    next_line = reader.line_num + 1
    while True:
        start = next_line
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            broken.append(RejectedRow(line=start, reason=f"unreadable CSV: {error}"))
            next_line = reader.line_num + 1
            continue
        next_line = reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        records.append((start, list(cells)))
    return _Table("csv", headers, records, broken)


def _records_to_table(format_: str, objects: Iterator[tuple[int, object]], *, by_index: bool) -> _Table:
    headers: dict[str, None] = {}
    rows: list[tuple[int, dict[str, object]]] = []
    broken: list[RejectedRow] = []
    for line, obj in objects:
        if not isinstance(obj, dict):
            suffix = f" (JSON record {line})" if by_index else ""
            broken.append(RejectedRow(line=line, reason=f"not a JSON object{suffix}"))
            continue
        for key in obj:
            headers.setdefault(str(key), None)
        rows.append((line, {str(key): value for key, value in obj.items()}))
    names = list(headers)
    records = [(line, [row.get(header) for header in names]) for line, row in rows]
    return _Table(format_, names, records, broken, line_is_record_index=by_index)


def _read_json(text: str, name: str) -> _Table:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise IngestError(f"{name} is not valid JSON: {error}") from error
    if isinstance(data, dict):
        key = next((key for key in _RECORD_KEYS if isinstance(data.get(key), list)), None)
        if key is None:
            raise IngestError(f'{name}: expected a JSON array of profiles or {{"profiles": [...]}}')
        data = data[key]
    if not isinstance(data, list):
        raise IngestError(f'{name}: expected a JSON array of profiles or {{"profiles": [...]}}')
    return _records_to_table("json", enumerate(data, start=1), by_index=True)


def _read_jsonl(text: str) -> _Table:
    parsed: list[tuple[int, object]] = []
    broken: list[RejectedRow] = []
    # Split on "\n" only: JSON strings may hold U+2028 and other characters splitlines() breaks on.
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            parsed.append((line_number, json.loads(line)))
        except ValueError as error:
            broken.append(RejectedRow(line=line_number, reason=f"not valid JSON: {error.args[0]}"))
    table = _records_to_table("jsonl", iter(parsed), by_index=False)
    table.broken = sorted(table.broken + broken, key=lambda row: row.line)
    return table
