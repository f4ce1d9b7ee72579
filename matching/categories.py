"""Category labels as real exports give them, mapped to taxonomy niches; handles split into words.

Raw labels stay on the profile as given (``Profile.topics``); the niches they name go to
``Profile.niches``. Mapping is exact first (a label the taxonomy lists, or a niche word), then by
the parts of a compound label ("Sports, Fitness & Outdoors"). Labels that map to nothing are kept
and counted (``scout ingest`` reports them); :mod:`retrieval.niche_embedding` may map them by
embedding at ingest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Final

from matching import taxonomy

_PARTS: Final = re.compile(r"\s*(?:,|&|/|\+|\band\b|\|)\s*", re.IGNORECASE)
# Placeholder labels that carry no niche ("none", "Others").
_NO_NICHE: Final = frozenset({"none", "other", "others", "n/a", "na", "unknown", "misc", "general"})


def niches_for_label(label: str) -> tuple[str, ...]:
    """The niches one raw category label names (``()`` when it names none)."""
    tax = taxonomy.active()
    found = tax.niches_for_label(label)
    if found:
        return found
    parts = [p for p in _PARTS.split(label) if p.strip()]
    if len(parts) < 2:
        return ()
    out: list[str] = []
    for part in parts:
        out.extend(tax.niches_for_label(part))
    return tuple(dict.fromkeys(out))


def map_labels(labels: Iterable[str]) -> tuple[list[str], list[str]]:
    """(niches, unmapped labels) for a profile's raw labels; placeholders count as neither."""
    niches: list[str] = []
    unmapped: list[str] = []
    for label in labels:
        if taxonomy.label_key(label) in _NO_NICHE:
            continue
        found = niches_for_label(label)
        if found:
            niches.extend(found)
        else:
            unmapped.append(label)
    return list(dict.fromkeys(niches)), unmapped


@lru_cache(maxsize=65_536)
def handle_words(handle: str) -> str:
    """A handle as words: ``2cookinmamas`` -> "2 cook in mamas", ``the_home_decor`` -> "the home decor"."""
    import wordninja  # local import: its word list loads on first use, not when the engine is imported

    pieces: list[str] = []
    for chunk in re.split(r"[^0-9A-Za-z]+", handle):
        if not chunk:
            continue
        # camelCase boundaries first, then the word list for run-together lower case.
        for part in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", chunk) or [chunk]:
            pieces.extend(wordninja.split(part.lower()) if len(part) > 3 else [part.lower()])
    return " ".join(pieces)


def count_unmapped(label_lists: Sequence[Sequence[str]]) -> dict[str, int]:
    """Unmapped raw label -> how many profiles carry it (for the ingest summary)."""
    counts: dict[str, int] = {}
    for labels in label_lists:
        for label in map_labels(labels)[1]:
            counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def category_summary(
    label_lists: Sequence[Sequence[str]], *, by_embedding: Mapping[str, str] | None = None, show: int = 5
) -> str | None:
    """One line for ``scout ingest`` when a label needed embedding or stayed unmapped (else None).

    Args:
        label_lists: Each profile's raw labels.
        by_embedding: Labels mapped by embedding at ingest (label -> niche); they count as mapped.
        show: How many unmapped labels to name.

    """
    nearest = dict(by_embedding or {})
    labelled = [labels for labels in label_lists if labels]
    if not labelled:
        return None
    if not nearest and not count_unmapped(labelled):
        return None  # every label mapped exactly: nothing to report
    mapped = sum(1 for labels in labelled if map_labels(labels)[0] or any(lb in nearest for lb in labels))
    unmapped = {k: v for k, v in count_unmapped(labelled).items() if k not in nearest}
    line = f"Categories: {mapped:,} of {len(labelled):,} labelled profiles mapped to taxonomy niches"
    if nearest:
        pairs = ", ".join(f"'{label}' -> {niche}" for label, niche in list(nearest.items())[:show])
        line += f" ({len(nearest):,} label{'s' if len(nearest) != 1 else ''} by embedding: {pairs})"
    if unmapped:
        shown = ", ".join(f"'{label}' ({n:,})" for label, n in list(unmapped.items())[:show])
        more = f" and {len(unmapped) - show:,} more" if len(unmapped) > show else ""
        line += f"; {len(unmapped):,} unmapped label{'s' if len(unmapped) != 1 else ''} kept as given: {shown}{more}"
    return line + "."
