"""The one recommendation service behind Slack and the CLI: questions, follow-ups, buttons.

Every adapter calls ``ask`` (a message in a thread, with the thread's saved state) or ``action`` (a
button). The service never raises to an adapter: failures come back as an ``error`` answer with a
reference id, the details go to the log.
"""

from __future__ import annotations

import difflib
import itertools
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from pydantic import BaseModel

from assistant.answer import Answer, AnswerKind, Plan, PlanPick, Recommendation, ThreadState
from assistant.composer import FOLLOW_UP_HINT, USAGE, compose_compare, compose_list, compose_profile
from assistant.export import plan_csv, recommendations_csv
from assistant.llm import AnswerFacts, LanguageModel, PickFacts
from assistant.ports import ProfileRepository, StoreStats
from assistant.presenters import describe_brief, human_count, to_recommendation, to_recommendations
from assistant.relaxation import relax_hints
from assistant.router import FollowUp
from matching.brief import Brief
from matching.candidates import Candidate, ScoredCandidate
from matching.explain import compare as compare_lines
from matching.explain import why_not as explain_why_not
from matching.filters import SearchFilters, filters_for, violations
from matching.geo import country_name
from matching.parser import looks_like_question, parse_brief
from matching.planning import USD_PER, choose_mix, content_angle, cost_per_post
from matching.profile import Profile
from matching.ranking import Ranking, rank
from matching.rules import RuleContext, evaluate
from matching.tiers import tier_range
from matching.weights import DEFAULT_CONFIG, RuleConfig

log = logging.getLogger(__name__)

T = TypeVar("T")

_WIDEN = re.compile(r"\b(?:include|including|also|add|plus|widen|as well)\b", re.IGNORECASE)
MAX_QUESTION_CHARS = 4_000  # longer questions are cut (the brief is in the first lines anyway)
KEPT_RANKED = 50  # profile IDs a thread remembers


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
        pool_size: Candidates retrieved per question before the rules rank them.

    """

    def __init__(
        self,
        store: ProfileRepository,
        llm: LanguageModel,
        *,
        today: Callable[[], date] = date.today,
        config: RuleConfig = DEFAULT_CONFIG,
        pool_size: int = 300,
    ) -> None:
        self.store = store
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
        question = " ".join((text or "").split())[:MAX_QUESTION_CHARS]
        self.llm.begin_turn()
        try:
            reply = self._ask(question, state, k=k, prose=prose)
            self._collect_llm_warnings(reply)
            return reply
        except StoreUnavailableError:
            return self._error(
                question,
                "I can't reach the profile store right now, so I can't search. Please try again in a minute.",
            )
        except Exception:
            return self._error(question, "Something went wrong on my side while answering.")

    def action(self, action: str, profile_id: str, state: ThreadState | None) -> ServiceReply:
        """A button click: ``more_like``, ``why``, ``shortlist_add``, ``export``, ``feedback_up/down``."""
        try:
            if action.startswith("feedback_"):
                log.info("feedback %s on %s", action, profile_id or "answer")
                return ServiceReply(
                    answer=Answer(
                        kind="help", question=action, answer="Thanks, noted. It helps me rank better."
                    )
                )
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
            update={"warnings": self._dedupe([*answer.warnings, *self.llm.take_warnings()])}
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
        if state is not None and follow.intent != "new_question":
            reply = self._follow_up(follow, question, state, k=k, prose=prose)
        else:
            reply = self._new_question(question, k=k, prose=prose)
        return reply

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
        ranking = self._rank(brief, filters, pool=max(self.pool_size, offset + brief.k * 4))
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
        answer = Answer(
            kind="recommendations",
            question=brief.question,
            brief=brief,
            recommendations=recs,
            answer=text,
            warnings=warnings,
            matched=matched,
            suggestions=[FOLLOW_UP_HINT] if recs else hints,
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

    def _rank(self, brief: Brief, filters: SearchFilters, *, pool: int) -> Ranking:
        query = brief.semantic_query()
        candidates = self.store_call(lambda: self.store.search(query, filters, pool))
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
        profiles: list[Profile] = list(self.store_call(lambda: self.store.get(list(ids)))) if ids else []
        missing: list[str] = []
        for h in handles:
            found = self.store_call(lambda h=h: self.store.find_handle(h))  # type: ignore[misc]
            if found:
                profiles.append(self._prefer_platform(found, brief))
            else:
                missing.append(h)
        if not profiles:
            return ServiceReply(answer=self._not_held(brief.question, missing, None), state=state)
        scored = [self._score(p, brief) for p in profiles]
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
            target = scored[0]
            row = self._rank_in_thread(target, 1, state)
            row.reasons = [f"{r.rule}: {r.reason}" for r in target.results]
            alternatives = self._alternatives(target, brief)
            text = compose_profile(row, brief=brief, alternatives=alternatives)
            rows = [row, *alternatives]
            kind = "profile"
        if missing:
            text += "\n" + self._not_held(brief.question, missing, None).answer
        answer = Answer(kind=kind, question=brief.question, brief=brief, recommendations=rows, answer=text)
        new_state = state or ThreadState(
            brief=brief, ranked_ids=[p.id for p in profiles], shown=len(profiles)
        )
        reply = ServiceReply(answer=answer, state=new_state)
        return self.polish(reply) if prose else reply

    def _rank_in_thread(self, sc: ScoredCandidate, default: int, state: ThreadState | None) -> Recommendation:
        # "#3" in a thread keeps meaning the third pick: show the creator's rank there when it has one.
        rank_no = default
        if state and sc.profile.id in state.ranked_ids:
            rank_no = state.ranked_ids.index(sc.profile.id) + 1
        return to_recommendation(rank_no, sc, n_reasons=4)

    def _alternatives(self, target: ScoredCandidate, brief: Brief, n: int = 3) -> list[Recommendation]:
        p = target.profile
        window = (
            brief
            if not brief.size_defaulted
            else brief.model_copy(update={"min_followers": tier_range("nano")[0]})
        )
        filters = filters_for(window, self.today()).model_copy(
            update={"platforms": brief.platforms or [p.platform], "exclude_ids": [p.id]}
        )
        candidates = self.store_call(lambda: self.store.similar(p.id, filters, 60))
        better = [
            sc
            for sc in rank(candidates, brief, today=self.today(), config=self.config).picks
            if sc.score > target.score
        ]
        return to_recommendations(better[:n], start=2)

    @staticmethod
    def _prefer_platform(found: Sequence[Profile], brief: Brief) -> Profile:
        for p in found:
            if p.platform in brief.platforms:
                return p
        return max(found, key=lambda p: p.followers)

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
        budget = brief.budget
        currency = (budget.currency if budget else "USD").upper()
        if budget is not None and budget.amount is not None and currency not in USD_PER:
            msg = f"I cost plans in US dollars and don't know the currency {currency!r}. What is the budget in USD?"
            return ServiceReply(answer=Answer(kind="help", question=brief.question, brief=brief, answer=msg))
        budget_usd = None if budget is None or budget.amount is None else budget.amount * USD_PER[currency]
        if brief.size_defaulted:
            # A plan mixes nano and micro creators by default (cheap, trusted, engaged).
            brief = brief.model_copy(update={"min_followers": tier_range("nano")[0]})
        max_picks = brief.k if brief.provenance.get("k") in ("parser", "llm") else 8
        filters = filters_for(brief, self.today())
        ranking = self._rank(brief, filters, pool=self.pool_size)
        mix = choose_mix(ranking.picks, budget_usd, max_picks=max_picks)
        assumptions = [
            "Costs are per-post estimates (Influencer Marketing Hub style rules of thumb by tier and platform, or the creator's listed rate ±25%), not quotes.",
            "Reach = average views when known, else followers × typical organic reach (Instagram 25%, TikTok 40%, YouTube 15%).",
            "Engagements = followers × the creator's engagement rate; creators with no rate on file add 0.",
            "At most 2 creators per niche/country/platform cluster, so audiences don't overlap heavily.",
        ]
        if currency != "USD" and budget_usd is not None:
            assumptions.append(
                f"Budget converted at 1 {currency} = {USD_PER[currency]} USD (fixed estimate)."
            )
        if budget_usd is None:
            assumptions.append(
                f"No budget limit given: capped at {max_picks} creators to keep the campaign focused."
            )
        if not mix:
            cheapest = min(
                ranking.picks[:60], key=lambda sc: (choose_cost(sc.profile), sc.profile.id), default=None
            )
            if cheapest is None:
                text = "No creator matches this brief, so I can't build a plan. Try widening it."
            else:
                text = (
                    f"A budget of ${budget_usd:,.0f} is too small for even one post here. The cheapest fitting option is "
                    f"@{cheapest.profile.handle} ({cheapest.profile.platform}, {cheapest.profile.tier}) at an estimated "
                    f"${choose_cost(cheapest.profile):,.0f} per post."
                )
            return ServiceReply(
                answer=Answer(kind="plan", question=brief.question, brief=brief, answer=text, warnings=[])
            )
        product = brief.brand or ", ".join(brief.topics) or "the product"
        picks: list[PlanPick] = []
        for choice in mix:
            fmt, angle = content_angle(choice.pick.profile, brief.topics, product)
            p = choice.pick.profile
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
        plan = Plan(
            budget=round(budget_usd if budget_usd is not None else sum(c.cost.high for c in mix), 2),
            picks=picks,
            total_cost_low=round(sum(c.cost.low for c in mix), 2),
            total_cost_high=round(sum(c.cost.high for c in mix), 2),
            est_reach=sum(c.reach for c in mix),
            est_engagements=sum(c.engagements for c in mix),
            assumptions=assumptions,
        )
        recs = to_recommendations([c.pick for c in mix])
        tiers: dict[str, int] = {}
        for pk in picks:
            tiers[pk.tier] = tiers.get(pk.tier, 0) + 1
        mix_words = " + ".join(f"{n} {t}" for t, n in sorted(tiers.items()))
        lines = [
            f"Campaign plan for {product}: {mix_words} creators, estimated ${plan.total_cost_low:,.0f}-${plan.total_cost_high:,.0f}"
            + (f" of your ${budget_usd:,.0f}" if budget_usd is not None else "")
            + f"; est. reach {human_count(plan.est_reach)}, est. engagements {human_count(plan.est_engagements)} (all estimates)."
        ]
        lines.extend(
            f"{i}. @{pk.handle} ({pk.platform}, {pk.tier}, ${pk.cost_low:,.0f}-${pk.cost_high:,.0f}): {pk.angle}"
            for i, pk in enumerate(picks, 1)
        )
        answer = Answer(
            kind="plan",
            question=brief.question,
            brief=brief,
            recommendations=recs,
            answer="\n".join(lines),
            plan=plan,
        )
        state = ThreadState(
            brief=brief,
            ranked_ids=[r.profile_id for r in recs],
            shown=len(recs),
            plan_ids=[r.profile_id for r in recs],
        )
        reply = ServiceReply(answer=answer, state=state)
        return self.polish(reply) if prose else reply

    def _export(self, state: ThreadState) -> ServiceReply:
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

    def export_plan(self, plan: Plan) -> str:
        """CSV text for a plan (used by adapters' Export buttons on plan answers)."""
        return plan_csv(plan)

    # ------------------------------------------------------------------ helpers
    def _refine(self, brief: Brief, text: str, k: int | None) -> Brief:
        """Merge a follow-up's constraints ("TikTok instead", "only UK", "under 30k") into the brief."""
        delta = parse_brief(text, today=self.today())
        set_by_user = {f for f, src in delta.provenance.items() if src in ("parser", "llm")}
        update: dict[str, object] = {}
        for field in (
            "platforms",
            "excluded_platforms",
            "languages",
            "audience_gender",
            "audience_ages",
            "exclude_brands",
            "budget",
            "require_email",
            "max_days_since_post",
            "min_engagement",
            "min_credibility",
            "values",
            "topics",
        ):
            if field in set_by_user:
                update[field] = getattr(delta, field)
        if "exclude_handles" in set_by_user:
            update["exclude_handles"] = sorted({*brief.exclude_handles, *delta.exclude_handles})
        for field in ("countries", "audience_countries"):
            if field in set_by_user:
                # "only UK" replaces whichever location the thread's brief was using.
                target = field
                if field == "countries" and brief.audience_countries and not brief.countries:
                    target = "audience_countries"
                update[target] = getattr(delta, field)
        if "followers" in set_by_user:
            lo, hi = delta.min_followers, delta.max_followers
            if lo is None and hi is None:
                pass  # "any size": lift both bounds
            elif _WIDEN.search(text):
                # "include mid-tier": the union of the old window and the new one.
                lo = None if lo is None or brief.min_followers is None else min(lo, brief.min_followers)
                hi = None if hi is None or brief.max_followers is None else max(hi, brief.max_followers)
            else:
                # "under 30k" keeps the old floor when it still fits; "over 50k" keeps the old ceiling.
                if (
                    lo is None
                    and brief.min_followers is not None
                    and (hi is None or brief.min_followers <= hi)
                ):
                    lo = brief.min_followers
                if (
                    hi is None
                    and brief.max_followers is not None
                    and (lo is None or brief.max_followers >= lo)
                ):
                    hi = brief.max_followers
            update.update(min_followers=lo, max_followers=hi, size_defaulted=False, tiers=delta.tiers)
        if "k" in set_by_user:
            update["k"] = delta.k
        if k is not None:
            update["k"] = k
        merged = brief.model_copy(update=update)
        merged.provenance = {**brief.provenance, **{f: delta.provenance[f] for f in set_by_user}}
        merged.question = f"{brief.question} / {text}"
        return merged

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
        parts = [prefix] if prefix else []
        known = self.store_call(self.store.handles)
        for h in handles:
            close = difflib.get_close_matches(h.lower(), known, n=3, cutoff=0.75)
            line = f"I don't hold a profile for @{h}."
            if close:
                line += " Did you mean " + ", ".join("@" + c for c in close) + "?"
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
        if self._stats is None or now - self._stats[0] > 60:
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

    def brief_summary(self, brief: Brief) -> str:
        """The brief as understood, in one line."""
        return describe_brief(brief)


def choose_cost(profile: Profile) -> float:
    """Upper per-post cost estimate, for 'cheapest option' messages."""
    return cost_per_post(profile).high


@contextmanager
def _store_guard() -> Iterator[None]:
    try:
        yield
    except StoreUnavailableError:
        raise
    except Exception as exc:
        log.warning("store call failed: %s: %s", type(exc).__name__, exc)
        raise StoreUnavailableError(str(exc)) from exc
