"""Detail layouts: "tell me more" about one creator, the full rule table, and side-by-side compares.

"Tell me more" is the verdict, the facts, what is strong and what to check, in plain words; the
full rule table sits behind a "Show every rule" button (:func:`render_rule_table`). A compare is one
fields section per criterion on which the creators differ (Slack shows fields in two columns), so
any number of creators fits without one long paragraph; the "why #1 beats #2" line leads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from assistant.answer import Answer, Recommendation
from assistant.composer import why_beats
from assistant.marketer_words import checks, informative, label, plain, strengths, verdict_word
from bot.block_kit import (
    MAX_BLOCKS,
    MAX_FIELDS,
    Block,
    BlockIds,
    actions,
    button,
    context,
    fallback,
    fields_section,
    section,
)
from bot.blocks import (
    ACTION_RULES,
    SlackMessage,
    answer_controls,
    facts_line,
    footer_notes,
    pick_menu,
    pick_title,
)
from bot.mrkdwn import escape, escape_text

#: Criteria whose scores differ by less than this read as "about the same" and are left out.
MIN_GAP: Final = 0.1


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {escape_text(i)}" for i in items)


def render_profile(answer: Answer, ids: BlockIds) -> SlackMessage:
    """One creator: verdict, facts, strengths, what to check, alternatives; every rule behind a button."""
    rec = answer.recommendations[0]
    subject = ""
    if answer.brief is not None:
        subject = answer.brief.brand or ", ".join(answer.brief.topics)
    verdict = f"@{rec.handle} is {verdict_word(rec)}" + (f" for {subject}" if subject else "")
    blocks: list[Block] = [
        section(f"*{escape_text(verdict)}*\n{pick_title(rec)}\n{facts_line(rec)}", block_id=ids("verdict")),
    ]
    strong, check = strengths(rec), checks(rec)
    if strong:
        blocks.append(section("*Strong:*\n" + _bullets(strong), block_id=ids("strong")))
    if check:
        blocks.append(section("*Check before you reach out:*\n" + _bullets(check), block_id=ids("check")))
    alternatives = answer.recommendations[1:]
    if alternatives:
        names = ", ".join(f"#{a.rank} @{escape(a.handle)}" for a in alternatives[:5])
        blocks.append(
            context([f"Similar creators that fit this brief better: {names}"], block_id=ids("alts"))
        )
    notes = footer_notes(answer)
    if notes:
        blocks.append(context(notes, block_id=ids("notes")))
    controls: list[Block] = []
    if rec.rules:
        controls.append(
            button(
                "Show every rule",
                ACTION_RULES,
                rec.profile_id,
                label=f"Show every fit rule for @{rec.handle}",
            )
        )
    menu = pick_menu(rec, details=False)
    blocks.append(actions(ids("profile"), [*controls, menu]))
    blocks += answer_controls(ids, export=False)
    text = fallback(escape_text(verdict + ". " + plain(facts_line(rec))))
    return SlackMessage(text=text, blocks=blocks[:MAX_BLOCKS])


def render_rule_table(rec: Recommendation) -> SlackMessage:
    """Every fit rule's verdict for one creator, in plain labels (the "Show every rule" reply)."""
    ids = BlockIds()
    rows: list[str] = []
    for r in sorted(rec.rules, key=lambda r: (-r.weight * abs(r.score - 0.5), r.rule)):
        if not informative(r):
            continue
        mark = ":warning:" if r.caveat else (":large_green_circle:" if r.score >= 0.6 else ":white_circle:")
        if not r.caveat and r.score <= 0.4:
            mark = ":red_circle:"
        rows.append(f"{mark} *{escape(label(r.rule))}*: {escape_text(plain(r.reason))}")
    body = "\n".join(rows) or "No rule had anything to say about this creator."
    blocks = [section(f"*Every rule for @{escape(rec.handle)}*", block_id=ids("rules_head"))]
    # One section per ~3,000 characters, split between lines (never mid-word).
    chunk: list[str] = []
    size = 0
    for row in body.split("\n"):
        if size + len(row) + 1 > 2900 and chunk:
            blocks.append(section("\n".join(chunk), block_id=ids("rules", len(blocks))))
            chunk, size = [], 0
        chunk.append(row)
        size += len(row) + 1
    if chunk:
        blocks.append(section("\n".join(chunk), block_id=ids("rules", len(blocks))))
    return SlackMessage(text=fallback(f"Every rule for @{escape(rec.handle)}"), blocks=blocks[:MAX_BLOCKS])


def differing_criteria(rows: Sequence[Recommendation]) -> list[str]:
    """Rule ids on which the creators differ, biggest weighted spread first."""
    spreads: dict[str, float] = {}
    for rule in dict.fromkeys(r.rule for rec in rows for r in rec.rules):
        results = [next((r for r in rec.rules if r.rule == rule), None) for rec in rows]
        if any(r is None or not informative(r) for r in results):
            continue
        scores = [r.score for r in results if r is not None]
        weight = max(r.weight for r in results if r is not None)
        if weight > 0 and max(scores) - min(scores) >= MIN_GAP:
            spreads[rule] = (max(scores) - min(scores)) * weight
    return sorted(spreads, key=lambda k: (-spreads[k], k))


def render_compare(answer: Answer, ids: BlockIds) -> SlackMessage:
    """Side by side: facts, then one fields section per differing criterion; the why-line leads."""
    rows = answer.recommendations
    ordered = sorted(rows, key=lambda r: r.rank)
    why = why_beats(ordered[0], ordered[1])
    names = ", ".join(f"@{r.handle}" for r in rows)
    blocks: list[Block] = [section(f"*Comparing {escape(names)}*", block_id=ids("head"))]
    if why:
        blocks.append(section(escape_text(why), block_id=ids("why")))
    groups = [rows[i : i + MAX_FIELDS] for i in range(0, len(rows), MAX_FIELDS)]
    for g, group in enumerate(groups):
        facts = [f"{pick_title(r)}\n{facts_line(r)}" for r in group]
        blocks.append(fields_section(facts, block_id=ids("facts", g)))
    criteria = differing_criteria(rows)
    budget = MAX_BLOCKS - len(blocks) - 3
    shown = 0
    for rule in criteria:
        if shown + len(groups) > budget:
            break
        for g, group in enumerate(groups):
            cells = []
            for rec in group:
                result = next(r for r in rec.rules if r.rule == rule)
                cells.append(f"*@{escape(rec.handle)}*: {escape_text(plain(result.reason))}")
            blocks.append(
                fields_section(
                    cells, text=f"*{escape(label(rule))}*" if g == 0 else None, block_id=ids("crit", rule, g)
                )
            )
            shown += 1
    if not criteria:
        blocks.append(context(["They are about the same on every criterion I check."], block_id=ids("same")))
    elif shown < len(criteria) * len(groups):
        blocks.append(
            context(
                ["More criteria differ than fit here; ask about one pick for all of them."],
                block_id=ids("cut"),
            )
        )
    blocks += answer_controls(ids, export=False)
    return SlackMessage(text=fallback(escape_text(why or f"Comparing {names}")), blocks=blocks[:MAX_BLOCKS])
