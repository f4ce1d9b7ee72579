"""Which column means what: real-world headers mapped to Profile fields, judged by header and values.

Influencer spreadsheets name the same thing a dozen ways ("#Followers", "subscribers", "followers"
twice, once as "409.8M" and once as "409800000") and sometimes mislead ("name" holding the handle and
"instagram name" the display name). A header only nominates a column for a field; its values decide:
a handle column must hold handles (no spaces), a number column numbers, a country column countries.

Besides Profile fields the map knows three *source* fields that only feed derivations (see
:meth:`ColumnMap.read`):

- ``total_likes``: likes over all posts (TikTok TIDES ``total_likes``); ``avg_likes = total_likes / posts``.
- ``total_views``: views over all videos (YouTube TIDES ``tot_views``); ``avg_views = total_views / posts``.
- ``avg_engagements``: likes plus comments per post (Top-1000 ``Eng. (Avg.)``); it becomes ``avg_likes``
  (less ``avg_comments`` when those are known) so the profile derives its engagement rate.

and ``location`` ("Lisbon, Portugal"), read into ``city`` and ``country``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from matching.geo import country_code
from matching.profile import normalize_handle
from retrieval.column_kinds import (
    DERIVATION_SOURCES,
    FIELD_KINDS,
    FIELD_ORDER,
    Column,
    Kind,
    MappingError,
    RowError,
    clean_header,
    header_key,
    header_words,
    text_of,
)
from retrieval.column_map import ColumnMap
from retrieval.numbers import parse_bool, parse_fraction, parse_number

__all__ = [
    "DERIVATION_SOURCES",
    "FIELD_KINDS",
    "Column",
    "ColumnMap",
    "MappingError",
    "RowError",
    "clean_header",
    "header_key",
    "map_columns",
]

# Header key (see header_key) -> fields it may feed, with a priority for the handle (higher wins a tie).
_WORDS: Final = header_words()
_SAMPLE_SIZE: Final = 300
_MIN_FIT: Final[dict[Kind, float]] = {
    "handle": 0.5,
    "count": 0.6,
    "number": 0.6,
    "fraction": 0.6,
    "bool": 0.8,
    "email": 0.5,
    "url": 0.5,
}


def _build_candidates() -> dict[str, list[tuple[str, int]]]:
    table: dict[str, list[tuple[str, int]]] = {}
    tiers: tuple[tuple[int, tuple[str, ...]], ...] = (
        (2, _WORDS.handle_strong),
        (1, _WORDS.handle_medium),
        (0, _WORDS.name_like),
    )
    for priority, keys in tiers:
        for key in keys:
            table.setdefault(key, []).append(("handle", priority))
    for key in _WORDS.name_like + _WORDS.handle_medium:
        table.setdefault(key, []).append(("display_name", 0))
    for name, keys in _WORDS.synonyms.items():
        for key in keys:
            table.setdefault(key, []).append((name, 0))
    # "engagement" counts or rates: the values decide (see _judge_engagement).
    for key in _WORDS.synonyms["avg_engagements"]:
        table[key].append(("engagement_rate", 0))
    return table


_CANDIDATES: Final = _build_candidates()
_HAS_LETTER_SUFFIX: Final = re.compile(r"\d\s*[a-zA-Z]+\s*$")


def _looks_like_handle(text: str) -> bool:
    handle = normalize_handle(text)
    return 0 < len(handle) <= 100 and not any(ch.isspace() for ch in handle) and not handle.isdigit()


def _is_plain_number(value: object) -> bool:
    """True for numbers written out in full ("409800000"), False for "409.8M"."""
    return isinstance(value, int | float) or (isinstance(value, str) and not _HAS_LETTER_SUFFIX.search(value))


@dataclass(frozen=True, slots=True)
class _Judgement:
    fit: float  # share of sampled values that suit the field
    precision: float  # share written out in full (numbers only)


def _judge(kind: Kind, key: str, values: Sequence[object]) -> _Judgement:
    texts = [value for value in values if text_of(value) is not None or isinstance(value, dict | list)]
    if not texts:
        return _Judgement(0.0, 0.0)
    total = len(texts)
    if kind == "handle":
        return _Judgement(sum(1 for v in texts if _looks_like_handle(str(v))) / total, 0.0)
    if kind in ("count", "number"):
        parsed = [v for v in texts if parse_number(v) is not None]
        return _Judgement(len(parsed) / total, sum(1 for v in parsed if _is_plain_number(v)) / total)
    if kind == "fraction":
        return _Judgement(sum(1 for v in texts if parse_fraction(v) is not None) / total, 0.0)
    if kind == "bool":
        return _Judgement(sum(1 for v in texts if parse_bool(v) is not None) / total, 0.0)
    if kind == "email":
        return _Judgement(sum(1 for v in texts if "@" in str(v) and " " not in str(v).strip()) / total, 0.0)
    if kind == "url":
        return _Judgement(sum(1 for v in texts if "." in str(v) and " " not in str(v).strip()) / total, 0.0)
    if kind == "country" and key == "region":
        # "region" is a country code in TikTok exports but a state or continent elsewhere.
        hits = sum(1 for v in texts if country_code(str(v)) is not None)
        return _Judgement(1.0 if hits / total >= 0.5 else 0.0, 0.0)
    return _Judgement(1.0, 0.0)


def _judge_engagement(values: Sequence[object]) -> str:
    """Whether an "engagement" column holds rates or per-post counts, by its values.

    Rates: a "%" anywhere, or every value at most 1. Counts: any value above 100 ("23.4M"). Between
    those, mostly decimals ("3.4", "2.75") read as bare percentages (see
    :func:`retrieval.numbers.parse_fraction`) and mostly whole numbers ("45", "80") as counts.
    """
    texts = [str(v).strip() for v in values if text_of(v) is not None]
    if any("%" in text for text in texts):
        return "engagement_rate"
    numbers = [n for n in (parse_number(text) for text in texts) if n is not None]
    if not numbers or max(numbers) <= 1:
        return "engagement_rate"
    if max(numbers) > 100:
        return "avg_engagements"
    decimals = sum(1 for n in numbers if n != int(n))
    return "engagement_rate" if decimals * 2 > len(numbers) else "avg_engagements"


def _columns(headers: Sequence[str]) -> list[Column]:
    cleaned = [clean_header(header) for header in headers]
    counts: dict[str, int] = {}
    for header in cleaned:
        counts[header] = counts.get(header, 0) + 1
    return [
        Column(
            index,
            header,
            header_key(header),
            f"{header} [column {index + 1}]" if counts[header] > 1 else header,
        )
        for index, header in enumerate(cleaned)
    ]


def _explicit(
    columns: list[Column], mapping: Mapping[str, str], found: str
) -> tuple[dict[str, list[Column]], set[str]]:
    """Sources named by the caller, and the fields they switched off (mapped to "")."""
    sources: dict[str, list[Column]] = {}
    disabled: set[str] = set()
    for name, header in mapping.items():
        if name not in FIELD_KINDS:
            raise MappingError(f"unknown field {name!r} in mapping (fields: {', '.join(FIELD_KINDS)})")
        if not header.strip():
            disabled.add(name)
            continue
        wanted = [header] if _match(columns, header) or "," not in header else header.split(",")
        chosen: list[Column] = []
        for one in wanted:
            matched = _match(columns, one)
            if not matched:
                raise MappingError(f"mapping {name}={one.strip()!r}: no such column (found: {found})")
            chosen.extend(matched)
        sources[name] = chosen
    return sources, disabled


def _match(columns: list[Column], header: str) -> list[Column]:
    wanted = clean_header(header)
    exact = [column for column in columns if column.header == wanted]
    if exact:
        return exact
    folded = [column for column in columns if column.header.casefold() == wanted.casefold()]
    return folded or [column for column in columns if column.key == header_key(header) and column.key]


def map_columns(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    mapping: Mapping[str, str] | None = None,
) -> ColumnMap:
    """Decide which column feeds which field.

    Args:
        headers: the file's headers, duplicates and embedded newlines included.
        rows: records to judge values by (the first few hundred are sampled).
        mapping: field -> header chosen by the caller; it wins over the automatic choice, skips the
            value checks, and an empty header switches a field off. Several headers for ``topics``
            may be given comma-separated.

    Raises:
        MappingError: the mapping names an unknown field or a missing header.

    """
    columns = _columns(headers)
    found = ", ".join(dict.fromkeys(column.header for column in columns))
    explicit, disabled = _explicit(columns, mapping or {}, found)
    used = {column.index for chosen in explicit.values() for column in chosen}
    step = max(1, len(rows) // _SAMPLE_SIZE)
    sample = rows[::step][:_SAMPLE_SIZE]  # spread over the file: exports are often sorted

    def values(column: Column) -> list[object]:
        return [row[column.index] for row in sample if column.index < len(row)]

    # Nominate: (field, column) pairs from the headers, the engagement ones settled by their values.
    nominated: dict[str, list[tuple[Column, int]]] = {}
    for column in columns:
        if column.index in used:
            continue
        options = _CANDIDATES.get(column.key, [])
        if any(name == "engagement_rate" for name, _ in options) and any(
            n == "avg_engagements" for n, _ in options
        ):
            verdict = _judge_engagement(values(column))
            options = [(name, priority) for name, priority in options if name == verdict]
        for name, priority in options:
            nominated.setdefault(name, []).append((column, priority))

    sources = dict(explicit)
    for name in FIELD_ORDER:
        if name in explicit or name in disabled:
            continue
        kind = FIELD_KINDS[name]
        ranked: list[tuple[tuple[float, int, float, int], Column]] = []
        for column, priority in nominated.get(name, []):
            if column.index in used:
                continue
            judgement = _judge(kind, column.key, values(column))
            if judgement.fit < _MIN_FIT.get(kind, 0.0) or judgement.fit == 0.0:
                continue
            ranked.append(((-round(judgement.fit, 1), -priority, -judgement.precision, column.index), column))
        if not ranked:
            continue
        ranked.sort(key=lambda item: item[0])
        chosen = [column for _, column in ranked]
        if kind == "topics":
            chosen.sort(key=lambda column: column.index)
        elif kind == "handle":
            chosen = chosen[:1]  # a second "handle" is more likely a display name
        sources[name] = chosen
        used.update(column.index for column in chosen)

    ignored = [column.label for column in columns if column.index not in used]
    return ColumnMap(sources=sources, ignored=ignored)
