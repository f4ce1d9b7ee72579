"""What every use case shares: the injected store, model, clock and rules, and guarded store calls."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from pydantic import BaseModel

from assistant.answer import Answer, ThreadState
from assistant.feedback import FeedbackLog
from assistant.hybrid import hybrid_search
from assistant.llm import LanguageModel
from assistant.ports import ProfileRepository
from matching.brief import Brief
from matching.candidates import Candidate, ScoredCandidate
from matching.filters import SearchFilters
from matching.geo import country_name
from matching.profile import Profile
from matching.ranking import Ranking, rank
from matching.rules import RuleContext, evaluate
from matching.store_types import StoreStats
from matching.weights import RuleConfig

log = logging.getLogger(__name__)

T = TypeVar("T")

KEPT_RANKED = 50  # profile IDs a thread remembers
STATS_TTL_S = 60  # store statistics only change on ingest


class ServiceReply(BaseModel):
    """An answer and the thread state to save with it (None when the thread state is unchanged)."""

    answer: Answer
    state: ThreadState | None = None


class StoreUnavailableError(RuntimeError):
    """The profile store could not be reached or failed."""


@dataclass
class ServiceContext:
    """The dependencies of the use cases (see ``RecommendationService`` for each field's meaning)."""

    store: ProfileRepository
    llm: LanguageModel
    today: Callable[[], date]
    config: RuleConfig
    pool_size: int
    feedback: FeedbackLog | None = None
    _stats: tuple[float, StoreStats] | None = field(default=None, repr=False)

    def store_call(self, fn: Callable[[], T]) -> T:
        """Run a store call, turning any failure into ``StoreUnavailableError``."""
        with _store_guard():
            return fn()

    def stats(self) -> StoreStats:
        """Store statistics, cached for a minute (they only change on ingest)."""
        now = time.monotonic()
        # An empty store is re-checked every time: a seed or ingest in another process should show at once.
        if self._stats is None or now - self._stats[0] > STATS_TTL_S or self._stats[1].profiles == 0:
            self._stats = (now, self.store_call(self.store.stats))
        return self._stats[1]

    def rank(self, brief: Brief, filters: SearchFilters, *, pool: int) -> Ranking:
        """Retrieve up to ``pool`` candidates for the brief and rank them by the fit rules."""
        candidates = self.store_call(lambda: hybrid_search(self.store, brief, filters, pool))
        return rank(candidates, brief, today=self.today(), config=self.config)

    def candidate(self, profile: Profile, brief: Brief) -> Candidate:
        """A stored profile as a candidate for ``brief``, with its similarity when the brief has a topic."""
        if not (brief.topics or brief.brand or brief.values):
            return Candidate(profile=profile, similarity=None)
        sims = self.store_call(lambda: self.store.similarity(brief.semantic_query(), [profile.id]))
        return Candidate(profile=profile, similarity=sims.get(profile.id))

    def evaluate(self, candidate: Candidate, brief: Brief) -> ScoredCandidate:
        """Every fit rule's verdict on one candidate."""
        return evaluate(candidate, RuleContext(brief=brief, today=self.today(), config=self.config))

    def score(self, profile: Profile, brief: Brief) -> ScoredCandidate:
        """A stored profile judged against ``brief``."""
        return self.evaluate(self.candidate(profile, brief), brief)

    def coverage_warnings(self, brief: Brief) -> list[str]:
        """The brief's platforms and countries the store holds no one for."""
        stats = self.stats()
        out: list[str] = []
        for p in brief.platforms:
            if not stats.by_platform.get(p):
                out.append(f"I hold no {p} profiles yet.")
        for c in brief.countries:
            if stats.by_country and not stats.by_country.get(c):
                out.append(f"I hold no creators based in {country_name(c)}.")
        return out


@contextmanager
def _store_guard() -> Iterator[None]:
    try:
        yield
    except StoreUnavailableError:
        raise
    except Exception as exc:
        log.warning("store call failed: %s: %s", type(exc).__name__, exc)
        raise StoreUnavailableError(str(exc)) from exc
