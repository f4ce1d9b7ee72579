"""Ingest every real influencer file in ../shared/data/real (skipped when ../shared is absent)."""

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from retrieval.ingest import IngestError, IngestResult, read_profiles

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "real"

pytestmark = [pytest.mark.integration, pytest.mark.shared]

# file -> (platform, fewest accepted rows we expect, most rejected rows we expect)
PROFILE_FILES = {
    "kim2020_instagram_influencers.csv": ("instagram", 33_000, 0),
    "tides_tiktok_influencers.csv": ("tiktok", 5_000, 0),
    "tides_youtube_influencers.csv": ("youtube", 2_554, 0),
    "top1000_instagram_dec2022.csv": ("instagram", 990, 10),  # 9 repeated handles
    "top1000_tiktok_dec2022.csv": ("tiktok", 999, 1),  # 1 repeated handle
    # A third of the channels are listed by title ("Vlad and Niki"), not by handle.
    "top1000_youtube_dec2022.csv": ("youtube", 650, 350),
}


@pytest.fixture(scope="module")
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip(f"../shared is absent: no real datasets at {REAL}")
    return REAL


@pytest.fixture(scope="module")
def ingest(real_dir: Path) -> Callable[[str], IngestResult]:
    cache: dict[str, IngestResult] = {}

    def read(name: str) -> IngestResult:
        if name not in cache:
            cache[name] = read_profiles(real_dir / name)
        return cache[name]

    return read


@pytest.mark.parametrize("name", sorted(PROFILE_FILES))
def test_every_profile_file_ingests(ingest: Callable[[str], IngestResult], name: str) -> None:
    platform, min_accepted, max_rejected = PROFILE_FILES[name]

    result = ingest(name)

    assert result.platform == platform
    assert len(result.profiles) >= min_accepted
    assert len(result.rejected) <= max_rejected
    assert len(result.profiles) + len(result.rejected) == result.rows
    assert all(profile.source == name for profile in result.profiles)
    assert all(
        " " not in profile.handle and not profile.handle.startswith("@") for profile in result.profiles
    )
    assert all(row.line >= 2 and row.reason for row in result.rejected)


def test_top1000_instagram_handles_are_handles(ingest: Callable[[str], IngestResult]) -> None:
    result = ingest("top1000_instagram_dec2022.csv")

    messi = next(p for p in result.profiles if p.handle == "leomessi")
    assert messi.display_name == "Leo Messi"
    assert messi.followers == 409_800_000
    assert messi.country == "AR"
    assert messi.topics == ["Sports with a ball", "Family"]
    assert messi.avg_likes == 23_400_000  # Eng. (Avg.)
    assert messi.engagement_rate == pytest.approx(23.4 / 409.8)
    assert not any(p.handle == "Leo Messi" for p in result.profiles)
    assert all(r.reason.startswith("duplicate of line ") for r in result.rejected)


def test_top1000_tiktok_and_youtube_handles(ingest: Callable[[str], IngestResult]) -> None:
    tiktok = {p.handle: p for p in ingest("top1000_tiktok_dec2022.csv").profiles}
    youtube = ingest("top1000_youtube_dec2022.csv")

    assert tiktok["mrbeast"].display_name == "MrBeast"
    assert tiktok["mrbeast"].followers == 60_300_000
    assert tiktok["mrbeast"].avg_views == 29_200_000
    assert tiktok["mrbeast"].avg_comments == 30_800
    tseries = next(p for p in youtube.profiles if p.handle == "tseries")
    assert (tseries.display_name, tseries.followers, tseries.country) == ("T-Series", 229_500_000, "IN")
    reasons = {r.reason for r in youtube.rejected}
    assert "handle 'Vlad and Niki' has spaces (a display name, not a handle)" in reasons


def test_countries_are_iso_codes(ingest: Callable[[str], IngestResult]) -> None:
    for name in (
        "top1000_instagram_dec2022.csv",
        "top1000_youtube_dec2022.csv",
        "tides_tiktok_influencers.csv",
    ):
        countries = {p.country for p in ingest(name).profiles if p.country is not None}
        assert countries, name
        assert all(len(code) == 2 and code.isupper() for code in countries), name
    tides = {p.country for p in ingest("tides_tiktok_influencers.csv").profiles}
    assert {"ZA", "US", "AU"} <= tides
    top = {p.country for p in ingest("top1000_instagram_dec2022.csv").profiles}
    assert {"US", "BR", "IN", "KR"} <= top


def test_tides_derivations(ingest: Callable[[str], IngestResult]) -> None:
    tiktok = next(p for p in ingest("tides_tiktok_influencers.csv").profiles if p.handle == "emma_lascaris")
    youtube = next(p for p in ingest("tides_youtube_influencers.csv").profiles if p.handle == "khokha1")

    assert tiktok.avg_likes == pytest.approx(57_900 / 158)  # total_likes / total_videos
    assert tiktok.engagement_derived is True
    assert (tiktok.country, tiktok.language, tiktok.verified) == ("ZA", "en", False)
    assert youtube.followers == 637_000  # "637000.0"
    assert youtube.avg_views == pytest.approx(116_340_245 / 1516)  # tot_views / tot_videos
    assert youtube.language == "fr"


def test_tides_tiktok_parses_quickly(real_dir: Path) -> None:
    started = time.perf_counter()
    result = read_profiles(real_dir / "tides_tiktok_influencers.csv")
    elapsed = time.perf_counter() - started

    assert len(result.profiles) == 5_000
    assert elapsed < 2.0


def test_brands_file_is_not_a_profile_file(real_dir: Path) -> None:
    with pytest.raises(IngestError) as error:
        read_profiles(real_dir / "sravya_brands_data.csv")

    message = str(error.value)
    assert message.startswith("no handle column in sravya_brands_data.csv")
    assert "brand_name, category, industry, description, brand_mentions" in message
