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

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from matching.geo import country_code, language_code
from matching.profile import normalize_handle
from retrieval.handles import unsafe_handle_reason
from retrieval.numbers import MISSING, NUMBER_BOUNDS, is_non_finite, parse_bool, parse_fraction, parse_number

Kind = Literal[
    "handle", "text", "count", "number", "fraction", "topics", "country", "location", "language", "bool",
    "email", "url", "platform", "list", "raw",
]  # fmt: skip

# Every field a column can feed, and how its values are read.
FIELD_KINDS: Final[dict[str, Kind]] = {
    "handle": "handle",
    "platform": "platform",
    "display_name": "text",
    "followers": "count",
    "following": "count",
    "posts": "count",
    "avg_likes": "number",
    "avg_comments": "number",
    "avg_views": "number",
    "avg_engagements": "number",
    "total_likes": "number",
    "total_views": "number",
    "engagement_rate": "fraction",
    "topics": "topics",
    "bio": "text",
    "country": "country",
    "location": "location",
    "city": "text",
    "language": "language",
    "verified": "bool",
    "contact_email": "email",
    "profile_url": "url",
    "rate_per_post": "number",
    "sponsored_share": "fraction",
    "reply_rate": "fraction",
    "follower_growth": "fraction",
    "recent_captions": "list",
    "brands_mentioned": "list",
    "last_post_date": "raw",
    "audience": "raw",
}
# The order fields pick their columns in: a column serves one field, so the handle chooses first.
_FIELD_ORDER: Final = tuple(FIELD_KINDS)
DERIVATION_SOURCES: Final = frozenset({"avg_engagements", "total_likes", "total_views", "location"})

# Header key (see header_key) -> fields it may feed, with a priority for the handle (higher wins a tie).
_HANDLE_STRONG: Final = (
    "username", "handle", "userhandle", "screenname", "uniqueid", "accounthandle", "instagramhandle",
    "instagramusername", "igusername", "ighandle", "tiktokhandle", "tiktokusername", "youtubehandle",
    "channelhandle", "creatorhandle", "influencerhandle", "twitterhandle", "userid", "login",
)  # fmt: skip
_HANDLE_MEDIUM: Final = ("tiktokername", "youtubechannel", "channel", "account", "user", "instagramaccount")
_NAME_LIKE: Final = (
    "name", "instagramname", "tiktokname", "youtubername", "youtubename", "channelname", "creator",
    "influencer", "creatorname", "influencername", "accountname",
)  # fmt: skip
_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "display_name": ("displayname", "fullname", "nickname", "realname", "title", "channeltitle"),
    "platform": ("platform", "network", "socialnetwork", "socialmedia", "site", "channeltype"),
    "followers": (
        "followers", "follower", "followerscount", "followercount", "nfollowers", "numfollowers",
        "numberoffollowers", "totalfollowers", "subscribers", "subscriber", "subscriberscount",
        "subscribercount", "subs", "fans", "fanscount",
    ),
    "following": ("following", "followingcount", "followees", "followee", "follows", "followscount"),
    "posts": (
        "posts", "postscount", "postcount", "numposts", "nposts", "mediacount", "totalposts", "totalvideos",
        "totvideos", "videos", "videocount", "videoscount", "numvideos", "uploads",
    ),
    "avg_likes": ("avglikes", "likesavg", "averagelikes", "likesaverage", "likesperpost", "meanlikes"),
    "avg_comments": ("avgcomments", "commentsavg", "averagecomments", "commentsperpost", "meancomments"),
    "avg_views": ("avgviews", "viewsavg", "averageviews", "viewsperpost", "viewspervideo", "meanviews"),
    "avg_engagements": (
        "engagement", "engagements", "engavg", "avgengagement", "avgengagements", "averageengagement",
        "engagementavg", "engagementsavg", "engagementperpost", "engagementsperpost",
    ),
    "engagement_rate": (
        "engagementrate", "er", "engrate", "avgengagementrate", "engagementratepercent", "erpercent",
        "engagementpct",
    ),
    "total_likes": ("totallikes", "totlikes", "likes", "likescount", "hearts", "heartcount", "totalhearts"),
    "total_views": ("totalviews", "totviews", "views", "viewcount", "viewscount"),
    "bio": (
        "bio", "biography", "signature", "description", "about", "tagline", "profiledescription",
        "desc", "summary", "channeldescription",
    ),
    "topics": (
        "category", "category1", "category2", "category3", "maincategory", "subcategory",
        "commercecategory", "niche", "topic", "genre", "vertical",
        "categories", "topics", "niches", "tags", "interests", "genres",
    ),
    "country": ("country", "countrycode", "countryname", "nation", "region"),
    "location": ("location", "place", "basedin"),
    "city": ("city", "town"),
    "language": ("language", "lang", "languagecode", "mainlanguage", "primarylanguage", "contentlanguage"),
    "verified": ("verified", "isverified", "bluetick", "blueticked"),
    "contact_email": ("email", "contactemail", "businessemail", "mail", "emailaddress"),
    "profile_url": ("url", "profileurl", "link", "profilelink", "channelurl", "accounturl", "profile"),
    "rate_per_post": ("rateperpost", "rate", "price", "priceperpost", "costperpost", "fee"),
    "sponsored_share": ("sponsoredshare",),
    "reply_rate": ("replyrate",),
    "follower_growth": ("followergrowth", "growth", "monthlygrowth"),
    "recent_captions": ("recentcaptions", "captions"),
    "brands_mentioned": ("brandsmentioned", "brands"),
    "last_post_date": ("lastpostdate", "lastpost", "lastposted"),
    "audience": ("audience",),
}  # fmt: skip
# Plural headers hold lists ("fitness, running"); singular ones one label ("Sports, Fitness & Outdoors").
_LIST_TOPIC_KEYS: Final = frozenset({"categories", "topics", "niches", "tags", "interests", "genres"})
# Topic and bio cells that carry no information.
_PLACEHOLDERS: Final = frozenset({"other", "others", "unknown", "no bio yet", "uncategorized", "misc"})
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
        (2, _HANDLE_STRONG),
        (1, _HANDLE_MEDIUM),
        (0, _NAME_LIKE),
    )
    for priority, keys in tiers:
        for key in keys:
            table.setdefault(key, []).append(("handle", priority))
    for key in _NAME_LIKE + _HANDLE_MEDIUM:
        table.setdefault(key, []).append(("display_name", 0))
    for name, keys in _SYNONYMS.items():
        for key in keys:
            table.setdefault(key, []).append((name, 0))
    # "engagement" counts or rates: the values decide (see _judge_engagement).
    for key in _SYNONYMS["avg_engagements"]:
        table[key].append(("engagement_rate", 0))
    return table


_CANDIDATES: Final = _build_candidates()
_NON_ALNUM: Final = re.compile(r"[^0-9a-z]+")
_HAS_LETTER_SUFFIX: Final = re.compile(r"\d\s*[a-zA-Z]+\s*$")


class MappingError(ValueError):
    """An explicit mapping names an unknown field or a header the file does not have."""


class RowError(ValueError):
    """A row cannot become a profile; the message is the reason shown to the user."""


def header_key(header: str) -> str:
    """A header reduced for matching: lower case, letters and digits only ("#Followers" -> "followers")."""
    return _NON_ALNUM.sub("", header.casefold())


def clean_header(header: str) -> str:
    """A header as shown to people: whitespace (including embedded newlines) collapsed."""
    return " ".join(header.split())


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the file: its position, its header as shown, and its matching key."""

    index: int
    header: str
    key: str
    label: str


def _text(value: object) -> str | None:
    """A cell as trimmed text, or None when blank or a placeholder."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    if text.casefold() in MISSING:
        return None
    return text


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
    texts = [value for value in values if _text(value) is not None or isinstance(value, dict | list)]
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
    texts = [str(v).strip() for v in values if _text(v) is not None]
    if any("%" in text for text in texts):
        return "engagement_rate"
    numbers = [n for n in (parse_number(text) for text in texts) if n is not None]
    if not numbers or max(numbers) <= 1:
        return "engagement_rate"
    if max(numbers) > 100:
        return "avg_engagements"
    decimals = sum(1 for n in numbers if n != int(n))
    return "engagement_rate" if decimals * 2 > len(numbers) else "avg_engagements"


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
            text = _text(cell)
            if text is not None:
                return text
        return None

    def _first_number(self, name: str, row: Sequence[object]) -> tuple[float | None, str | None]:
        """The first readable number, or (None, the first unreadable cell's text)."""
        bad: str | None = None
        for cell in self._cells(name, row):
            if is_non_finite(cell):
                raise RowError(f"{name} {_cell_text(cell)!r} is not a finite number")
            if _text(cell) is None:
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
            elif (text := _text(cell)) is None:
                continue
            elif column.key in _LIST_TOPIC_KEYS:
                labels = re.split(r"[,;|]", text)
            else:
                labels = [text]
            for label in labels:
                label = " ".join(label.split())
                if label and label.casefold() not in MISSING | _PLACEHOLDERS and label.casefold() not in seen:
                    seen.add(label.casefold())
                    topics.append(label)
        return topics

    def _structured(self, name: str, row: Sequence[object]) -> object:
        for cell in self._cells(name, row):
            if isinstance(cell, list | dict):
                return cell
            text = _text(cell)
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
    if kind == "text" and text.casefold() in _PLACEHOLDERS:
        return None
    return text


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
    for name in _FIELD_ORDER:
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
