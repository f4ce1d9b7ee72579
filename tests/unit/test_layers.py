"""The arrows of docs/ARCHITECTURE.md hold, and a wrong one fails the build.

The contracts live in pyproject.toml (``[tool.importlinter]``); ``make test`` runs ``lint-imports``
on them, and these tests prove the contracts are the ones documented and that they bite.
"""

from __future__ import annotations

import ast
import copy
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import grimp
import importlinter.api  # noqa: F401  (configures import-linter, as its CLI does)
import pytest
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[2]
CONFIG: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]
CONTRACTS = {c["id"]: c for c in CONFIG["contracts"]}
# Below the composition root (scout/, config/), no code reads the environment.
BELOW_THE_ROOT = ("bot", "assistant", "retrieval", "matching", "prompts")
# The engine and the application read no clock: the root hands them ``today``. The adapters may
# (Slack message ages, the time of a click) and so may the store (its write stamps).
NO_CLOCK = ("assistant", "matching", "prompts")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*CONFIG["root_packages"], include_external_packages=True, cache_dir=None)


def _layers() -> LayersContract:
    c = CONTRACTS["layers"]
    return LayersContract(c["name"], {"root_packages": CONFIG["root_packages"]}, {"layers": c["layers"]})


def _forbidden(contract_id: str) -> ForbiddenContract:
    # As import-linter's own TOML reader hands them over: booleans as strings.
    c = {
        k: str(v) if isinstance(v, bool) else v
        for k, v in CONTRACTS[contract_id].items()
        if k not in {"id", "name", "type"}
    }
    session = {"root_packages": CONFIG["root_packages"], "include_external_packages": True}
    return ForbiddenContract(CONTRACTS[contract_id]["name"], session, c)


def test_lint_imports_keeps_every_contract() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in done.stdout


def test_the_layers_are_the_documented_ones_and_cover_every_package() -> None:
    assert CONTRACTS["layers"]["layers"] == [
        "tests | scripts",
        "fakes",
        "scout",
        "config",
        "bot | sample_data",
        "assistant | retrieval",
        "matching | prompts",
    ]
    named = {p.strip() for layer in CONTRACTS["layers"]["layers"] for p in layer.split("|")}
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert named == set(CONFIG["root_packages"]) == packages
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert "tool.importlinter" in doc and "lint-imports" in doc


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("retrieval.store", "assistant.ports"),  # the store reaching up into the application
        ("retrieval.embeddings", "config.settings"),  # settings read below the root
        ("bot.listeners", "scout.wiring"),  # the adapter reaching the composition root
        ("assistant.service", "retrieval.store"),  # the application past its port
        ("matching.rules.registry", "assistant.presentation"),  # the engine reaching up
        ("scout.cli", "fakes.memory_store"),  # production code using a test fake
    ],
)
def test_a_wrong_arrow_breaks_the_layers_contract(
    graph: grimp.ImportGraph, importer: str, imported: str
) -> None:
    assert _layers().check(graph, verbose=False).kept
    wrong = copy.deepcopy(graph)
    wrong.add_import(importer=importer, imported=imported, line_number=1, line_contents="import x")
    assert not _layers().check(wrong, verbose=False).kept


@pytest.mark.parametrize(
    ("contract_id", "importer", "imported"),
    [
        ("pure-engine", "matching.ranking", "chromadb"),
        ("pure-engine", "matching.parser", "openai"),
        ("no-slack-below-the-adapter", "assistant.composer", "slack_sdk"),
        ("settings-at-the-root", "retrieval.store", "pydantic_settings"),
        ("no-store-in-the-application", "assistant.hybrid", "chromadb"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    graph: grimp.ImportGraph, contract_id: str, importer: str, imported: str
) -> None:
    assert _forbidden(contract_id).check(graph, verbose=False).kept
    wrong = copy.deepcopy(graph)
    if imported not in wrong.modules:
        wrong.add_module(imported, is_squashed=True)
    wrong.add_import(importer=importer, imported=imported, line_number=1, line_contents="import x")
    assert not _forbidden(contract_id).check(wrong, verbose=False).kept


def _reads(package: str, calls: set[str]) -> list[str]:
    """``file:line name`` for every use of one of ``calls`` (dotted names) in ``package``."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                name = f"{node.value.id}.{node.attr}"
                if name in calls:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    return found


def test_nothing_below_the_composition_root_reads_the_environment() -> None:
    env = {"os.environ", "os.getenv", "os.putenv"}
    assert [hit for package in BELOW_THE_ROOT for hit in _reads(package, env)] == []


def test_the_engine_and_the_application_read_no_clock() -> None:
    clock = {"date.today", "datetime.now", "datetime.utcnow", "datetime.today", "time.time"}
    assert [hit for package in NO_CLOCK for hit in _reads(package, clock)] == []
    # The scan itself sees a clock read where there is one.
    assert any("date.today" in hit for hit in _reads("scout", {"date.today"}))
