"""The one recommendation service behind Slack and the CLI: questions, follow-ups, buttons.

Every adapter calls ``ask`` (a message in a thread, with the thread's saved state) or ``action`` (a
button). The service never raises to an adapter: failures come back as an ``error`` answer with a
reference id, the details go to the log.
"""

from __future__ import annotations

import difflib
import itertools
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from pydantic import BaseModel

from assistant.answer import Answer, AnswerKind, Plan, PlanPick, Recommendation, ThreadState
from assistant.brief_change import starts_new_brief
from assistant.brief_merge import refine_brief
from assistant.composer import FOLLOW_UP_HINT, USAGE, compose_compare, compose_list, compose_profile
from assistant.export import plan_csv, recommendations_csv
from assistant.feedback import FeedbackLog, brand_key, sink_not_a_fit, sunk_note
from assistant.hybrid import hybrid_search
from assistant.llm import AnswerFacts, LanguageModel, PickFacts
from assistant.ports import ProfileRepository, StoreStats
from assistant.presenters import describe_brief, human_count, to_recommendation, to_recommendations
from assistant.relaxation import relax_hints
from assistant.relevance_notice import all_weak_notice
from assistant.router import FollowUp, route_offline
from matching.brief import Brief
from matching.candidates import Candidate, ScoredCandidate
from matching.explain import compare as compare_lines
from matching.explain import why_not as explain_why_not
from matching.filters import SearchFilters, filters_for, violations
from matching.geo import country_name
from matching.parser import looks_like_question, parse_brief
from matching.planning import (
    USD_PER,
    cheapest,
    choose_mix,
    content_angle,
    cost_per_post,
    cost_source,
    primary_niche,
    product_phrase,
    unsupported_currency,
)
from matching.profile import Profile
from matching.ranking import Ranking, rank
from matching.rules import RuleContext, evaluate, platform_name, profile_niches
from matching.tiers import TIER_ORDER, tier_range
from matching.vocabulary import NICHES, find_labels
from matching.weights import DEFAULT_CONFIG, RuleConfig
from matching.wording import join_words

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_QUESTION_CHARS = 4_000  # longer questions are cut (the brief is in the first lines anyway)
KEPT_RANKED = 50  # profile IDs a thread remembers
ALT_MARGIN = 0.01  # an alternative must beat the named creator's score by this much
PLAN_PICKS = 8  # creators in a plan unless the question names a number: a plan stays focused


class ServiceReply(BaseModel):
    """An answer and the thread state to save with it (None when the thread state is unchanged)."""

    answer: Answer
    state: ThreadState | None = None


class StoreUnavailableError(RuntimeError):
    """The profile store could not be reached or failed."""


class RecommendationService:
    """Questions in, ranked and justified answers out.

    Args:
        store: The profile store (Chroma in production).
        llm: The language model (``OfflineModel`` without a key).
        today: Clock for recency rules (tests and evals pin it).
        config: Rule weights and thresholds.
        pool_size: Least candidates retrieved per question before the rules rank them (ten per pick
            asked, if more).
        feedback: The team's feedback; creators marked "Not a fit" for a brand sink for its briefs.

    """

    def __init__(
        self,
        store: ProfileRepository,
        llm: LanguageModel,
        *,
        today: Callable[[], date] = date.today,
        config: RuleConfig = DEFAULT_CONFIG,
        pool_size: int = 100,
        feedback: FeedbackLog | None = None,
    ) -> None:
        self.store = store
        self.feedback = feedback
        self.llm = llm
        self.today = today
        self.config = config
        self.pool_size = pool_size
        self._stats: tuple[float, StoreStats] | None = None

    # ------------------------------------------------------------------ entry points
    def ask(
        self, text: str, state: ThreadState | None = None, *, k: int | None = None, prose: bool = True
    ) -> ServiceReply:
        """Answer a question or a follow-up in a thread.

        Args:
            text: The user's message.
            state: The thread's saved state, or None for a new thread.
            k: Number of picks, overriding the question.
            prose: False returns the ranked list at once with offline prose; call ``polish`` after.

        """
        flat = " ".join((text or "").split())
        question = flat[:MAX_QUESTION_CHARS]
        self.llm.begin_turn()
        try:
            reply = self._ask(question, state, k=k, prose=prose)
            self._collect_llm_warnings(reply)
            if len(flat) > MAX_QUESTION_CHARS:
                reply.answer.warnings.append(
                    f"Your message was {len(flat):,} characters; I read the first {MAX_QUESTION_CHARS:,}."
                )
            return reply
        except StoreUnavailableError:
            return self._error(
                question,
                "I can't reach the profile store right now, so I can't search. Please try again in a minute.",
            )
        except Exception:
            return self._error(question, "Something went wrong on my side while answering.")

    def action(self, action: str, profile_id: str, state: ThreadState | None) -> ServiceReply:
        """A button click on the state of its message: ``more_like``, ``why``, ``shortlist_add``, ``export``.

        Feedback clicks are recorded by the adapter (``bot/feedback_flow.py``), not here.
        """
        try:
            if state is None:
                return ServiceReply(
                    answer=self._help("", "That list has expired; ask me again and I'll rank afresh.")
                )
            intents = {
                "more_like": "lookalikes",
                "why": "details",
                "shortlist_add": "shortlist",
                "export": "export",
            }
            intent = intents.get(action)
            if intent is None:
                return ServiceReply(answer=self._help(action, f"I don't know the action {action!r}."))
            follow = FollowUp(intent=intent, ranks=[], handles=[], text=action)
            return self._follow_up(
                follow, action, state, k=None, prose=False, target_ids=[profile_id] if profile_id else []
            )
        except StoreUnavailableError:
            return self._error(
                action, "I can't reach the profile store right now. Please try again in a minute."
            )
        except Exception:
            return self._error(action, "Something went wrong on my side with that button.")

    def polish(self, reply: ServiceReply) -> ServiceReply:
        """Replace the offline prose with the LLM's, grounded in the same picks (no-op offline)."""
        answer = reply.answer
        if self.llm.label == "offline" or answer.kind not in (
            "recommendations",
            "profile",
            "plan",
            "compare",
        ):
            return reply
        if not answer.recommendations:
            return reply
        try:
            profiles = {
                p.id: p
                for p in self.store_call(
                    lambda: self.store.get([r.profile_id for r in answer.recommendations])
                )
            }
            facts = AnswerFacts(
                question=answer.question,
                brief_summary=describe_brief(answer.brief) if answer.brief else "",
                picks=[
                    PickFacts.from_recommendation(r, profiles.get(r.profile_id))
                    for r in answer.recommendations
                ],
                warnings=answer.warnings,
            )
            text = self.llm.write_answer(facts)
        except Exception:
            # The ranked list already stands; prose is a bonus.
            log.warning("writing the answer prose failed; keeping the offline prose", exc_info=True)
            text = None
        updated = answer.model_copy(
            # The model's own status leads, as in ``_collect_llm_warnings``.
            update={"warnings": self._dedupe([*self.llm.take_warnings(), *answer.warnings])}
        )
        if text:
            if answer.kind == "plan":
                # The plan's figures stay the service's; the LLM's prose leads, the plan lines follow.
                text = text.rstrip() + "\n\n" + answer.answer
            updated = updated.model_copy(update={"answer": text, "llm": self.llm.label})
        return reply.model_copy(update={"answer": updated})

    def _collect_llm_warnings(self, reply: ServiceReply) -> None:
        reply.answer.warnings = self._dedupe([*self.llm.take_warnings(), *reply.answer.warnings])

    @staticmethod
    def _dedupe(items: Sequence[str]) -> list[str]:
        return list(dict.fromkeys(items))

    # ------------------------------------------------------------------ dispatch
    def _ask(self, question: str, state: ThreadState | None, *, k: int | None, prose: bool) -> ServiceReply:
        if not question or not looks_like_question(question):
            return ServiceReply(answer=self._help(question, "I need a question to work with."))
        if self.stats().profiles == 0:
            return ServiceReply(
                answer=self._help(
                    question,
                    "The profile store is empty, so there is no one to recommend yet. Load the sample with "
                    "`scout seed` or your own creators with `scout ingest FILE`.",
                )
            )
        has_list = state is not None and bool(state.ranked_ids or state.brief.handles)
        follow = self.llm.route(question, has_list=has_list)
        if follow.intent == "help":
            return ServiceReply(answer=self._help(question))
        if follow.intent == "off_topic":
            return ServiceReply(
                answer=Answer(
                    kind="off_topic",
                    question=question,
                    answer="I only help find and compare influencers. " + USAGE,
                )
            )
        if not has_list and self._needs_a_list(question):
            return ServiceReply(
                answer=self._help(
                    question, "There's no list in this thread yet, so I can't tell which pick you mean."
                )
            )
        fresh = follow.intent in ("refine", "plan") and state is not None
        if fresh and state is not None and starts_new_brief(question, state.brief, today=self.today()):
            # A new brand or niche in the same thread starts over: nothing of the old brief leaks in.
            reply = self._new_question(question, k=k, prose=prose)
        elif state is not None and follow.intent != "new_question":
            reply = self._follow_up(follow, question, state, k=k, prose=prose)
        else:
            reply = self._new_question(question, k=k, prose=prose)
        return reply

    @staticmethod
    def _needs_a_list(text: str) -> bool:
        """True for follow-ups that only make sense after a list ("#2", "compare 1 and 3", "show more")."""
        probe = route_offline(text, has_list=True)
        if probe.handles:
            return False
        if probe.intent in ("more", "export"):
            return True
        return probe.intent in ("details", "compare", "lookalikes", "shortlist", "why_not") and bool(
            probe.ranks
        )

    def _new_question(self, question: str, *, k: int | None, prose: bool) -> ServiceReply:
        parsed = parse_brief(question, today=self.today())
        brief = self.llm.extract_brief(question, parsed)
        if k is not None:
            brief = brief.model_copy(update={"k": max(1, min(25, k))})
        if brief.intent in ("profile", "compare") and brief.handles:
            reply = self._named(brief, brief.handles, prose=prose)
        elif brief.intent == "plan" or brief.budget is not None:
            reply = self._plan(brief, prose=prose)
        else:
            reply = self._recommend(brief, prose=prose)
        return reply

    def _follow_up(
        self,
        follow: FollowUp,
        text: str,
        state: ThreadState,
        *,
        k: int | None,
        prose: bool,
        target_ids: Sequence[str] = (),
    ) -> ServiceReply:
        brief = state.brief
        intent = follow.intent
        if intent == "refine":
            return self._recommend(self._refine(brief, text, k), prose=prose)
        if intent == "more":
            return self._recommend(brief, prose=prose, offset=state.shown, state=state)
        if intent == "plan":
            merged = self._refine(brief, text, k)
            return self._plan(merged, prose=prose)
        if intent == "export":
            return self._export(state)
        targets = list(target_ids) or self._resolve(follow, state)
        if intent in ("details", "why_not", "lookalikes", "shortlist", "compare") and not targets:
            missing = ", ".join("@" + h for h in follow.handles) or "that pick"
            return ServiceReply(
                answer=self._not_held(
                    text, follow.handles, f"I couldn't find {missing} in this thread or the store."
                )
            )
        if intent == "details":
            return self._named(brief, [], prose=prose, ids=targets[:1], state=state)
        if intent == "compare":
            return self._named(brief, [], prose=prose, ids=targets, state=state, compare=True)
        if intent == "lookalikes":
            return self._lookalikes(brief, targets[0], state, prose=prose)
        if intent == "why_not":
            return self._why_not(brief, targets[0], state)
        if intent == "shortlist":
            added = [t for t in targets if t not in state.shortlist]
            new_state = state.model_copy(update={"shortlist": [*state.shortlist, *added]})
            profiles = self.store_call(lambda: self.store.get(new_state.shortlist))
            names = ", ".join("@" + p.handle for p in profiles)
            msg = f"Shortlist ({len(profiles)}): {names}. Say 'export' for a CSV."
            return ServiceReply(
                answer=Answer(kind="shortlist", question=text, brief=brief, answer=msg), state=new_state
            )
        return self._new_question(text, k=k, prose=prose)

    # ------------------------------------------------------------------ list answers
    def _recommend(
        self, brief: Brief, *, prose: bool, offset: int = 0, state: ThreadState | None = None
    ) -> ServiceReply:
        today = self.today()
        filters = filters_for(brief, today)
        # Ten candidates per pick leaves the rules room to reorder; at 100k profiles fetching 300 costs ~4x 100.
        ranking = self._rank(brief, filters, pool=max(self.pool_size, (offset + brief.k) * 10))
        ranking, sunk = self._sink_not_a_fit(brief, ranking)
        picks = ranking.picks[offset : offset + brief.k]
        matched = self.store_call(lambda: self.store.count(filters))
        hints: list[str] = []
        if len(picks) < brief.k and offset == 0:
            hints = relax_hints(filters, lambda f: self.store_call(lambda: self.store.count(f)), matched)
        recs = to_recommendations(picks, start=offset + 1)
        warnings = self._coverage_warnings(brief)
        if offset and not picks:
            text = (
                f"That's everything: all {offset} matching profiles have been shown. Try widening the brief."
            )
        else:
            text = compose_list(
                brief,
                recs,
                matched=matched,
                why_first=ranking.why_first if offset == 0 else None,
                relax_hints=hints,
            )
        if sunk:
            text += "\n" + sunk_note(sunk)
        if notice := all_weak_notice(brief, recs):
            # Say it first, in the answer and in the warnings, so no reader takes these as fits.
            text = notice + "\n" + text
            warnings = [notice, *warnings]
        answer = Answer(
            kind="recommendations",
            question=brief.question,
            brief=brief,
            recommendations=recs,
            answer=text,
            warnings=warnings,
            matched=matched,
            suggestions=[FOLLOW_UP_HINT] if recs else hints,
            data_updated_at=self.stats().updated_at,
        )
        ranked_ids = [sc.profile.id for sc in ranking.picks[:KEPT_RANKED]]
        new_state = ThreadState(
            brief=brief,
            ranked_ids=ranked_ids,
            shown=offset + len(picks),
            shortlist=state.shortlist if state else [],
        )
        reply = ServiceReply(answer=answer, state=new_state)
        return self.polish(reply) if prose else reply

    def _sink_not_a_fit(self, brief: Brief, ranking: Ranking) -> tuple[Ranking, list[str]]:
        """Creators the team marked "Not a fit" for this brand go below the rest (a feedback outage is logged)."""
        if self.feedback is None:
            return ranking, []
        try:
            marked = self.feedback.not_a_fit(brand_key(brief))
        except Exception:
            log.warning("could not read feedback; ranking without it", exc_info=True)
            return ranking, []
        picks, sunk = sink_not_a_fit(ranking.picks, marked)
        if not sunk:
            return ranking, []
        moved_first = bool(ranking.picks) and ranking.picks[0].profile.handle in sunk
        update: dict[str, object] = {"picks": picks}
        if moved_first:
            update["why_first"] = ""
        return ranking.model_copy(update=update), sunk

    def _rank(self, brief: Brief, filters: SearchFilters, *, pool: int) -> Ranking:
        candidates = self.store_call(lambda: hybrid_search(self.store, brief, filters, pool))
        return rank(candidates, brief, today=self.today(), config=self.config)

    def _lookalikes(self, brief: Brief, seed_id: str, state: ThreadState, *, prose: bool) -> ServiceReply:
        today = self.today()
        filters = filters_for(brief, today).model_copy(update={"exclude_ids": [seed_id]})
        seeds = self.store_call(lambda: self.store.get([seed_id]))
        candidates = self.store_call(lambda: self.store.similar(seed_id, filters, self.pool_size))
        ranking = rank(candidates, brief, today=today, config=self.config)
        picks = ranking.picks[: brief.k]
        recs = to_recommendations(picks)
        seed = seeds[0].handle if seeds else seed_id
        text = compose_list(brief, recs, matched=len(candidates), why_first=None)
        text = f"Creators most like @{seed}, ranked for your brief:\n" + text.split("\n", 1)[-1]
        answer = Answer(
            kind="recommendations",
            question=f"more like @{seed}",
            brief=brief,
            recommendations=recs,
            answer=text,
            matched=len(candidates),
        )
        new_state = state.model_copy(
            update={"ranked_ids": [sc.profile.id for sc in ranking.picks[:KEPT_RANKED]], "shown": len(picks)}
        )
        reply = ServiceReply(answer=answer, state=new_state)
        return self.polish(reply) if prose else reply

    # ------------------------------------------------------------------ one creator
    def _candidate(self, profile: Profile, brief: Brief) -> Candidate:
        """A stored profile as a candidate for ``brief``, with its similarity when the brief has a topic."""
        if not (brief.topics or brief.brand or brief.values):
            return Candidate(profile=profile, similarity=None)
        sims = self.store_call(lambda: self.store.similarity(brief.semantic_query(), [profile.id]))
        return Candidate(profile=profile, similarity=sims.get(profile.id))

    def _evaluate(self, candidate: Candidate, brief: Brief) -> ScoredCandidate:
        return evaluate(candidate, RuleContext(brief=brief, today=self.today(), config=self.config))

    def _score(self, profile: Profile, brief: Brief) -> ScoredCandidate:
        return self._evaluate(self._candidate(profile, brief), brief)

    def _named(
        self,
        brief: Brief,
        handles: Sequence[str],
        *,
        prose: bool,
        ids: Sequence[str] = (),
        state: ThreadState | None = None,
        compare: bool = False,
    ) -> ServiceReply:
        """One named creator (facts, every rule's verdict, red flags, better alternatives) or several compared.

        The brief is the question's own ("is @x a fit for a vegan bakery?") or the thread's. A size the
        user never named (the micro default) is not held against a creator outside it.
        """
        profiles: list[Profile] = list(self.store_call(lambda: self.store.get(list(ids)))) if ids else []
        missing: list[str] = []
        notes: list[str] = []
        for h in handles:
            found = self.store_call(lambda h=h: self.store.find_handle(h))  # type: ignore[misc]
            if not found:
                missing.append(h)
                continue
            chosen = self._prefer_platform(found, brief)
            profiles.append(chosen)
            others = sorted((p for p in found if p.id != chosen.id), key=lambda p: p.id)
            if others:
                where = ", ".join(f"{p.platform} ({human_count(p.followers)} followers)" for p in others)
                notes.append(f"@{chosen.handle} is also on {where}; showing {chosen.platform}.")
        profiles = list({p.id: p for p in profiles}.values())
        if not profiles:
            return ServiceReply(answer=self._not_held(brief.question, missing, None), state=state)
        judged = [(p, self._judging_brief(p, brief)) for p in profiles]
        scored = [self._score(p, b) for p, b in judged]
        notes.extend(
            f"You named no size, so @{p.handle}'s {p.tier} size ({human_count(p.followers)} followers) is"
            " not held against them (my list default is micro, 10k-100k)."
            for p, b in judged
            if b is not brief
        )
        compare = compare or len(scored) > 1
        kind: AnswerKind
        if compare:
            rows = [self._rank_in_thread(sc, i + 1, state) for i, sc in enumerate(scored)]
            lines: list[str] = []
            for a, b in itertools.pairwise(scored):
                lines.extend(compare_lines(a, b))
            text = compose_compare(rows, lines)
            kind = "compare"
        else:
            target, target_brief = scored[0], judged[0][1]
            row = self._rank_in_thread(target, 1, state)
            # A reason for every rule, the ones that say most about this creator first.
            top = target.top_reasons(len(target.results))
            ordered = sorted(
                target.results,
                key=lambda r: top.index(r.reason) if r.reason in top else len(top) + (0 if r.caveat else 1),
            )
            row.reasons = [f"{r.rule}: {r.reason}" for r in ordered]
            alternatives = self._number_alternatives(
                self._alternatives(target, target_brief), row.rank, state
            )
            text = compose_profile(row, brief=target_brief, alternatives=alternatives)
            verdict = self._verdict(target, target_brief)
            if verdict:
                text = f"{verdict}\n{text}"
            if not alternatives:
                text += "\nNo similar creator I hold scores higher for this brief without red flags."
            rows = [row, *alternatives]
            kind = "profile"
        if notes:
            text += "\n" + "\n".join(notes)
        if missing:
            text += "\n" + self._not_held(brief.question, missing, None).answer
        answer = Answer(kind=kind, question=brief.question, brief=brief, recommendations=rows, answer=text)
        new_state = state or ThreadState(
            brief=brief, ranked_ids=[p.id for p in profiles], shown=len(profiles)
        )
        reply = ServiceReply(answer=answer, state=new_state)
        return self.polish(reply) if prose else reply

    @staticmethod
    def _judging_brief(profile: Profile, brief: Brief) -> Brief:
        """The brief to judge a named creator by: without the default micro window when they are outside it."""
        if not brief.size_defaulted:
            return brief
        lo, hi = brief.min_followers, brief.max_followers
        if (lo is None or profile.followers >= lo) and (hi is None or profile.followers <= hi):
            return brief
        return brief.model_copy(update={"min_followers": None, "max_followers": None})

    @staticmethod
    def _verdict(target: ScoredCandidate, brief: Brief) -> str | None:
        """A one-line answer to "is @x a fit for <brand>?" (None when the brief names no subject)."""
        subject = brief.brand or ", ".join(brief.topics)
        if not subject:
            return None
        relevance = target.result("relevance")
        caveats = target.caveats()
        handle = f"@{target.profile.handle}"
        if relevance is not None and relevance.score < 0.4:
            return f"Verdict: a weak fit for {subject}. {relevance.reason}."
        if caveats:
            return f"Verdict: {handle} could fit {subject}, but check first: {caveats[0]}."
        if target.score >= 0.7 and (relevance is None or relevance.score >= 0.5):
            return f"Verdict: a good fit for {subject} (fit score {target.score:.2f}, no red flags)."
        return f"Verdict: a partial fit for {subject} (fit score {target.score:.2f}); see the rules below."

    def _rank_in_thread(self, sc: ScoredCandidate, default: int, state: ThreadState | None) -> Recommendation:
        # "#3" in a thread keeps meaning the third pick: show the creator's rank there when it has one.
        rank_no = default
        if state and sc.profile.id in state.ranked_ids:
            rank_no = state.ranked_ids.index(sc.profile.id) + 1
        return to_recommendation(rank_no, sc, n_reasons=4)

    @staticmethod
    def _number_alternatives(
        alternatives: list[Recommendation], target_rank: int, state: ThreadState | None
    ) -> list[Recommendation]:
        """Give alternatives numbers that never clash with the thread's list ("#3" keeps its meaning).

        A creator already in the thread's list keeps its number there; others are numbered after the
        last number in use.
        """
        ranked = state.ranked_ids if state else []
        used = {target_rank, *range(1, len(ranked) + 1)}
        next_free = max(used) + 1
        for alt in alternatives:
            if alt.profile_id in ranked:
                alt.rank = ranked.index(alt.profile_id) + 1
            else:
                alt.rank = next_free
                next_free += 1
        return alternatives

    def _alternatives(self, target: ScoredCandidate, brief: Brief, n: int = 3) -> list[Recommendation]:
        """The most similar creators that score higher on the same brief, without red flags.

        Candidates come from the target's neighbourhood (embedding similarity) on the brief's platforms
        (or the target's own), plus the brief's own best matches when it names a subject; with no size
        asked they stay within nano to micro, or up to the target's own tier when it is bigger. Each must
        beat the target by ``ALT_MARGIN`` on the same brief, have no red flags, and fit the brief's subject
        (or, with no subject asked, share the target's main niche).
        """
        p = target.profile
        window = brief
        if brief.min_followers is None and brief.max_followers is None and not brief.tiers:
            top = max(100_000, tier_range(p.tier)[1] or p.followers)
            window = brief.model_copy(update={"min_followers": tier_range("nano")[0], "max_followers": top})
        elif brief.size_defaulted:
            window = brief.model_copy(update={"min_followers": tier_range("nano")[0]})
        filters = filters_for(window, self.today()).model_copy(
            update={"platforms": brief.platforms or [p.platform], "exclude_ids": [p.id]}
        )
        candidates = list(self.store_call(lambda: self.store.similar(p.id, filters, 60)))
        has_subject = bool(brief.topics or brief.brand or brief.values)
        if has_subject:
            # The target may be off-brief: the brief's own best matches nearby in size and platform too.
            query = brief.semantic_query()
            candidates += self.store_call(lambda: self.store.search(query, filters, 60))
        candidates = list({c.profile.id: c for c in candidates}.values())
        niche = primary_niche(p)
        better: list[ScoredCandidate] = []
        for sc in rank(candidates, brief, today=self.today(), config=self.config).picks:
            if sc.score < target.score + ALT_MARGIN or sc.caveats():
                continue
            relevance = sc.result("relevance")
            if has_subject and relevance is not None and relevance.score < 0.5:
                continue  # better only on health checks, not on fit to the brief
            if not has_subject and niche is not None and niche not in profile_niches(sc.profile):
                continue  # with no brief, "nearest" means the same main niche
            better.append(sc)
        better.sort(key=lambda sc: (-sc.score, sc.profile.id))
        return to_recommendations(better[:n], start=2)

    @staticmethod
    def _prefer_platform(found: Sequence[Profile], brief: Brief) -> Profile:
        """Of one handle's accounts: the one on an asked platform, else the biggest (ties by ID)."""
        asked = sorted((p for p in found if p.platform in brief.platforms), key=lambda p: p.id)
        if asked:
            return asked[0]
        return max(found, key=lambda p: (p.followers, p.id))

    def _why_not(self, brief: Brief, target_id: str, state: ThreadState) -> ServiceReply:
        today = self.today()
        profiles = self.store_call(lambda: self.store.get([target_id]))
        if not profiles:
            return ServiceReply(answer=self._not_held(brief.question, [target_id], None))
        profile = profiles[0]
        filters = filters_for(brief, today)
        broken = violations(profile, filters)
        ranking = self._rank(brief, filters, pool=self.pool_size)
        target = self._candidate(profile, brief)
        text = explain_why_not(target, brief, ranking, broken, today=today, config=self.config)
        row = to_recommendation(1, self._evaluate(target, brief), n_reasons=4)
        answer = Answer(
            kind="why_not",
            question=f"why not @{profile.handle}",
            brief=brief,
            recommendations=[row],
            answer=text,
        )
        return ServiceReply(answer=answer, state=state)

    # ------------------------------------------------------------------ plans and exports
    def _plan(self, brief: Brief, *, prose: bool) -> ServiceReply:
        """A creator mix within the budget, with labelled cost, reach and engagement estimates."""
        budget = brief.budget
        currency = (budget.currency if budget else "USD").upper()
        unknown: tuple[str, str] | None = None
        if budget is not None and budget.amount is not None and currency not in USD_PER:
            unknown = (currency, f"{budget.amount:,.0f} {currency}")
        elif budget is None:
            unknown = unsupported_currency(brief.question)
        if unknown is not None:
            code, phrase = unknown
            msg = (
                f"What is {phrase!r} in US dollars? I cost plans in USD and hold fixed rates only for "
                f"{', '.join(USD_PER)}, not {code}, so I won't guess. Ask again with the budget in one of "
                "those (e.g. '$3,000' or '€2,500') and I'll build the plan."
            )
            return ServiceReply(answer=Answer(kind="plan", question=brief.question, brief=brief, answer=msg))
        budget_usd = None if budget is None or budget.amount is None else budget.amount * USD_PER[currency]
        if brief.size_defaulted:
            # A plan mixes nano and micro creators by default (cheap, trusted, engaged).
            brief = brief.model_copy(update={"min_followers": tier_range("nano")[0]})
        user_k = brief.provenance.get("k") in ("parser", "llm")
        max_picks = max(1, min(25, brief.k)) if user_k else PLAN_PICKS
        topics = list(
            dict.fromkeys([*brief.topics, *(find_labels(brief.brand, NICHES) if brief.brand else ())])
        )
        filters = filters_for(brief, self.today())
        ranking = self._rank(brief, filters, pool=self.pool_size)
        mix = choose_mix(
            ranking.picks, budget_usd, max_picks=max_picks, topics=topics, platforms=brief.platforms
        )
        subject = brief.brand or ", ".join(brief.topics) or "your campaign"
        budget_words = ""
        if budget_usd is not None and budget is not None and budget.amount is not None:
            budget_words = (
                _usd(budget_usd)
                if currency == "USD"
                else f"{budget.amount:,.0f} {currency} (about {_usd(budget_usd)})"
            )
        if not mix:
            return self._plan_too_small(brief, ranking.picks, topics, budget_usd, budget_words)
        product = product_phrase(brief.brand, brief.topics)
        picks: list[PlanPick] = []
        used: Counter[str] = Counter()
        for choice in mix:
            p = choice.pick.profile
            fmt, angle = content_angle(p, topics, product, used)
            used[fmt] += 1
            picks.append(
                PlanPick(
                    handle=p.handle,
                    platform=p.platform,
                    tier=p.tier,
                    cost_low=choice.cost.low,
                    cost_high=choice.cost.high,
                    format=fmt,
                    angle=angle,
                    profile_id=p.id,
                )
            )
        total_low = round(sum(c.cost.low for c in mix), 2)
        total_high = round(sum(c.cost.high for c in mix), 2)
        no_rate = [c.pick.profile.handle for c in mix if c.pick.profile.engagement_rate is None]
        assumptions = [
            "One post per creator. Costs are per-post estimates, not quotes: the creator's listed rate ±25% "
            "when on file, else Influencer Marketing Hub style rules of thumb (micro: Instagram $100-500, "
            "TikTok $25-125, YouTube $200-1,000; nano about a fifth of that).",
            "Reach = a creator's average views when known, else followers × typical organic reach "
            "(Instagram 25%, TikTok 40%, YouTube 15%); summed over picks, so people who follow two picks "
            "count twice.",
            "Engagements = followers × the creator's own engagement rate.",
            f"At most 2 creators per niche/country/platform cluster, so audiences don't overlap heavily; "
            f"at most {max_picks} creators to keep the campaign focused.",
        ]
        if no_rate:
            assumptions.append(
                f"No engagement rate on file for {', '.join('@' + h for h in no_rate)}: they add 0 to "
                "est. engagements (not guessed)."
            )
        fallback = sorted(
            {
                pk.platform
                for c, pk in zip(mix, picks, strict=True)
                if cost_source(c.pick.profile) == "fallback"
            }
        )
        if fallback:
            assumptions.append(
                f"No cost table for {', '.join(fallback)}: costed like Instagram, the closest benchmark."
            )
        if currency != "USD" and budget_usd is not None:
            assumptions.append(
                f"Budget converted at 1 {currency} = {USD_PER[currency]} USD (fixed estimate)."
            )
        if budget_usd is None:
            assumptions.append(
                ("Unlimited budget" if budget is not None and budget.unlimited else "No budget given")
                + f": capped at {max_picks} creators; the plan's budget is its upper cost estimate."
            )
        plan = Plan(
            budget=round(budget_usd if budget_usd is not None else total_high, 2),
            picks=picks,
            total_cost_low=total_low,
            total_cost_high=total_high,
            est_reach=sum(c.reach for c in mix),
            est_engagements=sum(c.engagements for c in mix),
            assumptions=assumptions,
        )
        recs = to_recommendations([c.pick for c in mix])
        text = self._plan_text(brief, plan, subject, budget_usd, budget_words, max_picks, no_rate)
        answer = Answer(
            kind="plan",
            question=brief.question,
            brief=brief,
            recommendations=recs,
            answer=text,
            plan=plan,
            warnings=[
                f"No {platform_name(p)} creator fits this brief and budget, so the plan has none."
                for p in brief.platforms
                if p not in {pk.platform for pk in picks}
            ],
        )
        state = ThreadState(
            brief=brief,
            ranked_ids=[r.profile_id for r in recs],
            shown=len(recs),
            plan_ids=[r.profile_id for r in recs],
        )
        reply = ServiceReply(answer=answer, state=state)
        return self.polish(reply) if prose else reply

    @staticmethod
    def _plan_text(
        brief: Brief,
        plan: Plan,
        subject: str,
        budget_usd: float | None,
        budget_words: str,
        max_picks: int,
        no_rate: Sequence[str],
    ) -> str:
        tiers = Counter(pk.tier for pk in plan.picks)
        mix_words = " + ".join(f"{tiers[t]} {t}" for t in TIER_ORDER if tiers[t])
        platforms = join_words(platform_name(pk.platform) for pk in plan.picks)
        n = len(plan.picks)
        head = (
            f"Campaign plan for {subject}: {n} creator{'s' if n != 1 else ''} ({mix_words}) on {platforms}, "
            f"estimated {_usd(plan.total_cost_low)}-{_usd(plan.total_cost_high)}"
            + (f" of your {budget_words} budget" if budget_usd is not None else "")
            + "."
        )
        reach = (
            f"Est. reach {human_count(plan.est_reach)}, est. engagements {human_count(plan.est_engagements)}"
            + (f" ({len(no_rate)} with no engagement rate on file count 0)" if no_rate else "")
            + ". All figures are estimates; see the assumptions."
        )
        lines = [head, reach]
        if brief.provenance.get("k") in ("parser", "llm") and n < brief.k:
            lines.append(f"You asked for {brief.k} creators; only {n} fit the budget at the estimated rates.")
        spare = 0.0 if budget_usd is None else budget_usd - plan.total_cost_high
        if n >= max_picks and budget_usd is not None and spare >= 0.2 * budget_usd:
            lines.append(
                f"That leaves about {_usd(spare)} unallocated: I kept to {n} "
                "creators to stay focused; use it for second posts from the best performers, or ask for more "
                "creators."
            )
        lines.extend(
            f"{i}. @{pk.handle} ({platform_name(pk.platform)}, {pk.tier}, {pk.format}, "
            f"{_usd(pk.cost_low)}-{_usd(pk.cost_high)}): {pk.angle}"
            for i, pk in enumerate(plan.picks, 1)
        )
        if brief.size_defaulted:
            lines.append("You named no size, so the mix is nano and micro creators (1k-100k followers).")
        lines.extend(brief.notes)
        return "\n".join(lines)

    def _plan_too_small(
        self,
        brief: Brief,
        ranked: Sequence[ScoredCandidate],
        topics: Sequence[str],
        budget_usd: float | None,
        budget_words: str,
    ) -> ServiceReply:
        """No creator fits the budget (or the brief): say so and name the cheapest fitting option."""
        low = cheapest(ranked, topics=topics)
        recs: list[Recommendation] = []
        if low is None:
            text = "No creator I hold matches this brief, so I can't build a plan. Try widening it."
        else:
            p = low.profile
            cost = cost_per_post(p)
            option = (
                f"@{p.handle} ({platform_name(p.platform)}, {p.tier}, {human_count(p.followers)} followers) "
                f"at an estimated {_usd(cost.low)}-{_usd(cost.high)} per post"
            )
            if budget_usd is not None and budget_usd <= 0:
                text = (
                    f"With no paid budget I can't cost paid posts; that reads as a gifting or product-only "
                    f"campaign. The cheapest paid option that fits is {option}."
                )
            else:
                text = (
                    f"A budget of {budget_words} is too small for even one post at the estimated rates. "
                    f"The cheapest fitting option is {option}; a budget of {_usd(cost.high)} covers it, or "
                    "offer product instead (gifting)."
                )
            recs = to_recommendations([low])
        return ServiceReply(
            answer=Answer(
                kind="plan", question=brief.question, brief=brief, answer=text, recommendations=recs
            )
        )

    def _export(self, state: ThreadState) -> ServiceReply:
        if state.plan_ids:
            # A plan thread exports the plan with its cost estimates and angles. Plans are deterministic,
            # so rebuilding from the thread's brief gives the plan the user saw.
            planned = self._plan(state.brief, prose=False).answer
            if planned.plan is not None:
                answer = planned.model_copy(
                    update={
                        "kind": "export",
                        "question": "export",
                        "answer": f"Exported the campaign plan ({len(planned.plan.picks)} creators, estimates) as CSV.",
                        "csv": plan_csv(planned.plan),
                    }
                )
                return ServiceReply(answer=answer, state=state)
        ids = list(dict.fromkeys([*state.ranked_ids[: max(state.shown, 1)], *state.shortlist]))
        profiles = {p.id: p for p in self.store_call(lambda: self.store.get(ids))}
        scored = [self._score(profiles[i], state.brief) for i in ids if i in profiles]
        rows = [to_recommendation(n, sc, n_reasons=4) for n, sc in enumerate(scored, 1)]
        csv_text = recommendations_csv(rows, set(state.shortlist))
        what = f"{len(rows)} creators" + (f" ({len(state.shortlist)} shortlisted)" if state.shortlist else "")
        answer = Answer(
            kind="export",
            question="export",
            brief=state.brief,
            recommendations=rows,
            answer=f"Exported {what} as CSV.",
            csv=csv_text,
        )
        return ServiceReply(answer=answer, state=state)

    # ------------------------------------------------------------------ helpers
    def _refine(self, brief: Brief, text: str, k: int | None) -> Brief:
        """Merge a follow-up's constraints into the brief (``assistant.brief_merge.refine_brief``)."""
        return refine_brief(brief, text, k, today=self.today())

    def _resolve(self, follow: FollowUp, state: ThreadState) -> list[str]:
        ids: list[str] = []
        for n in follow.ranks:
            if 1 <= n <= len(state.ranked_ids):
                ids.append(state.ranked_ids[n - 1])
        for h in follow.handles:
            in_thread = [i for i in state.ranked_ids if i.split(":", 1)[1] == h.lower()]
            if in_thread:
                ids.append(in_thread[0])
                continue
            found = self.store_call(lambda h=h: self.store.find_handle(h))  # type: ignore[misc]
            if found:
                ids.append(self._prefer_platform(found, state.brief).id)
        return list(dict.fromkeys(ids))

    def _not_held(self, question: str, handles: Sequence[str], prefix: str | None) -> Answer:
        """Say plainly which handles we don't hold, with close spellings we do hold."""
        parts = [prefix] if prefix else []
        known = self.store_call(self.store.handles)
        for h in handles:
            wanted = h.strip().lstrip("@")
            close = difflib.get_close_matches(wanted.lower(), known, n=3, cutoff=0.75)
            line = f"I don't hold a profile for @{wanted}."
            if close:
                line += " Did you mean " + join_words(["@" + c for c in close], "or") + "?"
            else:
                line += " Check the spelling, or load their profile with `scout ingest`."
            parts.append(line)
        return Answer(
            kind="profile", question=question, answer=" ".join(parts) or "I couldn't find that creator."
        )

    def _coverage_warnings(self, brief: Brief) -> list[str]:
        stats = self.stats()
        out: list[str] = []
        for p in brief.platforms:
            if not stats.by_platform.get(p):
                out.append(f"I hold no {p} profiles yet.")
        for c in brief.countries:
            if stats.by_country and not stats.by_country.get(c):
                out.append(f"I hold no creators based in {country_name(c)}.")
        return out

    def warm(self) -> None:
        """Load the embedding model and the search index before the first question."""
        self.store_call(self.store.warm)

    def profile_count(self) -> int | None:
        """How many profiles the store holds (for "Looking through N profiles…"), None if unknown."""
        try:
            return self.stats().profiles
        except StoreUnavailableError:
            return None

    def stats(self) -> StoreStats:
        """Store statistics, cached for a minute (they only change on ingest)."""
        now = time.monotonic()
        # An empty store is re-checked every time: a seed or ingest in another process should show at once.
        if self._stats is None or now - self._stats[0] > 60 or self._stats[1].profiles == 0:
            self._stats = (now, self.store_call(self.store.stats))
        return self._stats[1]

    def store_call(self, fn: Callable[[], T]) -> T:
        """Run a store call, turning any failure into ``StoreUnavailableError``."""
        with _store_guard():
            return fn()

    def _help(self, question: str, lead: str | None = None) -> Answer:
        text = f"{lead}\n{USAGE}" if lead else USAGE
        return Answer(kind="help", question=question, answer=text)

    @staticmethod
    def _error(question: str, message: str) -> ServiceReply:
        ref = uuid.uuid4().hex[:8]
        log.exception("answer failed (ref %s)", ref)
        return ServiceReply(
            answer=Answer(
                kind="error",
                question=question,
                answer=f"{message} (ref {ref})",
                warnings=[f"error ref {ref}"],
            )
        )


def _usd(amount: float) -> str:
    return f"${amount:,.0f}"


@contextmanager
def _store_guard() -> Iterator[None]:
    try:
        yield
    except StoreUnavailableError:
        raise
    except Exception as exc:
        log.warning("store call failed: %s: %s", type(exc).__name__, exc)
        raise StoreUnavailableError(str(exc)) from exc
