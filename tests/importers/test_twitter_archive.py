"""X/Twitter account archive: folder, zip, lone tweets.js, Grailbird; what is never read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from safe_archive.core.errors import ImportError_
from safe_archive.core.model import Visibility

from .conftest import FIXTURES, read_all, zip_folder

ARCHIVE = FIXTURES / "twitter_archive"
SENTINELS = ("SENTINEL-DM", "SENTINEL-IP", "SENTINEL-PHONE", "SENTINEL-EMAIL", "SENTINEL-LIKE")


def test_offsets_are_code_points_around_emoji_and_urls_expand_before_unescape() -> None:
    post = read_all("twitter-archive", ARCHIVE).by_id("1500000000000000001")
    # the emoji is one code point (two UTF-16 units): a UTF-16 reading would shift every span
    assert post.text == "😀 @alice_ex & friends https://example.org/story?a=1&b=2"
    assert post.urls == ["https://example.org/story?a=1&b=2"]
    spans = {e["type"]: e for e in post.extra["entities"]}
    assert post.text[spans["mention"]["start"] : spans["mention"]["end"]] == "@alice_ex"
    assert post.text[spans["url"]["start"] : spans["url"]["end"]] == "https://example.org/story?a=1&b=2"
    assert [(m.handle, m.name, m.user_id) for m in post.mentions] == [("alice_ex", "Alice Example", "2001")]


def test_owner_from_manifest_and_string_numbers() -> None:
    post = read_all("twitter-archive", ARCHIVE).by_id("1500000000000000002")
    assert (post.author_handle, post.author_name, post.author_id) == ("casey_owner", "Casey Owner", "1000")
    assert post.reply_to == "1400000000000000009" and post.kind == "reply"
    assert post.created_at is not None and post.created_at.isoformat() == "2023-01-01T10:00:00+00:00"
    assert post.text == "@bob_sample I believe you 💜"  # the media t.co link is removed
    assert post.media == ["https://pbs.twimg.com/media/EXAMPLE1.jpg", "tweets_media/1500000000000000002-EXAMPLE1.jpg"]
    assert post.visibility is Visibility.UNKNOWN


def test_truncated_retweet_is_flagged_not_invented() -> None:
    post = read_all("twitter-archive", ARCHIVE).by_id("1500000000000000003")
    assert post.kind == "repost"
    assert post.extra["truncated"] is True
    assert post.text.endswith("go…")


def test_long_post_joined_from_note_tweet() -> None:
    post = read_all("twitter-archive", ARCHIVE).by_id("1500000000000000004")
    assert post.text.startswith("This is the start of a long post that continues well beyond the limit")
    assert len(post.text) > 280
    assert "https://example.net/more" in post.text and "t.co" not in post.text
    assert post.extra["note_tweet_id"] == "1600000000000000001"
    assert "truncated" not in post.extra
    assert post.urls == ["https://example.net/more"]


def test_hashtags_all_parts_and_duplicates_across_parts() -> None:
    result = read_all("twitter-archive", ARCHIVE)
    ids = [p.source_id for p in result.posts]
    assert ids.count("1500000000000000001") == 2  # repeated in part1; the archive's key skips it
    assert "1500000000000000006" in ids
    assert result.by_id("1500000000000000005").hashtags == ["MeToo", "IBelieveYou"]
    assert result.by_id("1500000000000000006").text == "A second part file <3 with one new tweet"


def test_deleted_tweets_excluded_unless_private_asked() -> None:
    result = read_all("twitter-archive", ARCHIVE)
    assert [(x.record, x.reason) for x in result.excluded] == [("1500000000000000099", "deleted by the author")]
    with_private = read_all("twitter-archive", ARCHIVE, include_private=True)
    assert with_private.by_id("1500000000000000099").extra["deleted"] is True


def test_dms_ip_phone_email_and_likes_never_read() -> None:
    result = read_all("twitter-archive", ARCHIVE, include_private=True)
    produced = result.all_text()
    for sentinel in SENTINELS:
        assert sentinel not in produced
    assert not result.errors


@pytest.mark.parametrize("name", ["direct-messages.js", "direct-messages-group.js", "ip-audit.js", "phone-number.js", "email-address-change.js"])
def test_a_lone_sensitive_file_is_refused_with_a_reason(name: str) -> None:
    with pytest.raises(ImportError_, match="never imported"):
        read_all("twitter-archive", ARCHIVE / "data" / name)


def test_a_lone_like_file_is_refused() -> None:
    with pytest.raises(ImportError_, match="no posts of the account owner"):
        read_all("twitter-archive", ARCHIVE / "data" / "like.js")


def test_lone_tweets_js_finds_owner_and_notes_beside_it() -> None:
    result = read_all("twitter-archive", ARCHIVE / "data" / "tweets.js")
    assert len(result.posts) == 5
    assert {p.author_handle for p in result.posts} == {"casey_owner"}
    assert len(result.by_id("1500000000000000004").text) > 280


def test_zip_with_top_folder_and_hostile_names(tmp_path: Path) -> None:
    evil = {"../evil/data/tweets.js": b"window.YTD.tweets.part9 = [{\"tweet\": {\"id_str\": \"666\", \"full_text\": \"EVIL\"}}]",
            "/abs/data/tweets.js": b"window.YTD.tweets.part9 = []"}
    archive = zip_folder(ARCHIVE, tmp_path / "twitter-2023.zip", prefix="twitter-2023/", extra=evil)
    result = read_all("twitter-archive", archive)
    assert "EVIL" not in result.all_text()
    assert len(result.posts) == 7 and len(result.excluded) == 1
    assert result.by_id("1500000000000000002").author_handle == "casey_owner"


def test_zip_bomb_member_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from safe_archive.core.importers import containers

    big = tmp_path / "bomb.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data/manifest.js", "window.__THAR_CONFIG = {}")
        archive.writestr("data/tweets.js", b"window.YTD.tweets.part0 = [" + b" " * 5_000_000 + b"]")
    monkeypatch.setattr(containers, "MAX_MEMBER_BYTES", 1_000_000)
    monkeypatch.setattr(containers, "RATIO_FLOOR", 100_000)
    with pytest.raises(ImportError_, match="zip bomb"):
        read_all("twitter-archive", big)


def test_capped_reader_stops_a_member_that_lies_about_its_size(tmp_path: Path) -> None:
    from safe_archive.core.importers.containers import open_container

    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "big.bin").write_bytes(b"x" * 10_000)
    with open_container(folder) as box, box.open("big.bin", limit=1000) as stream:
        with pytest.raises(ImportError_, match="zip bomb"):
            stream.read()


def test_grailbird_archive() -> None:
    result = read_all("twitter-archive", FIXTURES / "grailbird")
    post = result.by_id("560000000000000001")
    assert post.text == "Old archive post & a link http://example.com/old for @alice_ex"
    assert post.created_at is not None and post.created_at.isoformat() == "2015-01-24T02:02:37+00:00"
    assert post.author_handle == "casey_owner"


def test_js_prefix_with_semicolon_and_no_space(tmp_path: Path) -> None:
    path = tmp_path / "tweets.js"
    path.write_text('window.YTD.tweets.part0=[{"tweet":{"id_str":"1","full_text":"x","created_at":"Sun Jan 01 09:00:00 +0000 2023"}}];\n')
    assert [p.source_id for p in read_all("twitter-archive", path).posts] == ["1"]


def test_truncated_tweets_js_keeps_good_records_then_fails(tmp_path: Path) -> None:
    data = (ARCHIVE / "data" / "tweets.js").read_bytes()
    path = tmp_path / "tweets.js"
    path.write_bytes(data[: len(data) * 3 // 4])
    from safe_archive.core.importers import ImportContext, get

    seen = []
    with pytest.raises(ImportError_, match="damaged or truncated"):
        for item in get("twitter-archive")().read(path, ImportContext()):
            seen.append(item)
    assert len(seen) >= 2
