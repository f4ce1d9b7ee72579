"""The bundled sample dataset: profiles, ground truth and labelled evaluation briefs.

The files are package data written by ``python -m sample_data.generate`` (seeded, byte-for-byte
reproducible). Dates in the data are relative to ``REFERENCE_DATE``: evaluate recency against it,
not against today.
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from importlib.abc import Traversable
from typing import Any, Final

from matching.profile import Profile

REFERENCE_DATE: Final = date(2026, 11, 1)

PROFILES_FILE: Final = "profiles.jsonl"
TRUTH_FILE: Final = "truth.json"
EVAL_BRIEFS_FILE: Final = "eval_briefs.json"


def _data(name: str) -> Traversable:
    return resources.files(__package__ or "sample_data").joinpath(name)


def profiles_path() -> Traversable:
    """The bundled profiles, one JSON object per line."""
    return _data(PROFILES_FILE)


def truth_path() -> Traversable:
    """The ground truth: profile ID -> niches, values, red flags, generalist."""
    return _data(TRUTH_FILE)


def eval_briefs_path() -> Traversable:
    """The labelled evaluation briefs."""
    return _data(EVAL_BRIEFS_FILE)


def load_profiles() -> list[Profile]:
    """Every bundled profile, validated."""
    text = profiles_path().read_text(encoding="utf-8")
    return [Profile.model_validate_json(line) for line in text.splitlines() if line.strip()]


def load_truth() -> dict[str, dict[str, Any]]:
    """The ground truth keyed by profile ID (``platform:handle`` in lower case)."""
    data: dict[str, dict[str, Any]] = json.loads(truth_path().read_text(encoding="utf-8"))
    return data


def load_eval_briefs() -> list[dict[str, Any]]:
    """The labelled evaluation briefs, in file order."""
    data: list[dict[str, Any]] = json.loads(eval_briefs_path().read_text(encoding="utf-8"))
    return data


__all__ = [
    "REFERENCE_DATE",
    "eval_briefs_path",
    "load_eval_briefs",
    "load_profiles",
    "load_truth",
    "profiles_path",
    "truth_path",
]
