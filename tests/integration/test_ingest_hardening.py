"""`scout ingest` as a real process against failing, read-only and misnamed stores (issue 12).

- ``--dry-run`` gives the same counts and rejected rows as a real ingest and writes nothing.
- A Chroma server killed mid-ingest gives one line, not a traceback, and the rerun resumes.
- A read-only embedded store still answers ``ask``; writes are refused in one line.
- ``SCOUT_COLLECTION`` is checked against Chroma's naming rule at start-up.
- Streaming: peak memory of a 20,000-row dry run stays within 1.2x of a 2,000-row one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest

from tests.integration.chroma_server import chroma_server

pytestmark = pytest.mark.integration

SCOUT = Path(sys.executable).with_name("scout")
STOPPED = re.compile(
    r"^error: the store stopped answering after [\d,]+ of 1,200 rows; run the same command again to resume$"
)


def _env(chroma: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SLACK_", "CHROMA_", "SCOUT_"))
    }
    env["CHROMA_PATH"] = str(chroma)
    env.update(extra)
    return env


def _scout(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCOUT), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def _csv(path: Path, rows: int, *, bad_every: int = 0) -> None:
    lines = ["handle,platform,followers,engagement_rate,bio"]
    for i in range(rows):
        followers = "-5" if bad_every and i % bad_every == 7 else str(10_000 + i)
        lines.append(f"creator_{i:05d},instagram,{followers},3.1%,climbing {i}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_dry_run_reports_like_a_real_ingest_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "creators.csv"
    _csv(data, 60, bad_every=20)
    dry_store, real_store = tmp_path / "dry", tmp_path / "real"

    dry = _scout("ingest", str(data), "--dry-run", env=_env(dry_store), cwd=tmp_path)
    real = _scout("ingest", str(data), env=_env(real_store), cwd=tmp_path)

    assert dry.returncode == real.returncode == 0, dry.stderr + real.stderr
    assert dry.stdout.strip() == "creators.csv: 57 accepted, 3 rejected (dry run: nothing written)."
    assert real.stdout.startswith("creators.csv: 57 accepted, 3 rejected (57 added")
    assert dry.stderr == real.stderr
    assert dry.stderr.count("rejected: negative followers (-5)") == 3
    assert not dry_store.exists()  # not even an empty store was created


def test_a_misnamed_collection_is_one_line_at_start_up(tmp_path: Path) -> None:
    for name in ("ux", "-bad-", "a" * 513, "has space"):
        done = _scout("seed", env=_env(tmp_path / "chroma", SCOUT_COLLECTION=name), cwd=tmp_path)
        assert done.returncode == 2, name
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: SCOUT_COLLECTION"), done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "chroma").exists()


@pytest.mark.server
def test_a_chroma_server_killed_mid_ingest_gives_one_line_and_the_rerun_resumes(tmp_path: Path) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    data = tmp_path / "creators.csv"
    _csv(data, 1_200)
    store = tmp_path / "server-store"
    with chroma_server(store) as server:
        env = _env(tmp_path / "unused", CHROMA_HOST=server.host, CHROMA_PORT=str(server.port))
        port = server.port
        created = _scout("stats", env=env, cwd=tmp_path)
        assert created.returncode == 0, created.stderr
        client = chromadb.HttpClient(
            host=server.host, port=server.port, settings=ChromaSettings(anonymized_telemetry=False)
        )
        proc = subprocess.Popen(
            [str(SCOUT), "ingest", str(data)],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            with suppress(Exception):
                if client.get_collection("influencers").count() > 0:
                    break
            time.sleep(0.05)
        with suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=30)
        out, err = proc.communicate(timeout=300)

    assert proc.returncode == 2, out + err
    assert "Traceback" not in err
    assert STOPPED.match(err.strip().splitlines()[-1]), err

    with chroma_server(store, port=port) as server:
        again = _scout("ingest", str(data), env=env, cwd=tmp_path)
        client = chromadb.HttpClient(
            host=server.host, port=server.port, settings=ChromaSettings(anonymized_telemetry=False)
        )
        count = client.get_collection("influencers").count()
    assert again.returncode == 0, again.stderr
    assert count == 1_200
    unchanged = int(re.search(r"([\d,]+) unchanged", again.stdout).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert unchanged > 0  # the rows written before the crash were not embedded again


def _read_only_runner() -> list[str] | None:
    """A command prefix that runs a shell where the store folder can be made read-only, or None."""
    if os.geteuid() != 0:
        return []  # chmod is enough for an ordinary user
    if shutil.which("unshare") and subprocess.run(["unshare", "-rm", "true"], check=False).returncode == 0:
        return ["unshare", "-rm"]
    return None


def test_a_read_only_store_still_answers_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    runner = _read_only_runner()
    if runner is None:
        pytest.skip("running as root without user namespaces: no way to make a folder read-only here")
    data = tmp_path / "creators.csv"
    _csv(data, 30)
    chroma = tmp_path / "chroma"
    seeded = _scout("ingest", str(data), env=_env(chroma), cwd=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    if runner:
        make_ro = f"mount --bind {chroma} {chroma} && mount -o remount,bind,ro {chroma}"
    else:
        make_ro = f"chmod -R a-w {chroma}"
    script = (
        f"{make_ro} && "
        f"{SCOUT} ask 'climbing creators on instagram' --json > ask.json 2> ask.err; echo $? > ask.rc; "
        f"{SCOUT} ingest {data} > ingest.out 2> ingest.err; echo $? > ingest.rc"
    )
    try:
        subprocess.run([*runner, "sh", "-c", script], env=_env(chroma), cwd=tmp_path, check=True, timeout=600)
    finally:
        if not runner:
            subprocess.run(["chmod", "-R", "u+w", str(chroma)], check=False)

    assert (tmp_path / "ask.rc").read_text().strip() == "0", (tmp_path / "ask.err").read_text()
    doc = json.loads((tmp_path / "ask.json").read_text())
    assert [r["handle"] for r in doc["recommendations"]][:1] and "Traceback" not in (
        tmp_path / "ask.err"
    ).read_text()
    assert (tmp_path / "ingest.rc").read_text().strip() == "2"
    err = (tmp_path / "ingest.err").read_text()
    assert err.strip().splitlines()[-1].endswith("is read-only: nothing written (reads still work)")
    assert "Traceback" not in err


def _peak_rss_mb(args: list[str], env: dict[str, str], cwd: Path) -> float:
    """Peak resident memory of one child process (ru_maxrss of the waited-for child)."""
    code = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "assert done.returncode == 0, done.stderr[-2000:]\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    # Measured in a helper process, so other children of pytest do not count.
    return int(out.stdout.strip()) / 1024


def test_streaming_dry_run_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    _csv(small, 2_000)
    _csv(large, 20_000)
    env = _env(tmp_path / "chroma")

    peak_small = _peak_rss_mb([str(SCOUT), "ingest", str(small), "--dry-run"], env, tmp_path)
    peak_large = _peak_rss_mb([str(SCOUT), "ingest", str(large), "--dry-run"], env, tmp_path)

    assert peak_large <= 1.2 * peak_small, f"{peak_small:.0f} MB at 2,000 rows, {peak_large:.0f} MB at 20,000"
