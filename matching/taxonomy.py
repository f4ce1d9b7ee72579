"""The niche taxonomy as data: matching/data/taxonomy.json, validated by a typed loader.

A niche has a parent (``makeup`` under ``beauty``), the words that signal it in a question or a
profile (``words`` plus ``aliases``: synonyms, role nouns, community words such as BookTok), and the
category labels real exports use for it (Instagram, TikTok commerce, YouTube, Modash-style). Brand
values and brand-safety terms live in the same file. A team extends it with its own file (the
SCOUT_TAXONOMY setting), which the composition root installs with :func:`configure`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SCHEMA_VERSION: Final = 1
_BUNDLED: Final = "data/taxonomy.json"


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message names the file and the problem."""


def label_key(label: str) -> str:
    """A category label or word compared case- and spacing-insensitively ("Food & Beverage" ~ "food  & beverage")."""
    return " ".join(label.casefold().replace("_", " ").split())


class Niche(BaseModel):
    """One node of the taxonomy."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    parent: str | None = None
    sample: bool = Field(False, description="Its words feed the bundled sample generator.")
    words: list[str] = Field(default_factory=list, description="The original signal words.")
    aliases: list[str] = Field(default_factory=list, description="Synonyms, role nouns, community words.")
    labels: list[str] = Field(default_factory=list, description="Category labels real exports use.")
    description: str = ""

    @field_validator("name", "parent")
    @classmethod
    def _lower(cls, value: str | None) -> str | None:
        return value.strip().lower() if isinstance(value, str) else value

    def terms(self) -> tuple[str, ...]:
        """Every word that signals this niche, the name first, lower case, without repeats."""
        return tuple(
            dict.fromkeys(t.strip().lower() for t in (self.name, *self.words, *self.aliases) if t.strip())
        )


class Taxonomy(BaseModel):
    """The whole file: niches, brand values and brand-safety terms."""

    model_config = ConfigDict(extra="forbid")

    version: int
    about: str = ""
    niches: list[Niche] = Field(min_length=1)
    values: dict[str, list[str]] = Field(default_factory=dict)
    safety: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"unknown taxonomy version {value} (this Scout reads version {SCHEMA_VERSION})")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Taxonomy:
        names = [n.name for n in self.niches]
        seen: set[str] = set()
        for name in names:
            if name in seen:
                raise ValueError(f"niche {name!r} is listed twice")
            seen.add(name)
        for niche in self.niches:
            if niche.parent is not None and niche.parent not in seen:
                raise ValueError(f"niche {niche.name!r} names an unknown parent {niche.parent!r}")
        parents = {n.name: n.parent for n in self.niches}
        for name in names:
            chain, node = {name}, parents[name]
            while node is not None:
                if node in chain:
                    raise ValueError(f"niche {name!r} is its own ancestor")
                chain.add(node)
                node = parents[node]
        return self

    @cached_property
    def by_name(self) -> dict[str, Niche]:
        """Niches by name."""
        return {n.name: n for n in self.niches}

    @cached_property
    def _label_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for niche in self.niches:
            for label in (*niche.labels, niche.name):
                index.setdefault(label_key(label), []).append(niche.name)
        return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}

    @cached_property
    def _term_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = {}
        for niche in self.niches:
            for term in niche.terms():
                index.setdefault(label_key(term), []).append(niche.name)
        return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}

    def niches_for_label(self, label: str) -> tuple[str, ...]:
        """The niches a category label names exactly (a listed label, then a niche word); () if none."""
        key = label_key(label)
        return self._label_index.get(key) or self._term_index.get(key) or ()

    def niches_for_term(self, term: str) -> tuple[str, ...]:
        """The niches a single word or phrase signals; () if none."""
        return self._term_index.get(label_key(term), ())

    def terms(self, name: str) -> tuple[str, ...]:
        """The words of a niche and of every niche under it (``beauty`` includes makeup words)."""
        out: list[str] = []
        for node in self.family(name):
            out.extend(self.by_name[node].terms())
        return tuple(dict.fromkeys(out))

    def ancestors(self, name: str) -> tuple[str, ...]:
        """The parent, grandparent, ... of a niche."""
        out: list[str] = []
        node = self.by_name[name].parent if name in self.by_name else None
        while node is not None:
            out.append(node)
            node = self.by_name[node].parent
        return tuple(out)

    @cached_property
    def _families(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {n.name: [n.name] for n in self.niches}
        for niche in self.niches:
            for ancestor in self.ancestors(niche.name):
                out[ancestor].append(niche.name)
        return {k: tuple(v) for k, v in out.items()}

    def family(self, name: str) -> tuple[str, ...]:
        """A niche and every niche below it."""
        return self._families.get(name, ())

    def related(self, a: str, b: str) -> bool:
        """True when one niche is the other or sits under it."""
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def all_terms(self) -> Mapping[str, tuple[str, ...]]:
        """Niche -> its own signal words (not its children's), in file order."""
        return {n.name: n.terms() for n in self.niches}

    def sample_niches(self) -> dict[str, tuple[str, ...]]:
        """The sample generator's table: the original niches and their original words, in order."""
        return {n.name: tuple(n.words) for n in self.niches if n.sample}


def _read(path: Path | None) -> tuple[str, object]:
    if path is None:
        text = resources.files("matching").joinpath(_BUNDLED).read_text(encoding="utf-8")
        return "the bundled taxonomy", json.loads(text)
    if not path.is_file():
        raise TaxonomyError(f"taxonomy file {path}: not found")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TaxonomyError(f"taxonomy file {path}: cannot be read ({error.__class__.__name__})") from error
    if not text.strip():
        raise TaxonomyError(f"taxonomy file {path}: the file is empty")
    try:
        return str(path), json.loads(text)
    except json.JSONDecodeError as error:
        raise TaxonomyError(
            f"taxonomy file {path}: not valid JSON (line {error.lineno}: {error.msg})"
        ) from error


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else str(first["msg"])


def _merge(base: Taxonomy, extra: Mapping[str, object], where: str) -> Taxonomy:
    """The bundled taxonomy extended by a team file: niches merged by name, words and labels added."""
    data = base.model_dump()
    by_name = {n["name"]: n for n in data["niches"]}
    listed = extra.get("niches")
    raws: list[object] = list(listed) if isinstance(listed, list) else []
    for raw in raws:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise TaxonomyError(f"taxonomy file {where}: every niche needs a name")
        name = raw["name"].strip().lower()
        if name in by_name:
            node = by_name[name]
            for key in ("aliases", "labels"):
                node[key] = list(dict.fromkeys([*node[key], *raw.get(key, [])]))
            for key in ("parent", "description"):
                if raw.get(key) is not None:
                    node[key] = raw[key]
        else:
            node = {"words": [], "aliases": [], "labels": [], **raw, "name": name, "sample": False}
            data["niches"].append(node)
            by_name[name] = node
    for table in ("values", "safety"):
        extra_table = extra.get(table)
        if isinstance(extra_table, dict):
            for key, words in extra_table.items():
                data[table][key] = list(dict.fromkeys([*data[table].get(key, []), *words]))
    try:
        return Taxonomy.model_validate(data)
    except ValidationError as error:
        raise TaxonomyError(f"taxonomy file {where}: {_first_error(error)}") from error


def load_taxonomy(override: Path | None = None) -> Taxonomy:
    """The bundled taxonomy, extended by ``override`` when given.

    Raises:
        TaxonomyError: the override is missing, empty, not JSON, of an unknown version, or invalid.

    """
    _, raw = _read(None)
    base = Taxonomy.model_validate(raw)
    if override is None:
        return base
    where, extra = _read(override)
    if not isinstance(extra, dict):
        raise TaxonomyError(f"taxonomy file {where}: expected a JSON object with 'version' and 'niches'")
    if extra.get("version") != SCHEMA_VERSION:
        raise TaxonomyError(
            f"taxonomy file {where}: unknown or missing version {extra.get('version')!r} "
            f"(this Scout reads version {SCHEMA_VERSION})"
        )
    unknown = set(extra) - {"version", "about", "niches", "values", "safety"}
    if unknown:
        raise TaxonomyError(f"taxonomy file {where}: unknown keys {', '.join(sorted(unknown))}")
    if not any(extra.get(key) for key in ("niches", "values", "safety")):
        raise TaxonomyError(f"taxonomy file {where}: it adds no niches, values or safety terms")
    return _merge(base, extra, where)


_active: Taxonomy | None = None


def active() -> Taxonomy:
    """The taxonomy in use (the bundled one unless :func:`configure` installed another)."""
    global _active
    if _active is None:
        _active = load_taxonomy()
    return _active


def configure(override: Path | None) -> Taxonomy:
    """Install the bundled taxonomy extended by a team file; called once by the composition root."""
    global _active
    _active = load_taxonomy(override)
    from matching import parser, vocabulary  # local imports: both read the active taxonomy

    vocabulary.reset_caches()
    parser.reset_caches()
    return _active


def words_of(tables: Iterable[Mapping[str, Iterable[str]]]) -> set[str]:
    """Every word of the given tables, lower case (the router uses it to spot topic words)."""
    return {w.lower() for table in tables for words in table.values() for w in words}
