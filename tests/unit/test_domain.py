"""The domain catalogue (matching/data/domain.json), its team override, and the fit-rule registry."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from assistant import presentation
from matching import domain, planning, rules, tiers
from matching.brief import Brief
from matching.candidates import Candidate
from matching.parser import parse_brief
from matching.profile import Profile
from matching.rules import registry
from matching.rules.base import FitRule
from matching.weights import DEFAULT_CONFIG, DEFAULT_WEIGHTS, RULE_IDS, RuleConfig, rule_config
from retrieval.ingest import read_profiles

TODAY = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _bundled() -> Iterator[None]:
    # Every test leaves the bundled catalogue installed, whatever it configured.
    yield
    domain.configure(None)


def _team(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "team-domain.json"
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return path


def test_bundled_figures_are_the_documented_ones() -> None:
    d = domain.load_domain()
    # DESIGN.md: HypeAuditor 2026 Instagram nano 1.78%, micro 0.54%, mega 0.33%; Later x Fohr tiers.
    assert d.engagement_benchmarks["instagram"]["nano"] == 0.0178
    assert d.engagement_benchmarks["instagram"]["micro"] == 0.0054
    assert d.engagement_benchmarks["instagram"]["mega"] == 0.0033
    assert [(b.name, b.low, b.high) for b in d.tiers.bands] == [
        ("nano", 0, 10_000),
        ("micro", 10_000, 100_000),
        ("mid", 100_000, 500_000),
        ("macro", 500_000, 1_000_000),
        ("mega", 1_000_000, None),
    ]
    assert d.micro_costs == {"instagram": (100.0, 500.0), "tiktok": (25.0, 125.0), "youtube": (200.0, 1000.0)}
    assert d.currencies.as_of and d.currencies.usd_per["USD"] == 1.0
    # Every threshold says where its number comes from (a source or "Scout heuristic").
    assert all(t.source.strip() for t in d.thresholds.values())
    assert set(d.thresholds) == {f.name for f in dataclasses.fields(RuleConfig)} - {"weights", "tiers"}
    assert rule_config(d) == DEFAULT_CONFIG


def test_registry_is_the_one_source_of_ids_labels_and_weights() -> None:
    assert tuple(r.id for r in registry.RULES) == RULE_IDS == rules.RULE_IDS
    assert dict(DEFAULT_WEIGHTS) == {r.id: r.weight for r in registry.RULES}
    assert dict(rules.RULE_LABELS) == {r.id: r.label for r in registry.RULES}
    assert tuple(r.judge for r in registry.RULES) == rules.ALL_RULES
    assert len(set(RULE_IDS)) == len(RULE_IDS) == 15
    # Each rule reports under its own registry id.
    ctx = rules.RuleContext(brief=Brief(topics=["fitness"]), today=TODAY)
    cand = Candidate(profile=Profile(handle="a", platform="instagram", followers=20_000), similarity=0.5)
    for spec in registry.RULES:
        assert spec.judge(cand, ctx).rule == spec.id


def test_a_rule_registered_twice_is_refused() -> None:
    dup = (registry.RULES[0], FitRule(id=registry.RULES[0].id, label="x", weight=1.0, judge=rules.growth))
    with pytest.raises(ValueError, match="registered twice: relevance"):
        registry._unique(dup)


def test_team_thresholds_and_weights_reach_the_rule_config(tmp_path: Path) -> None:
    path = _team(tmp_path, {"version": 1, "thresholds": {"inactive_days": 120}, "weights": {"growth": 0}})
    config = rule_config(domain.configure(path))
    assert config.inactive_days == 120 and config.weight("growth") == 0.0
    assert config.recent_weak_days == DEFAULT_CONFIG.recent_weak_days  # the rest stays bundled
    stale = Candidate(
        profile=Profile(handle="a", platform="instagram", followers=20_000, last_post_date=date(2026, 6, 1)),
        similarity=None,
    )
    brief = Brief()
    assert not rules.recency(stale, rules.RuleContext(brief=brief, today=TODAY)).caveat  # 153 days
    assert rules.recency(stale, rules.RuleContext(brief=brief, today=TODAY, config=config)).caveat


def test_a_platform_is_data_only(tmp_path: Path) -> None:
    bands = {"nano": 0.05, "micro": 0.04, "mid": 0.03, "macro": 0.02, "mega": 0.01}
    path = _team(
        tmp_path,
        {
            "version": 1,
            "platforms": {
                "bluesky": {
                    "display_name": "BlueSky",
                    "aliases": ["bsky"],
                    "url_template": "https://bsky.app/profile/{h}",
                    "engagement": bands,
                    "micro_cost": [50, 200],
                    "reach_rate": 0.3,
                }
            },
        },
    )
    with pytest.raises(ValueError, match="unknown platform 'bsky'"):
        Profile(handle="sky", platform="bsky", followers=20_000)
    assert rules.platform_name("bluesky") == "Bluesky"
    assert tiers.engagement_benchmark("bluesky", "micro") == (0.0054, False)
    domain.configure(path)
    before = Profile(handle="sky", platform="bsky", followers=20_000)
    assert before.platform == "bluesky"
    assert rules.platform_name("bluesky") == "BlueSky"
    assert before.display_url() == "https://bsky.app/profile/sky"
    assert tiers.engagement_benchmark("bluesky", "micro") == (0.04, True)
    assert planning.cost_per_post(before) == planning.CostEstimate(50.0, 200.0)
    assert planning.cost_source(before) == "table"
    assert planning.expected_reach(before) == 6_000
    # The parser and ingestion's file-name inference read the same data.
    assert parse_brief("5 vegan creators on bsky", today=date(2026, 6, 1)).platforms == ["bluesky"]
    export = tmp_path / "bluesky_creators.csv"
    export.write_text("handle,followers\nsky,20000\n", encoding="utf-8")
    assert [p.id for p in read_profiles(export).profiles] == ["bluesky:sky"]
    # Bundled platforms are untouched by the merge.
    assert tiers.engagement_benchmark("instagram", "micro") == (0.0054, True)


def test_team_tiers_and_currencies(tmp_path: Path) -> None:
    doc = domain.load_domain().model_dump(mode="json")
    doc["tiers"]["bands"][1]["high"] = 50_000  # HypeAuditor's micro 10k-50k
    doc["tiers"]["bands"][2]["low"] = 50_000
    doc["tiers"]["default_follower_range"] = [10_000, 50_000]
    path = _team(tmp_path, {"version": 1, "tiers": doc["tiers"], "currencies": {"usd_per": {"CHF": 1.1}}})
    domain.configure(path)
    assert tiers.tier_of(60_000) == "mid" and tiers.tier_range("micro") == (10_000, 50_000)
    assert planning.usd_per()["CHF"] == 1.1 and planning.usd_per()["EUR"] == planning.USD_PER["EUR"]
    # The default window reaches the parser and every sentence that names it (it was the bundled one).
    brief = parse_brief("5 vegan food creators", today=date(2026, 6, 1))
    assert (brief.min_followers, brief.max_followers, brief.size_defaulted) == (10_000, 50_000, True)
    assert presentation.follower_window(brief) == "micro (10k-50k followers)"
    assert presentation.default_window() == "10k-50k"
    domain.configure(None)
    assert tiers.tier_of(60_000) == "micro"


def test_a_plan_states_and_uses_the_team_figures(tmp_path: Path) -> None:
    # The plan's assumptions used to restate the bundled figures as literal text, and its currency
    # conversion read the bundled rates, so a team file changed neither.
    from assistant.llm import OfflineModel
    from assistant.service import RecommendationService
    from fakes.memory_store import MemoryStore
    from fakes.profiles import TODAY, climbing_set

    team = {
        "version": 1,
        "platforms": {"instagram": {"micro_cost": [300, 900], "reach_rate": 0.1}},
        "currencies": {"usd_per": {"EUR": 2.0}, "as_of": "2026-12"},
    }
    domain.configure(_team(tmp_path, team))
    service = RecommendationService(MemoryStore(climbing_set()), OfflineModel(), today=lambda: TODAY)
    answer = service.ask("plan an Instagram campaign for a climbing snack brand with €3,000").answer
    assert answer.plan is not None and answer.plan.picks
    said = " ".join(answer.plan.assumptions)
    assert "Instagram $300-900" in said and "Instagram 10%" in said
    assert "$100-500" not in said and "Instagram 25%" not in said
    assert "1 EUR = 2.0 USD (fixed estimate, rates of 2026-12)" in said
    assert answer.plan.total_cost_high <= 6_000


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "not found"),
        ("   ", "the file is empty"),
        ("{not json", "not valid JSON (line 1"),
        ({"version": 2, "weights": {}}, "unknown or missing version 2"),
        ({"version": 1}, "it changes nothing"),
        ({"version": 1, "thresholds": {"inactive_dayz": 3}}, "unknown threshold(s) inactive_dayz"),
        ({"version": 1, "thresholds": {"inactive_days": "soon"}}, "inactive_days must be a whole number"),
        ({"version": 1, "weights": {"charisma": 2}}, "unknown rule(s): charisma"),
        ({"version": 1, "weights": {"growth": -1}}, "negative weight for: growth"),
        ({"version": 1, "platforms": {"x": {"display_name": "X", "url_template": "https://x.com/"}}}, "{h}"),
        (
            {"version": 1, "platforms": {"x": {"display_name": "X", "engagement": {"micro": 0.1}}}},
            "engagement",
        ),
        ({"version": 1, "currencies": {"usd_per": {"EUR": 0}}}, "positive"),
        ({"version": 1, "benchmark_fallback": "myspace"}, "benchmark_fallback 'myspace'"),
        ({"version": 1, "platforms": {"bluesky": {"display_name": "B", "aliases": ["ig"]}}}, "alias 'ig'"),
    ],
)
def test_a_bad_team_file_is_named_with_its_problem(tmp_path: Path, content: object, problem: str) -> None:
    path = tmp_path / "team-domain.json" if content is None else _team(tmp_path, content)
    with pytest.raises(domain.DomainError) as caught:
        domain.load_domain(path)
    assert str(path) in str(caught.value) and problem in str(caught.value)
    # The active catalogue is unchanged by a failed load.
    assert domain.active() == domain.load_domain()


def test_the_cli_refuses_a_bad_team_file_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from scout.cli import main

    path = _team(tmp_path, {"version": 1, "thresholds": {"inactive_dayz": 3}})
    monkeypatch.setenv("CHROMA_PATH", str(tmp_path / "chroma"))
    monkeypatch.setenv("SCOUT_DOMAIN", str(path))
    result = CliRunner().invoke(main, ["stats", "--json"], catch_exceptions=False)
    assert result.exit_code == 2
    assert str(path) in result.stderr and "unknown threshold(s) inactive_dayz" in result.stderr
    assert "SCOUT_DOMAIN" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "chroma").exists()  # refused before anything was opened
