"""Block Kit builders: pure functions from our models to Slack message dicts.

Every builder returns a :class:`SlackMessage` (``text`` fallback for notifications and screen readers,
plus ``blocks``) that fits Slack's documented limits (https://docs.slack.dev/reference/block-kit/blocks):
at most 50 blocks per message, 3,000 characters per section text, 150 per header, 75 per button text,
2,000 per button value, 10 elements per context block. Oversized input is truncated with an ellipsis,
never rejected. All profile text and echoed user text is escaped with :func:`bot.mrkdwn.escape`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from assistant.answer import Answer, Plan, Recommendation
from bot.mrkdwn import escape, link
from matching.brief import Brief

Block = dict[str, Any]

# Action IDs (the listeners match on these; button value = profile_id).
ACTION_MORE_LIKE: Final = "scout_more_like"
ACTION_WHY: Final = "scout_why"
ACTION_SHORTLIST_ADD: Final = "scout_shortlist_add"
ACTION_EXPORT: Final = "scout_export"
ACTION_FEEDBACK_UP: Final = "scout_feedback_up"
ACTION_FEEDBACK_DOWN: Final = "scout_feedback_down"
#: action_id -> the service's action name.
SERVICE_ACTIONS: Final[dict[str, str]] = {
    ACTION_MORE_LIKE: "more_like",
    ACTION_WHY: "why",
    ACTION_SHORTLIST_ADD: "shortlist_add",
    ACTION_EXPORT: "export",
    ACTION_FEEDBACK_UP: "feedback_up",
    ACTION_FEEDBACK_DOWN: "feedback_down",
}

# Slack limits.
MAX_BLOCKS: Final = 50
MAX_SECTION_TEXT: Final = 3000
MAX_HEADER_TEXT: Final = 150
MAX_BUTTON_TEXT: Final = 75
MAX_BUTTON_VALUE: Final = 2000
MAX_CONTEXT_ELEMENTS: Final = 10
#: Our own cap for the notification fallback (Slack truncates at 40,000; 4,000 is its advice).
MAX_FALLBACK_TEXT: Final = 3000
# Our own caps so that one pick stays readable and a 25-pick message stays well under Slack's size limits.
MAX_REASONS_PER_PICK: Final = 3
MAX_REASON_CHARS: Final = 300

ELLIPSIS: Final = "…"
WARNING: Final = ":warning:"

PLATFORM_NAMES: Final[dict[str, str]] = {
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "twitter": "X",
    "x": "X",
    "twitch": "Twitch",
    "pinterest": "Pinterest",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "threads": "Threads",
    "snapchat": "Snapchat",
}

SUGGESTED_PROMPTS: Final[tuple[dict[str, str], ...]] = (
    {
        "title": "Find micro-influencers",
        "message": "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US",
    },
    {"title": "Plan a campaign", "message": "A $5,000 TikTok campaign for a vegan skincare launch in the UK"},
    {"title": "Check one creator", "message": "Tell me about @alpine_anna"},
    {"title": "What can you do?", "message": "help"},
)

HELP_EXAMPLES: Final[tuple[str, ...]] = (
    "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US",
    "TikTok creators in Germany about home espresso, 10k-50k followers",
    "A $5,000 campaign for a vegan skincare launch in the UK",
    "Tell me about @alpine_anna",
)


@dataclass(frozen=True)
class SlackMessage:
    """A message ready for chat.postMessage / chat.update."""

    text: str
    blocks: list[Block] = field(default_factory=list)


# --------------------------------------------------------------------------- text helpers


def truncate_plain(text: str, limit: int) -> str:
    """Cut plain text to ``limit`` characters, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)] + ELLIPSIS


_OPEN_ENTITY = re.compile(r"&[a-z]{0,4}$")


def truncate_mrkdwn(text: str, limit: int) -> str:
    """Cut escaped mrkdwn to ``limit`` characters without leaving half a link or half an entity.

    Args:
        text: mrkdwn that was built from escaped parts.
        limit: Maximum length of the result.

    Returns:
        Text of at most ``limit`` characters.

    """
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    # A link cut in half would leave an unmatched '<': drop the partial link.
    last_open, last_close = cut.rfind("<"), cut.rfind(">")
    if last_open > last_close:
        cut = cut[:last_open]
    cut = _OPEN_ENTITY.sub("", cut)
    return cut + ELLIPSIS


def format_followers(n: int) -> str:
    """Human follower counts: 950, 23.4k, 120k, 1.2M."""
    if n < 1000:
        return str(n)
    if n < 1_000_000:
        value = n / 1000
        text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
        if text == "1000":
            return "1M"
        return f"{text.removesuffix('.0')}k"
    value = n / 1_000_000
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return f"{text.removesuffix('.0')}M"


def platform_name(platform: str) -> str:
    """Display name of a platform ("tiktok" -> "TikTok")."""
    return PLATFORM_NAMES.get(platform.lower(), platform.title())


def format_engagement(rec: Recommendation) -> str:
    """Engagement against its own tier/platform benchmark: "3.1% · 5.7× the micro median"."""
    if rec.engagement_rate is None:
        return "engagement unknown"
    text = f"{rec.engagement_rate * 100:.1f}% engagement"
    if rec.engagement_benchmark:
        ratio = rec.engagement_rate / rec.engagement_benchmark
        text += f" · {ratio:.1f}× the {escape(rec.tier)} median"
    return text


def _money(amount: float, currency: str = "USD") -> str:
    symbol = "$" if currency.upper() == "USD" else f"{escape(currency)} "
    return f"{symbol}{amount:,.0f}"


def describe_brief(brief: Brief) -> str:
    """The brief as understood, one line, escaped: "Instagram · US audience · micro 10k–100k · 5 picks"."""
    parts: list[str] = []
    if brief.topics:
        parts.append(", ".join(brief.topics))
    if brief.brand:
        parts.append(f"for {brief.brand}")
    parts.append(" / ".join(platform_name(p) for p in brief.platforms) if brief.platforms else "any platform")
    if brief.excluded_platforms:
        parts.append("not " + " / ".join(platform_name(p) for p in brief.excluded_platforms))
    if brief.countries:
        parts.append("creators in " + ", ".join(brief.countries))
    if brief.audience_countries:
        parts.append(", ".join(brief.audience_countries) + " audience")
    if brief.languages:
        parts.append("in " + ", ".join(brief.languages))
    size = _describe_size(brief)
    if size:
        parts.append(size + (" (default)" if brief.size_defaulted else ""))
    if brief.budget is not None:
        if brief.budget.unlimited or brief.budget.amount is None:
            parts.append("no budget cap")
        else:
            parts.append(_money(brief.budget.amount, brief.budget.currency) + " budget")
    if brief.exclude_handles:
        parts.append("excluding " + ", ".join(f"@{h}" for h in brief.exclude_handles))
    parts.append(f"{brief.k} pick" + ("" if brief.k == 1 else "s"))
    return escape(" · ".join(parts))


def _describe_size(brief: Brief) -> str:
    low, high = brief.follower_window()
    window = ""
    if low is not None and high is not None:
        window = f"{format_followers(low)}–{format_followers(high)}"
    elif low is not None:
        window = f"{format_followers(low)}+"
    elif high is not None:
        window = f"up to {format_followers(high)}"
    tiers = "/".join(brief.tiers)
    return " ".join(p for p in (tiers, window) if p)


# --------------------------------------------------------------------------- block helpers


def section(text: str) -> Block:
    """A mrkdwn section; ``text`` must already be escaped."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate_mrkdwn(text, MAX_SECTION_TEXT)}}


def header(text: str) -> Block:
    """A header block (plain text, 150 characters at most)."""
    return {"type": "header", "text": {"type": "plain_text", "text": truncate_plain(text, MAX_HEADER_TEXT)}}


def context(texts: Sequence[str]) -> Block:
    """A context block of mrkdwn elements (at most 10; each already escaped)."""
    elements = [
        {"type": "mrkdwn", "text": truncate_mrkdwn(t, MAX_SECTION_TEXT)}
        for t in texts[:MAX_CONTEXT_ELEMENTS]
        if t
    ]
    return {"type": "context", "elements": elements}


def button(text: str, action_id: str, value: str | None = None, style: str | None = None) -> Block:
    """A button element with Slack's length limits applied."""
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate_plain(text, MAX_BUTTON_TEXT), "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value[:MAX_BUTTON_VALUE]
    if style:
        element["style"] = style
    return element


def actions(block_id: str, elements: list[Block]) -> Block:
    """An actions block."""
    return {"type": "actions", "block_id": block_id[:255], "elements": elements}


def _fallback(*parts: str) -> str:
    text = " ".join(p for p in parts if p)
    return truncate_mrkdwn(text, MAX_FALLBACK_TEXT)


# --------------------------------------------------------------------------- picks


def pick_text(rec: Recommendation, *, all_rules: bool = False) -> str:
    """The mrkdwn body of one pick: handle link, facts, engagement, top reasons, caveats."""
    handle = link(rec.profile_url, f"@{rec.handle}")
    title = f"*{rec.rank}. {handle}*"
    if rec.display_name:
        title += f" ({escape(rec.display_name)})"
    facts = [platform_name(escape(rec.platform)), f"{format_followers(rec.followers)} followers"]
    if rec.country:
        facts.append(escape(rec.country))
    lines = [title, " · ".join(facts), format_engagement(rec)]
    if all_rules and rec.rules:
        reasons = [r.reason for r in rec.rules if not r.caveat]
        caveats = [r.reason for r in rec.rules if r.caveat] + rec.caveats
    else:
        reasons = rec.reasons[:MAX_REASONS_PER_PICK]
        caveats = rec.caveats
    lines += [f"• {escape(truncate_plain(r, MAX_REASON_CHARS))}" for r in reasons]
    lines += [f"{WARNING} {escape(truncate_plain(c, MAX_REASON_CHARS))}" for c in caveats]
    return "\n".join(lines)


def pick_actions(rec: Recommendation, index: int) -> Block:
    """The per-pick buttons; each carries the profile_id as its value (``index`` keeps block_ids unique)."""
    return actions(
        f"scout_pick_{index}",
        [
            button("More like this", ACTION_MORE_LIKE, rec.profile_id),
            button("Why this one?", ACTION_WHY, rec.profile_id),
            button("Add to shortlist", ACTION_SHORTLIST_ADD, rec.profile_id),
        ],
    )


def answer_actions() -> Block:
    """Answer-level buttons: export and feedback."""
    return actions(
        "scout_answer",
        [
            button("Export CSV", ACTION_EXPORT, "answer"),
            button("👍", ACTION_FEEDBACK_UP, "answer"),
            button("👎", ACTION_FEEDBACK_DOWN, "answer"),
        ],
    )


def _picks_blocks(
    recs: Sequence[Recommendation], budget: int, *, with_buttons: bool = True, all_rules: bool = False
) -> list[Block]:
    """Pick sections (and buttons) within ``budget`` blocks, with a note when some did not fit."""
    per_pick = 2 if with_buttons else 1
    fit = len(recs) if len(recs) * per_pick <= budget else max(0, (budget - 1) // per_pick)
    blocks: list[Block] = []
    for index, rec in enumerate(recs[:fit]):
        blocks.append(section(pick_text(rec, all_rules=all_rules)))
        if with_buttons:
            blocks.append(pick_actions(rec, index))
    if fit < len(recs):
        blocks.append(
            context(
                [f"Showing {fit} of {len(recs)} picks to fit in one message. Export CSV for the full list."]
            )
        )
    return blocks


def _footer(answer: Answer) -> list[str]:
    notes: list[str] = []
    if answer.matched is not None:
        notes.append(f"{answer.matched:,} profiles matched the hard constraints · ranked by fit, not reach")
    if answer.data_updated_at:
        notes.append(f"profile data as of {escape(answer.data_updated_at[:10])}")
    notes += [f"{WARNING} {escape(w)}" for w in answer.warnings]
    if answer.llm and answer.llm != "offline":
        notes.append(f"prose: {escape(answer.llm)}")
    return notes


# --------------------------------------------------------------------------- answers


def render_answer(answer: Answer) -> SlackMessage:
    """Render any Answer kind as a Slack message within every limit."""
    if answer.kind == "plan" and answer.plan is not None:
        return _render_plan(answer, answer.plan)
    if answer.kind == "error":
        return SlackMessage(
            text=_fallback(escape(answer.answer)), blocks=[section(f"{WARNING} {escape(answer.answer)}")]
        )
    if answer.kind in ("help", "off_topic"):
        return _render_help(answer.answer)
    if answer.kind == "recommendations":
        return _render_recommendations(answer)
    return _render_other(answer)


def _render_recommendations(answer: Answer) -> SlackMessage:
    recs = answer.recommendations
    head: list[Block] = [header(f"{len(recs)} creator{'s' if len(recs) != 1 else ''} ranked by fit")]
    if answer.brief is not None:
        head.append(
            context([f"*Brief:* {describe_brief(answer.brief)} · _reply in this thread to change anything_"])
        )
    if answer.answer:
        head.append(section(escape(answer.answer)))
    tail: list[Block] = []
    notes = _footer(answer)
    if notes:
        tail.append(context(notes))
    if recs:
        tail.append(answer_actions())
    blocks = head + _picks_blocks(recs, MAX_BLOCKS - len(head) - len(tail)) + tail
    names = ", ".join(f"@{r.handle}" for r in recs[:10])
    more = f" and {len(recs) - 10} more" if len(recs) > 10 else ""
    fallback = _fallback(
        f"{len(recs)} picks: {escape(names)}{more}." if recs else "No creators matched.",
        escape(answer.answer),
    )
    return SlackMessage(text=fallback, blocks=blocks)


def _render_other(answer: Answer) -> SlackMessage:
    """profile, compare, why_not, export, shortlist and anything new: prose plus compact picks."""
    head: list[Block] = []
    if answer.answer:
        head.append(section(escape(answer.answer)))
    tail: list[Block] = []
    notes = _footer(answer)
    if notes:
        tail.append(context(notes))
    with_buttons = answer.kind in ("profile", "compare", "why_not")
    picks = _picks_blocks(
        answer.recommendations,
        MAX_BLOCKS - len(head) - len(tail),
        with_buttons=with_buttons,
        all_rules=answer.kind == "profile",
    )
    blocks = head + picks + tail
    if not blocks:
        blocks = [section("Done.")]
    names = ", ".join(f"@{r.handle}" for r in answer.recommendations[:10])
    return SlackMessage(text=_fallback(escape(answer.answer) or escape(names) or "Done."), blocks=blocks)


def _render_plan(answer: Answer, plan: Plan) -> SlackMessage:
    head: list[Block] = [header(f"Campaign plan · {_money(plan.budget, plan.currency)} budget")]
    if answer.brief is not None:
        head.append(context([f"*Brief:* {describe_brief(answer.brief)}"]))
    if answer.answer:
        head.append(section(escape(answer.answer)))
    within = plan.total_cost_high <= plan.budget
    totals = (
        f"Total {_money(plan.total_cost_low, plan.currency)}–{_money(plan.total_cost_high, plan.currency)}"
        f" ({'within' if within else 'may exceed'} budget) · est. reach {format_followers(plan.est_reach)}"
        f" · est. engagements {format_followers(plan.est_engagements)} · all costs are estimates"
    )
    tail: list[Block] = [
        context([totals, *(escape(a) for a in plan.assumptions[: MAX_CONTEXT_ELEMENTS - 1])])
    ]
    notes = _footer(answer)
    if notes:
        tail.append(context(notes))
    tail.append(answer_actions())  # Export CSV of the plan's creators, and feedback
    budget = MAX_BLOCKS - len(head) - len(tail)
    pick_blocks: list[Block] = []
    fit = len(plan.picks) if len(plan.picks) <= budget else budget - 1
    for i, pick in enumerate(plan.picks[:fit], start=1):
        pick_blocks.append(
            section(
                f"*{i}. @{escape(pick.handle)}* · {platform_name(escape(pick.platform))} · {escape(pick.tier)}"
                f" · {escape(pick.format)} · {_money(pick.cost_low, plan.currency)}–"
                f"{_money(pick.cost_high, plan.currency)} (estimate)\n*Angle:* {escape(pick.angle)}"
            )
        )
    if fit < len(plan.picks):
        pick_blocks.append(context([f"Showing {fit} of {len(plan.picks)} plan picks."]))
    fallback = _fallback(f"Campaign plan with {len(plan.picks)} creators.", totals, escape(answer.answer))
    return SlackMessage(text=fallback, blocks=head + pick_blocks + tail)


def _render_help(text: str) -> SlackMessage:
    intro = escape(text) if text else help_intro()
    examples = "\n".join(f"• {escape(e)}" for e in HELP_EXAMPLES)
    blocks = [
        section(intro),
        section(f"*Try:*\n{examples}"),
        context(
            ["Mention me in a channel, DM me, or use `/scout <question>`. Reply in the thread to refine."]
        ),
    ]
    return SlackMessage(text=_fallback(intro), blocks=blocks)


def help_intro() -> str:
    """The standard help text (mrkdwn, no user text)."""
    return (
        "I recommend micro-influencers ranked by *fit*, not reach: topic and brand fit, audience location,"
        " engagement against each creator's own tier, audience credibility. Ask in plain words; when you"
        " name no size I assume micro (10k–100k followers)."
    )


def render_help() -> SlackMessage:
    """Usage help for ``/scout help`` and empty questions."""
    return _render_help("")


# --------------------------------------------------------------------------- transient messages


def render_placeholder(
    profile_count: int | None = None, *, asked_by: str | None = None, question: str = ""
) -> SlackMessage:
    """The message posted at once, before the service answers.

    Args:
        profile_count: How many profiles will be searched, when known.
        asked_by: Slack user ID to credit (slash commands post top-level, so they echo the question).
        question: The user's question, echoed (escaped) when ``asked_by`` is given.

    """
    what = f"{profile_count:,} profiles" if profile_count else "the profiles"
    text = f":mag: Looking through {what}…"
    blocks: list[Block] = []
    if asked_by and re.fullmatch(r"[UW][A-Z0-9]{2,20}", asked_by):
        blocks.append(section(f"<@{asked_by}> asked: {escape(truncate_plain(question, 1000))}"))
    blocks.append(context([text]))
    return SlackMessage(text=text, blocks=blocks)


def render_error(reference: str, problem: str) -> SlackMessage:
    """A friendly, specific error with a reference ID (the stack trace stays in the logs).

    Args:
        reference: Short ID that also appears in the log line with the details.
        problem: One plain sentence about what failed (our text, not an exception message).

    """
    text = (
        f"{WARNING} Sorry, I couldn't finish that: {escape(problem)} Please try again in a moment."
        f" If it keeps happening, share reference `{escape(reference)}` with whoever runs Scout."
    )
    return SlackMessage(text=_fallback(text), blocks=[section(text)])


def render_notice(text: str) -> SlackMessage:
    """A short informational message (already plain; escaped here)."""
    return SlackMessage(text=_fallback(escape(text)), blocks=[section(escape(text))])


def render_greeting() -> SlackMessage:
    """The first message in a new assistant thread."""
    text = "Hi! Tell me about your brand or campaign and I'll find creators who fit it."
    return SlackMessage(text=text, blocks=[section(text), context([help_intro()])])
