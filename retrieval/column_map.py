"""Reading one row through a column map: cells to Profile fields, derivations, bounds.

``ColumnMap`` is what ``retrieval.columns.map_columns`` decides; ``read`` turns a row into the
fields a Profile is validated from, raising ``RowError`` with the reason a row is rejected.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from matching.geo import country_code, language_code
from matching.profile import normalize_handle
from retrieval.column_kinds import FIELD_KINDS, LIST_TOPIC_KEYS, PLACEHOLDERS, Column, Kind, RowError, text_of
from retrieval.handles import unsafe_handle_reason
from retrieval.numbers import MISSING, NUMBER_BOUNDS, is_non_finite, parse_bool, parse_fraction, parse_number


@dataclass(slots=True)
class ColumnMap:
    """The columns each field reads from, best first (later ones fill cells the first leaves blank)."""

    sources: dict[str, list[Column]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    def describe(self) -> dict[str, str]:
        """Field -> source header(s) as shown to people; several headers are joined with ", "."""
        return {name: ", ".join(column.label for column in columns) for name, columns in self.sources.items()}

    def has(self, name: str) -> bool:
        """Whether some column feeds ``name``."""
        return bool(self.sources.get(name))

    def read(self, row: Sequence[object]) -> dict[str, object]:
        """Profile fields from one row; ``platform`` is the raw cell, for the caller to resolve.

        Derivations, applied only when the direct column is absent or blank:

        - every average reported as 0 (views, likes, comments, engagements) means "not measured":
          Top-1000 YouTube lists channels with 0 views per video; they become None, not an ER of 0;
        - ``avg_likes = avg_engagements - avg_comments`` (engagements are likes plus comments);
        - ``avg_likes = total_likes / posts`` and ``avg_views = total_views / posts``.

        Raises:
            RowError: no handle, or followers missing, unreadable or negative.

        """
        handle = self._first_text("handle", row)
        if handle is None or not normalize_handle(handle):
            raise RowError("missing handle")
        handle = normalize_handle(handle)
        unsafe = unsafe_handle_reason(handle)
        if unsafe is not None:
            raise RowError(unsafe)
        if any(ch.isspace() for ch in handle):
            raise RowError(f"handle {handle!r} has spaces (a display name, not a handle)")
        followers = self._required_count("followers", row)
        out: dict[str, object] = {"handle": handle, "followers": followers}

        for name, columns in self.sources.items():
            if name in ("handle", "followers") or not columns:
                continue
            value = self._read_field(name, row)
            if value is not None:
                out[name] = value

        self._derive(out)
        location = out.pop("location", None)
        if isinstance(location, tuple):
            city, country = location
            out.setdefault("city", city)
            if country is not None:
                out.setdefault("country", country)
        return {name: value for name, value in out.items() if value is not None}

    # Reading cells -----------------------------------------------------------------------------

    def _cells(self, name: str, row: Sequence[object]) -> list[object]:
        return [
            row[column.index] if column.index < len(row) else None for column in self.sources.get(name, [])
        ]

    def _first_text(self, name: str, row: Sequence[object]) -> str | None:
        for cell in self._cells(name, row):
            text = text_of(cell)
            if text is not None:
                return text
        return None

    def _first_number(self, name: str, row: Sequence[object]) -> tuple[float | None, str | None]:
        """The first readable number, or (None, the first unreadable cell's text)."""
        bad: str | None = None
        for cell in self._cells(name, row):
            if is_non_finite(cell):
                raise RowError(f"{name} {_cell_text(cell)!r} is not a finite number")
            if text_of(cell) is None:
                # A placeholder ("-", "N/A") is reported as such; a blank cell as missing.
                if bad is None and isinstance(cell, str) and cell.strip():
                    bad = cell.strip()
                continue
            number = parse_number(cell)
            if number is not None:
                return number, None
            bad = bad if bad is not None else str(cell).strip()
        return None, bad

    def _required_count(self, name: str, row: Sequence[object]) -> int:
        number, bad = self._first_number(name, row)
        if number is None:
            raise RowError(f"{name} {bad!r} is not a number" if bad is not None else f"missing {name}")
        _check_bounds(name, number)
        return round(number)

    def _read_field(self, name: str, row: Sequence[object]) -> object:
        kind = FIELD_KINDS[name]
        if kind in ("count", "number"):
            number, _ = self._first_number(name, row)
            if number is None:
                return None
            _check_bounds(name, number)
            return round(number) if kind == "count" else number
        if kind == "fraction":
            for cell in self._cells(name, row):
                if is_non_finite(cell):
                    raise RowError(f"{name} {_cell_text(cell)!r} is not a finite number")
                fraction = parse_fraction(cell)
                if fraction is None:
                    continue
                low, high = NUMBER_BOUNDS.get(name, (0.0, 1.0))
                if fraction < 0 <= low:
                    raise RowError(f"negative {name} ({_cell_text(cell)})")
                if not low <= fraction <= high:
                    raise RowError(f"{name} {_cell_text(cell)!r} is outside {low:g} to {high:g} ({high:.0%})")
                return fraction
            return None
        if kind == "topics":
            return self._topics(row) or None
        if kind == "bool":
            for cell in self._cells(name, row):
                flag = parse_bool(cell)
                if flag is not None:
                    return flag
            return None
        if kind in ("list", "raw"):
            return self._structured(name, row)
        text = self._first_text(name, row)
        if text is None:
            return None
        return _read_text(kind, text)

    def _topics(self, row: Sequence[object]) -> list[str]:
        topics: list[str] = []
        seen: set[str] = set()
        for column in self.sources.get("topics", []):
            cell = row[column.index] if column.index < len(row) else None
            if isinstance(cell, list):
                labels = [str(item) for item in cell]
            elif (text := text_of(cell)) is None:
                continue
            elif column.key in LIST_TOPIC_KEYS:
                labels = re.split(r"[,;|]", text)
            else:
                labels = [text]
            for label in labels:
                label = " ".join(label.split())
                if label and label.casefold() not in MISSING | PLACEHOLDERS and label.casefold() not in seen:
                    seen.add(label.casefold())
                    topics.append(label)
        return topics

    def _structured(self, name: str, row: Sequence[object]) -> object:
        for cell in self._cells(name, row):
            if isinstance(cell, list | dict):
                return cell
            text = text_of(cell)
            if text is None:
                continue
            if FIELD_KINDS[name] == "list":
                if text.startswith("["):
                    try:
                        loaded = json.loads(text)
                    except ValueError:
                        loaded = None
                    if isinstance(loaded, list):
                        return [str(item) for item in loaded]
                return [part.strip() for part in text.split("|") if part.strip()]
            if name == "audience" and text.startswith("{"):
                try:
                    return json.loads(text)
                except ValueError:
                    return None
            return text
        return None

    @staticmethod
    def _derive(out: dict[str, object]) -> None:
        averages = ("avg_views", "avg_likes", "avg_comments", "avg_engagements")
        present = [out[name] for name in averages if out.get(name) is not None]
        if present and all(value == 0 for value in present):
            for name in averages:
                out.pop(name, None)
        engagements = out.pop("avg_engagements", None)
        total_likes = out.pop("total_likes", None)
        total_views = out.pop("total_views", None)
        comments = out.get("avg_comments")
        posts = out.get("posts")
        if out.get("avg_likes") is None and isinstance(engagements, float):
            out["avg_likes"] = max(engagements - (comments if isinstance(comments, float) else 0.0), 0.0)
        if isinstance(posts, int) and posts > 0:
            if out.get("avg_likes") is None and isinstance(total_likes, float):
                out["avg_likes"] = total_likes / posts
                out["engagement_lifetime"] = True
            if out.get("avg_views") is None and isinstance(total_views, float):
                out["avg_views"] = total_views / posts


def _short(number: float) -> str:
    if abs(number) >= 1e15:
        return f"{number:.3g}"  # "1e+300", not three hundred digits
    return str(int(number)) if number == int(number) else str(number)


def _cell_text(cell: object) -> str:
    return str(cell).strip()[:40]


def _check_bounds(name: str, number: float) -> None:
    """Raise a RowError naming the field when ``number`` is outside its plausible range."""
    low, high = NUMBER_BOUNDS.get(name, (0.0, float("inf")))
    if number < 0 and low >= 0:
        raise RowError(f"negative {name} ({_short(number)})")
    if number < low:
        raise RowError(f"{name} {_short(number)} is below {_short(low)}")
    if number > high:
        limit = f"{high:,.0f}" if high >= 1000 else f"{high:g}"
        raise RowError(f"{name} {_short(number)} is above {limit} (not plausible)")


def _read_text(kind: Kind, text: str) -> object:
    if kind == "country":
        return country_code(text)
    if kind == "language":
        return language_code(text)
    if kind == "location":
        parts = [part.strip() for part in text.split(",") if part.strip()]
        country = country_code(parts[-1]) if parts else None
        city = parts[0] if len(parts) > 1 or (parts and country is None) else None
        return (city, country)
    if kind == "email":
        return text if "@" in text and " " not in text else None
    if kind == "url":
        return text if "." in text and " " not in text else None
    if kind == "text" and text.casefold() in PLACEHOLDERS:
        return None
    return text
