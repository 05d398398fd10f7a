"""Reposts, likes and boosts are relations on the posts they point to, never empty posts."""

from __future__ import annotations

from pathlib import Path

from safe_archive.core.archive import Archive
from safe_archive.core.model import Post

from .conftest import FAST_KDF, back_to_schema_4
from tests.dbutil import sql, transaction

PASSPHRASE = "correct horse battery staple"


def test_empty_reposts_of_older_archives_become_relations(tmp_path: Path) -> None:
    target = "at://did:plc:a/app.bsky.feed.post/1"
    with Archive.create(tmp_path / "a", PASSPHRASE, kdf=FAST_KDF) as arch:
        arch.add_posts([
            Post(platform="bluesky", source_id=target, text="the words"),
            # what schema 4 and earlier stored for a repost: an empty post
            Post(platform="bluesky", source_id="at://did:plc:b/app.bsky.feed.repost/2", text="", kind="repost",
                 author_id="did:plc:b", extra={"repost_of": target}),
            Post(platform="mastodon", source_id="https://m.example/users/b/statuses/3/activity", text="",
                 kind="repost", extra={"boost_of": "https://m.example/users/c/statuses/9"}),
        ])
        with transaction(arch) as conn:
            back_to_schema_4(conn)
    with Archive.open(tmp_path / "a", PASSPHRASE) as arch:
        assert arch.count_posts() == 1
        (post_id,) = arch.post_ids()
        assert arch.relation_counts([post_id]) == {post_id: {"repost": 1}}
        assert sql(arch).execute("SELECT kind FROM relations WHERE platform='mastodon'").fetchall() == [("boost",)]
        assert arch.verify().ok
