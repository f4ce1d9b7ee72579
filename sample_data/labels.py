"""Graded relevance labels and hard-constraint checks for the labelled evaluation briefs.

Pure functions over the generator's ground truth (``truth.json``) and an eval brief (one entry of
``eval_briefs.json``). The engine never imports this module: labels must not depend on the ranker.

A truth entry is ``{"niches": [primary, ...], "values": [...], "flags": [...], "generalist": bool}``.
An eval brief carries ``niche`` and ``values`` (what a good pick covers) and the hard constraints the
question states: ``platforms`` and ``countries`` (empty = any) and an inclusive follower window
``min_followers`` / ``max_followers`` (None = unbounded).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matching.profile import Profile


def relevance(truth_entry: Mapping[str, Any], brief: Mapping[str, Any]) -> int:
    """Graded relevance of one creator to one brief.

    Returns:
        ``2`` when the brief's niche is the creator's primary niche, the creator holds every brief
        value and carries no red flag; ``1`` when the niche is among the creator's niches (primary
        or secondary, values not all present) and no red flag; ``0`` otherwise. Any red flag
        (bought followers, ad saturation, brand safety, inactivity) makes a creator irrelevant,
        however well it fits.

    """
    if truth_entry.get("flags"):
        return 0
    niches = [str(n) for n in truth_entry.get("niches") or []]
    niche = brief.get("niche")
    if not niche or niche not in niches:
        return 0
    held = {str(v) for v in truth_entry.get("values") or []}
    wanted = {str(v) for v in brief.get("values") or []}
    if niches[0] == niche and wanted <= held:
        return 2
    return 1


def passes_hard(profile: Profile, brief: Mapping[str, Any]) -> bool:
    """Whether a profile meets the brief's hard constraints.

    Platforms and countries must match when the brief lists any (a profile with no country fails a
    country constraint); the follower count must lie in ``[min_followers, max_followers]``, bounds
    inclusive, a missing bound meaning unbounded.
    """
    platforms = [str(p).lower() for p in brief.get("platforms") or []]
    if platforms and profile.platform not in platforms:
        return False
    countries = [str(c).upper() for c in brief.get("countries") or []]
    if countries and profile.country not in countries:
        return False
    low = brief.get("min_followers")
    if low is not None and profile.followers < int(low):
        return False
    high = brief.get("max_followers")
    return not (high is not None and profile.followers > int(high))
