"""Every attack in ingest_attack_corpus gives exactly its expected outcome, and nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.ingest import IngestError, open_profiles, read_profiles
from tests.unit.ingest_attack_corpus import ATTACKS, Attack


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_gives_the_expected_outcome(tmp_path: Path, attack: Attack) -> None:
    path = tmp_path / attack.filename
    path.write_bytes(attack.data)

    result = read_profiles(path)

    assert [p.handle for p in result.profiles] == list(attack.accepted)
    assert len(result.rejected) == len(attack.rejected), result.rejected
    for row, (line, phrase) in zip(result.rejected, attack.rejected, strict=True):
        assert row.line == line, row
        assert phrase in row.reason, row
    assert result.rows == len(attack.accepted) + len(attack.rejected)
    bios = {p.handle: p.bio for p in result.profiles}
    for handle, bio in attack.bios:
        assert bios[handle] == bio


def test_batches_give_the_same_result_as_one_read(tmp_path: Path) -> None:
    path = tmp_path / "creators.csv"
    rows = [f"c_{i:04d},instagram,{10_000 + i},3%,bio {i}" for i in range(2_500)]
    rows[1_234] = "c_bad,instagram,-1,3%,x"
    path.write_text(
        "handle,platform,followers,engagement_rate,bio\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )

    table = open_profiles(path)
    batches = list(table.batches(size=1_000))

    assert [b.rows for b in batches] == [1_000, 1_000, 500]
    assert table.records == 2_500
    whole = read_profiles(path)
    assert [p.handle for b in batches for p in b.profiles] == [p.handle for p in whole.profiles]
    assert [(r.line, r.reason) for b in batches for r in b.rejected] == [(1_236, "negative followers (-1)")]


def test_duplicates_are_found_across_batches(tmp_path: Path) -> None:
    path = tmp_path / "creators.csv"
    rows = [f"c_{i:04d},instagram,{10_000 + i}" for i in range(1_500)] + ["C_0003,instagram,5"]
    path.write_text("handle,platform,followers\n" + "\n".join(rows) + "\n", encoding="utf-8")

    rejected = [r for b in open_profiles(path).batches(size=500) for r in b.rejected]

    assert [(r.line, r.reason) for r in rejected] == [(1_502, "duplicate of line 5")]


def test_an_unusable_file_never_echoes_its_content(tmp_path: Path) -> None:
    secret = "root:x:0:0:root:/root:/bin/bash"
    target = tmp_path / "passwd"
    target.write_text(secret + "\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n", encoding="utf-8")
    link = tmp_path / "creators.csv"
    link.symlink_to(target)

    with pytest.raises(IngestError) as error:
        read_profiles(link)

    message = str(error.value)
    assert "root" not in message and "daemon" not in message and "/bin" not in message
    assert message == "no handle column in creators.csv (found: 1 column); use --map handle=COLUMN"


def test_headers_with_control_characters_are_counted_not_shown(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("who\x1b[31m,what\nx,y\n", encoding="utf-8")

    with pytest.raises(IngestError) as error:
        read_profiles(path)

    assert "\x1b" not in str(error.value)
    assert "(found: 2 columns)" in str(error.value)
