"""Hybrid candidate retrieval: one dense query per asked niche plus a lexical score, fused by RRF.

A blended query ("parenting a kids' snack brand") drifts toward its loudest word (food); one query
per asked niche keeps each niche in the pool. The lexical side is BM25 over the pooled candidates'
own text with the brief's niche words expanded from the taxonomy, so a bio that says "MUA" counts
for makeup even when its vector sits elsewhere. Lists are fused by reciprocal rank fusion (Cormack,
Clarke & Buettcher 2009, k=60). Every list comes from the store's public filtered search, so the
hard filters and recall against exact filtered search are the store's own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Final

from assistant.ports import ProfileRepository
from matching import taxonomy
from matching.brief import Brief
from matching.candidates import Candidate
from matching.filters import SearchFilters
from matching.relevance import asked_niches, own_text

RRF_K: Final = 60
# BM25 parameters (Robertson & Zaragoza 2009 defaults).
BM25_K1: Final = 1.2
BM25_B: Final = 0.75
_TOKEN: Final = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens with a light plural fold ("streamers" -> "streamer")."""
    out: list[str] = []
    for word in _TOKEN.findall(text.lower()):
        out.append(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
    return out


def niche_queries(brief: Brief) -> list[str]:
    """One query text per asked niche: its name, description and first signal words."""
    tax = taxonomy.active()
    out: list[str] = []
    for niche in asked_niches(brief):
        node = tax.by_name.get(niche)
        if node is None:
            out.append(niche)
            continue
        words = ", ".join(tax.terms(niche)[:8])
        out.append(f"{node.description or niche}: {words}")
    return out


def bm25_scores(query_terms: Sequence[str], documents: Sequence[str]) -> list[float]:
    """BM25 of each document for the query terms (a compact Okapi BM25 over the given documents)."""
    docs = [tokens(d) for d in documents]
    if not docs:
        return []
    avg = sum(len(d) for d in docs) / len(docs) or 1.0
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d))
    terms = list(dict.fromkeys(t for q in query_terms for t in tokens(q)))
    n = len(docs)
    scores: list[float] = []
    for d in docs:
        tf = Counter(d)
        score = 0.0
        for t in terms:
            if t not in tf:
                continue
            idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
            f = tf[t]
            score += idf * f * (BM25_K1 + 1) / (f + BM25_K1 * (1 - BM25_B + BM25_B * len(d) / avg))
        scores.append(score)
    return scores


def _rrf(rankings: Sequence[Sequence[str]]) -> dict[str, float]:
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
    return fused


def hybrid_search(
    store: ProfileRepository, brief: Brief, filters: SearchFilters, pool: int
) -> list[Candidate]:
    """The fused candidate pool for ``brief``; each candidate's similarity is to the whole brief.

    Args:
        store: Any profile store (its filtered ``search`` and ``similarity``).
        brief: The question; its niches get a dense query each and expand the lexical query.
        filters: Hard constraints, applied by the store.
        pool: How many candidates to return.

    """
    query = brief.semantic_query()
    main = store.search(query, filters, pool)
    extra = [q for q in niche_queries(brief) if q != query]
    if not extra:
        return main
    by_id: dict[str, Candidate] = {c.profile.id: c for c in main}
    rankings: list[list[str]] = [[c.profile.id for c in main]]
    for text in extra:
        found = store.search(text, filters, pool)
        rankings.append([c.profile.id for c in found])
        for c in found:
            by_id.setdefault(c.profile.id, c)
    tax = taxonomy.active()
    terms = [
        t for niche in asked_niches(brief) for t in (tax.terms(niche) if niche in tax.by_name else (niche,))
    ]
    ids = list(by_id)
    texts = [
        " ".join([own_text(by_id[i].profile), *by_id[i].profile.topics, *by_id[i].profile.niches])
        for i in ids
    ]
    lexical = bm25_scores(terms, texts)
    rankings.append([pid for pid, s in sorted(zip(ids, lexical, strict=True), key=lambda x: -x[1]) if s > 0])
    fused = _rrf(rankings)
    chosen = sorted(ids, key=lambda pid: (-fused.get(pid, 0.0), pid))[:pool]
    # Similarity to the whole brief, so the relevance rule compares like with like.
    in_main = {c.profile.id for c in main}
    missing = [pid for pid in chosen if pid not in in_main]
    sims = store.similarity(query, missing) if missing else {}
    out: list[Candidate] = []
    for pid in chosen:
        c = by_id[pid]
        if pid in sims:
            c = Candidate(profile=c.profile, similarity=sims[pid])
        out.append(c)
    return out
