"""Feedback kept in a real Chroma collection beside the profiles, listed by `scout feedback`, and used.

Two ChromaFeedbackLog objects over the same folder stand for two bot processes; `scout feedback` runs
through click's CliRunner against that folder (no keys, no .env).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings
from click.testing import CliRunner

from assistant.feedback import FeedbackEntry, MemoryFeedbackLog, brand_key
from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from fakes.memory_store import MemoryStore
from fakes.profiles import TODAY, climbing_set
from retrieval.feedback_store import ChromaFeedbackLog, feedback_collection_name
from scout.cli import main

pytestmark = pytest.mark.integration

QUESTION = "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US"
DESIGN_KEYS = {"value", "user", "channel", "thread_ts", "question", "handles", "handle", "reason", "at"}


def client(path: Path) -> chromadb.ClientAPI:
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def entry(value: str, minutes: int, **kw: object) -> FeedbackEntry:
    at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    values: dict[str, object] = {
        "value": value,
        "user": "W111",
        "channel": "C111",
        "thread_ts": "1700000001.000001",
        "question": QUESTION,
        "handles": ["a", "b"],
        "at": at,
    }
    values.update(kw)
    return FeedbackEntry.model_validate(values)


def test_two_processes_share_feedback_and_scout_feedback_lists_it_newest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "chroma"
    name = feedback_collection_name("influencers")
    first, second = ChromaFeedbackLog(client(path), name), ChromaFeedbackLog(client(path), name)
    first.record(entry("positive", 0))
    marked = entry("not_a_fit", 5, handle="b", brand="sustainable climbing snack")
    second.record(marked)
    assert first.set_reason(marked.id, "  Too many   ads ")
    first.record(entry("negative", 2, reason=None))
    assert [e.value for e in second.entries()] == ["not_a_fit", "negative", "positive"]
    assert second.not_a_fit("sustainable climbing snack") == {"b"}
    assert first.not_a_fit("vegan skincare") == set()

    for var in ("CHROMA_HOST", "CHROMA_PORT", "SCOUT_COLLECTION", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHROMA_PATH", str(path))
    result = CliRunner().invoke(main, ["feedback", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    items = doc["feedback"]
    assert [i["value"] for i in items] == ["not_a_fit", "negative", "positive"]
    assert all(set(i) == DESIGN_KEYS for i in items)
    assert (
        items[0]["handle"] == "b"
        and items[0]["reason"] == "Too many ads"
        and items[0]["handles"] == ["a", "b"]
    )
    assert items[1]["handle"] is None and items[1]["reason"] is None
    assert datetime.fromisoformat(items[0]["at"]) > datetime.fromisoformat(items[1]["at"])
    plain = CliRunner().invoke(main, ["feedback"], catch_exceptions=False)
    assert plain.exit_code == 0 and "not_a_fit" in plain.stdout and "Too many ads" in plain.stdout


def test_not_a_fit_sinks_that_creator_for_the_same_brand_and_the_answer_says_so() -> None:
    log = MemoryFeedbackLog()
    service = RecommendationService(
        MemoryStore(climbing_set()), OfflineModel(), today=lambda: TODAY, feedback=log
    )
    before = service.ask(QUESTION, prose=False).answer
    top = before.recommendations[0].handle
    assert before.brief is not None
    log.record(entry("not_a_fit", 0, handle=top, brand=brand_key(before.brief)))
    after = service.ask(QUESTION, prose=False).answer
    handles = [r.handle for r in after.recommendations]
    assert handles[0] != top
    if top in handles:
        assert handles.index(top) == len(handles) - 1
    assert f"@{top}" in after.answer and "Not a fit" in after.answer
    # Another brand's brief is untouched.
    other = service.ask("5 Instagram creators for a vegan bakery, audience in the US", prose=False).answer
    assert "Not a fit" not in other.answer


def test_a_feedback_store_outage_never_breaks_an_answer() -> None:
    log = MemoryFeedbackLog()
    service = RecommendationService(
        MemoryStore(climbing_set()), OfflineModel(), today=lambda: TODAY, feedback=log
    )

    def broken(brand: str, team: str | None = None) -> set[str]:
        raise OSError("chroma down")

    log.not_a_fit = broken  # type: ignore[method-assign]
    answer = service.ask(QUESTION, prose=False).answer
    assert answer.kind == "recommendations" and answer.recommendations
