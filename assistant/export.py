"""CSV export of a list, a shortlist or a plan."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from assistant.answer import Plan, Recommendation

COLUMNS = (
    "rank",
    "handle",
    "platform",
    "display_name",
    "followers",
    "tier",
    "engagement_rate",
    "country",
    "score",
    "profile_url",
    "reasons",
    "caveats",
    "shortlisted",
)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a bio or handle starting with = + - @ must not run as a formula.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def recommendations_csv(rows: Sequence[Recommendation], shortlisted: set[str] | None = None) -> str:
    """The picks as CSV text (UTF-8, header row, one row per pick)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    marks = shortlisted or set()
    for r in rows:
        writer.writerow(
            [
                _cell(v)
                for v in (
                    r.rank,
                    r.handle,
                    r.platform,
                    r.display_name,
                    r.followers,
                    r.tier,
                    "" if r.engagement_rate is None else f"{r.engagement_rate:.4f}",
                    r.country,
                    f"{r.score:.3f}",
                    r.profile_url,
                    " | ".join(r.reasons),
                    " | ".join(r.caveats),
                    "yes" if r.profile_id in marks else "",
                )
            ]
        )
    return buf.getvalue()


def plan_csv(plan: Plan) -> str:
    """A campaign plan as CSV text, with the totals and assumptions as trailing rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("handle", "platform", "tier", "cost_low_usd", "cost_high_usd", "format", "angle"))
    for p in plan.picks:
        writer.writerow(
            [_cell(v) for v in (p.handle, p.platform, p.tier, p.cost_low, p.cost_high, p.format, p.angle)]
        )
    writer.writerow(("TOTAL (estimate)", "", "", plan.total_cost_low, plan.total_cost_high, "", ""))
    for a in plan.assumptions:
        writer.writerow(("assumption", "", "", "", "", "", _cell(a)))
    return buf.getvalue()
