"""The offline answer composer: short, readable prose built only from the picks and their reasons.

The LLM, when configured, writes richer prose from the same facts; this is what every answer falls
back to, so it must read well on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer import Recommendation
from assistant.marketer_words import label, pick_reasons, plain
from assistant.presentation import default_window, platform_name, times_benchmark
from assistant.presenters import describe_window, human_count, percent
from matching.brief import Brief
from matching.wording import join_words

USAGE = (
    "Ask me who to work with, in plain words. For example:\n"
    "• 5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US\n"
    "• TikTok creators under 50k in the UK who post about vegan baking\n"
    "• tell me about @handle  ·  plan a campaign for a trail snack with $3,000 on Instagram and TikTok\n"
    "Then follow up in the thread: 'tell me more about #2', 'compare 1 and 3', 'TikTok instead', "
    "'more like #2', 'why not @someone?', 'show more', 'export the list'."
)

FOLLOW_UP_HINT = "Follow up: 'tell me more about #2', 'compare 1 and 3', 'more like #1', 'export'."


def _pick_line(r: Recommendation) -> str:
    er = percent(r.engagement_rate)
    versus = times_benchmark(r.engagement_rate, r.engagement_benchmark, r.tier)
    if versus:
        er += f" ({versus})"
    where = f", {r.country}" if r.country else ""
    head = f"{r.rank}. @{r.handle} ({platform_name(r.platform)}{where}): {human_count(r.followers)} followers, {er} engagement"
    reasons = "; ".join(pick_reasons(r))
    line = f"{head}. {reasons}." if reasons else f"{head}."
    if r.caveats:
        line += f" Watch out: {r.caveats[0]}"
    return line


def compose_list(
    brief: Brief,
    picks: Sequence[Recommendation],
    *,
    matched: int,
    why_first: str | None,
    relax_hints: Sequence[str] = (),
) -> str:
    """Short prose for a ranked list; the per-pick facts live in the recommendations themselves.

    The picks, their numbers and their caveats are shown with each pick, so the prose does not repeat
    them: it says what was searched, why #1 is first, and what was assumed.

    Args:
        brief: The brief as understood.
        picks: The ranked picks shown.
        matched: How many profiles passed the hard constraints.
        why_first: One sentence on why the first pick is first.
        relax_hints: "Drop X: N would match" suggestions when fewer than asked matched.

    """
    subject = brief.brand or ", ".join(brief.topics) or "your brief"
    if not picks:
        text = f"No profile in the store fits {subject} with these constraints ({describe_window(brief)})."
        if relax_hints:
            text += " To widen the search: " + "; ".join(relax_hints) + "."
        return text
    lines = [
        f"Top {len(picks)} for {subject} ({describe_window(brief)}), from {matched:,} "
        f"profile{'s' if matched != 1 else ''} that pass your constraints."
    ]
    if why_first:
        lines.append(plain(why_first))
    if len(picks) < brief.k:
        lines.append(f"Only {len(picks)} of the {brief.k} you asked for match.")
        if relax_hints:
            lines.append("To find more: " + "; ".join(relax_hints) + ".")
    if brief.size_defaulted:
        lines.append(
            f"You named no size, so I kept to micro-influencers ({default_window()} followers); "
            "say 'any size' to widen."
        )
    lines.extend(brief.notes)
    return "\n".join(lines)


def compose_profile(r: Recommendation, *, brief: Brief, alternatives: Sequence[Recommendation]) -> str:
    """Prose for one named creator: facts, every rule's verdict, red flags, better-fitting alternatives."""
    lines = [_pick_line(r)]
    lines.append(
        f"Fit score {r.score:.2f} (confidence {r.confidence:.0%}) against: {brief.brand or ', '.join(brief.topics) or 'no brief yet'}."
    )
    lines.append("Every rule:")
    for rule in r.rules:
        mark = "⚠" if rule.caveat else ("+" if rule.score >= 0.6 else ("-" if rule.score <= 0.4 else "·"))
        lines.append(f"  {mark} {rule.rule}: {rule.reason}")
    if r.caveats:
        lines.append("Red flags: " + "; ".join(r.caveats))
    if alternatives:
        alts = ", ".join(f"@{a.handle} ({a.score:.2f})" for a in alternatives)
        lines.append(f"Nearest better-fitting alternatives: {alts}.")
    return "\n".join(lines)


def why_beats(a: Recommendation, b: Recommendation, limit: int = 3) -> str:
    """The line that says why the higher-ranked of two picks is ahead, by the biggest weighted gaps."""
    theirs = {r.rule: r for r in b.rules}
    gaps = []
    for r in a.rules:
        other = theirs.get(r.rule)
        if other is not None and r.weight > 0 and r.score - other.score > 0.005:
            gaps.append(((r.score - other.score) * r.weight, r.rule))
    gaps.sort(key=lambda g: (-g[0], g[1]))
    head = f"Why #{a.rank} @{a.handle} beats #{b.rank} @{b.handle}"
    if not gaps:
        return f"{head}: they are close; #{a.rank} edges ahead overall."
    return f"{head}: stronger " + join_words(label(g[1]).lower() for g in gaps[:limit]) + "."


def compose_compare(rows: Sequence[Recommendation], lines_by_rule: Sequence[str]) -> str:
    """Prose for a side-by-side comparison."""
    head = " vs ".join(f"#{r.rank} @{r.handle} ({r.score:.2f})" for r in rows)
    return "\n".join([f"Comparing {head}:", *lines_by_rule])
