"""Every user-visible format in one place: followers, percentages, money, platform names, the brief line.

The CLI (``scout/terminal.py`` through ``assistant/presenters.py``), the Slack blocks (``bot/blocks.py``)
and the offline composer all format through these functions, so the same number reads the same
everywhere. The rules, chosen once:

- followers: exact below 1,000; ``23.4k`` (one decimal) below 100k; ``123k`` from 100k; ``1M`` (never
  ``1000k``), ``1.2M``; no trailing ``.0``.
- percent: one decimal from 1% (``3.1%``), two significant digits below it (``0.54%``), because tier
  benchmarks such as HypeAuditor's 0.54% would otherwise all read ``0.5%``.
- money: ``$3,000`` for USD, ``EUR 3,000`` for any other code, whole units.
- platforms: one display name each; Twitter is ``X``.

The output is plain text; Slack escaping happens at the rendering boundary (``bot/mrkdwn.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matching import domain
from matching.brief import Brief
from matching.geo import country_name
from matching.profile import normalize_platform
from matching.tiers import default_follower_range

if TYPE_CHECKING:
    from assistant.answer import Recommendation


def followers(n: int | float) -> str:
    """Follower counts: 950, 23.4k, 123k, 1M, 1.2M."""
    n = int(n)
    if n < 1000:
        return str(n)
    if n < 1_000_000:
        value = n / 1000
        text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
        if text in ("1000", "1000.0"):
            return "1M"
        return f"{text.removesuffix('.0')}k"
    value = n / 1_000_000
    text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return f"{text.removesuffix('.0')}M"


def percent(rate: float | None) -> str:
    """A fraction as a percentage: 0.031 -> '3.1%', 0.0054 -> '0.54%'; None -> 'unknown'."""
    if rate is None:
        return "unknown"
    value = rate * 100
    if abs(value) >= 1 or value == 0:
        return f"{value:.1f}%"
    return f"{value:.2g}%"


def share(rate: float) -> str:
    """A rate as a whole percent, for shares and reach rates: 0.25 -> '25%' (engagement uses ``percent``)."""
    return f"{rate:.0%}"


def money(amount: float, currency: str = "USD") -> str:
    """'$3,000' for USD, 'EUR 3,000' otherwise."""
    code = (currency or "USD").upper()
    prefix = "$" if code == "USD" else f"{code} "
    return f"{prefix}{amount:,.0f}"


def platform_name(platform: str) -> str:
    """The platform's one display name ('tiktok' -> 'TikTok', 'twitter' -> 'X')."""
    return domain.active().display_name(normalize_platform(platform) or platform.lower())


def times_benchmark(rate: float | None, benchmark: float | None, tier: str) -> str | None:
    """Engagement against the creator's own tier benchmark: '5.7x typical for micro', or None."""
    if rate is None or not benchmark:
        return None
    return f"{rate / benchmark:.1f}× typical for {tier}"


def default_window() -> str:
    """The default size window in words, from the active catalogue: '10k-100k'."""
    lo, hi = default_follower_range()
    return f"{followers(lo)}-{followers(hi)}"


def follower_window(brief: Brief) -> str:
    """The follower window in words: 'micro (10k-100k followers)', 'up to 50k followers', 'any size'."""
    lo, hi = brief.min_followers, brief.max_followers
    if lo is None and hi is None:
        return "any size"
    if (lo, hi) == default_follower_range():
        return f"micro ({default_window()} followers)"
    if lo is not None and hi is not None:
        return f"{followers(lo)}-{followers(hi)} followers"
    if hi is not None:
        return f"up to {followers(hi)} followers"
    assert lo is not None
    return f"{followers(lo)}+ followers"


def brief_line(brief: Brief) -> str:
    """The brief as understood, in one line, so the user can correct it (plain text)."""
    parts: list[str] = []
    if brief.brand:
        parts.append(brief.brand)
    elif brief.topics:
        parts.append(", ".join(brief.topics))
    if brief.values:
        parts.append("values: " + ", ".join(brief.values))
    parts.append(" / ".join(platform_name(p) for p in brief.platforms) if brief.platforms else "any platform")
    if brief.excluded_platforms:
        parts.append("not " + " / ".join(platform_name(p) for p in brief.excluded_platforms))
    if brief.countries:
        parts.append("based in " + ", ".join(country_name(c) for c in brief.countries))
    if brief.audience_countries:
        parts.append("audience in " + ", ".join(country_name(c) for c in brief.audience_countries))
    if brief.languages:
        parts.append("language: " + ", ".join(brief.languages))
    if brief.audience_gender or brief.audience_ages:
        who = " ".join([brief.audience_gender or "", ", ".join(brief.audience_ages)]).strip()
        parts.append(f"audience: {who}")
    parts.append(follower_window(brief) + (" (default)" if brief.size_defaulted else ""))
    if brief.budget is not None:
        if brief.budget.unlimited or brief.budget.amount is None:
            parts.append("no budget cap")
        else:
            parts.append(money(brief.budget.amount, brief.budget.currency) + " budget")
    if brief.exclude_handles:
        parts.append("excluding " + ", ".join("@" + h for h in brief.exclude_handles))
    if brief.exclude_brands:
        parts.append("avoiding " + ", ".join(brief.exclude_brands))
    if brief.require_email:
        parts.append("with contact email")
    if brief.max_days_since_post:
        parts.append(f"posted in the last {brief.max_days_since_post} days")
    parts.append(f"{brief.k} pick{'s' if brief.k != 1 else ''}")
    return " · ".join(parts)


def facts_line(rec: Recommendation) -> str:
    """'Instagram · 52.2k followers · 1.3% engagement (2.4x typical for micro) · US' (unescaped)."""
    facts = [platform_name(rec.platform), f"{followers(rec.followers)} followers"]
    if rec.engagement_rate is None:
        facts.append("engagement unknown")
    else:
        er = f"{percent(rec.engagement_rate)} engagement"
        versus = times_benchmark(rec.engagement_rate, rec.engagement_benchmark, rec.tier)
        facts.append(f"{er} ({versus})" if versus else er)
    if rec.country:
        facts.append(rec.country)
    return " · ".join(facts)
