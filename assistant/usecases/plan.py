"""A campaign plan: a creator mix within the budget, with labelled cost, reach and engagement estimates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from assistant.answer import Answer, Plan, PlanPick, Recommendation, ThreadState
from assistant.presentation import money, platform_name
from assistant.presenters import human_count, to_recommendations
from assistant.usecases.context import ServiceContext, ServiceReply
from assistant.usecases.plan_text import (
    cost_assumption,
    plan_text,
    reach_assumption,
    too_small_text,
    unknown_currency_text,
    usd,
)
from assistant.usecases.polish import finish
from matching import domain
from matching.brief import Brief
from matching.candidates import ScoredCandidate
from matching.costs import rates_as_of, usd_per
from matching.filters import filters_for
from matching.planning import (
    MixChoice,
    cheapest,
    choose_mix,
    content_angle,
    cost_per_post,
    cost_source,
    product_phrase,
    unsupported_currency,
)
from matching.tiers import tier_range
from matching.vocabulary import NICHES, find_labels

PLAN_PICKS = 8  # creators in a plan unless the question names a number: a plan stays focused


def plan(ctx: ServiceContext, brief: Brief, *, prose: bool) -> ServiceReply:
    """A creator mix within the budget, with labelled cost, reach and engagement estimates."""
    budget = brief.budget
    currency = (budget.currency if budget else "USD").upper()
    unknown: tuple[str, str] | None = None
    rates = usd_per()  # the active catalogue's (a team's SCOUT_DOMAIN rates reach the plan)
    if budget is not None and budget.amount is not None and currency not in rates:
        unknown = (currency, money(budget.amount, currency))
    elif budget is None:
        unknown = unsupported_currency(brief.question)
    if unknown is not None:
        msg = unknown_currency_text(*unknown, known=list(rates))
        return ServiceReply(answer=Answer(kind="plan", question=brief.question, brief=brief, answer=msg))
    budget_usd = None if budget is None or budget.amount is None else budget.amount * rates[currency]
    if brief.size_defaulted:
        # A plan mixes nano and micro creators by default (cheap, trusted, engaged).
        brief = brief.model_copy(update={"min_followers": tier_range("nano")[0]})
    user_k = brief.provenance.get("k") in ("parser", "llm")
    max_picks = max(1, min(25, brief.k)) if user_k else PLAN_PICKS
    topics = list(dict.fromkeys([*brief.topics, *(find_labels(brief.brand, NICHES) if brief.brand else ())]))
    filters = filters_for(brief, ctx.today())
    ranking = ctx.rank(brief, filters, pool=ctx.pool_size)
    mix = choose_mix(ranking.picks, budget_usd, max_picks=max_picks, topics=topics, platforms=brief.platforms)
    subject = brief.brand or ", ".join(brief.topics) or "your campaign"
    budget_words = ""
    if budget_usd is not None and budget is not None and budget.amount is not None:
        budget_words = (
            usd(budget_usd)
            if currency == "USD"
            else f"{money(budget.amount, currency)} (about {usd(budget_usd)})"
        )
    if not mix:
        return _too_small(brief, ranking.picks, topics, budget_usd, budget_words)
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
    the_plan = Plan(
        budget=round(budget_usd if budget_usd is not None else total_high, 2),
        picks=picks,
        total_cost_low=total_low,
        total_cost_high=total_high,
        est_reach=sum(c.reach for c in mix),
        est_engagements=sum(c.engagements for c in mix),
        assumptions=_assumptions(brief, mix, picks, currency, budget_usd, max_picks, no_rate),
    )
    recs = to_recommendations([c.pick for c in mix])
    text = plan_text(brief, the_plan, subject, budget_usd, budget_words, max_picks, no_rate)
    answer = Answer(
        kind="plan",
        question=brief.question,
        # The brief line says how many creators the plan may hold, not the list default of 5.
        brief=brief if user_k else brief.model_copy(update={"k": max_picks}),
        recommendations=recs,
        answer=text,
        plan=the_plan,
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
    return finish(ctx, ServiceReply(answer=answer, state=state), prose=prose)


def _assumptions(
    brief: Brief,
    mix: Sequence[MixChoice],
    picks: Sequence[PlanPick],
    currency: str,
    budget_usd: float | None,
    max_picks: int,
    no_rate: Sequence[str],
) -> list[str]:
    """What the plan's estimates assume, in words (the costs, reach and engagement models, the caps)."""
    shown = [pk.platform for pk in picks]
    assumptions = [
        cost_assumption(shown),
        reach_assumption(shown),
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
        {pk.platform for c, pk in zip(mix, picks, strict=True) if cost_source(c.pick.profile) == "fallback"}
    )
    if fallback:
        assumptions.append(
            f"No cost table for {', '.join(map(platform_name, fallback))}: costed like "
            f"{platform_name(domain.active().cost_fallback)}, the closest benchmark."
        )
    if currency != "USD" and budget_usd is not None:
        assumptions.append(
            f"Budget converted at 1 {currency} = {usd_per()[currency]} USD (fixed estimate, rates of {rates_as_of()})."
        )
    budget = brief.budget
    if budget_usd is None:
        assumptions.append(
            ("Unlimited budget" if budget is not None and budget.unlimited else "No budget given")
            + f": capped at {max_picks} creators; the plan's budget is its upper cost estimate."
        )
    return assumptions


def _too_small(
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
            f"at an estimated {usd(cost.low)}-{usd(cost.high)} per post"
        )
        text = too_small_text(option, budget_usd, budget_words, cost.high)
        recs = to_recommendations([low])
    return ServiceReply(
        answer=Answer(kind="plan", question=brief.question, brief=brief, answer=text, recommendations=recs)
    )
