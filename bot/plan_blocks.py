"""A campaign plan as Block Kit: one section per creator with its estimated cost and angle, totals."""

from __future__ import annotations

from assistant import presentation
from assistant.answer import Answer, Plan
from bot.block_kit import (
    MAX_BLOCKS,
    MAX_CONTEXT_ELEMENTS,
    Block,
    BlockIds,
    context,
    fallback,
    header,
    section,
)
from bot.blocks import SlackMessage, answer_controls, describe_brief, footer_notes
from bot.mrkdwn import escape, escape_text


def render_plan(answer: Answer, plan: Plan, ids: BlockIds) -> SlackMessage:
    """The plan's picks within ``MAX_BLOCKS``, every cost labelled an estimate."""
    money = presentation.money
    head: list[Block] = [
        header(f"Campaign plan · {money(plan.budget, plan.currency)} budget", block_id=ids("header"))
    ]
    if answer.brief is not None:
        head.append(context([f"*Brief:* {describe_brief(answer.brief)}"], block_id=ids("brief")))
    if answer.answer:
        head.append(section(escape_text(answer.answer), block_id=ids("summary")))
    within = plan.total_cost_high <= plan.budget
    totals = escape(
        f"Total {money(plan.total_cost_low, plan.currency)}–{money(plan.total_cost_high, plan.currency)}"
        f" ({'within' if within else 'may exceed'} budget) · est. reach {presentation.followers(plan.est_reach)}"
        f" · est. engagements {presentation.followers(plan.est_engagements)} · all costs are estimates"
    )
    tail: list[Block] = [
        context(
            [totals, *(escape_text(a) for a in plan.assumptions[: MAX_CONTEXT_ELEMENTS - 1])],
            block_id=ids("totals"),
        )
    ]
    notes = footer_notes(answer)
    if notes:
        tail.append(context(notes, block_id=ids("notes")))
    tail += answer_controls(ids)  # Export CSV of the plan's creators, and feedback
    budget = MAX_BLOCKS - len(head) - len(tail)
    pick_blocks: list[Block] = []
    fit = len(plan.picks) if len(plan.picks) <= budget else budget - 1
    for i, pick in enumerate(plan.picks[:fit], start=1):
        pick_blocks.append(
            section(
                f"*{i}. @{escape(pick.handle)}* · {escape(presentation.platform_name(pick.platform))} · "
                f"{escape(pick.tier)} · {escape_text(pick.format)} · {escape(money(pick.cost_low, plan.currency))}–"
                f"{escape(money(pick.cost_high, plan.currency))} (estimate)\n*Angle:* {escape_text(pick.angle)}",
                block_id=ids("plan", i),
            )
        )
    if fit < len(plan.picks):
        pick_blocks.append(context([f"Showing {fit} of {len(plan.picks)} plan picks."], block_id=ids("more")))
    first = plan.picks[0] if plan.picks else None
    lead = f"Campaign plan with {len(plan.picks)} creators" + (f", first @{first.handle}." if first else ".")
    text = fallback(escape(lead), totals, escape_text(answer.answer))
    return SlackMessage(text=text, blocks=head + pick_blocks + tail)
