"""Category labels the taxonomy does not list, mapped to the nearest niche by embedding.

Exact mapping (``matching.categories``) runs first; a label left over is embedded once and compared
with each niche's "name: description". It maps only when the nearest niche is close (cosine at least
``threshold``) and clearly closer than the runner-up (``margin``); otherwise it stays unmapped, kept
as given and counted. Measured with the bundled MiniLM: "Home Cooking" -> cooking 0.82, "Makeup
Tutorials" -> makeup 0.62, "Parenting tips" -> parenting 0.65, while "Real Estate" (home decor 0.41),
"Skateboarding" (skiing 0.50) and "Public Administration" (0.22) stay unmapped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

from matching import taxonomy
from matching.categories import map_labels
from matching.profile import Profile
from retrieval.embeddings import Embedder

THRESHOLD: Final = 0.55
MARGIN: Final = 0.08


def nearest_niches(
    labels: Sequence[str], embedder: Embedder, *, threshold: float = THRESHOLD, margin: float = MARGIN
) -> dict[str, str]:
    """Label -> nearest niche, for the labels close enough to one niche (others left out)."""
    wanted = list(dict.fromkeys(label for label in labels if label.strip()))
    if not wanted:
        return {}
    tax = taxonomy.active()
    names = [n.name for n in tax.niches]
    niche_vectors = embedder.embed([f"{n.name}: {n.description or n.name}" for n in tax.niches])
    label_vectors = embedder.embed(wanted)
    sims = np.asarray(label_vectors) @ np.asarray(niche_vectors).T
    out: dict[str, str] = {}
    for label, row in zip(wanted, sims, strict=True):
        order = np.argsort(-row)
        best = float(row[order[0]])
        second = float(row[order[1]]) if len(order) > 1 else -1.0
        if best >= threshold and best - second >= margin:
            out[label] = names[int(order[0])]
    return out


def map_by_embedding(profiles: Sequence[Profile], embedder: Embedder) -> tuple[list[Profile], dict[str, str]]:
    """The profiles with niches added for labels mapped by embedding, and that label -> niche map."""
    return NicheMapper(embedder)(profiles)


class NicheMapper:
    """``map_by_embedding`` for a stream of batches: each label is embedded once per run, not per batch."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._seen: dict[str, str | None] = {}

    def __call__(self, profiles: Sequence[Profile]) -> tuple[list[Profile], dict[str, str]]:
        """The batch with niches added for labels mapped by embedding, and the pairs mapped so far."""
        fresh = [label for p in profiles for label in map_labels(p.topics)[1] if label not in self._seen]
        found = nearest_niches(fresh, self._embedder)
        self._seen.update({label: found.get(label) for label in fresh})
        known = {label: niche for label, niche in self._seen.items() if niche is not None}
        out: list[Profile] = []
        for p in profiles:
            extra = [known[label] for label in p.topics if label in known and known[label] not in p.niches]
            out.append(p.model_copy(update={"niches": [*p.niches, *extra]}) if extra else p)
        return out, known
