"""scout/ingesting.py: batches reach the store, a failing store ends the run in one line (issue 12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from matching.store_types import UpsertReport
from retrieval.ingest import RejectedRow, open_profiles
from scout.ingesting import IngestTotals, StoreStoppedError, on_a_terminal, run_ingest


class _Store:
    """Accepts ``ok_batches`` writes, then fails like a dead Chroma server."""

    def __init__(self, ok_batches: int) -> None:
        self.ok_batches = ok_batches
        self.written: list[str] = []

    def upsert(self, profiles: list[Any]) -> UpsertReport:
        if self.ok_batches <= 0:
            raise ConnectionError("connection refused")
        self.ok_batches -= 1
        self.written.extend(p.handle for p in profiles)
        return UpsertReport(added=len(profiles), updated=0, unchanged=0)


def _file(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "creators.csv"
    lines = ["handle,platform,followers"] + [f"c_{i:04d},instagram,{10_000 + i}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_store_that_dies_mid_ingest_ends_the_run_in_one_line(tmp_path: Path) -> None:
    table = open_profiles(_file(tmp_path, 1_200))
    store = _Store(ok_batches=7)
    rejected: list[RejectedRow] = []

    with pytest.raises(StoreStoppedError) as error:
        run_ingest(table, store, report=rejected.append, progress=False, batch_size=100)  # type: ignore[arg-type]

    assert str(error.value) == (
        "the store stopped answering after 700 of 1,200 rows; run the same command again to resume"
    )
    assert len(store.written) == 700


def test_a_dry_run_writes_nothing_and_counts_everything(tmp_path: Path) -> None:
    path = _file(tmp_path, 250)
    path.write_text(path.read_text() + "bad_one,instagram,-3\n", encoding="utf-8")
    rejected: list[RejectedRow] = []

    totals = run_ingest(open_profiles(path), None, report=rejected.append, progress=False, batch_size=100)

    assert (totals.read, totals.accepted, totals.rejected, totals.added) == (251, 250, 1, 0)
    assert [(r.line, r.reason) for r in rejected] == [(252, "negative followers (-3)")]


def test_the_progress_line_names_rows_read_accepted_rejected_and_rate() -> None:
    totals = IngestTotals(read=12_000, accepted=11_990, rejected=10)
    line = totals.status()
    assert line.startswith("12,000 read · 11,990 accepted · 10 rejected · ")
    assert line.endswith(" rows/s")


def test_no_progress_bar_when_output_is_not_a_terminal() -> None:
    assert on_a_terminal() is False  # pytest captures stdout and stderr
