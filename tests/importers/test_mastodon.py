"""Mastodon archive: zip, tar.gz, folder; visibility policy, boosts, HTML, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.model import Visibility

from .conftest import FIXTURES, read_all, tar_folder, zip_folder

FOLDER = FIXTURES / "mastodon"
ACTOR = "https://social.example/users/frankie"


def test_html_to_text_links_mentions_entities() -> None:
    post = read_all("mastodon", FOLDER).by_id(f"{ACTOR}/statuses/101")
    assert post.text == 'Hi @alice, it\'s "hard" to say & share.\n\nMore: https://example.org/a/very/long/path/to/an/article'
    assert post.urls == ["https://example.org/a/very/long/path/to/an/article"]
    assert [m.handle for m in post.mentions] == ["alice@other.example"]
    assert post.hashtags == ["MeToo"]
    assert post.author_handle == "frankie@social.example" and post.author_name == "Frankie Example"
    assert post.lang == "en" and post.visibility is Visibility.PUBLIC


def test_content_warning_media_unlisted() -> None:
    post = read_all("mastodon", FOLDER).by_id(f"{ACTOR}/statuses/102")
    assert post.extra["content_warning"] == "CW: abuse" and post.extra["sensitive"] is True
    assert post.text == "Unlisted with a content warning\nsecond line"
    assert post.visibility is Visibility.UNLISTED
    assert post.media == ["/social_example/media_attachments/files/000/000/001/original/abc.jpg"]


def test_direct_and_followers_only_excluded_by_default() -> None:
    result = read_all("mastodon", FOLDER)
    assert sorted((x.record.rsplit("/", 1)[1], x.reason) for x in result.excluded) == [
        ("103", "followers-only"), ("104", "direct message")]
    assert "this is a direct message" not in result.all_text()


def test_private_posts_flagged_when_included() -> None:
    result = read_all("mastodon", FOLDER, include_private=True)
    assert result.by_id(f"{ACTOR}/statuses/103").visibility is Visibility.FOLLOWERS
    assert result.by_id(f"{ACTOR}/statuses/104").visibility is Visibility.DIRECT
    assert not result.excluded


def test_boost_recorded_without_content_and_poll_and_reply() -> None:
    result = read_all("mastodon", FOLDER)
    assert not [p for p in result.posts if p.source_id == f"{ACTOR}/statuses/106/activity"]  # not a post
    (boost,) = [r for r in result.relations if r.source_id == f"{ACTOR}/statuses/106/activity"]
    assert boost.kind == "boost" and boost.subject.endswith("/777")
    poll = result.by_id(f"{ACTOR}/statuses/107")
    assert poll.extra["poll_options"] == ["Monday", "Tuesday"] and "• Monday" in poll.text
    assert result.by_id(f"{ACTOR}/statuses/105").reply_to == "https://other.example/users/alice/statuses/555"


def test_duplicate_ordered_items_key_and_repeated_item_read_once() -> None:
    result = read_all("mastodon", FOLDER)
    ids = [p.source_id for p in result.posts]
    assert len(ids) == len(set(ids)) == 4  # the boost is a relation, not a post
    assert len(result.relations) == 1


@pytest.mark.parametrize("pack", ["zip", "tar.gz", "outbox"])
def test_same_posts_from_zip_tar_and_lone_outbox(tmp_path: Path, pack: str) -> None:
    if pack == "zip":
        path = zip_folder(FOLDER, tmp_path / "archive-20221108.zip")
    elif pack == "tar.gz":
        path = tar_folder(FOLDER, tmp_path / "archive-20221108.tar.gz", prefix="archive/")
    else:
        path = FOLDER / "outbox.json"
    result = read_all("mastodon", path)
    assert sorted(p.source_id for p in result.posts) == sorted(p.source_id for p in read_all("mastodon", FOLDER).posts)
    assert result.by_id(f"{ACTOR}/statuses/101").author_handle == "frankie@social.example"


def test_old_tar_gz_with_media_first_is_detected(tmp_path: Path) -> None:
    import tarfile

    from safe_archive.core.importers import detect

    path = tmp_path / "archive-old.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for index in range(500):  # more media members than the sniffer looks at
            media = tmp_path / "m.jpg"
            media.write_bytes(b"\xff\xd8" + bytes([index % 256]))
            archive.add(media, f"media_attachments/files/000/000/{index:03d}/original/m.jpg")
        for name in ("outbox.json", "actor.json"):
            archive.add(FOLDER / name, name)
    assert detect(path).name == "mastodon"
    assert len(read_all("mastodon", path).posts) == 4  # and the boost as a relation
