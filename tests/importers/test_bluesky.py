"""Bluesky: repo CAR (MST walk for record keys) and getAuthorFeed / listRecords JSON."""

from __future__ import annotations

import json
from pathlib import Path

import libipld
import pytest

from safe_archive.core.errors import ImportError_

from .conftest import FAST_KDF, FIXTURES, read_all, write_car
from .memlimit import read_with_memory_limit

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
    ]
    first = result.posts[0]
    assert first.text == text and first.mentions[0].handle == "bob.example.com"
    assert first.author_name == "Jess Test" and first.author_id == DID and first.lang == "de"
    assert result.posts[1].reply_to == "at://x/parent"
    # a repost and a like are relations to the post they point to, never (empty) posts
    assert [(r.kind, r.subject, r.source_id) for r in result.relations] == [
        ("like", "at://x/y", f"at://{DID}/app.bsky.feed.like/3kaaaaaaaaa25"),
        ("repost", "at://x/app.bsky.feed.post/other", f"at://{DID}/app.bsky.feed.repost/3kaaaaaaaaa24"),
    ]
    assert all(r.actor_id == DID for r in result.relations)
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


SHARED = Path("/work/shared/formats/bluesky")


@pytest.mark.parametrize(("name", "posts", "reposts", "likes"), [
    ("indigo_fakermaker.repo.car", 26, 15, 22),
    ("indigo_paul_staging.repo.car", 101, 15, 60),
])
def test_real_repos_count_exactly_the_posts_written(name: str, posts: int, reposts: int, likes: int) -> None:
    if not (SHARED / name).exists():
        pytest.skip("shared format samples not present")
    result = read_all("bluesky-car", SHARED / name)
    assert len(result.posts) == posts  # was 41 and 116: reposts became empty posts
    assert all(p.text or p.media for p in result.posts)
    kinds = [r.kind for r in result.relations]
    assert kinds.count("repost") == reposts and kinds.count("like") == likes


def test_empty_repo_says_why_nothing_was_imported() -> None:
    if not (SHARED / "indigo_greenground.repo.car").exists():
        pytest.skip("shared format samples not present")
    result = read_all("bluesky-car", SHARED / "indigo_greenground.repo.car")
    assert not result.posts and len(result.notices) == 1
    assert "holds no posts" in result.notices[0] and "2 follows" in result.notices[0]


def test_reposts_are_counts_on_the_post_in_the_archive(tmp_path: Path) -> None:
    from safe_archive.core.archive import Archive

    mine = f"at://{DID}/app.bsky.feed.post/3ka1"
    records = {
        "app.bsky.feed.post/3ka1": _post("my own words"),
        "app.bsky.feed.repost/3ka2": {"$type": "app.bsky.feed.repost", "subject": {"uri": mine, "cid": "c"}, "createdAt": "2024-01-02T03:04:05Z"},
        "app.bsky.feed.like/3ka3": {"$type": "app.bsky.feed.like", "subject": {"uri": mine, "cid": "c"}, "createdAt": "2024-01-02T03:04:05Z"},
    }
    car = write_car(tmp_path / "repo.car", DID, records)
    arch = Archive.create(tmp_path / "arch", "correct horse battery staple", kdf=FAST_KDF)
    try:
        summary = arch.import_files([car])
        assert summary.imported == 1 and arch.count_posts() == 1
        again = arch.import_files([car])  # the same file again adds nothing
        assert again.imported == 0
        post_id = arch.post_ids()[0]
        assert arch.relation_counts([post_id]) == {post_id: {"repost": 1, "like": 1}}
        assert sorted(r.kind for r in arch.relations_of(post_id)) == ["like", "repost"]
        assert "1 reposts kept as counts" in "\n".join(summary.lines())
    finally:
        arch.close()


def _growing_key_car(dest: Path, entries: int) -> Path:
    """One MST node whose keys each grow by a byte (p = previous length, k = one byte, no
    value): ~15 bytes per entry, so the sum of the key lengths grows with the square."""
    from .conftest import _varint, cid_of

    base = len("app.bsky.feed.post/")
    node = libipld.encode_dag_cbor({"l": None, "e": [
        {"p": 0, "k": b"app.bsky.feed.post/a", "v": None} if i == 0 else {"p": base + i, "k": b"a", "v": None}
        for i in range(entries)]})
    ncid = cid_of(node)
    commit = libipld.encode_dag_cbor({"did": DID, "version": 3, "data": ncid, "rev": "r", "prev": None, "sig": b"\0" * 64})
    ccid = cid_of(commit)
    header = libipld.encode_dag_cbor({"roots": [ccid], "version": 1})
    out = _varint(len(header)) + header
    for cid, data in ((ccid, commit), (ncid, node)):
        out += _varint(len(cid) + len(data)) + cid + data
    dest.write_bytes(out)
    return dest


def test_hostile_growing_keys_stay_within_memory(tmp_path: Path) -> None:
    path = _growing_key_car(tmp_path / "hostile.car", 64_000)
    assert path.stat().st_size < 1_000_000  # < 1 MB; the old walk held ~2 GB of keys for it
    counts = read_with_memory_limit("bluesky-car", path, limit_mb=300)
    # keys up to the bound are read (records missing: one error each), then the over-long key
    # is named and the rest of its node skipped
    assert 1000 < int(counts["errors"]) <= 1030 and counts["posts"] == 0
