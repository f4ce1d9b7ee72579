"""Several named creators side by side, each judged on the same brief."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from assistant.answer import Recommendation, ThreadState
from assistant.composer import compose_compare
from assistant.usecases.lookup import rank_in_thread
from matching.candidates import ScoredCandidate
from matching.explain import compare as compare_lines


def compare_view(
    scored: Sequence[ScoredCandidate], state: ThreadState | None
) -> tuple[list[Recommendation], str]:
    """The rows (numbered as in the thread) and the text contrasting each creator with the next."""
    rows = [rank_in_thread(sc, i + 1, state) for i, sc in enumerate(scored)]
    lines: list[str] = []
    for a, b in itertools.pairwise(scored):
        lines.extend(compare_lines(a, b))
    return rows, compose_compare(rows, lines)
