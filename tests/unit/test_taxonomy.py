"""The taxonomy data file, its loader and a team's override file; category mapping; handle words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from matching import taxonomy, vocabulary
from matching.categories import category_summary, handle_words, map_labels, niches_for_label
from matching.parser import parse_brief
from matching.profile import Profile
from matching.taxonomy import TaxonomyError, load_taxonomy

PARSE_DAY = date(2026, 6, 1)  # a fixed clock: the parser reads no clock of its own


@pytest.fixture(autouse=True)
def _bundled_taxonomy() -> Iterator[None]:
    # Every test starts and ends with the bundled taxonomy, whatever a test installed.
    taxonomy.configure(None)
    yield
    taxonomy.configure(None)


def test_bundled_taxonomy_is_valid_and_keeps_the_sample_generators_table() -> None:
    tax = load_taxonomy()
    assert tax.version == taxonomy.SCHEMA_VERSION
    # The generator reads NICHES in order; its words are the sample's vocabulary.
    assert list(vocabulary.NICHES)[:3] == ["climbing", "running", "cycling"]
    assert vocabulary.NICHES["baking"][:3] == ("baking", "baker", "bakery")
    for niche in tax.niches:
        assert niche.parent is None or niche.parent in tax.by_name
    assert set(vocabulary.VALUES) >= {"sustainable", "vegan"} and "gambling" in vocabulary.SAFETY


def test_niches_have_parents_and_children() -> None:
    tax = taxonomy.active()
    assert "makeup" in tax.family("beauty") and "skincare" in tax.family("beauty")
    assert tax.ancestors("football") == ("sports",)
    assert "mua" in tax.terms("beauty")  # a child's words count for the parent
    assert tax.related("makeup", "beauty") and not tax.related("makeup", "fashion")


@pytest.mark.parametrize(
    ("label", "niche"),
    [
        ("family", "parenting"),
        ("interior", "home decor"),
        ("Food & Beverage", "food"),
        ("Clothing & Accessories", "fashion"),
        ("Art & Crafts", "art"),
        ("Sports, Fitness & Outdoors", "fitness"),
        ("Science & Technology", "education"),
        ("Science & Technology", "tech"),
        ("Video games", "gaming"),
        ("fasion", "fashion"),  # the typo a real export carries
    ],
)
def test_real_export_labels_map_to_niches(label: str, niche: str) -> None:
    assert niche in niches_for_label(label)


def test_unmapped_labels_are_kept_and_counted_and_placeholders_ignored() -> None:
    niches, unmapped = map_labels(["Public Administration", "Others", "Beauty"])
    assert niches == ["beauty"] and unmapped == ["Public Administration"]
    line = category_summary([["Public Administration"], ["Beauty"], ["Real Estate"], []])
    assert line is not None
    assert "1 of 3 labelled profiles mapped" in line
    assert "'Public Administration' (1)" in line and "'Real Estate' (1)" in line
    assert category_summary([[], []]) is None
    assert category_summary([["Beauty"], ["family"]]) is None  # all mapped exactly: nothing to say


def test_profile_keeps_raw_labels_and_gets_mapped_niches() -> None:
    p = Profile(handle="2cookinmamas", platform="instagram", followers=20_000, topics=["Food & Beverage"])
    assert p.topics == ["Food & Beverage"] and p.niches == ["food"]


def test_embedding_text_carries_handle_words_name_niches_and_raw_labels() -> None:
    a = Profile(handle="2cookinmamas", platform="instagram", followers=20_000, topics=["food"])
    b = Profile(
        handle="the_pasta_queen",
        display_name="Nadia",
        platform="instagram",
        followers=20_000,
        topics=["food"],
    )
    text_a, text_b = a.embedding_text(), b.embedding_text()
    assert "cook in mamas" in text_a and "Niches: food." in text_a
    assert "the pasta queen" in text_b and "Nadia" in text_b
    assert text_a != text_b  # one category no longer means one shared vector
    c = Profile(handle="x", platform="tiktok", followers=1, topics=["Sports, Fitness & Outdoors"])
    assert "Categories: Sports, Fitness & Outdoors." in c.embedding_text()


def test_handle_words_split_run_together_and_camel_case_handles() -> None:
    assert handle_words("2cookinmamas") == "2 cook in mamas"
    assert handle_words("the_home_decor_diary") == "the home decor diary"
    assert handle_words("JaneDoeBakes") == "jane doe bakes"


def _write(tmp_path: Path, doc: object | str) -> Path:
    path = tmp_path / "team.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def test_a_team_file_adds_a_niche_the_parser_then_reads(tmp_path: Path) -> None:
    assert "beauty" not in parse_brief("glow-up creators in Spain", today=PARSE_DAY).topics
    assert niches_for_label("Padel & Racket") == ()
    path = _write(
        tmp_path,
        {
            "version": 1,
            "niches": [
                {
                    "name": "padel",
                    "parent": "sports",
                    "aliases": ["padel players"],
                    "labels": ["Padel & Racket"],
                },
                {"name": "beauty", "aliases": ["glow-up"]},
            ],
            "values": {"vegan": ["veganuary"]},
        },
    )
    taxonomy.configure(path)
    assert parse_brief("padel players for a racket brand", today=PARSE_DAY).topics == ["padel"]
    assert parse_brief("glow-up creators in Spain", today=PARSE_DAY).topics == ["beauty"]
    assert niches_for_label("Padel & Racket") == ("padel",)
    assert "glow-up" in taxonomy.active().terms("beauty")
    assert "veganuary" in vocabulary.VALUES["vegan"]
    assert "padel" in taxonomy.active().family("sports")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "the file is empty"),
        ("{not json", "not valid JSON"),
        ({"version": 7, "niches": []}, "unknown or missing version 7"),
        ({"niches": [{"name": "x"}]}, "unknown or missing version None"),
        ({"version": 1}, "adds no niches"),
        (
            {"version": 1, "niches": [{"name": "padel", "parent": "racket sports"}]},
            "unknown parent 'racket sports'",
        ),
        ({"version": 1, "niches": [{"name": "padel", "colour": "blue"}]}, "colour"),
        ({"version": 1, "nichez": []}, "unknown keys nichez"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_an_unusable_team_file_names_the_file_and_the_problem(
    tmp_path: Path, content: object, problem: str
) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    assert str(path) in str(info.value) and problem in str(info.value)


def test_a_missing_team_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy(tmp_path / "nope.json")
