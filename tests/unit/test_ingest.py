from pathlib import Path

import pytest

from matching.profile import Profile
from retrieval.columns import map_columns
from retrieval.ingest import IngestError, IngestResult, read_profiles

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def by_handle(result: IngestResult) -> dict[str, Profile]:
    return {profile.handle: profile for profile in result.profiles}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# CSV ---------------------------------------------------------------------------------------------


def test_semicolon_csv_with_bom_reads_human_numbers_and_multiline_bios() -> None:
    result = read_profiles(FIXTURES / "instagram_semicolon_bom.csv")

    assert result.format == "csv"
    assert result.platform == "instagram"  # from the file name
    assert result.columns["handle"] == "Username"  # the BOM is not part of the header
    tess = next(p for p in result.profiles if p.handle == "trail_tess")
    assert tess.followers == 12_500
    assert tess.engagement_rate == pytest.approx(0.034)
    assert tess.engagement_derived is False
    assert tess.bio == "Trail runner.\nCoffee first;\nthen hills"
    assert tess.country == "US"
    assert tess.language == "es"
    assert tess.topics == ["running"]
    assert tess.source == "instagram_semicolon_bom.csv"
    ben = next(p for p in result.profiles if p.handle == "bouldering_ben")
    assert (ben.followers, ben.country, ben.language) == (48_200, "DE", "de")
    last = next(p for p in result.profiles if p.handle == "last_one")
    assert (last.followers, last.country) == (2_345_678, "NL")


def test_bad_rows_are_reported_with_the_line_they_start_on_and_good_rows_kept() -> None:
    result = read_profiles(FIXTURES / "instagram_semicolon_bom.csv")

    assert [p.handle for p in result.profiles] == ["trail_tess", "bouldering_ben", "far_away", "last_one"]
    assert [(row.line, row.reason) for row in result.rejected] == [
        (6, "followers '-' is not a number"),
        (7, "missing handle"),
        (8, "negative followers (-5)"),
        (9, "duplicate of line 2"),
    ]
    assert result.rows == 8  # the blank line is not a record


def test_unknown_country_and_language_leave_the_field_empty_but_keep_the_row() -> None:
    result = read_profiles(FIXTURES / "instagram_semicolon_bom.csv")

    far = next(p for p in result.profiles if p.handle == "far_away")
    assert far.country is None
    assert far.language is None
    assert far.topics == []  # "Other" carries no information
    assert far.bio == "multi\n\nline"


def test_duplicate_headers_prefer_the_precise_number_and_name_holds_the_handle() -> None:
    result = read_profiles(FIXTURES / "top_creators.csv")

    assert result.platform == "instagram"  # from the "instagram name" header
    assert result.columns["handle"] == "name"
    assert result.columns["display_name"] == "instagram name"
    assert result.columns["followers"].startswith("followers [column 5]")
    leo = next(p for p in result.profiles if p.handle == "leo.runs")
    assert leo.display_name == "Leo Runs"
    assert leo.followers == 12_500


def test_duplicate_column_fills_a_blank_precise_cell() -> None:
    result = read_profiles(FIXTURES / "top_creators.csv")

    cam = next(p for p in result.profiles if p.handle == "cam.climbs")
    assert cam.followers == 45_000  # precise column blank: the "45K" column is used
    assert cam.country == "KR"


def test_average_engagements_become_avg_likes_so_the_rate_derives() -> None:
    result = read_profiles(FIXTURES / "top_creators.csv")

    anna = next(p for p in result.profiles if p.handle == "anna_bakes")
    assert anna.avg_likes == 30_000
    assert anna.engagement_rate == pytest.approx(0.025)
    assert anna.engagement_derived is True
    assert "Eng. (Auth.)" in result.ignored_columns
    assert "tier" in result.ignored_columns


def test_all_zero_averages_mean_not_measured() -> None:
    result = read_profiles(FIXTURES / "top_creators.csv")

    cam = next(p for p in result.profiles if p.handle == "cam.climbs")
    assert cam.avg_likes is None
    assert cam.engagement_rate is None


def test_totals_divide_by_posts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "tiktok_export.csv",
        "username,followers,total_likes,total_videos,tot_views\nabc,10000,50000,100,2000000\nzero,5000,100,0,10\n",
    )

    result = read_profiles(path)

    abc = by_handle(result)["abc"]
    assert abc.avg_likes == 500
    assert abc.avg_views == 20_000
    assert abc.engagement_rate == pytest.approx(0.05)
    assert by_handle(result)["zero"].avg_likes is None


def test_tab_delimited_and_latin1_files(tmp_path: Path) -> None:
    path = tmp_path / "creators.tsv"
    path.write_bytes(
        "handle\tfollowers\tbio\tcountry\ncafe_cris\t1 500\tCaf\xe9 au lait\tEspa\xf1a\n".encode("cp1252")
    )

    result = read_profiles(path, platform="ig")

    (profile,) = result.profiles
    assert profile.platform == "instagram"
    assert profile.followers == 1_500
    assert profile.bio == "Café au lait"
    assert profile.country == "ES"


def test_short_rows_are_padded(tmp_path: Path) -> None:
    path = write(tmp_path, "youtube.csv", "handle,followers,country\n@short,2000\n")

    (profile,) = read_profiles(path).profiles
    assert (profile.handle, profile.followers, profile.country) == ("short", 2000, None)


def test_handles_with_spaces_are_display_names_and_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path, "youtube.csv", "channel,subscribers\nGoodChannel,2000\nKids Fun Show,3000\nfine,1\n"
    )

    result = read_profiles(path)

    assert [p.handle for p in result.profiles] == ["GoodChannel", "fine"]
    assert result.rejected[0].line == 3
    assert "has spaces" in result.rejected[0].reason


def test_platform_argument_wins_over_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, "instagram.csv", "username,followers\nabc,1000\n")

    result = read_profiles(path, platform="TikTok")

    assert result.platform == "tiktok"
    assert result.profiles[0].id == "tiktok:abc"


# Explicit mapping --------------------------------------------------------------------------------


def test_explicit_mapping_overrides_automatic_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "instagram.csv", "ig,subs,name,about\nabc,12K,Real Name,hello\n")

    with pytest.raises(IngestError, match="no handle column"):
        read_profiles(path)
    result = read_profiles(path, mapping={"handle": "ig", "followers": "subs", "bio": ""})

    (profile,) = result.profiles
    assert (profile.handle, profile.followers, profile.display_name, profile.bio) == (
        "abc",
        12_000,
        "Real Name",
        None,
    )
    assert result.columns["handle"] == "ig"
    assert "bio" not in result.columns
    assert "about" in result.ignored_columns


def test_explicit_mapping_takes_several_topic_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "instagram.csv", "username,followers,main,second\nabc,1000,Food,Travel\n")

    result = read_profiles(path, mapping={"topics": "main, second"})

    assert result.profiles[0].topics == ["Food", "Travel"]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [({"handel": "username"}, "unknown field 'handel'"), ({"followers": "fans_total"}, "no such column")],
)
def test_bad_mapping_is_an_ingest_error(tmp_path: Path, mapping: dict[str, str], message: str) -> None:
    path = write(tmp_path, "instagram.csv", "username,followers\nabc,1000\n")

    with pytest.raises(IngestError, match=message):
        read_profiles(path, mapping=mapping)


def test_value_judgement_picks_the_handle_over_a_misleading_header() -> None:
    headers = ["name", "username", "followers"]
    rows = [["Leo Messi", "leomessi", "1"], ["Kylie Jenner", "kyliejenner", "2"]]

    described = map_columns(headers, rows).describe()

    assert described["handle"] == "username"
    assert described["display_name"] == "name"


def test_engagement_column_read_as_rate_or_count_by_its_values() -> None:
    as_rate = map_columns(
        ["username", "followers", "engagement"], [["a", "1000", "3.4%"], ["b", "10", "1.2"]]
    )
    as_count = map_columns(
        ["username", "followers", "engagement"], [["a", "1000", "12K"], ["b", "10", "800"]]
    )

    as_fraction = map_columns(
        ["username", "followers", "engagement"], [["a", "1000", "0.034"], ["b", "10", "0.1"]]
    )
    as_small_count = map_columns(
        ["username", "followers", "engagement"], [["a", "1000", "45"], ["b", "10", "3"]]
    )

    assert "engagement_rate" in as_rate.describe()
    assert "engagement_rate" in as_fraction.describe()
    assert "avg_engagements" in as_count.describe()
    assert "avg_engagements" in as_small_count.describe()


# JSON and JSONL ----------------------------------------------------------------------------------


def test_json_object_with_profiles_list() -> None:
    result = read_profiles(FIXTURES / "creators.json")

    assert result.format == "json"
    assert result.rows == 6
    profiles = by_handle(result)
    sam = profiles["sam_cycles"]
    assert sam.platform == "instagram"
    assert sam.topics == ["cycling", "gravel"]
    assert sam.engagement_rate == pytest.approx(0.025)
    assert sam.verified is True
    assert sam.contact_email == "sam@example.com"
    assert profiles["dana.dances"].followers == 88_100
    assert profiles["yt_yara"].platform == "youtube"
    assert profiles["yt_yara"].language == "pt"


def test_json_rejections_name_the_record_index() -> None:
    result = read_profiles(FIXTURES / "creators.json")

    assert [(row.line, row.reason) for row in result.rejected] == [
        (3, "not a JSON object (JSON record 3)"),
        (4, "missing handle (JSON record 4)"),
        (5, "unknown platform 'myspace' (JSON record 5)"),
    ]


def test_json_array(tmp_path: Path) -> None:
    path = write(tmp_path, "list.json", '[{"handle": "a", "followers": 10, "platform": "yt"}]')

    assert read_profiles(path).profiles[0].id == "youtube:a"


def test_jsonl_lines_and_broken_lines() -> None:
    result = read_profiles(FIXTURES / "creators.jsonl")

    assert result.format == "jsonl"
    ola = by_handle(result)["ola_outdoors"]
    assert (ola.followers, ola.city, ola.country) == (31_000, "Bergen", "NO")
    assert by_handle(result)["quinn_cooks"].bio == "one\u2028two"
    assert [row.line for row in result.rejected] == [3, 4]
    assert result.rejected[0].reason.startswith("not valid JSON")
    assert result.rejected[1].reason == "followers 'N/A' is not a number"


def test_rows_without_a_platform_anywhere_are_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mixed.jsonl",
        '{"handle": "a", "followers": 1, "platform": "tiktok"}\n{"handle": "b", "followers": 1}\n',
    )

    result = read_profiles(path)

    assert [p.id for p in result.profiles] == ["tiktok:a"]
    assert [(r.line, r.reason) for r in result.rejected] == [(2, "missing platform")]
    assert result.platform == "tiktok"


# Unusable files ----------------------------------------------------------------------------------


def test_no_handle_column_names_the_columns_found() -> None:
    with pytest.raises(IngestError) as error:
        read_profiles(FIXTURES / "brands.csv")

    assert str(error.value) == (
        "no handle column in brands.csv (found: brand_name, category, industry, description, brand_mentions); "
        "use --map handle=COLUMN"
    )


def test_no_follower_column() -> None:
    with pytest.raises(
        IngestError, match=r"no follower column in no_followers_instagram.csv \(found: username, bio\)"
    ):
        read_profiles(FIXTURES / "no_followers_instagram.csv")


def test_no_platform() -> None:
    with pytest.raises(IngestError, match=r"no platform for creators_no_platform.csv.*--platform"):
        read_profiles(FIXTURES / "creators_no_platform.csv")


def test_unknown_platform_argument() -> None:
    with pytest.raises(IngestError, match="unknown platform 'myspace'"):
        read_profiles(FIXTURES / "instagram_semicolon_bom.csv", platform="myspace")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", "", "empty.csv is empty"),
        ("blank.jsonl", "\n\n", "blank.jsonl is empty"),
        ("header_only.csv", "username,followers\n", "has no records"),
        ("table.xlsx", "whatever", "unknown file type '.xlsx'"),
        ("bad.json", "{not json", "not valid JSON"),
        ("scalar.json", '"hello"', "expected a JSON array"),
    ],
)
def test_unusable_files(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = write(tmp_path, name, content)

    with pytest.raises(IngestError, match=message) as error:
        read_profiles(path, platform="instagram")
    assert "\n" not in str(error.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read_profiles(tmp_path / "nope.csv")


def test_the_header_words_are_validated_data() -> None:
    import json
    from importlib import resources

    from pydantic import ValidationError

    from retrieval.column_kinds import HeaderWords, header_words

    assert "subscribers" in header_words().synonyms["followers"]
    raw = json.loads(resources.files("retrieval").joinpath("resources/headers.json").read_text("utf-8"))
    for bad, problem in (
        ({"synonyms": {**raw["synonyms"], "charisma": ["charm"]}}, r"unknown field\(s\): charisma"),
        ({"handle_strong": ["User Name"]}, "String should match pattern"),
    ):
        with pytest.raises(ValidationError, match=problem):
            HeaderWords.model_validate({**raw, **bad})
