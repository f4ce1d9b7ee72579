"""The CLI contract of DESIGN.md, through click's CliRunner against a real embedded Chroma store.

Every test runs in its own folder (``tmp_path``) with ``CHROMA_PATH`` inside it and no OpenAI or
Slack settings, so a developer's ``.env`` or keys never leak in. The real MiniLM embedder is shared
(the session fixture) to keep each command cheap. Everything that needs the bundled sample is checked
in one test, so the sample is embedded only once.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from matching.weights import RULE_IDS
from retrieval.embeddings import MiniLMEmbedder
from scout.cli import main

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cli"
CREATORS = FIXTURES / "creators.csv"

# What creators.csv holds: 24 data rows (one bio spans three lines), 19 good, 5 rejected.
GOOD_HANDLES = {
    "crag_carla",  # written "@crag_carla" in the file
    "boulder_ben",
    "trail_tess",
    "sourdough_sam",
    "vegan_vera",
    "retro_rick",
    "skin_sana",
    "marathon_mo",
    "multi_line_max",
    "chalk_chloe",
    "granola_gabe",
    "yoga_yara",
    "pastry_pia",
    "speedrun_sid",
    "glow_gina",
    "hills_hana",
    "big_bouldering",
    "tiny_tom",
    "vanlife_val",
}
REJECTED_LINES = [
    "creators.csv:10: rejected: followers 'lots' is not a number",
    "creators.csv:11: rejected: missing handle",
    "creators.csv:12: rejected: duplicate of line 3",
    "creators.csv:13: rejected: negative followers (-500)",
    # After the three-line bio of line 14: the line number counts physical lines, not records.
    "creators.csv:17: rejected: unknown platform 'myspace'",
]
DESIGN_STATS_KEYS = {"profiles", "by_platform", "by_tier", "store"}
DESIGN_ASK_KEYS = {"question", "brief", "llm", "recommendations", "answer", "warnings"}
DESIGN_PICK_KEYS = {
    "rank",
    "handle",
    "platform",
    "followers",
    "engagement_rate",
    "country",
    "tier",
    "score",
    "reasons",
    "profile_url",
}
SAMPLE_QUESTION = (
    "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US"
)
CLIMBING_QUESTION = "instagram creators for a climbing snack brand in the US"
_UNSET = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_MODEL",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
    "CHROMA_HOST",
    "CHROMA_PORT",
    "CHROMA_API_KEY",
    "SCOUT_COLLECTION",
    "SCOUT_EMBEDDINGS",
    "SCOUT_TAXONOMY",
)


def isolate(mp: pytest.MonkeyPatch, folder: Path, embedder: MiniLMEmbedder) -> Path:
    """Point the CLI at a store in ``folder``, with no keys, no .env and the shared embedder."""
    for name in _UNSET:
        mp.delenv(name, raising=False)
    mp.chdir(folder)  # Settings reads .env from the working directory
    mp.setenv("CHROMA_PATH", str(folder / "chroma"))
    # The real model, loaded once per worker instead of once per command.
    mp.setattr("retrieval.embeddings.make_embedder", lambda choice: embedder)
    return folder / "chroma"


def scout(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def stats() -> dict[str, Any]:
    result = scout("stats", "--json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def ask_json(*args: str) -> dict[str, Any]:
    result = scout("ask", *args, "--json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def rejected_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": rejected: " in line]


@pytest.fixture
def store_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, embedder: MiniLMEmbedder) -> Path:
    return isolate(monkeypatch, tmp_path, embedder)


@pytest.fixture
def ingested(store_dir: Path) -> Result:
    """The store after `scout ingest creators.csv`."""
    result = scout("ingest", str(CREATORS))
    assert result.exit_code == 0, result.output
    return result


# ingest ------------------------------------------------------------------------------------------


def test_ingest_counts_rows_and_reports_each_rejected_row_with_its_line(ingested: Result) -> None:
    from config.settings import Settings
    from matching.profile import Profile
    from retrieval.store import ChromaProfileStore

    assert ingested.stdout.strip() == (
        "creators.csv: 19 accepted, 5 rejected (19 added, 0 updated, 0 unchanged)."
    )
    assert rejected_lines(ingested) == REJECTED_LINES

    doc = stats()
    assert doc["profiles"] == 19
    assert doc["by_platform"] == {"instagram": 12, "tiktok": 4, "youtube": 3}
    assert doc["by_tier"] == {"macro": 1, "micro": 17, "nano": 1}

    store = ChromaProfileStore.open(Settings().chroma_connection(), MiniLMEmbedder())
    held = store.get([f"{platform}:{handle}" for platform in doc["by_platform"] for handle in GOOD_HANDLES])
    assert {p.handle for p in held} == GOOD_HANDLES
    assert all(isinstance(p, Profile) and not p.handle.startswith("@") for p in held)
    by_handle = {p.handle: p for p in held}
    assert by_handle["boulder_ben"].followers == 48_200  # the first row wins over its duplicate
    assert by_handle["multi_line_max"].bio == "Alpine climber.\nSnacks on the wall,\nstories from the crag."
    assert by_handle["crag_carla"].engagement_rate == pytest.approx(0.031)
    assert not store.find_handle("minus_mia") and not store.find_handle("lots_of_fans")
    assert not store.find_handle("odd_olga")


def test_reingesting_the_same_file_changes_nothing(ingested: Result) -> None:
    before = stats()

    again = scout("ingest", str(CREATORS))

    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == "creators.csv: 19 accepted, 5 rejected (0 added, 0 updated, 19 unchanged)."
    assert rejected_lines(again) == REJECTED_LINES
    assert stats() == before  # same counts, and no write (updated_at unchanged)


def test_absurd_numbers_are_rejected_rows_not_a_crash(store_dir: Path) -> None:
    # "1e400" overflowed and "1e99999999" built a 100-million-digit integer before the parser caught them.
    good = "".join(f"fine_{i},{i + 12}.5K\n" for i in range(9))  # enough for the column to read as counts
    absurd = f"huge_hal,1e400\nendless_eve,1e99999999\nlong_lou,{'9' * 400}\n"
    path = _write(store_dir.parent, "instagram_numbers.csv", "handle,followers\n" + absurd + good)

    result = scout("ingest", str(path))

    assert result.exit_code == 0, result.output
    assert "9 accepted, 3 rejected (9 added" in result.stdout
    assert [line.split(": rejected: ") for line in rejected_lines(result)] == [
        ["instagram_numbers.csv:2", "followers '1e400' is not a number"],
        ["instagram_numbers.csv:3", "followers '1e99999999' is not a number"],
        ["instagram_numbers.csv:4", f"followers '{'9' * 400}' is not a number"],
    ]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


UNUSABLE = {
    "missing": (None, "no such file"),
    "unknown extension": (("creators.xlsx", "handle,followers\nann,1200\n"), "unknown file type '.xlsx'"),
    "empty": (("empty.csv", "  \n\n"), "empty.csv is empty"),
    "no handle column": (
        ("no_handle.csv", "full name,followers,country\nAnn Lee,12000,US\nBo Ray,30000,GB\n"),
        "no handle column in no_handle.csv (found: full name, followers, country)",
    ),
    "no follower column": (
        ("instagram_no_followers.csv", "handle,bio,country\nann_lee,Runner,US\nbo_ray,Baker,GB\n"),
        "no follower column in instagram_no_followers.csv (found: handle, bio, country)",
    ),
}


@pytest.mark.parametrize("case", list(UNUSABLE))
def test_an_unusable_file_exits_2_with_one_line_and_writes_nothing(store_dir: Path, case: str) -> None:
    spec, message = UNUSABLE[case]
    path = store_dir.parent / "absent.csv" if spec is None else _write(store_dir.parent, *spec)

    result = scout("ingest", str(path))

    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert message in lines[0]
    assert not store_dir.exists()  # failed before opening the store
    assert stats()["profiles"] == 0


def test_an_unusable_file_leaves_a_filled_store_unchanged(ingested: Result, store_dir: Path) -> None:
    before = stats()
    bad = _write(store_dir.parent, "bad.csv", "who,what\nann,1\n")

    result = scout("ingest", str(bad))

    assert result.exit_code == 2
    assert "no handle column in bad.csv (found: who, what)" in result.stderr
    assert stats() == before


def test_platform_option_sets_the_platform_of_every_row(store_dir: Path) -> None:
    without = scout("ingest", str(FIXTURES / "no_platform.csv"))
    assert without.exit_code == 2
    assert "use --platform NAME" in without.stderr

    result = scout("ingest", str(FIXTURES / "no_platform.csv"), "--platform", "TikTok")
    assert result.exit_code == 0, result.output
    assert "3 accepted, 0 rejected (3 added" in result.stdout
    assert stats()["by_platform"] == {"tiktok": 3}

    # Given explicitly, it also wins over the file's own platform column.
    forced = scout("ingest", str(CREATORS), "--platform", "youtube")
    assert forced.exit_code == 0, forced.output
    assert "creators.csv: 20 accepted, 4 rejected" in forced.stdout  # odd_olga's 'myspace' is overridden
    assert stats()["by_platform"] == {"tiktok": 3, "youtube": 20}


def test_unknown_platform_option_exits_2(store_dir: Path) -> None:
    result = scout("ingest", str(CREATORS), "--platform", "myspace")
    assert result.exit_code == 2
    assert "unknown platform 'myspace'" in result.stderr
    assert not store_dir.exists()


def test_map_option_names_the_columns(store_dir: Path) -> None:
    odd = FIXTURES / "odd_headers.jsonl"
    unmapped = scout("ingest", str(odd))
    assert unmapped.exit_code == 2
    assert "no handle column in odd_headers.jsonl (found: who, network, size, about)" in unmapped.stderr

    result = scout("ingest", str(odd), "--map", "handle=who", "--map", " followers = size ")

    assert result.exit_code == 0, result.output
    assert "odd_headers.jsonl: 3 accepted, 0 rejected (3 added" in result.stdout
    doc = stats()
    assert doc["by_platform"] == {"instagram": 1, "tiktok": 1, "youtube": 1}
    assert doc["by_tier"] == {"micro": 3}  # 12.5K, 88,000 and 45k read as numbers
    tell = ask_json("tell me about @quiet_quinn")
    first = tell["recommendations"][0]
    assert (first["handle"], first["platform"], first["followers"]) == ("quiet_quinn", "youtube", 12_500)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("handle", "--map takes FIELD=COLUMN, got 'handle'"),
        ("=who", "--map takes FIELD=COLUMN, got '=who'"),
        ("handle=", "--map takes FIELD=COLUMN, got 'handle='"),
        ("nickname=who", "unknown field 'nickname' in mapping"),
        ("handle=nope", "mapping handle='nope': no such column (found: who, network, size, about)"),
    ],
)
def test_malformed_map_exits_2(store_dir: Path, option: str, message: str) -> None:
    result = scout("ingest", str(FIXTURES / "odd_headers.jsonl"), "--map", option)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert not store_dir.exists()


# stats -------------------------------------------------------------------------------------------


def test_stats_json_has_the_design_keys(store_dir: Path) -> None:
    empty = stats()
    assert set(empty) >= DESIGN_STATS_KEYS
    assert (empty["profiles"], empty["by_platform"], empty["by_tier"]) == (0, {}, {})
    assert empty["store"] == f"chroma-embedded:{store_dir}/influencers"

    assert scout("ingest", str(FIXTURES / "no_platform.csv"), "--platform", "ig").exit_code == 0
    doc = stats()
    assert doc["profiles"] == 3 == sum(doc["by_platform"].values()) == sum(doc["by_tier"].values())
    assert doc["by_platform"] == {"instagram": 3}

    text = scout("stats")
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0] == f"3 profiles in chroma-embedded:{store_dir}/influencers"


# ask ---------------------------------------------------------------------------------------------


def check_document(doc: dict[str, Any]) -> None:
    """The `scout ask --json` document of DESIGN.md."""
    assert set(doc) >= DESIGN_ASK_KEYS
    assert doc["llm"] == "offline"
    assert isinstance(doc["brief"], dict) and isinstance(doc["answer"], str) and doc["answer"]
    assert isinstance(doc["warnings"], list) and all(isinstance(w, str) for w in doc["warnings"])
    picks = doc["recommendations"]
    assert [p["rank"] for p in picks] == list(range(1, len(picks) + 1))
    for p in picks:
        assert set(p) >= DESIGN_PICK_KEYS
        assert isinstance(p["handle"], str) and p["handle"] and not p["handle"].startswith("@")
        assert isinstance(p["followers"], int) and p["followers"] >= 0
        er = p["engagement_rate"]
        assert er is None or (isinstance(er, float) and 0 <= er <= 1)
        assert p["country"] is None or re.fullmatch(r"[A-Z]{2}", p["country"])
        assert p["tier"] in {"nano", "micro", "mid", "macro", "mega"}
        assert isinstance(p["score"], float)
        assert (
            isinstance(p["reasons"], list) and p["reasons"] and all(isinstance(r, str) for r in p["reasons"])
        )
        assert p["profile_url"] is None or p["profile_url"].startswith("https://")
        assert isinstance(p["relevance"], float) and 0 <= p["relevance"] <= 1
        assert p["match"] in {"strong", "partial", "weak"}
        assert isinstance(p["confidence"], float) and 0 <= p["confidence"] <= 1


def test_ask_json_follows_the_contract(ingested: Result) -> None:
    doc = ask_json(CLIMBING_QUESTION)

    check_document(doc)
    assert doc["question"] == CLIMBING_QUESTION
    assert doc["brief"]["platforms"] == ["instagram"] and doc["brief"]["countries"] == ["US"]
    picks = doc["recommendations"]
    assert len(picks) == 5  # the default k; 8 held profiles pass the filters
    for p in picks:
        assert p["platform"] == "instagram" and p["country"] == "US"
        assert 10_000 <= p["followers"] <= 100_000 and p["tier"] == "micro"
    handles = {p["handle"] for p in picks}
    assert "crag_carla" in handles  # stored without the '@' the file gave it
    assert {"big_bouldering", "tiny_tom", "vanlife_val", "hills_hana"}.isdisjoint(handles)
    carla = next(p for p in picks if p["handle"] == "crag_carla")
    assert carla["engagement_rate"] == pytest.approx(0.031)  # "3.1%" as a fraction
    assert carla["profile_url"] == "https://www.instagram.com/crag_carla/"


@pytest.mark.parametrize("k", [1, 3, 8])
def test_ask_honours_k(ingested: Result, k: int) -> None:
    doc = ask_json(CLIMBING_QUESTION, "-k", str(k))
    check_document(doc)
    assert len(doc["recommendations"]) == k  # 8 profiles pass, so exactly k
    assert doc["brief"]["k"] == k


def test_ask_k_outside_its_range_is_a_usage_error(ingested: Result) -> None:
    result = scout("ask", CLIMBING_QUESTION, "-k", "0")
    assert result.exit_code == 2
    assert "-k" in result.stderr


@pytest.mark.parametrize("args", [[""], ["   "], []])
def test_ask_without_a_question_exits_2_with_usage(store_dir: Path, args: list[str]) -> None:
    result = scout("ask", *args)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith('usage: scout ask "QUESTION" [--json] [-k N]')
    assert "tell me about @handle" in result.stderr


def test_a_10000_character_question_is_answered(ingested: Result) -> None:
    question = ("instagram creators in the US who post about climbing and trail snacks " * 200)[:10_000]
    assert len(question) == 10_000

    doc = ask_json(question)

    check_document(doc)
    assert doc["recommendations"]
    assert all(p["platform"] == "instagram" for p in doc["recommendations"])
    plain = scout("ask", question)
    assert plain.exit_code == 0 and " 1. @" in plain.stdout


@pytest.mark.parametrize("handle", ["chalk_chloe", "Crag_Carla", "pastry_pia"])
def test_tell_me_about_a_held_creator_puts_it_first_with_every_rule(ingested: Result, handle: str) -> None:
    doc = ask_json(f"tell me about @{handle}")

    check_document(doc)
    first = doc["recommendations"][0]
    assert first["rank"] == 1 and first["handle"] == handle.lower()
    assert sorted(reason.split(":", 1)[0] for reason in first["reasons"]) == sorted(RULE_IDS)
    assert all(reason.split(":", 1)[1].strip() for reason in first["reasons"])
    assert f"@{handle.lower()}" in doc["answer"]


def test_tell_me_about_an_unknown_creator_suggests_close_handles(ingested: Result) -> None:
    doc = ask_json("tell me about @chalk_chlo")
    assert doc["recommendations"] == []
    assert "I don't hold a profile for @chalk_chlo" in doc["answer"]
    assert "@chalk_chloe" in doc["answer"]


# chat --------------------------------------------------------------------------------------------


def chat_replies(output: str) -> list[tuple[str, str]]:
    """(what the user typed, the reply) for each prompt of a CliRunner chat transcript."""
    turns = output.split("you> ")[1:]
    pairs = []
    for turn in turns:
        typed, _, reply = turn.partition("\n")
        pairs.append((typed, reply.strip()))
    return pairs


def ranked_handles(reply: str) -> list[tuple[int, str]]:
    return [
        (int(n), h)
        for n, h in re.findall(r"^\s*(\d+)\. @(\S+)  \((?:strong|partial|weak) match\)$", reply, re.MULTILINE)
    ]


def test_chat_follow_ups(ingested: Result, store_dir: Path) -> None:
    from assistant.export import COLUMNS

    script = [
        CLIMBING_QUESTION,
        "tell me more about #2",
        "compare 1 and 2",
        "show more",
        "export",
        "help",
        "quit",
        "never read",
    ]
    result = scout("chat", input="\n".join(script) + "\n")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Scout chat. Ask me who to work with")
    turns = chat_replies(result.stdout)
    assert [typed for typed, _ in turns] == script[:7]
    replies = [reply for _, reply in turns]

    first = ranked_handles(replies[0])
    assert [n for n, _ in first] == [1, 2, 3, 4, 5]
    top = [h for _, h in first]
    assert replies[0].startswith("Brief: a climbing snack brand · Instagram")
    assert "from 8 profiles that pass your constraints" in replies[0]

    details = replies[1]
    # One display name per platform (assistant/presentation.py): "Instagram", not "instagram".
    assert re.search(rf"^2\. @{re.escape(top[1])} \(Instagram, US\)", details, re.MULTILINE)
    assert "Every rule:" in details
    for rule in RULE_IDS:
        assert re.search(rf"^  [+·!-] {rule}: \S", details, re.MULTILINE), rule

    assert replies[2].startswith(f"Comparing #1 @{top[0]} (")
    assert f"vs #2 @{top[1]} (" in replies[2].splitlines()[0]

    more = ranked_handles(replies[3])
    assert [n for n, _ in more] == [6, 7, 8]  # the rest of the 8 that pass, numbered on
    assert {h for _, h in more}.isdisjoint(top)
    assert "Only 3 of the 5 you asked for match." in replies[3]

    assert replies[4] == "Exported 8 creators as CSV.\n(saved scout-export.csv)"
    rows = list(csv.reader(io.StringIO((store_dir.parent / "scout-export.csv").read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == COLUMNS
    exported = [(int(row[0]), row[1]) for row in rows[1:]]
    assert exported == first + more
    for row in rows[1:]:
        record = dict(zip(COLUMNS, row, strict=True))
        assert record["platform"] == "instagram" and record["country"] == "US"
        assert 10_000 <= int(record["followers"]) <= 100_000
        assert 0 < float(record["engagement_rate"]) < 1
        assert record["reasons"]

    assert replies[5].startswith("Ask me who to work with, in plain words.")
    assert "'tell me more about #2'" in replies[5]
    assert replies[6] == ""  # "quit" ends the session: nothing after it is read


def test_chat_new_forgets_the_thread_and_eof_ends_the_session(ingested: Result) -> None:
    result = scout("chat", input=f"{CLIMBING_QUESTION}\nnew\ntell me more about #2\n")

    assert result.exit_code == 0, result.output
    replies = [reply for _, reply in chat_replies(result.stdout)]
    assert len(replies) == 4  # three inputs, then the prompt that met the end of input
    assert ranked_handles(replies[0])
    assert replies[1] == "(new thread)"
    # The old list is forgotten: "#2" no longer names its second pick.
    assert "Every rule:" not in replies[2]
    assert replies[3] == ""


# serve -------------------------------------------------------------------------------------------


def test_serve_without_slack_tokens_exits_2_naming_them(store_dir: Path) -> None:
    result = scout("serve")

    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET not set (see .env.example)"
    ]


def test_serve_in_http_mode_needs_the_signing_secret(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test")

    result = scout("serve", "--http")

    assert result.exit_code == 2
    assert "SLACK_SIGNING_SECRET not set" in result.stderr
    assert "SLACK_BOT_TOKEN" not in result.stderr


# the bundled sample -----------------------------------------------------------------------------
#
# Seeding embeds all 3,688 sample profiles: by far the most expensive thing here, so it happens once,
# in one test that then checks everything that needs the sample. (One test rather than a module
# fixture shared by several: with pytest 9.2 and pytest-xdist 3.8.0, `xdist_group` does not keep
# tests together, since xdist renames `item._nodeid`, which pytest 9 no longer reads, so a shared
# fixture would seed once per worker.)


@pytest.mark.xdist_group("cli_seeded")
def test_the_bundled_sample_seed_ask_and_eval(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, embedder: MiniLMEmbedder
) -> None:
    from sample_data import load_profiles

    n = len(load_profiles())
    label = f"chroma-embedded:{tmp_path / 'chroma'}/influencers"
    # One onnxruntime thread spends ~20% less CPU than the default pool on the long seed (the other
    # xdist worker has the other core anyway).
    isolate(monkeypatch, tmp_path, MiniLMEmbedder(threads=1))

    # `scout seed` twice: the second run changes nothing.
    first = scout("seed")
    assert first.exit_code == 0, first.output
    assert (
        first.stdout.strip()
        == f"Seeded {n:,} sample profiles into {label}: {n:,} added, 0 updated, 0 unchanged."
    )
    again = scout("seed")
    assert again.exit_code == 0, again.output
    assert (
        again.stdout.strip()
        == f"Seeded {n:,} sample profiles into {label}: 0 added, 0 updated, {n:,} unchanged."
    )
    doc = stats()
    assert doc["profiles"] == n == sum(doc["by_platform"].values()) == sum(doc["by_tier"].values())
    assert set(doc["by_platform"]) == {"instagram", "tiktok", "youtube"}

    isolate(monkeypatch, tmp_path, embedder)  # queries: the shared default embedder

    # The README's sample question: 5 Instagram micro-influencers.
    answer = ask_json(SAMPLE_QUESTION)
    check_document(answer)
    picks = answer["recommendations"]
    assert len(picks) == 5 and len({p["handle"] for p in picks}) == 5
    for p in picks:
        assert p["platform"] == "instagram"
        assert 10_000 <= p["followers"] <= 100_000
        assert p["engagement_rate"] is not None
    assert answer["brief"]["audience_countries"] == ["US"]

    # `scout eval --json`: Scout ahead of both baselines, every constraint met.
    result = scout("eval", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["briefs"] >= 40
    systems = report["systems"]
    assert set(systems) == {"scout", "followers_baseline", "vector_baseline"}
    for metrics in systems.values():
        assert set(metrics) >= {"precision@5", "ndcg@10", "constraint_satisfaction"}
        assert all(0 <= value <= 1 for value in metrics.values())
    ours = systems["scout"]
    for baseline in ("followers_baseline", "vector_baseline"):
        assert ours["precision@5"] > systems[baseline]["precision@5"], baseline
        assert ours["ndcg@10"] > systems[baseline]["ndcg@10"], baseline
    assert ours["constraint_satisfaction"] == 1.0
    # The real-data suites: graded when ../shared is beside the project, else a reason.
    real = report["real"]
    assert ("skipped" in real and "no real datasets" in real["skipped"]) or set(real) == {
        "kim",
        "tides",
        "tides_bios",
    }
    assert stats()["profiles"] == n  # eval upserts the sample again: still nothing new
