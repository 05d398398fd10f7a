"""Reddit data-request CSVs and Pushshift / Arctic Shift dumps (plain and zstd)."""

from __future__ import annotations

from pathlib import Path

import pytest
import zstandard

from safe_archive.core.errors import ImportError_

from .conftest import FIXTURES, read_all, zip_folder

EXPORT = FIXTURES / "reddit_export"


def test_posts_csv_bom_multiline_entities_and_ip_dropped() -> None:
    result = read_all("reddit-export", EXPORT / "posts.csv")
    post = result.by_id("t3_abc123")
    assert post.text == "It happened to me\n\nFirst line, with a comma.\n\nSecond paragraph & more."
    assert post.created_at is not None and post.created_at.isoformat() == "2024-03-10T18:45:00+00:00"
    assert "198.51.100.7" not in result.all_text()
    assert post.extra["subreddit"] == "TwoXChromosomes" and post.urls == []  # self link not a URL
    assert result.by_id("t3_def456").urls == ["https://example.org/news"]


def test_comments_csv_placeholders_and_bad_rows() -> None:
    result = read_all("reddit-export", EXPORT / "comments.csv")
    comment = result.by_id("t1_k1")
    assert comment.reply_to == "t3_def456" and comment.kind == "comment"
    assert comment.urls == ["https://example.org/help"]
    assert [(x.record, x.reason) for x in result.excluded] == [("t1_k2", "deleted or removed on Reddit")]
    assert [e.record for e in result.errors] == ["line 5"]


def test_whole_export_reads_only_posts_and_comments(tmp_path: Path) -> None:
    for source in (EXPORT, zip_folder(EXPORT, tmp_path / "export_casey.zip")):
        result = read_all("reddit-export", source)
        assert sorted(p.source_id for p in result.posts) == ["t1_k1", "t3_abc123", "t3_def456"]
        assert "SENTINEL" not in result.all_text()


def test_pushshift_types_ids_and_placeholders() -> None:
    result = read_all("pushshift", FIXTURES / "RC_2023-11.ndjson")
    comment = result.by_id("t1_c1")
    assert comment.text == "Comment with > quote and https://example.org/x"
    assert (comment.author_handle, comment.author_id, comment.reply_to) == ("gina_example", "t2_g1", "t3_p1")
    old = result.by_id("t1_c3")  # created_utc as a string (pre-2017 dumps)
    assert old.created_at is not None and old.created_at.year == 2014 and old.author_handle is None
    assert result.by_id("t3_p1").extra["deleted_later"] is True
    assert result.by_id("t3_p2").media == ["https://i.redd.it/example.jpg"]
    assert [x.reason for x in result.excluded] == ["deleted or removed on Reddit"]
    assert [e.record for e in result.errors] == ["c9"]


def test_pushshift_zstd_with_long_window_streams(tmp_path: Path) -> None:
    raw = (FIXTURES / "RC_2023-11.ndjson").read_bytes()
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=27)
    path = tmp_path / "RC_2023-11.zst"
    path.write_bytes(zstandard.ZstdCompressor(compression_params=params).compress(raw * 3))
    result = read_all("pushshift", path)
    assert len(result.posts) == 12 and len(result.errors) == 3


def test_pushshift_truncated_zstd_is_a_file_error(tmp_path: Path) -> None:
    raw = (FIXTURES / "RC_2023-11.ndjson").read_bytes() * 50
    data = zstandard.ZstdCompressor().compress(raw)
    path = tmp_path / "RS_2023-11.zst"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportError_, match="damaged or truncated"):
        read_all("pushshift", path)
