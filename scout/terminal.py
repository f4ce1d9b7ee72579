"""Render an Answer for a terminal (the CLI's adapter; Slack has its own in bot/blocks.py)."""

from __future__ import annotations

from assistant.answer import Answer
from assistant.presenters import describe_brief, human_count, percent


def render(answer: Answer, *, show_brief: bool = True) -> str:
    """Plain text for `scout ask` and `scout chat`."""
    lines: list[str] = []
    if show_brief and answer.brief is not None and answer.kind in ("recommendations", "plan"):
        lines.append(f"Brief: {describe_brief(answer.brief)}")
        lines.append("")
    if answer.kind in ("recommendations",) and answer.recommendations:
        for r in answer.recommendations:
            er = percent(r.engagement_rate)
            if r.engagement_rate is not None and r.engagement_benchmark:
                er += f" ({r.engagement_rate / r.engagement_benchmark:.1f}x {r.platform} {r.tier} median)"
            lines.append(
                f"{r.rank:>2}. @{r.handle}  [{r.platform}, {r.country or '??'}, {r.tier}]  "
                f"{human_count(r.followers)} followers · {er} · score {r.score:.2f}"
            )
            if r.profile_url:
                lines.append(f"    {r.profile_url}")
            for reason in r.reasons:
                lines.append(f"    + {reason}")
            for caveat in r.caveats:
                lines.append(f"    ! {caveat}")
        lines.append("")
    lines.append(answer.answer)
    for w in answer.warnings:
        lines.append(f"(note: {w})")
    if answer.llm != "offline":
        lines.append(f"(prose by {answer.llm})")
    return "\n".join(lines).strip()
