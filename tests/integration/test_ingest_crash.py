"""An ingest killed with SIGKILL mid-write, then run again, loses and duplicates nothing.

The store writes in batches (``WRITE_BATCH`` profiles per Chroma call) and skips profiles whose content
hash is already stored, so a rerun after a crash must write exactly the missing rows. The test runs the
real ``scout`` entry point as a subprocess, watches the row count from this process (short reads, so
the writer is never blocked), and kills the writer once some but not all rows are in.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from retrieval.connection import WRITE_BATCH

pytestmark = pytest.mark.integration

SCOUT = Path(sys.executable).with_name("scout")
DUPLICATES = 12  # rows repeating an earlier handle in another case: rejected, never stored twice
POLL_S = 0.02
START_TIMEOUT_S = 120.0  # bounded: the model load and the first batch take a few seconds
NICHES = ("climbing", "baking", "gaming", "skincare", "running", "travel")


def write_profiles(path: Path, n: int) -> list[str]:
    """A JSONL file of ``n`` distinct short profiles plus a few duplicates; returns the expected IDs."""
    lines = []
    for i in range(n):
        lines.append(
            json.dumps(
                {
                    "handle": f"creator_{i:05d}",
                    "platform": ("instagram", "tiktok", "youtube")[i % 3],
                    "followers": 10_000 + 37 * i,
                    "bio": f"{NICHES[i % len(NICHES)]} {i}",
                }
            )
        )
    for i in range(DUPLICATES):
        lines.append(
            json.dumps(
                {
                    "handle": f"CREATOR_{i:05d}",
                    "platform": ("instagram", "tiktok", "youtube")[i % 3],
                    "followers": 1,
                }
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sorted(f"{('instagram', 'tiktok', 'youtube')[i % 3]}:creator_{i:05d}" for i in range(n))


def scout_env(chroma: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SLACK_", "CHROMA_", "SCOUT_"))
    }
    env["CHROMA_PATH"] = str(chroma)
    return env


def run_scout(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCOUT), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def stored_ids(chroma: Path) -> list[str]:
    """Every stored ID, read by a fresh process (no client cache from this one)."""
    code = (
        "import json, sys, chromadb\n"
        "from chromadb.config import Settings\n"
        "client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))\n"
        "col = client.get_collection('influencers')\n"
        "got = col.get(include=['embeddings'])\n"
        "assert all(len(v) == 384 for v in got['embeddings'])\n"
        "print(json.dumps({'ids': got['ids'], 'count': col.count()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(chroma)], capture_output=True, text=True, timeout=120, check=True
    )
    doc = json.loads(done.stdout)
    assert doc["count"] == len(doc["ids"])
    ids: list[str] = doc["ids"]
    return ids


def kill_mid_write(file: Path, total: int, env: dict[str, str], cwd: Path, chroma: Path) -> int | None:
    """Start an ingest and SIGKILL it once 0 < rows < total; the row count then, or None if it finished."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    # Create the store first: two processes creating Chroma's system tables at once race ("table
    # collections already exists"), and this observer must not be the second creator.
    created = run_scout("stats", "--json", env=env, cwd=cwd)
    assert created.returncode == 0, created.stderr
    proc = subprocess.Popen(
        [str(SCOUT), "ingest", str(file)], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    client = None
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(POLL_S)
            if not (chroma / "chroma.sqlite3").exists():
                continue
            try:
                if client is None:
                    client = chromadb.PersistentClient(
                        path=str(chroma), settings=ChromaSettings(anonymized_telemetry=False)
                    )
                count = client.get_collection("influencers").count()
            except Exception:  # the writer is still creating the collection
                continue
            if 0 < count < total:
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                return count
        assert proc.poll() is not None, f"no rows written within {START_TIMEOUT_S:.0f} s"
        assert proc.returncode == 0, proc.communicate(timeout=30)[1]
        return None
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def test_an_ingest_killed_mid_write_and_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    file = tmp_path / "creators.jsonl"
    # Several batches, so some land before the kill and some after. If a fast machine finishes before
    # a partial state is seen, try again on a fresh store with a bigger file (bounded attempts).
    n = 3 * WRITE_BATCH
    partial = None
    for attempt in range(3):
        chroma = tmp_path / f"chroma{attempt}"
        env = scout_env(chroma)
        expected = write_profiles(file, n)
        partial = kill_mid_write(file, n, env, tmp_path, chroma)
        if partial is not None:
            break
        n *= 3
    assert partial is not None, "the ingest always finished before it could be killed mid-write"
    assert 0 < partial < n

    rerun = run_scout("ingest", str(file), env=env, cwd=tmp_path)

    assert rerun.returncode == 0, rerun.stderr
    accepted = f"creators.jsonl: {n:,} accepted, {DUPLICATES} rejected"
    assert rerun.stdout.startswith(accepted)
    # Whatever the killed run left is kept (unchanged); the rest is added; nothing is counted twice.
    report = rerun.stdout[len(accepted) :].strip(" ().\n")
    added, updated, unchanged = (int(part.split()[0].replace(",", "")) for part in report.split(", "))
    assert updated == 0 and added + unchanged == n and unchanged >= partial
    assert rerun.stderr.count("rejected: duplicate of line") == DUPLICATES

    ids = stored_ids(chroma)
    assert len(ids) == len(set(ids)) == n
    assert sorted(ids) == expected

    third = run_scout("ingest", str(file), env=env, cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert third.stdout.strip() == f"{accepted} (0 added, 0 updated, {n:,} unchanged)."

    stats = run_scout("stats", "--json", env=env, cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    doc = json.loads(stats.stdout)
    assert doc["profiles"] == n
    assert doc["by_platform"] == {"instagram": n // 3, "tiktok": n // 3, "youtube": n // 3}
