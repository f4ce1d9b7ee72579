"""The words of a campaign plan: its summary lines, and the answer when no creator fits the budget."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from assistant.answer import Plan
from assistant.presentation import money, platform_name, share
from assistant.presenters import human_count
from matching import domain
from matching.brief import Brief
from matching.tiers import TIER_ORDER
from matching.wording import join_words

UNALLOCATED_SHARE = 0.2  # a plan at its pick cap that leaves this share of the budget says so


def usd(amount: float) -> str:
    """Whole US dollars, e.g. ``$3,000`` (``assistant.presentation.money``)."""
    return money(amount, "USD")


# How a tier's cost factor reads next to the micro figures ("nano about a fifth of that").
_FRACTIONS = {0.5: "half", 0.25: "a quarter", 0.2: "a fifth", 0.1: "a tenth"}


def _cost_platforms(platforms: Sequence[str]) -> list[str]:
    """The platforms whose figures a plan states: its own, else every platform with a cost table."""
    costs = domain.active().micro_costs
    named = [p for p in dict.fromkeys(platforms) if p in costs]
    return named or list(costs)


def cost_assumption(platforms: Sequence[str]) -> str:
    """The cost model in words, with the active catalogue's figures for these platforms."""
    catalogue = domain.active()
    costs = catalogue.micro_costs
    micro = ", ".join(
        f"{platform_name(p)} {usd(costs[p][0])}-{usd(costs[p][1]).removeprefix('$')}"
        for p in _cost_platforms(platforms)
    )
    factor = catalogue.tiers.cost_factor.get("nano")
    nano = ""
    if factor in _FRACTIONS:
        nano = f"; nano about {_FRACTIONS[factor]} of that"
    elif factor is not None and factor != 1.0:
        nano = f"; nano {factor:g}× that"
    return (
        "One post per creator. Costs are per-post estimates, not quotes: the creator's listed rate ±25% "
        f"when on file, else Influencer Marketing Hub style rules of thumb (micro: {micro}{nano})."
    )


def reach_assumption(platforms: Sequence[str]) -> str:
    """The reach model in words, with the active catalogue's organic reach rates."""
    catalogue = domain.active()
    rates = catalogue.reach_rates
    asked = list(dict.fromkeys(platforms))
    named = [p for p in asked if p in rates] or ([] if asked else list(rates))
    figures = [f"{platform_name(p)} {share(rates[p])}" for p in named]
    if any(p not in rates for p in asked):
        figures.append(f"other platforms {share(catalogue.default_reach_rate)}")
    return (
        "Reach = a creator's average views when known, else followers × typical organic reach "
        f"({', '.join(figures)}); summed over picks, so people who follow two picks count twice."
    )


def plan_text(
    brief: Brief,
    plan: Plan,
    subject: str,
    budget_usd: float | None,
    budget_words: str,
    max_picks: int,
    no_rate: Sequence[str],
) -> str:
    """The plan's headline, reach line, notes and one line per pick."""
    tiers = Counter(pk.tier for pk in plan.picks)
    mix_words = " + ".join(f"{tiers[t]} {t}" for t in TIER_ORDER if tiers[t])
    platforms = join_words(platform_name(pk.platform) for pk in plan.picks)
    n = len(plan.picks)
    head = (
        f"Campaign plan for {subject}: {n} creator{'s' if n != 1 else ''} ({mix_words}) on {platforms}, "
        f"estimated {usd(plan.total_cost_low)}-{usd(plan.total_cost_high)}"
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
    if n >= max_picks and budget_usd is not None and spare >= UNALLOCATED_SHARE * budget_usd:
        lines.append(
            f"That leaves about {usd(spare)} unallocated: I kept to {n} "
            "creators to stay focused; use it for second posts from the best performers, or ask for more "
            "creators."
        )
    lines.extend(
        f"{i}. @{pk.handle} ({platform_name(pk.platform)}, {pk.tier}, {pk.format}, "
        f"{usd(pk.cost_low)}-{usd(pk.cost_high)}): {pk.angle}"
        for i, pk in enumerate(plan.picks, 1)
    )
    if brief.size_defaulted:
        lines.append("You named no size, so the mix is nano and micro creators (1k-100k followers).")
    lines.extend(brief.notes)
    return "\n".join(lines)


def too_small_text(option: str, budget_usd: float | None, budget_words: str, cover_usd: float) -> str:
    """Why no paid post fits the budget, naming the cheapest fitting ``option``."""
    if budget_usd is not None and budget_usd <= 0:
        return (
            f"With no paid budget I can't cost paid posts; that reads as a gifting or product-only "
            f"campaign. The cheapest paid option that fits is {option}."
        )
    return (
        f"A budget of {budget_words} is too small for even one post at the estimated rates. "
        f"The cheapest fitting option is {option}; a budget of {usd(cover_usd)} covers it, or "
        "offer product instead (gifting)."
    )


def unknown_currency_text(code: str, phrase: str, known: Sequence[str]) -> str:
    """Ask for the budget in a currency we hold a rate for, rather than guess one."""
    return (
        f"What is {phrase!r} in US dollars? I cost plans in USD and hold fixed rates only for "
        f"{', '.join(known)}, not {code}, so I won't guess. Ask again with the budget in one of "
        "those (e.g. '$3,000' or '€2,500') and I'll build the plan."
    )
