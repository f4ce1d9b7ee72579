"""`scout eval`: answer quality on labelled briefs, against two baselines.

Labels come from the sample generator's ground truth (sample_data/truth.json via sample_data.labels),
never from the engine. Every system sees the same parsed brief and the same hard filters:
- scout: the full pipeline (parser, retrieval, fit rules, ranking);
- followers_baseline: the profiles passing the brief's filters, largest follower count first;
- vector_baseline: the same filtered retrieval ordered by embedding similarity alone.
Constraint satisfaction is checked against the constraints the labeller wrote down, so a parser
mistake shows up there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.service import RecommendationService
from matching.filters import filters_for, violations
from matching.profile import Profile
from sample_data import REFERENCE_DATE, load_eval_briefs, load_profiles, load_truth
from sample_data.labels import passes_hard, relevance

SYSTEMS = ("scout", "followers_baseline", "vector_baseline")


def _dcg(gains: Sequence[int]) -> float:
    return float(sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains)))


def _metrics(
    ranked: Sequence[str],
    label: Mapping[str, Any],
    truth: Mapping[str, Mapping[str, Any]],
    profiles: Mapping[str, Profile],
    ideal: Sequence[int],
) -> dict[str, float]:
    grades = [relevance(truth[i], label) if i in truth else 0 for i in ranked]
    top5 = grades[:5]
    p5 = sum(1 for g in top5 if g >= 1) / 5
    idcg = _dcg(ideal[:10])
    ndcg = _dcg(grades[:10]) / idcg if idcg > 0 else 0.0
    shown = [i for i in ranked[:5] if i in profiles]
    sat = sum(1 for i in shown if passes_hard(profiles[i], label)) / len(shown) if shown else 1.0
    return {"precision@5": p5, "ndcg@10": ndcg, "constraint_satisfaction": sat}


def run_evaluation(service: RecommendationService) -> dict[str, Any]:
    """Run every labelled brief through the three systems; mean metrics per system.

    The sample dataset is upserted first (unchanged profiles cost nothing), so the store holds what
    the labels describe.
    """
    sample = load_profiles()
    service.store_call(lambda: service.store.upsert(sample))
    profiles = {p.id: p for p in sample}
    truth = load_truth()
    labelled = load_eval_briefs()
    service.today = lambda: REFERENCE_DATE
    totals = {s: {"precision@5": 0.0, "ndcg@10": 0.0, "constraint_satisfaction": 0.0} for s in SYSTEMS}
    per_brief: list[dict[str, Any]] = []
    for label in labelled:
        reply = service.ask(label["question"], k=10, prose=False)
        brief = reply.answer.brief
        if brief is None:
            raise RuntimeError(f"eval brief {label['id']} got no brief: {reply.answer.answer}")
        filters = filters_for(brief, REFERENCE_DATE)
        passing = [p for p in sample if not violations(p, filters)]
        followers = [p.id for p in sorted(passing, key=lambda p: (-p.followers, p.id))[:10]]
        vector = [c.profile.id for c in service.store.search(brief.semantic_query(), filters, 10)]
        scout = [r.profile_id for r in reply.answer.recommendations]
        ideal = sorted(
            (relevance(truth[p.id], label) for p in sample if p.id in truth and passes_hard(p, label)),
            reverse=True,
        )
        row: dict[str, Any] = {"id": label["id"]}
        for name, ranked in (
            ("scout", scout),
            ("followers_baseline", followers),
            ("vector_baseline", vector),
        ):
            m = _metrics(ranked, label, truth, profiles, ideal)
            row[name] = m
            for key, value in m.items():
                totals[name][key] += value
        per_brief.append(row)
    n = len(labelled)
    systems = {s: {k: round(v / n, 4) for k, v in totals[s].items()} for s in SYSTEMS}
    return {"briefs": n, "systems": systems, "per_brief": per_brief}


def format_table(report: Mapping[str, Any]) -> str:
    """A Markdown table of the mean metrics (the README carries it)."""
    lines = [
        f"Evaluation on {report['briefs']} labelled briefs (sample data, labels from the generator's truth)",
        "",
        "| system | precision@5 | nDCG@10 | constraint satisfaction |",
        "| --- | --- | --- | --- |",
    ]
    for name, m in report["systems"].items():
        lines.append(
            f"| {name} | {m['precision@5']:.3f} | {m['ndcg@10']:.3f} | {m['constraint_satisfaction']:.1%} |"
        )
    return "\n".join(lines)
