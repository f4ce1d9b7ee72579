"""Hostile and broken influencer files (issue 12), each with the outcome ingestion must give.

Each case is the file's name, its exact bytes, the handles that must be accepted (in order), and the
rejected rows as (line, a phrase the reason must contain). Every good row of every file is kept.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from typing import Final

HEADER: Final = "handle,platform,followers,engagement_rate,bio\n"


@dataclass(frozen=True)
class Attack:
    """One file and what reading it must give."""

    name: str
    filename: str
    data: bytes
    accepted: tuple[str, ...]
    rejected: tuple[tuple[int, str], ...]
    bios: tuple[tuple[str, str], ...] = ()  # (handle, exact bio) that must survive decoding


def _csv(*rows: str) -> str:
    return HEADER + "".join(row + "\n" for row in rows)


_GOOD_UTF8 = _csv(
    "naive_nia,instagram,12000,3%,naïve café owner",
    "bad_byte_bo,instagram,13000,3%,BADBYTE",
    "emoji_em,instagram,14000,3%,climbing 🧗 and crêpes",
)
_DEEP = "[" * 10_000 + "]" * 10_000

ATTACKS: Final[list[Attack]] = [
    Attack(
        "one invalid byte in a UTF-8 file costs only its row",
        "creators.csv",
        _GOOD_UTF8.encode("utf-8").replace(b"BADBYTE", b"caf\xe9 \xff"),
        ("naive_nia", "emoji_em"),
        ((3, "undecodable byte 0xE9 (the file reads as UTF-8)"),),
        (("naive_nia", "naïve café owner"), ("emoji_em", "climbing 🧗 and crêpes")),
    ),
    Attack(
        "UTF-8 with a BOM",
        "creators.csv",
        codecs.BOM_UTF8 + _csv("bom_bea,instagram,12000,3%,naïve").encode("utf-8"),
        ("bom_bea",),
        (),
        (("bom_bea", "naïve"),),
    ),
    Attack(
        "UTF-16 with a BOM is read, not refused as having no follower column",
        "creators.csv",
        _csv("utf16_uma,instagram,12000,3%,naïve", "second_sam,tiktok,15000,5%,über").encode("utf-16"),
        ("utf16_uma", "second_sam"),
        (),
        (("utf16_uma", "naïve"), ("second_sam", "über")),
    ),
    Attack(
        "UTF-16 little-endian without a BOM",
        "creators.csv",
        _csv("le_lou,instagram,12000,3%,crème").encode("utf-16-le"),
        ("le_lou",),
        (),
        (("le_lou", "crème"),),
    ),
    Attack(
        "a Windows-1252 file reads as Windows-1252",
        "creators.csv",
        _csv("cp_cleo,instagram,12000,3%,naïve café – “quoted”").encode("cp1252"),
        ("cp_cleo",),
        (),
        (("cp_cleo", "naïve café – “quoted”"),),
    ),
    Attack(
        "an unterminated quote is reported where it starts and the rows after it are kept",
        "creators.csv",
        _csv(
            "first_fay,instagram,12000,3%,fine",
            'open_quote,instagram,13000,3%,"never closed',
            "after_al,instagram,14000,3%,kept",
            "after_bo,instagram,15000,3%,kept too",
        ).encode(),
        ("first_fay", "after_al", "after_bo"),
        ((3, "unterminated quote"),),
    ),
    Attack(
        "an unterminated quote closed by a later stray quote still costs one row",
        "creators.csv",
        _csv(
            'open_quote,instagram,13000,3%,"never closed',
            "after_al,instagram,14000,3%,kept",
            'stray_sy,instagram,15000,3%,says "hi',
            "last_lu,instagram,16000,3%,end",
        ).encode(),
        ("after_al", "stray_sy", "last_lu"),
        ((2, "unterminated quote"),),
    ),
    Attack(
        "a legitimate multi-line bio is one row",
        "creators.csv",
        _csv('multi_mo,instagram,12000,3%,"line one\nline two, with a comma\nline three"').encode(),
        ("multi_mo",),
        (),
        (("multi_mo", "line one\nline two, with a comma\nline three"),),
    ),
    Attack(
        "followers 1e300 is reported, not stored as a 300-digit number",
        "creators.csv",
        _csv("huge_hal,instagram,1e300,3%,x", "fine_fi,instagram,12000,3%,x").encode(),
        ("fine_fi",),
        ((2, "followers 1e+300 is above 10,000,000,000"),),
    ),
    Attack(
        "followers just above ten billion are reported",
        "creators.csv",
        _csv("big_bo,instagram,10000000001,3%,x", "fine_fi,instagram,12000,3%,x").encode(),
        ("fine_fi",),
        ((2, "above 10,000,000,000"),),
    ),
    Attack(
        "engagement nan, inf, -0.5 and 1e308 are each reported with their line",
        "creators.csv",
        _csv(
            "nan_ned,instagram,12000,nan,x",
            "inf_ina,instagram,12000,inf,x",
            "neg_nel,instagram,12000,-0.5,x",
            "big_bea,instagram,12000,1e308,x",
            "fine_fi,instagram,12000,3%,x",
        ).encode(),
        ("fine_fi",),
        (
            (2, "engagement_rate 'nan' is not a finite number"),
            (3, "engagement_rate 'inf' is not a finite number"),
            (4, "negative engagement_rate (-0.5)"),
            (5, "engagement_rate '1e308' is outside 0 to 10 (1000%)"),
        ),
    ),
    Attack(
        "negative counts are reported",
        "creators.csv",
        (b"handle,platform,followers,posts\nneg_posts,instagram,12000,-4\nfine_fi,instagram,12000,40\n"),
        ("fine_fi",),
        ((2, "negative posts (-4)"),),
    ),
    Attack(
        "zero-width, bidi and NUL handles: one creator, and the unsafe ones rejected",
        "creators.csv",
        _csv(
            "zwhandle,instagram,12000,3%,x",
            "zw\u200bhandle,instagram,13000,3%,x",
            "bidi\u202ehandle,instagram,14000,3%,x",
            "nul\x00handle,instagram,15000,3%,x",
            "ｆｕｌｌｗｉｄｔｈ,instagram,16000,3%,x",
        ).encode(),
        ("zwhandle", "fullwidth"),
        (
            (3, "duplicate of line 2"),
            (4, "bidirectional control character (U+202E)"),
            (5, "control character (U+0000)"),
        ),
    ),
    Attack(
        "a 10,000-deep JSONL line costs one record",
        "creators.jsonl",
        (
            json.dumps({"handle": "before_bo", "platform": "tiktok", "followers": 1200})
            + "\n"
            + '{"handle": "deep", "platform": "tiktok", "followers": 1, "x": '
            + _DEEP
            + "}\n"
            + json.dumps({"handle": "after_al", "platform": "tiktok", "followers": 1300})
            + "\n"
        ).encode(),
        ("before_bo", "after_al"),
        ((2, "nested deeper than 20 levels"),),
    ),
    Attack(
        "a 10,000-deep record in a JSON array costs one record",
        "creators.json",
        (
            '[{"handle": "before_bo", "platform": "tiktok", "followers": 1200},'
            ' {"handle": "deep", "platform": "tiktok", "followers": 1, "x": ' + _DEEP + "},"
            ' {"handle": "after_al", "platform": "tiktok", "followers": 1300}]'
        ).encode(),
        ("before_bo", "after_al"),
        ((2, "nested deeper than 20 levels (JSON record 2)"),),
    ),
]
