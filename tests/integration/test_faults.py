"""Faults in what Scout depends on: the Chroma server dies mid-run and comes back.

The service must answer with a friendly error (and a reference) while the store is down, never raise,
and recover on its own once the server is back, without being rebuilt. (The Slack 429 retry is
covered in test_slack_http.py.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from fakes.profiles import TODAY, climbing_set, make_profile
from matching.profile import Profile
from tests.integration.chroma_server import chroma_server, free_port

if TYPE_CHECKING:
    from retrieval.embeddings import MiniLMEmbedder

pytestmark = [pytest.mark.integration, pytest.mark.server]

QUESTION = "3 Instagram creators for a climbing snack brand, audience in the US"


def crash(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server's process group (a crash, not a clean shutdown) and reap it."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)


def profiles() -> list[Profile]:
    extra = [
        make_profile(
            f"faults_climber_{i}",
            followers=20_000 + 3_000 * i,
            engagement_rate=0.03 + i / 1000,
            bio="Bouldering and trail snacks.",
        )
        for i in range(6)
    ]
    return [*climbing_set(), *extra]


def test_chroma_server_killed_then_restarted_service_recovers(
    tmp_path: Path, embedder: MiniLMEmbedder
) -> None:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from retrieval.store import ChromaProfileStore

    data, port = tmp_path / "chroma-data", free_port()
    with chroma_server(data, port=port) as server:
        client = chromadb.HttpClient(
            host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)
        )
        store = ChromaProfileStore(client, "faults", embedder=embedder)
        assert store.upsert(profiles()).added == 20
        service = RecommendationService(store, OfflineModel(), today=lambda: TODAY)

        before = service.ask(QUESTION, prose=False)
        assert before.answer.kind == "recommendations"
        picks = [r.handle for r in before.answer.recommendations]
        assert len(picks) == 3

        crash(server.process)
        started = time.monotonic()
        down = service.ask(QUESTION, prose=False)  # must not raise
        down_s = time.monotonic() - started
        assert down.answer.kind == "error"
        assert "can't reach the profile store" in down.answer.answer
        assert "(ref " in down.answer.answer and down.answer.recommendations == []
        assert any(w.startswith("error ref ") for w in down.answer.warnings)
        assert down_s < 30, f"the failed ask took {down_s:.1f} s"  # generous: no endless retry loop
        # Buttons on an old answer fail the same friendly way.
        assert before.state is not None
        button = service.action("why", before.state.ranked_ids[0], before.state)
        assert button.answer.kind == "error" and "profile store" in button.answer.answer

    # Same port, same data folder: the same service object answers again.
    with chroma_server(data, port=port):
        after = service.ask(QUESTION, prose=False)
        assert after.answer.kind == "recommendations", after.answer.answer
        assert [r.handle for r in after.answer.recommendations] == picks
        follow = service.ask("tell me more about #2", after.state, prose=False)
        assert follow.answer.kind == "profile"
        assert follow.answer.recommendations[0].handle == picks[1]
