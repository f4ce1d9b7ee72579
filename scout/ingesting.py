"""`scout ingest`: stream a checked file into the store a batch at a time, or only validate it.

Memory stays flat with file size: each batch is parsed, validated, embedded and written before the
next is read. A store that stops answering part-way ends the run with one line and exit 2; the rows
already written are complete batches with their content hashes, so running the same command again
skips them and writes the rest.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from matching.profile import Profile
    from matching.store_types import UpsertReport
    from retrieval.ingest import ProfileFile, RejectedRow
    from retrieval.sharded_store import ShardedProfileStore
    from retrieval.store import ChromaProfileStore

log = logging.getLogger(__name__)

#: Records per batch: large enough to keep the embedder busy, small enough to keep memory flat.
INGEST_BATCH: Final = 1_000
#: Rows after which a terminal gets a progress bar (smaller files finish before it would draw).
PROGRESS_MIN_ROWS: Final = 500


class StoreStoppedError(RuntimeError):
    """The store failed part-way through an ingest; the message is the one line shown."""


def store_failures() -> tuple[type[BaseException], ...]:
    """Exceptions that mean the store (embedded files or a server) stopped answering, not a bug here."""
    import httpx
    from chromadb.errors import ChromaError

    return (ChromaError, OSError, sqlite3.Error, httpx.HTTPError, ConnectionError, TimeoutError)


@dataclass(slots=True)
class IngestTotals:
    """Counts over the whole run."""

    read: int = 0
    accepted: int = 0
    rejected: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    started: float = field(default_factory=time.monotonic)
    #: Each distinct list of raw category labels and how many accepted rows carry it (bounded by labels).
    labels: Counter[tuple[str, ...]] = field(default_factory=Counter)
    #: Labels mapped to a niche by embedding (label -> niche), over every batch.
    by_embedding: dict[str, str] = field(default_factory=dict)

    def label_lists(self) -> list[tuple[str, ...]]:
        """Every accepted row's raw labels (shared tuples, so this costs a pointer a row)."""
        return [labels for labels, n in self.labels.items() for _ in range(n)]

    def add(self, report: UpsertReport) -> None:
        """Count one batch's write."""
        self.added += report.added
        self.updated += report.updated
        self.unchanged += report.unchanged

    def status(self) -> str:
        """The progress line: rows read, accepted, rejected and rows per second."""
        rate = self.read / max(time.monotonic() - self.started, 1e-6)
        return f"{self.read:,} read · {self.accepted:,} accepted · {self.rejected:,} rejected · {rate:,.0f} rows/s"


def on_a_terminal() -> bool:
    """True only when both stdout and stderr are terminals (never in pipes, files or CI logs)."""
    return sys.stdout.isatty() and sys.stderr.isatty()


@contextmanager
def _progress(total: int, totals: IngestTotals, show: bool) -> Iterator[Callable[[int], None]]:
    if not show or total < PROGRESS_MIN_ROWS:
        yield lambda _n: None
        return
    bar: ProgressBar[int]
    with click.progressbar(
        length=total,
        label="Ingesting",
        file=sys.stderr,
        show_eta=True,
        item_show_func=lambda _item: totals.status(),
    ) as bar:
        yield bar.update


def run_ingest(
    table: ProfileFile,
    store: ChromaProfileStore | ShardedProfileStore | None,
    *,
    report: Callable[[RejectedRow], None],
    progress: bool,
    batch_size: int = INGEST_BATCH,
    prepare: Callable[[list[Profile]], tuple[list[Profile], dict[str, str]]] | None = None,
) -> IngestTotals:
    """Read ``table`` in batches; report each rejected row; write accepted ones unless ``store`` is None.

    ``prepare`` may rewrite a batch before it is written (category labels mapped by embedding) and
    returns the label -> niche pairs it mapped.

    Raises:
        StoreStoppedError: the store failed; the message says how far the run got and to rerun.

    """
    totals = IngestTotals()
    failures = store_failures()
    with _progress(table.records, totals, progress) as advance:
        for batch in table.batches(batch_size):
            for row in batch.rejected:
                report(row)
            profiles = list(batch.profiles)
            if prepare is not None and profiles:
                profiles, mapped = prepare(profiles)
                totals.by_embedding.update(mapped)
            totals.labels.update(tuple(p.topics) for p in profiles)
            if store is not None and profiles:
                try:
                    totals.add(store.upsert(profiles))
                except failures as error:
                    log.debug("store write failed", exc_info=True)
                    raise StoreStoppedError(
                        f"the store stopped answering after {totals.read:,} of {table.records:,} rows; "
                        "run the same command again to resume"
                    ) from error
            totals.read += batch.rows
            totals.accepted += len(batch.profiles)
            totals.rejected += len(batch.rejected)
            advance(batch.rows)
    return totals


def rejected_line(name: str, row: RejectedRow) -> str:
    """``file:line: rejected: reason``, made safe for a terminal."""
    from scout.terminal import sanitize

    return sanitize(f"{name}:{row.line}: rejected: {row.reason}")
