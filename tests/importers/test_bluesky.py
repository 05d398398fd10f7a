"""Bluesky: repo CAR (MST walk for record keys) and getAuthorFeed / listRecords JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safe_archive.core.errors import ImportError_

from .conftest import FIXTURES, read_all, write_car

DID = "did:plc:jesstestjesstest"


def _post(text: str, **extra: object) -> dict[str, object]:
    return {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2024-01-02T03:04:05.000Z", **extra}


def test_feed_facet_byte_offsets_become_code_points() -> None:
    post = read_all("bluesky-json", FIXTURES / "bluesky_feed.json").posts[0]
    # "🎉" is 4 UTF-8 bytes and 1 code point: byte offsets used as-is would cut "@alice…" wrongly
    assert post.text == "🎉 Hi @alice.example.com read https://www.example.org/2023/10/03/12345/full-story #MeToo"
    assert [(m.handle, m.user_id) for m in post.mentions] == [("alice.example.com", "did:plc:alicealicealice")]
    assert post.urls == ["https://www.example.org/2023/10/03/12345/full-story"]
    spans = {e["type"]: e for e in post.extra["entities"]}
    assert post.text[spans["mention"]["start"] : spans["mention"]["end"]] == "@alice.example.com"
    assert post.text[spans["hashtag"]["start"] : spans["hashtag"]["end"]] == "#MeToo"
    assert post.created_at is not None and post.created_at.isoformat() == "2023-10-03T22:00:00+00:00"
    assert post.media == ["bafkreiexampleexampleexampleexample"] and post.extra["media_alt"] == ["a photo"]
    assert (post.author_handle, post.author_name) == ("hana.example.com", "Hana Example")


def test_feed_repost_keeps_real_author_and_bad_item_is_a_record_error() -> None:
    result = read_all("bluesky-json", FIXTURES / "bluesky_feed.json")
    repost = result.posts[1]
    assert repost.author_handle == "ivan.example.com" and repost.extra["reposted_by"] == "hana.example.com"
    assert repost.reply_to == "at://did:plc:x/app.bsky.feed.post/parent1"
    assert len(result.errors) == 1


def test_list_records_shape(tmp_path: Path) -> None:
    path = tmp_path / "listRecords.json"
    path.write_text(json.dumps({"records": [{"uri": f"at://{DID}/app.bsky.feed.post/3kx", "cid": "bafy1", "value": _post("from listRecords")}], "cursor": "x"}))
    result = read_all("bluesky-json", path)
    assert [(p.source_id, p.author_id, p.text) for p in result.posts] == [(f"at://{DID}/app.bsky.feed.post/3kx", DID, "from listRecords")]


def test_car_walks_tree_for_record_keys(tmp_path: Path) -> None:
    text = "ünïcödé @bob.example.com 👋🏽 https://example.org/x"
    raw = text.encode()
    start = raw.index(b"@bob")
    facets = [{"index": {"byteStart": start, "byteEnd": start + len("@bob.example.com")},
               "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:bob"}]}]
    records = {
        "app.bsky.actor.profile/self": {"$type": "app.bsky.actor.profile", "displayName": "Jess Test"},
        "app.bsky.feed.post/3kaaaaaaaaa22": _post(text, facets=facets, langs=["de"]),
        "app.bsky.feed.post/3kaaaaaaaaa23": _post("a reply", reply={"root": {"uri": "at://x/root", "cid": "c"}, "parent": {"uri": "at://x/parent", "cid": "c"}}),
        "app.bsky.feed.repost/3kaaaaaaaaa24": {"$type": "app.bsky.feed.repost", "subject": {"uri": "at://x/app.bsky.feed.post/other", "cid": "c"}, "createdAt": "2024-01-02T03:04:05Z"},
        "app.bsky.feed.like/3kaaaaaaaaa25": {"$type": "app.bsky.feed.like", "subject": {"uri": "at://x/y", "cid": "c"}, "createdAt": "2024-01-02T03:04:05Z"},
        "app.bsky.graph.follow/3kaaaaaaaaa26": {"$type": "app.bsky.graph.follow", "subject": "did:plc:bob", "createdAt": "2024-01-02T03:04:05Z"},
    }
    result = read_all("bluesky-car", write_car(tmp_path / "repo.car", DID, records))
    assert [p.source_id for p in result.posts] == [
        f"at://{DID}/app.bsky.feed.post/3kaaaaaaaaa22",
        f"at://{DID}/app.bsky.feed.post/3kaaaaaaaaa23",
        f"at://{DID}/app.bsky.feed.repost/3kaaaaaaaaa24",
    ]
    first = result.posts[0]
    assert first.text == text and first.mentions[0].handle == "bob.example.com"
    assert first.author_name == "Jess Test" and first.author_id == DID and first.lang == "de"
    assert result.posts[1].reply_to == "at://x/parent"
    assert result.posts[2].kind == "repost" and result.posts[2].text == ""
    assert not result.errors


def test_partial_car_reports_missing_records(tmp_path: Path) -> None:
    records = {"app.bsky.feed.post/3ka1": _post("kept"), "app.bsky.feed.post/3ka2": _post("gone")}
    result = read_all("bluesky-car", write_car(tmp_path / "slice.car", DID, records, drop={"app.bsky.feed.post/3ka2"}))
    assert [p.text for p in result.posts] == ["kept"]
    assert len(result.errors) == 1 and "missing" in result.errors[0].problem


def test_truncated_car_is_a_file_error(tmp_path: Path) -> None:
    path = write_car(tmp_path / "repo.car", DID, {"app.bsky.feed.post/3ka1": _post("x" * 500)})
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ImportError_, match="not a readable CAR"):
        read_all("bluesky-car", path)


def test_legacy_entities_and_votes_in_old_repos(tmp_path: Path) -> None:
    text = "hi @bob.test see https://example.org"
    records = {
        "app.bsky.feed.post/3ja1": _post(text, entities=[
            {"index": {"start": 3, "end": 12}, "type": "mention", "value": "did:plc:bob"},
            {"index": {"start": 17, "end": 36}, "type": "link", "value": "https://example.org"}]),
        "app.bsky.feed.vote/3ja2": {"$type": "app.bsky.feed.vote", "direction": "up", "subject": {"uri": "at://x", "cid": "c"}, "createdAt": "2023-01-01T00:00:00Z"},
    }
    result = read_all("bluesky-car", write_car(tmp_path / "old.car", DID, records))
    assert len(result.posts) == 1  # votes are reactions, not posts
    post = result.posts[0]
    assert [(m.handle, m.user_id) for m in post.mentions] == [("bob.test", "did:plc:bob")]
    assert post.urls == ["https://example.org"] and post.text == text
