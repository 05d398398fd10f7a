"""Zeeschuimer NDJSON captures (browser extension for research): X, TikTok and Instagram items.

Each line wraps the platform's own JSON in ``data``. X items are GraphQL tweets whose
``legacy`` object is v1.1-shaped (converted by tweet_v1 after the author, retweet and long
post are put where v1.1 has them). The same item can be captured repeatedly; the archive's
(platform, id) key skips the repeats.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from safe_archive.core.errors import RecordError
from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.jsonstream import json_lines
from safe_archive.core.importers.records import (
    as_id,
    dig,
    guarded,
    mapping,
    require_id,
    text_or_none,
    time_field,
)
from safe_archive.core.importers.tweet_v1 import post_from_v1
from safe_archive.core.model import Post, Visibility

MAX_NESTING = 3


def _unwrap(raw: Any) -> Mapping[str, Any]:
    tweet = mapping(raw)
    if tweet.get("__typename") == "TweetWithVisibilityResults" or ("tweet" in tweet and "legacy" not in tweet):
        return mapping(tweet.get("tweet"))
    return tweet


def graphql_to_v1(data: Any, depth: int = 0) -> dict[str, Any]:
    """A GraphQL tweet as the v1.1 object it wraps (author, retweet, long text in place)."""
    tweet = _unwrap(data)
    legacy = mapping(tweet.get("legacy"))
    if not legacy:
        raise ValueError("not a tweet capture (no legacy object)")
    v1: dict[str, Any] = dict(legacy)
    v1["id_str"] = as_id(tweet.get("rest_id"), "rest_id") or legacy.get("id_str")
    user = mapping(dig(tweet, "core", "user_results", "result"))
    user_legacy, user_core = mapping(user.get("legacy")), mapping(user.get("core"))
    v1["user"] = {
        "id_str": as_id(user.get("rest_id"), "user id"),
        "screen_name": user_legacy.get("screen_name") or user_core.get("screen_name"),
        "name": user_legacy.get("name") or user_core.get("name"),
        "protected": user_legacy.get("protected") is True or dig(user, "privacy", "protected") is True,
    }
    note = mapping(dig(tweet, "note_tweet", "note_tweet_results", "result"))
    if isinstance(note.get("text"), str):
        v1["extended_tweet"] = {"full_text": note["text"], "entities": mapping(note.get("entity_set"))}
    retweeted = dig(legacy, "retweeted_status_result", "result")
    if retweeted and depth < MAX_NESTING:
        v1["retweeted_status"] = graphql_to_v1(retweeted, depth + 1)
    v1.pop("retweeted_status_result", None)
    return v1


def _tiktok(data: Mapping[str, Any], label: str) -> Post:
    author = mapping(data.get("author"))
    text = data.get("desc")
    if not isinstance(text, str):
        raise ValueError("no description")
    return Post(
        platform="tiktok", source_id=require_id(data.get("id"), "video id"), text=text,
        author_handle=text_or_none(author.get("uniqueId")), author_name=text_or_none(author.get("nickname")),
        author_id=as_id(author.get("id"), "author id"), created_at=time_field(data.get("createTime")),
        hashtags=[t for t in (text_or_none(mapping(c).get("title")) for c in data.get("challenges") or []) if t],
        visibility=Visibility.PUBLIC, source_file=label, kind="post",
    )


def _instagram(data: Mapping[str, Any], label: str) -> Post:
    user = mapping(data.get("user")) or mapping(data.get("owner"))
    caption = data.get("caption")
    text = caption.get("text") if isinstance(caption, dict) else caption
    if not isinstance(text, str):
        text = ""
    ident = as_id(data.get("code"), "code") or require_id(data.get("id") or data.get("pk"), "post id")
    return Post(
        platform="instagram", source_id=ident, text=text,
        author_handle=text_or_none(user.get("username")), author_name=text_or_none(user.get("full_name")),
        author_id=as_id(user.get("pk") or user.get("id"), "author id"),
        created_at=time_field(data.get("taken_at")), visibility=Visibility.PUBLIC,
        source_file=label, kind="post",
    )


def convert(line: Any, label: str) -> Iterator[ImportItem]:
    if not isinstance(line, dict):
        raise ValueError("not a JSON object")
    platform = str(line.get("source_platform") or "")
    data = mapping(line.get("data"))
    if platform in ("twitter.com", "x.com"):
        post = post_from_v1(graphql_to_v1(data), source_file=label)
    elif platform == "tiktok.com":
        post = _tiktok(data, label)
    elif platform == "instagram.com":
        post = _instagram(data, label)
    else:
        raise ValueError(f"captures from {platform[:40] or 'an unknown site'} are not supported yet")
    collected = line.get("timestamp_collected")
    if collected is not None:
        post.extra["collected_at"] = str(collected)
    yield post


@register
class ZeeschuimerImporter(Importer):
    name = "zeeschuimer"
    description = "Zeeschuimer NDJSON captures (X, TikTok, Instagram)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir() or not head.lstrip().startswith(b"{"):
            return 0.0
        return 0.9 if b'"source_platform"' in head and b'"item_id"' in head else 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        with ctx.open_binary(path) as raw:
            for number, line in json_lines(raw):
                if isinstance(line, Exception):
                    yield RecordError(label, f"line {number}", str(line))
                    continue
                record = text_or_none(dig(line, "item_id")) or f"line {number}"
                yield from guarded(label, record, convert, line, label)
