"""Properties of ``read_profiles`` on CSV files full of random, often junk, cells.

Whatever the cells hold, a file with valid headers is read without an unexpected exception; every
data row is either accepted or rejected (with the line it starts on); accepted profiles have a real
handle and a non-negative follower count.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matching.profile import KNOWN_PLATFORMS, normalize_handle
from retrieval.ingest import IngestError, read_profiles

HEADERS = ["handle", "platform", "followers", "engagement_rate", "country", "bio"]
Row = list[str]

# Any text a spreadsheet cell might hold, control characters and line breaks included (no lone
# surrogates: those cannot be written as UTF-8 at all).
junk = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=16)
good_handle = st.from_regex(r"@?[a-z][a-z0-9_.]{0,14}", fullmatch=True)
good_platform = st.sampled_from(["instagram", "Instagram", "IG", "tiktok", "TikTok", "youtube", "yt"])
good_followers = st.one_of(
    st.integers(0, 10**9).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.floats(0, 9_999, allow_nan=False).map(lambda x: f"{x:.1f}K"),
)
handle_cell = st.one_of(
    good_handle, junk, st.sampled_from(["", "@", "@ @x", "@@x", "a b", "12345", "x" * 120])
)
platform_cell = st.one_of(good_platform, junk, st.sampled_from(["", "myspace"]))
followers_cell = st.one_of(
    good_followers,
    st.integers(-(10**6), -1).map(str),
    st.sampled_from(["", "N/A", "-", "lots", "1e400", "9" * 400, "12.5%", "1e99999"]),
    junk,
)
engagement_cell = st.one_of(st.floats(0, 100, allow_nan=False).map(lambda x: f"{x:.2f}%"), junk)
country_cell = st.one_of(st.sampled_from(["US", "gb", "Germany", "", "Atlantis"]), junk)

any_row = st.tuples(handle_cell, platform_cell, followers_cell, engagement_cell, country_cell, junk).map(list)
valid_row = st.tuples(good_handle, good_platform, good_followers, engagement_cell, country_cell, junk).map(
    list
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ingest-props")


def write_csv(path: Path, rows: list[Row]) -> tuple[list[int], int]:
    """Write ``rows`` under HEADERS; return the line each non-blank row starts on, and the line count."""

    def lines(text: str) -> int:
        # Lines as the csv module counts them: "\n", "\r\n" and a lone "\r" each end one.
        return len(io.StringIO(text, newline="").readlines())

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADERS)
    starts = []
    for row in rows:
        start = lines(buf.getvalue()) + 1
        writer.writerow(row)
        if any(cell.strip() for cell in row):  # blank rows are skipped, not records
            starts.append(start)
    text = buf.getvalue()
    path.write_text(text, encoding="utf-8", newline="")
    return starts, lines(text)


def settled(handle: str) -> str:
    """``normalize_handle`` until it changes nothing ("@ @x" -> "@x" -> "x")."""
    while (again := normalize_handle(handle)) != handle:
        handle = again
    return handle


def check(path: Path, rows: list[Row], *, must_read: bool) -> None:
    starts, n_lines = write_csv(path, rows)
    try:
        result = read_profiles(path)
    except IngestError as error:
        # Values decide which column is which: a column of mostly junk is not taken as handles or
        # followers, and then the file cannot be used. That is the only acceptable failure.
        assert not must_read, str(error)
        assert "column" in str(error) or "no platform" in str(error)
        return

    assert len(result.profiles) + len(result.rejected) == len(starts) == result.rows
    lines = [row.line for row in result.rejected]
    assert lines == sorted(set(lines))
    assert all(2 <= line <= n_lines for line in lines)
    assert set(lines) <= set(starts)
    assert all(row.reason.strip() for row in result.rejected)

    written = {settled(row[0]).lower() for row in rows}
    for profile in result.profiles:
        assert profile.handle and not profile.handle.startswith("@")
        assert not any(ch.isspace() for ch in profile.handle)
        assert profile.handle.lower() in written
        assert isinstance(profile.followers, int) and profile.followers >= 0
        assert profile.engagement_rate is None or profile.engagement_rate >= 0
        assert profile.platform in KNOWN_PLATFORMS
        assert profile.country is None or (len(profile.country) == 2 and profile.country.isupper())
    assert len({p.id for p in result.profiles}) == len(result.profiles)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(any_row, min_size=1, max_size=15))
@example(rows=[["@ @x", "instagram", "1200", "", "", ""], ["ok_one", "instagram", "1500", "", "", ""]])
@example(rows=[["big", "instagram", "1e400", "", "", ""], ["ok_one", "instagram", "1500", "", "", ""]])
@example(
    rows=[
        ["a", "ig", "1", "", "", "line\rbreak"],
        ["b", "ig", "-3", "", "", "x\r\ny"],
        ["a", "ig", "2", "", "", ""],
    ]
)
def test_any_cells_are_read_or_reported(folder: Path, rows: list[Row]) -> None:
    check(folder / "creators.csv", rows, must_read=False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    valid=st.lists(valid_row, min_size=3, max_size=12),
    junk_rows=st.lists(any_row, max_size=4),
    data=st.data(),
)
def test_a_mostly_valid_file_is_always_read(
    folder: Path, valid: list[Row], junk_rows: list[Row], data: st.DataObject
) -> None:
    # At most one junk row per three valid ones, shuffled in: the columns still read as handles and
    # follower counts, so the file is used and only the bad rows are rejected.
    junk_rows = junk_rows[: len(valid) // 3]
    rows = data.draw(st.permutations(valid + junk_rows))
    check(folder / "creators.csv", rows, must_read=True)
