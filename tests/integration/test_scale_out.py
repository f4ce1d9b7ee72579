"""Past one machine: two `scout serve --http` processes on one real `chroma run` server.

An ingest through a third process lands between two questions; both bots must answer the second
one from the new rows, because each process's in-process index reads the collection's version stamp
before every search and pulls only the rows written since.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import pytest

from fakes.slack_api import FakeSlackAPI
from tests.integration.chroma_server import ChromaServer
from tests.integration.test_slack_e2e import DATA, SCOUT, ask, scout_env, serve

pytestmark = [pytest.mark.integration, pytest.mark.server, pytest.mark.xdist_group("chroma_server")]

QUESTION = "3 TikTok creators about urban beekeeping and honey for a honey brand"
BEEKEEPERS = ("e2e_hive_hana", "e2e_comb_colm", "e2e_bee_bram")


def beekeepers(path: Path) -> Path:
    rows = [
        {
            "handle": handle,
            "platform": "tiktok",
            "followers": 20_000 + 9_000 * i,
            "engagement_rate": 0.06 - 0.005 * i,
            "topics": ["beekeeping"],
            "bio": "Urban beekeeping on city rooftops: hives, honey harvests and pollinator gardens.",
            "recent_captions": ["Harvesting rooftop honey", "Inspecting the hive in spring"],
            "country": "CA",
            "language": "en",
            "last_post_date": "2026-10-25",
            "contact_email": f"{handle}@example.com",
            "audience": {"top_countries": {"CA": 0.7}, "credibility": 0.92},
        }
        for i, handle in enumerate(BEEKEEPERS)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def ingest(file: Path, env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        [str(SCOUT), "ingest", str(file)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_two_bot_processes_on_one_chroma_server_both_see_an_ingest(
    chroma_server: ChromaServer, tmp_path: Path
) -> None:
    server = {
        "CHROMA_HOST": chroma_server.host,
        "CHROMA_PORT": str(chroma_server.port),
        "SCOUT_COLLECTION": f"scale-{uuid.uuid4().hex[:10]}",
    }
    # Each process keeps its own index cache file (CHROMA_PATH's folder), as separate machines would.
    first_home, second_home, writer_home = (tmp_path / n for n in ("a", "b", "w"))
    for home in (first_home, second_home, writer_home):
        home.mkdir()
    assert "28 accepted" in ingest(DATA, scout_env(writer_home / "chroma", **server), writer_home)

    with (
        FakeSlackAPI() as slack,
        serve(first_home / "chroma", slack, tmp_path / "a.log", **server) as bot_a,
        serve(second_home / "chroma", slack, tmp_path / "b.log", **server) as bot_b,
    ):
        # Both bots loaded their index at start-up (serve warms it); one answers from it now.
        before = ask(bot_a, "CSCALE1")
        assert before.handles and not set(before.handles) & set(BEEKEEPERS)
        assert "3 accepted" in ingest(
            beekeepers(tmp_path / "bees.jsonl"), scout_env(writer_home / "chroma", **server), writer_home
        )
        after_a = ask(bot_a, "CSCALE2", question=QUESTION)
        after_b = ask(bot_b, "CSCALE3", question=QUESTION)
    for after in (after_a, after_b):
        assert set(after.handles) == set(BEEKEEPERS), after.handles
    # In server mode a bot creates no embedded store, only its index cache beside CHROMA_PATH.
    assert not (first_home / "chroma").exists()
    assert list(first_home.glob("server-*.index"))
