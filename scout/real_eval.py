"""`scout eval` on real catalogues nobody here wrote (../shared/data/real).

Three suites, each graded from the dataset's own labels, never from the engine:
- ``kim``: Kim et al. Instagram (handle + category), a fixed stratified sample per category;
- ``tides``: TIDES TikTok rows that carry a commerceCategory (bio and category);
- ``tides_bios``: the same rows with commerceCategory withheld (bio only; graded by the withheld label).

Questions live in sample_data/real_questions.json (tuning) and real_questions_heldout.json (written
before any tuning, never tuned on); no question contains a word of its target label. Each suite is
ingested through the real ``read_profiles`` path into a throw-away Chroma store and answered by the
real service, next to pure vector similarity (the whole question against the same stored text, same
filters) and follower sort (same filters).
"""

from __future__ import annotations

import csv
import json
import math
import random
import tempfile
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Final

from assistant.llm import OfflineModel
from assistant.service import RecommendationService
from matching.filters import filters_for
from matching.profile import Profile
from retrieval.embeddings import Embedder

KIM_FILE: Final = "kim2020_instagram_influencers.csv"
TIDES_FILE: Final = "tides_tiktok_influencers.csv"
QUESTION_FILES: Final = {"tuning": "real_questions.json", "heldout": "real_questions_heldout.json"}
SUITES: Final = ("kim", "tides", "tides_bios")
SYSTEMS: Final = ("scout", "followers_baseline", "vector_baseline")
# Kim et al. holds 33,935 rows; a seeded sample per category keeps the eval to about a minute.
KIM_PER_CATEGORY: Final = 600
_NO_LABEL: Final = frozenset({"", "none"})


def load_questions(which: str) -> dict[str, list[dict[str, Any]]]:
    """The ``tuning`` or ``heldout`` questions, keyed by dataset (``kim``, ``tides``)."""
    text = resources.files("sample_data").joinpath(QUESTION_FILES[which]).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return {key: list(data[key]) for key in ("kim", "tides")}


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _kim_rows(real: Path, out: Path, per_category: int) -> tuple[Path, dict[str, str]]:
    with (real / KIM_FILE).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    by_category: dict[str, list[list[str]]] = {}
    for row in rows:
        by_category.setdefault(row[1].strip().lower(), []).append(row)
    rng = random.Random(11)
    kept: list[list[str]] = []
    for category in sorted(by_category):
        group = by_category[category]
        kept.extend(rng.sample(group, min(per_category, len(group))))
    labels = {f"instagram:{row[0].strip().lower()}": row[1].strip().lower() for row in kept}
    return _write_csv(out / KIM_FILE, header, kept), labels


def _tides_rows(real: Path, out: Path, *, withhold: bool) -> tuple[Path, dict[str, str]]:
    with (real / TIDES_FILE).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [row for row in reader if row[9].strip().lower() not in _NO_LABEL]
    labels = {f"tiktok:{row[0].strip().lower()}": row[9].strip() for row in rows}
    name = ("bios_" if withhold else "") + TIDES_FILE
    if withhold:
        keep = [i for i, h in enumerate(header) if h != "commerceCategory"]
        return _write_csv(out / name, [header[i] for i in keep], [[r[i] for i in keep] for r in rows]), labels
    return _write_csv(out / name, header, rows), labels


def _dcg(gains: Sequence[int]) -> float:
    return float(sum(g / math.log2(i + 2) for i, g in enumerate(gains)))


def _metrics(
    ranked: Sequence[str], wanted: set[str], labels: Mapping[str, str], n_relevant: int
) -> dict[str, float]:
    gains = [1 if labels.get(pid) in wanted else 0 for pid in ranked]
    idcg = _dcg([1] * min(10, n_relevant))
    return {
        "precision@5": sum(gains[:5]) / 5,
        "ndcg@10": _dcg(gains[:10]) / idcg if idcg else 0.0,
    }


def _run_suite(
    service: RecommendationService,
    profiles: Sequence[Profile],
    labels: Mapping[str, str],
    questions: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    from matching.filters import violations

    totals = {s: {"precision@5": 0.0, "ndcg@10": 0.0} for s in SYSTEMS}
    per_question: list[dict[str, Any]] = []
    for item in questions:
        wanted = set(item["labels"])
        reply = service.ask(item["question"], k=10, prose=False)
        brief = reply.answer.brief
        if brief is None:
            raise RuntimeError(f"real eval question {item['id']} got no brief: {reply.answer.answer}")
        filters = filters_for(brief, service.today())
        passing = [p for p in profiles if not violations(p, filters)]
        n_relevant = sum(1 for p in passing if labels.get(p.id) in wanted)
        followers = [p.id for p in sorted(passing, key=lambda p: (-p.followers, p.id))[:10]]
        vector = [c.profile.id for c in service.store.search(item["question"], filters, 10)]
        scout = [r.profile_id for r in reply.answer.recommendations]
        row: dict[str, Any] = {"id": item["id"], "relevant_in_filter": n_relevant}
        for name, ranked in (
            ("scout", scout),
            ("followers_baseline", followers),
            ("vector_baseline", vector),
        ):
            m = _metrics(ranked, wanted, labels, n_relevant)
            row[name] = m
            for key, value in m.items():
                totals[name][key] += value
        row["scout_top5"] = [(pid, labels.get(pid)) for pid in scout[:5]]
        per_question.append(row)
    n = len(questions) or 1
    systems = {s: {k: round(v / n, 4) for k, v in totals[s].items()} for s in SYSTEMS}
    return {"questions": len(questions), "systems": systems, "per_question": per_question}


def run_real_evaluation(
    real_dir: Path,
    embedder: Embedder,
    *,
    service_factory: Callable[[Any], RecommendationService] | None = None,
    kim_per_category: int = KIM_PER_CATEGORY,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Every real suite on both question sets, or ``{"skipped": reason}`` when the data is absent.

    Args:
        real_dir: The folder holding the real CSVs (../shared/data/real).
        embedder: The embedding model the service uses.
        service_factory: Builds the service over a store (default: the offline service).
        kim_per_category: Rows sampled per Kim et al. category.
        progress: Called with one line per step.

    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from retrieval.ingest import read_profiles
    from retrieval.store import ChromaProfileStore

    missing = [name for name in (KIM_FILE, TIDES_FILE) if not (real_dir / name).is_file()]
    if missing:
        return {"skipped": f"no real datasets at {real_dir} (missing {', '.join(missing)})"}
    say = progress or (lambda _line: None)
    factory = service_factory or (
        lambda store: RecommendationService(store, OfflineModel(), today=date.today)
    )
    question_sets = {which: load_questions(which) for which in QUESTION_FILES}
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="scout-real-eval-") as tmp:
        work = Path(tmp)
        client = chromadb.PersistentClient(
            path=str(work / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        kim_csv, kim_labels = _kim_rows(real_dir, work, kim_per_category)
        tides_csv, tides_labels = _tides_rows(real_dir, work, withhold=False)
        bios_csv, _ = _tides_rows(real_dir, work, withhold=True)
        plan = (
            ("kim", kim_csv, kim_labels, "kim"),
            ("tides", tides_csv, tides_labels, "tides"),
            ("tides_bios", bios_csv, tides_labels, "tides"),
        )
        for suite, path, labels, dataset in plan:
            say(f"real eval: ingesting {suite} ({path.name})")
            profiles = read_profiles(path).profiles
            store = ChromaProfileStore(client, f"real_{suite}", embedder, label=suite)
            store.upsert(profiles)
            service = factory(store)
            report[suite] = {"profiles": len(profiles)}
            for which, questions in question_sets.items():
                say(f"real eval: {suite} / {which}")
                report[suite][which] = _run_suite(service, profiles, labels, questions[dataset])
    return report


def format_real_tables(report: Mapping[str, Any]) -> str:
    """Markdown tables of the real suites (precision@5 / nDCG@10 per system and question set)."""
    if "skipped" in report:
        return f"Real-data suites skipped: {report['skipped']}"
    lines = [
        "Real-data suites (../shared/data/real; graded from the datasets' own labels)",
        "",
        "| suite | questions | system | precision@5 | nDCG@10 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for suite in SUITES:
        for which in QUESTION_FILES:
            part = report[suite][which]
            for name, m in part["systems"].items():
                lines.append(
                    f"| {suite} | {which} ({part['questions']}) | {name} "
                    f"| {m['precision@5']:.3f} | {m['ndcg@10']:.3f} |"
                )
    return "\n".join(lines)
