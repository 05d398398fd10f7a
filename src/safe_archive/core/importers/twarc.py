"""twarc output as JSON Lines: twarc2 (API v2, raw pages or flattened) and twarc (API v1.1).

twarc2 raw pages hold ``data`` (the collected tweets) and ``includes`` (authors, referenced
tweets, media); only ``data`` tweets are imported, ``includes`` complete them (truncated
retweets get their original text). twarc1 lines are v1.1 tweets in REST-extended, compat or
streaming shape; stream notices (``delete``, ``limit``, ``warning``) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from safe_archive.core.errors import RecordError
from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.jsonstream import json_records
from safe_archive.core.importers.records import dig, guarded, items, mapping, text_or_none
from safe_archive.core.importers.tweet_v1 import post_from_v1
from safe_archive.core.importers.tweet_v2 import post_from_v2
from safe_archive.core.model import Post

_PAGE = re.compile(rb'^\{\s*"data"\s*:\s*[\[{]')
STREAM_NOTICES = ("delete", "limit", "warning", "scrub_geo", "status_withheld", "user_withheld", "disconnect")


def _json_head(path: Path, head: bytes) -> bool:
    return not path.is_dir() and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))


def _by_key(values: Any, key: str) -> dict[str, Mapping[str, Any]]:
    return {str(v[key]): v for v in items(values) if isinstance(v, dict) and isinstance(v.get(key), (str, int))}


def _flat_tweet(tweet: Any, label: str) -> Post:
    return post_from_v2(tweet, source_file=label)


def _page_tweet(
    tweet: Any, label: str, users: dict[str, Mapping[str, Any]], refs: dict[str, Mapping[str, Any]],
    media: dict[str, Mapping[str, Any]],
) -> Post:
    return post_from_v2(tweet, source_file=label, users=users, tweets=refs, media=media)


def _v1_tweet(tweet: Any, label: str) -> Post:
    return post_from_v1(tweet, source_file=label)


@register
class Twarc2Importer(Importer):
    name = "twarc2"
    description = "twarc2 JSONL (Twitter API v2): raw response pages or `twarc2 flatten` output"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if not _json_head(path, head):
            return 0.0
        if b'"__twarc"' in head and (b'"data"' in head or b'"author_id"' in head):
            return 0.9
        if b'"data"' in head and (b'"includes"' in head or b'"meta"' in head) and b'"text"' in head:
            return 0.8
        if b'"edit_history_tweet_ids"' in head and b'"author_id"' in head:
            return 0.8
        starts_page = _PAGE.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
        if starts_page and (b'"conversation_id"' in head or b'"author_id"' in head or b'"referenced_tweets"' in head):
            return 0.85  # a raw page longer than the sniffed head
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        with ctx.open_binary(path) as raw:
            for number, value in json_records(raw, label):
                if isinstance(value, Exception):
                    yield RecordError(label, f"line {number}", str(value))
                elif not isinstance(value, dict):
                    yield RecordError(label, f"line {number}", "not a JSON object")
                elif "data" in value:
                    yield from self._page(value, label, number)
                elif "id" in value and ("text" in value or "note_tweet" in value):
                    yield from guarded(label, f"line {number}", _flat_tweet, value, label)
                elif "errors" in value or "meta" in value:
                    continue  # a page with only errors (deleted/protected tweets) or an empty page
                else:
                    yield RecordError(label, f"line {number}", "not a tweet or an API v2 page (a counts or compliance file?)")

    def _page(self, page: Mapping[str, Any], label: str, number: int) -> Iterator[ImportItem]:
        data = page.get("data")
        tweets = data if isinstance(data, list) else [data] if isinstance(data, dict) else None
        if tweets is None:
            yield RecordError(label, f"line {number}", "the page's data is not a list of tweets")
            return
        includes = mapping(page.get("includes"))
        users = _by_key(includes.get("users"), "id")
        refs = _by_key(includes.get("tweets"), "id")
        media = _by_key(includes.get("media"), "media_key")
        for index, tweet in enumerate(tweets, start=1):
            if isinstance(tweet, dict) and "id" not in tweet and "text" not in tweet:
                yield RecordError(label, f"line {number}", "not tweets (a counts or compliance page?)")
                return
            record = f"line {number}, tweet {text_or_none(dig(tweet, 'id')) or index}"
            yield from guarded(
                label, record,
                _page_tweet, tweet, label, users, refs, media,
            )


@register
class Twarc1Importer(Importer):
    name = "twarc1"
    description = "twarc JSONL (Twitter API v1.1: REST extended, compat or streaming tweets)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if not _json_head(path, head):
            return 0.0
        if b'"id_str"' in head and b'"screen_name"' in head and (b'"text"' in head or b'"full_text"' in head):
            if b'"source_platform"' in head or b'"__typename"' in head:
                return 0.0  # Zeeschuimer captures carry v1.1-like "legacy" objects
            return 0.8
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        with ctx.open_binary(path) as raw:
            for number, value in json_records(raw, label):
                if isinstance(value, Exception):
                    yield RecordError(label, f"line {number}", str(value))
                    continue
                if not isinstance(value, dict):
                    yield RecordError(label, f"line {number}", "not a JSON object")
                    continue
                if any(key in value for key in STREAM_NOTICES) and "text" not in value:
                    continue  # stream notices carry no post
                record = text_or_none(value.get("id_str")) or f"line {number}"
                yield from guarded(label, record, _v1_tweet, value, label)
