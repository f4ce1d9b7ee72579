"""Explanations over a ranking: why a creator is not in it, and how two picks compare rule by rule."""

from __future__ import annotations

from datetime import date

from matching.brief import Brief
from matching.candidates import Candidate, ScoredCandidate
from matching.ranking import Ranking, hard_flags, rule_gaps, sort_key
from matching.rules import RULE_LABELS, RuleContext, evaluate
from matching.weights import DEFAULT_CONFIG, RuleConfig
from matching.wording import join_words


def _held_back(target: ScoredCandidate, last: ScoredCandidate, limit: int = 2) -> list[str]:
    """The target's own reasons on the rules where ``last`` beats it most."""
    lines: list[str] = []
    for rule, gap in rule_gaps(last, target):
        if gap <= 0.01 or len(lines) >= limit:
            break
        result = target.result(rule)
        if result is not None:
            reason = result.reason[:1].lower() + result.reason[1:]
            lines.append(f"{RULE_LABELS.get(rule, rule)}: {reason}")
    return lines


def why_not(
    target: Candidate,
    brief: Brief,
    ranking: Ranking,
    violations: list[str],
    *,
    today: date,
    config: RuleConfig = DEFAULT_CONFIG,
) -> str:
    """Why ``target`` is not among the picks.

    Args:
        target: The creator the user asked about (with its similarity when known).
        brief: The brief the ranking answered.
        ranking: The ranking shown to the user.
        violations: ``matching.filters.violations(target.profile, filters_for(brief, today))``.
        today: The date the ranking was made for.
        config: The rule config the ranking used.

    Returns:
        One or two sentences: the hard constraint that ruled it out, or where it would rank and
        which rules hold it back against the last pick shown.

    """
    p = target.profile
    handle = f"@{p.handle}"
    if violations:
        return f"{handle} was ruled out by the brief: it {join_words(violations)}."
    picks = ranking.picks
    shown = min(brief.k, len(picks))
    ids = [sc.profile.id for sc in picks]
    if p.id in ids:
        position = ids.index(p.id) + 1
        if position <= shown:
            return f"{handle} is already in the list, at #{position}."
        scored = picks[position - 1]
        held = _held_back(scored, picks[shown - 1])
        tail = f", held back by {'; '.join(held)}" if held else ""
        return f"{handle} ranks #{position}, just outside the {shown} shown{tail}."
    scored = evaluate(target, RuleContext(brief=brief, today=today, config=config))
    flags = hard_flags(scored, config)
    flagged_ids = set(ranking.flagged)
    mine = (bool(flags), *sort_key(scored))
    position = 1 + sum(1 for sc in picks if (sc.profile.id in flagged_ids, *sort_key(sc)) < mine)
    flag_note = f" It carries a red flag: {flags[0]}." if flags else ""
    if not picks or position <= shown:
        return (
            f"{handle} passes every hard constraint and would rank #{position} (score {scored.score:.2f}); "
            f"the search did not return it for this brief.{flag_note}"
        )
    last = picks[shown - 1]
    held = _held_back(scored, last)
    if flags and any(flags[0][:1].lower() + flags[0][1:] in line for line in held):
        flag_note = ""  # already named among the rules holding it back
    tail = f", held back by {'; '.join(held)}" if held else ""
    return (
        f"{handle} passes every hard constraint but would rank #{position} "
        f"(score {scored.score:.2f} vs {last.score:.2f} for @{last.profile.handle}, the last pick shown){tail}."
        f"{flag_note}"
    )


def compare(a: ScoredCandidate, b: ScoredCandidate) -> list[str]:
    """Rule-by-rule comparison lines, the biggest weighted difference first.

    Rules that carry no weight for either (not asked by the brief) are left out.
    """
    ha, hb = f"@{a.profile.handle}", f"@{b.profile.handle}"
    gaps = sorted(rule_gaps(a, b), key=lambda g: (-abs(g[1]), g[0]))
    lines: list[str] = []
    for rule, gap in gaps:
        ra, rb = a.result(rule), b.result(rule)
        if ra is None or rb is None:
            continue
        label = RULE_LABELS.get(rule, rule)
        label = label[0].upper() + label[1:]
        verdict = f"{ha} ahead" if gap > 0.005 else f"{hb} ahead" if gap < -0.005 else "even"
        lines.append(
            f"{label}: {verdict} ({ha} {ra.score:.2f}, {hb} {rb.score:.2f}). {ha}: {ra.reason}. {hb}: {rb.reason}."
        )
    return lines
