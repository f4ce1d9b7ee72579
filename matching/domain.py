"""Scout's domain knowledge as data: matching/data/domain.json, validated by a typed catalogue.

Follower tiers, platforms (display names, profile URL templates, engagement benchmarks, micro cost
per post, organic reach), currencies with an as-of date, and the fit rules' thresholds with their
sources. A team overrides any of it with its own file (the SCOUT_DOMAIN setting, same shape, every key
optional), which the composition root installs with :func:`configure`. Adding a platform is a new
entry under ``platforms``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SCHEMA_VERSION: Final = 1
_BUNDLED: Final = "data/domain.json"
TIER_NAMES: Final = ("nano", "micro", "mid", "macro", "mega")


class DomainError(ValueError):
    """A domain file that cannot be used; the message names the file and the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TierBand(_Strict):
    """A named follower band: ``low <= followers < high`` (``high`` None = unbounded)."""

    name: str
    low: int = Field(ge=0)
    high: int | None = None


class Tiers(_Strict):
    """Tier boundaries, the default size window and the cost factor of each tier."""

    source: str = ""
    bands: tuple[TierBand, ...]
    nano_floor: int = Field(ge=0)
    default_follower_range: tuple[int, int]
    default_follower_range_source: str = ""
    cost_factor: dict[str, float]
    cost_factor_source: str = ""

    @model_validator(mode="after")
    def _contiguous(self) -> Tiers:
        names = tuple(b.name for b in self.bands)
        if names != TIER_NAMES:
            raise ValueError(
                f"tiers.bands must be {', '.join(TIER_NAMES)} in this order, got {', '.join(names)}"
            )
        for lower, upper in zip(self.bands, self.bands[1:], strict=False):
            if lower.high != upper.low:
                raise ValueError(f"tier {upper.name!r} must start where {lower.name!r} ends ({lower.high})")
        if self.bands[-1].high is not None:
            raise ValueError("the last tier must be unbounded (high: null)")
        missing = set(TIER_NAMES) - set(self.cost_factor)
        if missing:
            raise ValueError(f"tiers.cost_factor lacks {', '.join(sorted(missing))}")
        return self


class Platform(_Strict):
    """What Scout knows about one platform; every figure optional (a fallback platform's is used)."""

    display_name: str = Field(min_length=1)
    aliases: tuple[str, ...] = Field((), description="Other names people write for it ('ig', 'tik tok').")
    url_template: str | None = Field(None, description="Profile URL with {h} for the handle.")
    engagement: dict[str, float] | None = Field(None, description="Median engagement rate by tier.")
    micro_cost: tuple[float, float] | None = Field(None, description="USD per post for a micro creator.")
    reach_rate: float | None = Field(None, ge=0, le=1)

    @field_validator("url_template")
    @classmethod
    def _has_handle(cls, value: str | None) -> str | None:
        if value is not None and "{h}" not in value:
            raise ValueError("url_template needs {h} where the handle goes")
        return value

    @field_validator("engagement")
    @classmethod
    def _every_tier(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is not None and set(value) != set(TIER_NAMES):
            raise ValueError(f"engagement needs exactly the tiers {', '.join(TIER_NAMES)}")
        return value


class Currencies(_Strict):
    """Fixed, labelled conversion rates to USD, with the date they were read."""

    as_of: str = Field(min_length=1)
    source: str = ""
    usd_per: dict[str, float]
    unpriced: dict[str, str] = Field(
        default_factory=dict, description="Word or symbol -> ISO code, no rate held."
    )
    unpriced_source: str = ""

    @field_validator("usd_per")
    @classmethod
    def _usd_is_one(cls, value: dict[str, float]) -> dict[str, float]:
        if value.get("USD") != 1.0:
            raise ValueError("usd_per must hold USD: 1.0")
        if any(rate <= 0 for rate in value.values()):
            raise ValueError("every rate must be positive")
        return value


class Threshold(_Strict):
    """One fit-rule knob and where its number comes from."""

    # Typed against its RuleConfig field by matching.weights.rule_config, which names the field on error.
    value: Any
    source: str = ""


class Domain(_Strict):
    """The whole file."""

    version: int
    about: str = ""
    tiers: Tiers
    platforms: dict[str, Platform] = Field(min_length=1)
    benchmark_fallback: str
    cost_fallback: str
    default_reach_rate: float = Field(ge=0, le=1)
    sources: dict[str, str] = Field(default_factory=dict)
    currencies: Currencies
    thresholds: dict[str, Threshold] = Field(default_factory=dict)
    weights: dict[str, float] = Field(default_factory=dict, description="Rule id -> weight override.")

    @field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"unknown domain version {value} (this Scout reads version {SCHEMA_VERSION})")
        return value

    @model_validator(mode="after")
    def _fallbacks_exist(self) -> Domain:
        bench = self.platforms.get(self.benchmark_fallback)
        if bench is None or bench.engagement is None:
            raise ValueError(f"benchmark_fallback {self.benchmark_fallback!r} needs engagement figures")
        cost = self.platforms.get(self.cost_fallback)
        if cost is None or cost.micro_cost is None:
            raise ValueError(f"cost_fallback {self.cost_fallback!r} needs a micro_cost")
        return self

    @model_validator(mode="after")
    def _aliases_unique(self) -> Domain:
        seen: dict[str, str] = {}
        for name, platform in self.platforms.items():
            for alias in (name, *platform.aliases):
                key = alias.strip().lower()
                if seen.setdefault(key, name) != name:
                    raise ValueError(f"platform alias {alias!r} names both {seen[key]!r} and {name!r}")
        return self

    @cached_property
    def platform_aliases(self) -> dict[str, str]:
        """Every name and alias (lower case) -> its platform, names first in file order."""
        out = {name: name for name in self.platforms}
        for name, platform in self.platforms.items():
            for alias in platform.aliases:
                out.setdefault(alias.strip().lower(), name)
        return out

    @cached_property
    def engagement_benchmarks(self) -> dict[str, dict[str, float]]:
        """Platform -> tier -> median engagement rate, for the platforms that have figures."""
        return {name: dict(p.engagement) for name, p in self.platforms.items() if p.engagement is not None}

    @cached_property
    def micro_costs(self) -> dict[str, tuple[float, float]]:
        """Platform -> (low, high) USD per post for a micro creator."""
        return {name: p.micro_cost for name, p in self.platforms.items() if p.micro_cost is not None}

    @cached_property
    def reach_rates(self) -> dict[str, float]:
        """Platform -> share of followers who see a post."""
        return {name: p.reach_rate for name, p in self.platforms.items() if p.reach_rate is not None}

    def display_name(self, platform: str) -> str:
        """'tiktok' -> 'TikTok'; a platform the file does not list is capitalised."""
        known = self.platforms.get(platform)
        return known.display_name if known is not None else platform.capitalize()

    def profile_url(self, platform: str, handle: str) -> str | None:
        """The profile URL built from the platform's template, or None when it has none."""
        known = self.platforms.get(platform)
        template = known.url_template if known is not None else None
        return template.format(h=handle) if template else None

    def threshold_values(self) -> dict[str, object]:
        """Threshold name -> value (the fields of ``matching.weights.RuleConfig``)."""
        return {name: t.value for name, t in self.thresholds.items()}


def _read(path: Path | None) -> tuple[str, object]:
    if path is None:
        text = resources.files("matching").joinpath(_BUNDLED).read_text(encoding="utf-8")
        return "the bundled domain file", json.loads(text)
    if not path.is_file():
        raise DomainError(f"domain file {path}: not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DomainError(f"domain file {path}: cannot be read ({error.__class__.__name__})") from error
    if not text.strip():
        raise DomainError(f"domain file {path}: the file is empty")
    try:
        return str(path), json.loads(text)
    except json.JSONDecodeError as error:
        raise DomainError(f"domain file {path}: not valid JSON (line {error.lineno}: {error.msg})") from error


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def _deep_merge(base: Mapping[str, object], extra: Mapping[str, object]) -> dict[str, object]:
    """``base`` with ``extra`` laid over it: objects merge key by key, anything else is replaced."""
    out = dict(base)
    for key, value in extra.items():
        below = out.get(key)
        if isinstance(value, Mapping) and isinstance(below, Mapping):
            out[key] = _deep_merge(below, value)
        else:
            out[key] = value
    return out


def load_domain(override: Path | None = None) -> Domain:
    """The bundled domain knowledge, with ``override`` laid over it when given.

    Raises:
        DomainError: the override is missing, empty, not JSON, of an unknown version, names an
            unknown threshold or rule, or leaves the data invalid.

    """
    _, raw = _read(None)
    base = Domain.model_validate(raw)
    if override is None:
        return base
    where, extra = _read(override)
    if not isinstance(extra, dict):
        raise DomainError(f"domain file {where}: expected a JSON object with 'version'")
    if extra.get("version") != SCHEMA_VERSION:
        raise DomainError(
            f"domain file {where}: unknown or missing version {extra.get('version')!r} "
            f"(this Scout reads version {SCHEMA_VERSION})"
        )
    if not set(extra) - {"version", "about"}:
        raise DomainError(f"domain file {where}: it changes nothing")
    thresholds = extra.get("thresholds")
    if isinstance(thresholds, dict):
        unknown = sorted(set(thresholds) - set(base.thresholds))
        if unknown:
            raise DomainError(f"domain file {where}: unknown threshold(s) {', '.join(unknown)}")
        # A team may write a bare number: {"inactive_days": 120}.
        extra = {
            **extra,
            "thresholds": {k: v if isinstance(v, dict) else {"value": v} for k, v in thresholds.items()},
        }
    try:
        domain = Domain.model_validate(_deep_merge(base.model_dump(), extra))
    except ValidationError as error:
        raise DomainError(f"domain file {where}: {_first_error(error)}") from error
    try:
        from matching.weights import rule_config  # local: weights reads this module

        rule_config(domain)
    except (TypeError, ValueError) as error:
        raise DomainError(f"domain file {where}: {error}") from error
    return domain


_active: Domain | None = None


def active() -> Domain:
    """The domain knowledge in use (the bundled file unless :func:`configure` installed another)."""
    global _active
    if _active is None:
        _active = load_domain()
    return _active


def configure(override: Path | None) -> Domain:
    """Install the bundled domain knowledge with a team file laid over it; called by the composition root."""
    global _active
    _active = load_domain(override)
    return _active
