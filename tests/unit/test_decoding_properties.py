"""Properties of strict decoding and handle normalisation (issue 12).

- One random undecodable byte put anywhere in one row of a UTF-8 file never changes how any other
  row reads: the other rows are accepted with exactly the text they were written with.
- Handles: normalising is idempotent, folds compatibility forms (NFKC) and drops zero-width
  characters; a handle holding a control or bidi character is rejected, never stored.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.profile import normalize_handle
from retrieval.columns import RowError, map_columns
from retrieval.handles import unsafe_handle_reason
from retrieval.ingest import read_profiles

# Bio text: any printable character outside the ASCII controls, accents and emoji included.
bio_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn"]), max_size=20
)
bad_byte = st.integers(0x80, 0xFF)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("decoding-props")


def _file(bios: list[str]) -> tuple[bytes, list[tuple[int, int]]]:
    """UTF-8 CSV bytes and, per row, the byte span of its bio."""
    out = io.BytesIO()
    out.write(b"handle,platform,followers,bio\n")
    spans = []
    for i, bio in enumerate(bios):
        prefix = f"creator_{i},instagram,{10_000 + i},".encode()
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([bio])
        cell = buf.getvalue().encode("utf-8")
        start = out.tell() + len(prefix)
        out.write(prefix + cell)
        spans.append((start, start + len(cell) - 1))  # without the newline
    return out.getvalue(), spans


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bios=st.lists(bio_text, min_size=2, max_size=8), data=st.data())
def test_a_random_bad_byte_never_changes_another_row(
    folder: Path, bios: list[str], data: st.DataObject
) -> None:
    raw, spans = _file(bios)
    victim = data.draw(st.integers(0, len(bios) - 1), label="row")
    start, end = spans[victim]
    at = data.draw(st.integers(start, end), label="offset")
    byte = data.draw(bad_byte, label="byte")
    corrupted = raw[:at] + bytes([byte]) + raw[at:]
    path = folder / "creators.csv"
    path.write_bytes(corrupted)

    result = read_profiles(path)
    path.write_bytes(raw)
    clean = {p.handle: p for p in read_profiles(path).profiles}

    got = {p.handle: p for p in result.profiles}
    for i in range(len(bios)):
        if i == victim:
            continue
        handle = f"creator_{i}"
        assert handle in got, result.rejected
        assert got[handle].model_dump() == clean[handle].model_dump()
    # The damaged row is either reported by its own line or read in the file's legacy encoding.
    lines = {r.line for r in result.rejected}
    assert lines <= {victim + 2}


handle_text = st.text(max_size=24)


@settings(max_examples=300, deadline=None)
@given(text=handle_text)
def test_normalising_a_handle_twice_changes_nothing(text: str) -> None:
    once = normalize_handle(text)
    assert normalize_handle(once) == once


@settings(max_examples=300, deadline=None)
@given(text=handle_text)
def test_normalised_handles_are_nfkc_and_free_of_zero_width_characters(text: str) -> None:
    handle = normalize_handle(text)
    assert unicodedata.normalize("NFKC", handle) == handle or not handle.isascii()
    assert not any(ch in handle for ch in "\u200b\u200c\u200d\u2060\ufeff")


@settings(max_examples=200, deadline=None)
@given(
    base=st.from_regex(r"[a-z][a-z0-9_]{2,12}", fullmatch=True),
    invisible=st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]),
    at=st.integers(0, 12),
)
def test_a_zero_width_character_never_makes_a_second_creator(base: str, invisible: str, at: int) -> None:
    hidden = base[:at] + invisible + base[at:]
    assert normalize_handle(hidden) == base


@settings(max_examples=200, deadline=None)
@given(
    base=st.from_regex(r"[a-z][a-z0-9_]{2,12}", fullmatch=True),
    bad=st.one_of(
        st.characters(whitelist_categories=["Cc"]).filter(lambda ch: not ch.isspace()),
        st.sampled_from(list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")),
    ),
    at=st.integers(1, 12),
)
def test_control_and_bidi_characters_make_a_handle_unusable(base: str, bad: str, at: int) -> None:
    handle = normalize_handle(base[:at] + bad + base[at:])
    assert unsafe_handle_reason(handle) is not None
    columns = map_columns(["handle", "followers"], [["ok_handle", "1"]])
    with pytest.raises(RowError):
        columns.read([base[:at] + bad + base[at:], "12000"])
