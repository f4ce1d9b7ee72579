"""Render an Answer for a terminal (the CLI's adapter; Slack has its own in bot/blocks.py).

Everything printed comes from untrusted text somewhere (bios, captions, names, LLM prose, file
headers), so it passes through :func:`sanitize`: escape sequences (CSI, OSC, DCS, ...) that could
recolour, retitle, hide or rewrite the terminal, other C0/C1 controls and bidi overrides are
removed; newlines and tabs stay. A ten-line regex needs no dependency.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from assistant.answer import Answer
from assistant.marketer_words import pick_reasons, plain_caveat
from assistant.presentation import facts_line
from assistant.presenters import describe_brief

# ESC-led sequences (ECMA-48): CSI "ESC [ ... final", OSC/DCS/SOS/PM/APC strings ended by BEL or
# ESC \, and two-character escapes; then their 8-bit C1 forms (U+009B CSI, U+009D OSC, ...).
_ESCAPES: Final = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)",
    re.DOTALL,
)
# Remaining controls (not \t or \n), DEL, C1, and bidi embeddings/overrides/isolates/marks.
_CONTROLS: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def sanitize(text: str) -> str:
    """``text`` safe to print on a terminal: no escape sequences, controls or bidi overrides.

    A carriage return is dropped too: a bare CR lets a later part of a line overwrite an earlier one.
    """
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))


def json_for_terminal(doc: Any) -> str:
    """Indented JSON in which C1 controls and bidi characters are escaped (json escapes C0 itself)."""
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    return _CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def render(answer: Answer, *, show_brief: bool = True) -> str:
    """Plain text for `scout ask` and `scout chat`."""
    lines: list[str] = []
    if show_brief and answer.brief is not None and answer.kind in ("recommendations", "plan"):
        lines.append(f"Brief: {describe_brief(answer.brief)}")
        lines.append("")
    if answer.kind in ("recommendations",) and answer.recommendations:
        for r in answer.recommendations:
            # The same facts and marketer-word reasons as Slack; every rule's reason is in --json.
            fit = f"  ({r.match} match)" if r.match else ""
            lines.append(f"{r.rank:>2}. @{r.handle}{fit}")
            lines.append(f"    {facts_line(r)}")
            if r.profile_url:
                lines.append(f"    {r.profile_url}")
            for reason in pick_reasons(r, limit=3):
                lines.append(f"    + {reason}")
            for caveat in r.caveats:
                lines.append(f"    ! {plain_caveat(caveat)}")
        lines.append("")
    lines.append(answer.answer)
    for w in answer.warnings:
        lines.append(f"(note: {w})")
    if answer.llm != "offline":
        lines.append(f"(prose by {answer.llm})")
    return sanitize("\n".join(lines).strip())
