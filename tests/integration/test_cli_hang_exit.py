"""`scout ask` as a real process exits as soon as its answer is printed, even while an LLM call hangs.

The fake OpenAI endpoint never answers; the answer comes back offline after SCOUT_LLM_TIMEOUT. What
is measured is the gap between the last line printed and the process ending: an abandoned call must
not hold the interpreter open. The bound is generous (a failure detector, not a speed goal).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fakes.openai_server import FakeOpenAI

pytestmark = pytest.mark.integration

SCOUT = Path(sys.executable).with_name("scout")
HANG_S = 60.0
LLM_TIMEOUT_S = 2.0
# Well under the hang: the process may take a moment to tear down, never the hang itself.
EXIT_AFTER_OUTPUT_S = 10.0
CSV = (
    "handle,platform,followers,engagement_rate,country,bio\n"
    "crag_carla,instagram,24500,3.1%,US,Bouldering and sport climbing in Colorado.\n"
    "boulder_ben,instagram,48200,2.4%,US,Climbing coach and healthy trail snacks.\n"
    "chalk_chloe,instagram,15800,4.6%,GB,Indoor bouldering and chalk bag reviews.\n"
)


def _env(chroma: Path, base_url: str | None) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SLACK_", "CHROMA_", "SCOUT_"))
    }
    env.update({"CHROMA_PATH": str(chroma), "SCOUT_LLM_TIMEOUT": str(LLM_TIMEOUT_S)})
    if base_url:
        env.update({"OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": base_url, "SCOUT_LLM_MAX_RETRIES": "0"})
    return env


def test_ask_exits_once_the_answer_is_printed_while_the_llm_hangs(tmp_path: Path) -> None:
    data = tmp_path / "creators.csv"
    data.write_text(CSV, encoding="utf-8")
    chroma = tmp_path / "chroma"
    done = subprocess.run(
        [str(SCOUT), "ingest", str(data)],
        env=_env(chroma, None),
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr

    with FakeOpenAI() as fake:
        # The brief comes back; the prose call hangs far longer than the whole run may take.
        fake.ok({"topics": ["climbing"], "platforms": ["instagram"]})
        for _ in range(3):
            fake.hang(HANG_S)
        proc = subprocess.Popen(
            [str(SCOUT), "ask", "3 climbing creators on Instagram"],
            env=_env(chroma, fake.base_url),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert proc.stdout is not None
        started = time.monotonic()
        output = proc.stdout.read()  # returns when the process closes stdout (it exits)
        printed = time.monotonic()
        try:
            proc.wait(timeout=EXIT_AFTER_OUTPUT_S)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        exited = time.monotonic()

    text = output.decode()
    assert proc.returncode == 0
    assert "@crag_carla" in text or "@boulder_ben" in text or "@chalk_chloe" in text
    assert "answered offline" in text
    assert exited - started < HANG_S / 2, (
        f"exited {exited - started:.1f} s after start (output at {printed - started:.1f} s)"
    )
