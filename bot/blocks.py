"""Block Kit builders: pure functions from our models to Slack message dicts.

Every builder returns a :class:`SlackMessage` (``text`` fallback for notifications and screen readers,
plus ``blocks``) within Slack's limits (``bot/block_kit.py``). Numbers, platform names and the brief
line come from ``assistant/presentation.py``; which reasons a pick shows from
``assistant/marketer_words.py``. All profile text, echoed user text and LLM prose is escaped with
:func:`bot.mrkdwn.escape_text` (Slack's three entities plus emphasis), handles with ``escape``.

A list answer is short on purpose: per pick one facts line, at most two plain reasons and a caveat
line, with the pick's actions in one overflow menu; answer-level Export and Slack's feedback buttons.
Compare and "tell me more" layouts live in ``bot/detail_blocks.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from assistant import presentation
from assistant.answer import Answer, Recommendation
from assistant.marketer_words import pick_reasons, plain_caveat
from bot.block_kit import (
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_BUTTON_VALUE,
    MAX_CONTEXT_ELEMENTS,
    MAX_FALLBACK_TEXT,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    Block,
    BlockIds,
    actions,
    button,
    context,
    fallback,
    feedback_buttons,
    header,
    overflow,
    section,
    truncate_mrkdwn,
    truncate_plain,
)
from bot.mrkdwn import escape, escape_text, link
from matching.brief import Brief

__all__ = [
    "MAX_BLOCKS",
    "MAX_BUTTON_TEXT",
    "MAX_BUTTON_VALUE",
    "MAX_CONTEXT_ELEMENTS",
    "MAX_FALLBACK_TEXT",
    "MAX_HEADER_TEXT",
    "MAX_SECTION_TEXT",
    "Block",
    "SlackMessage",
    "button",
    "context",
    "header",
    "section",
    "truncate_mrkdwn",
    "truncate_plain",
]

# Action IDs (the listeners match on these).
ACTION_MORE_LIKE: Final = "scout_more_like"
ACTION_WHY: Final = "scout_why"
ACTION_SHORTLIST_ADD: Final = "scout_shortlist_add"
ACTION_EXPORT: Final = "scout_export"
ACTION_RULES: Final = "scout_rules"
#: The per-pick overflow menu; each option's value is ``"<action_id>|<profile_id>"``.
ACTION_PICK_MENU: Final = "scout_pick_menu"
ACTION_NOT_A_FIT: Final = "scout_not_a_fit"
#: Slack's feedback_buttons element (value "positive" / "negative").
ACTION_FEEDBACK: Final = "scout_feedback"
#: Legacy 👍/👎 buttons on answers posted before feedback_buttons; still understood.
ACTION_FEEDBACK_UP: Final = "scout_feedback_up"
ACTION_FEEDBACK_DOWN: Final = "scout_feedback_down"
#: The "Not a fit" reason modal.
VIEW_NOT_A_FIT: Final = "scout_not_a_fit_reason"
#: action_id -> the service's action name (the buttons the service answers).
SERVICE_ACTIONS: Final[dict[str, str]] = {
    ACTION_MORE_LIKE: "more_like",
    ACTION_WHY: "why",
    ACTION_SHORTLIST_ADD: "shortlist_add",
    ACTION_EXPORT: "export",
    ACTION_RULES: "why",
}
#: The menu option value separator.
MENU_SEPARATOR: Final = "|"

WARNING: Final = ":warning:"
MAX_REASON_CHARS: Final = 200

#: Suggested prompts name no creator: the store a team runs may not hold any given handle.
SUGGESTED_PROMPTS: Final[tuple[dict[str, str], ...]] = (
    {
        "title": "Find micro-influencers",
        "message": "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US",
    },
    {"title": "Plan a campaign", "message": "A $5,000 TikTok campaign for a vegan skincare launch in the UK"},
    {
        "title": "Narrow it down",
        "message": "TikTok creators in Germany about home espresso, 10k-50k followers",
    },
    {"title": "What can you do?", "message": "help"},
)

HELP_EXAMPLES: Final[tuple[str, ...]] = (
    "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US",
    "TikTok creators in Germany about home espresso, 10k-50k followers",
    "A $5,000 campaign for a vegan skincare launch in the UK",
    "Tell me about @handle",
)


@dataclass(frozen=True)
class SlackMessage:
    """A message ready for chat.postMessage / chat.update."""

    text: str
    blocks: list[Block] = field(default_factory=list)


# --------------------------------------------------------------------------- formats


def format_followers(n: int) -> str:
    """Follower counts (``assistant.presentation.followers``)."""
    return presentation.followers(n)


def platform_name(platform: str) -> str:
    """Display name of a platform (``assistant.presentation.platform_name``)."""
    return presentation.platform_name(platform)


def describe_brief(brief: Brief) -> str:
    """The brief line, escaped for mrkdwn."""
    return escape_text(presentation.brief_line(brief))


def facts_line(rec: Recommendation) -> str:
    """The pick's facts line (``presentation.facts_line``), escaped for mrkdwn."""
    return escape_text(presentation.facts_line(rec))


def pick_title(rec: Recommendation) -> str:
    """'*1. <url|@handle>* · Display Name' (escaped)."""
    title = f"*{rec.rank}. {link(rec.profile_url, f'@{rec.handle}')}*"
    if rec.display_name:
        title += f" · {escape_text(truncate_plain(rec.display_name, 80))}"
    return title


def pick_text(rec: Recommendation) -> str:
    """One pick: title, facts, at most two plain reasons, one caveat line."""
    lines = [pick_title(rec), facts_line(rec)]
    lines += [f"• {escape_text(truncate_plain(r, MAX_REASON_CHARS))}" for r in pick_reasons(rec)]
    if rec.caveats:
        caveat = plain_caveat(rec.caveats[0])
        lines.append(f"{WARNING} {escape_text(truncate_plain(caveat, MAX_REASON_CHARS))}")
    return "\n".join(lines)


def menu_value(action_id: str, profile_id: str) -> str:
    """An overflow option's value: which action, on which creator."""
    return f"{action_id}{MENU_SEPARATOR}{profile_id}"


def pick_menu(rec: Recommendation, *, details: bool = True) -> Block:
    """The pick's actions in one overflow menu (one block per pick instead of three buttons)."""
    options = [
        ("More like this", menu_value(ACTION_MORE_LIKE, rec.profile_id)),
        ("Add to shortlist", menu_value(ACTION_SHORTLIST_ADD, rec.profile_id)),
        ("Not a fit", menu_value(ACTION_NOT_A_FIT, rec.profile_id)),
    ]
    if details:
        options.insert(0, ("Tell me more", menu_value(ACTION_WHY, rec.profile_id)))
    return overflow(ACTION_PICK_MENU, options)


def answer_controls(ids: BlockIds, *, export: bool = True) -> list[Block]:
    """Answer-level controls: Export CSV, then Slack's feedback buttons."""
    out: list[Block] = []
    if export:
        out.append(
            actions(
                ids("answer"),
                [button("Export CSV", ACTION_EXPORT, "answer", label="Export this list as a CSV file")],
            )
        )
    out.append(feedback_buttons(ACTION_FEEDBACK, ids("feedback")))
    return out


def footer_notes(answer: Answer) -> list[str]:
    """Matched count, data freshness, warnings (escaped)."""
    notes: list[str] = []
    if answer.matched is not None:
        notes.append(f"{answer.matched:,} profiles match your constraints · ranked by fit, not reach")
    if answer.data_updated_at:
        notes.append(f"profile data as of {escape(answer.data_updated_at[:10])}")
    notes += [f"{WARNING} {escape_text(w)}" for w in answer.warnings]
    return notes


def asked_line(asked_by: str | None, question: str) -> str | None:
    """'<@U123> asked: …' for answers posted top-level (slash commands); None without a valid user ID."""
    if asked_by and re.fullmatch(r"[UW][A-Z0-9]{2,20}", asked_by):
        return f"<@{asked_by}> asked: {escape_text(truncate_plain(question, 1000))}"
    return None


def headline(answer: Answer) -> str:
    """The first words a user is notified of: the count and the first pick (plain text)."""
    recs = answer.recommendations
    if not recs:
        return "No creators matched."
    first = recs[0]
    subject = ""
    if answer.brief is not None:
        subject = answer.brief.brand or ", ".join(answer.brief.topics)
    count = f"{len(recs)} creator{'s' if len(recs) != 1 else ''}" + (f" for {subject}" if subject else "")
    er = presentation.percent(first.engagement_rate)
    return (
        f"{count}. #1 @{first.handle}: {presentation.platform_name(first.platform)}, "
        f"{presentation.followers(first.followers)} followers, {er} engagement."
    )


# --------------------------------------------------------------------------- answers


def render_answer(answer: Answer, *, asked_by: str | None = None, summary: bool = True) -> SlackMessage:
    """Render any Answer kind as a Slack message within every limit.

    Args:
        answer: The service's answer.
        asked_by: Slack user ID to credit at the top (answers posted top-level, e.g. ``/scout``).
        summary: False leaves the prose out of the blocks (it was streamed above them already).

    """
    from bot import detail_blocks, plan_blocks

    ids = BlockIds()
    lead: list[Block] = []
    credit = asked_line(asked_by, answer.question)
    if credit:
        lead.append(section(credit, block_id=ids("asked")))
    if answer.kind == "plan" and answer.plan is not None:
        message = plan_blocks.render_plan(answer, answer.plan, ids)
    elif answer.kind == "error":
        text = f"{WARNING} {escape_text(answer.answer)}"
        message = SlackMessage(text=fallback(text), blocks=[section(text, block_id=ids("error"))])
    elif answer.kind in ("help", "off_topic"):
        message = _render_help(answer.answer, ids)
    elif answer.kind == "recommendations":
        message = _render_recommendations(answer, ids, summary=summary)
    elif answer.kind == "profile" and answer.recommendations:
        message = detail_blocks.render_profile(answer, ids)
    elif answer.kind == "compare" and len(answer.recommendations) > 1:
        message = detail_blocks.render_compare(answer, ids)
    else:
        message = _render_other(answer, ids)
    if lead:
        message = SlackMessage(text=message.text, blocks=(lead + message.blocks)[:MAX_BLOCKS])
    return message


def _render_recommendations(answer: Answer, ids: BlockIds, *, summary: bool) -> SlackMessage:
    recs = answer.recommendations
    head: list[Block] = []
    if summary:
        head.append(section(f"*{escape_text(headline(answer))}*", block_id=ids("headline")))
    if answer.brief is not None:
        head.append(
            context(
                [f"*Brief:* {describe_brief(answer.brief)} · _reply in this thread to change anything_"],
                block_id=ids("brief"),
            )
        )
    if summary and answer.answer:
        head.append(section(escape_text(answer.answer), block_id=ids("summary")))
    tail: list[Block] = []
    notes = footer_notes(answer)
    if notes:
        tail.append(context(notes, block_id=ids("notes")))
    if recs:
        tail += answer_controls(ids)
    blocks = head + picks_blocks(recs, MAX_BLOCKS - len(head) - len(tail), ids) + tail
    return SlackMessage(text=fallback(escape_text(headline(answer))), blocks=blocks)


def picks_blocks(
    recs: Sequence[Recommendation], budget: int, ids: BlockIds, *, menus: bool = True
) -> list[Block]:
    """One section per pick (actions in its overflow menu), within ``budget`` blocks."""
    fit = len(recs) if len(recs) <= budget else max(0, budget - 1)
    out = [
        section(pick_text(rec), block_id=ids("pick", i), accessory=pick_menu(rec) if menus else None)
        for i, rec in enumerate(recs[:fit])
    ]
    if fit < len(recs):
        out.append(
            context(
                [f"Showing {fit} of {len(recs)} picks to fit in one message. Export CSV for the full list."],
                block_id=ids("more"),
            )
        )
    return out


def _render_other(answer: Answer, ids: BlockIds) -> SlackMessage:
    """why_not, export, shortlist, a one-row compare and anything new: prose plus compact picks."""
    head: list[Block] = [section(escape_text(answer.answer), block_id=ids("text"))] if answer.answer else []
    tail: list[Block] = []
    notes = footer_notes(answer)
    if notes:
        tail.append(context(notes, block_id=ids("notes")))
    # An export answer carries the file; its rows are in the CSV, not repeated in the message.
    recs = [] if answer.kind == "export" else answer.recommendations
    picks = picks_blocks(recs, MAX_BLOCKS - len(head) - len(tail), ids, menus=answer.kind != "shortlist")
    blocks = head + picks + tail or [section("Done.", block_id=ids("done"))]
    names = ", ".join(f"@{r.handle}" for r in answer.recommendations[:10])
    return SlackMessage(text=fallback(escape_text(answer.answer) or escape(names) or "Done."), blocks=blocks)


def _render_help(text: str, ids: BlockIds) -> SlackMessage:
    intro = escape_text(text) if text else help_intro()
    examples = "\n".join(f"• {escape(e)}" for e in HELP_EXAMPLES)
    blocks = [
        section(intro, block_id=ids("intro")),
        section(f"*Try:*\n{examples}", block_id=ids("examples")),
        context(
            ["Mention me in a channel, DM me, or use `/scout <question>`. Reply in the thread to refine."],
            block_id=ids("how"),
        ),
    ]
    return SlackMessage(text=fallback(intro), blocks=blocks)


def help_intro() -> str:
    """The standard help text (mrkdwn, no user text)."""
    return (
        "I recommend micro-influencers ranked by *fit*, not reach: topic and brand fit, audience location,"
        " engagement against each creator's own tier, audience credibility. Ask in plain words; when you"
        " name no size I assume micro (10k–100k followers)."
    )


def render_help() -> SlackMessage:
    """Usage help for ``/scout help`` and empty questions."""
    return _render_help("", BlockIds())


# --------------------------------------------------------------------------- transient messages


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
    return SlackMessage(text=fallback(text), blocks=[section(text, block_id=BlockIds()("error"))])


def render_notice(text: str) -> SlackMessage:
    """A short informational message (already plain; escaped here)."""
    return SlackMessage(
        text=fallback(escape_text(text)), blocks=[section(escape_text(text), block_id=BlockIds()("notice"))]
    )


def render_greeting() -> SlackMessage:
    """The first message in a new assistant thread."""
    text = "Hi! Tell me about your brand or campaign and I'll find creators who fit it."
    ids = BlockIds()
    return SlackMessage(
        text=text,
        blocks=[section(text, block_id=ids("hello")), context([help_intro()], block_id=ids("help"))],
    )
