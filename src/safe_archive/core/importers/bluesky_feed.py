"""Bluesky API JSON saved to a file: ``app.bsky.feed.getAuthorFeed`` and ``com.atproto.repo.listRecords``.

A feed's reposts (``reason`` = ``#reasonRepost``) are other people's posts: they are imported
under their real author, with ``extra["reposted_by"]`` naming who reposted them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.bluesky_record import post_from_record
from safe_archive.core.importers.jsonstream import items_at
from safe_archive.core.importers.records import dig, guarded, mapping, text_or_none


def _shape(head: bytes) -> str | None:
    if b"app.bsky.feed.post" not in head and b"app.bsky.feed.defs" not in head:
        return None
    feed, records = head.find(b'"feed"'), head.find(b'"records"')
    if feed >= 0 and (records < 0 or feed < records):
        return "feed"
    if records >= 0:
        return "records"
    return None


@register
class BlueskyFeedImporter(Importer):
    name = "bluesky-json"
    description = "Bluesky getAuthorFeed or listRecords JSON (facet byte offsets converted)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir() or not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return 0.0
        return 0.9 if _shape(head) else 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        with open(path, "rb") as handle:
            shape = _shape(handle.read(65536)) or "feed"
        with ctx.open_binary(path) as stream:
            for number, item in enumerate(items_at(stream, f"{shape}.item", label), start=1):
                uri = text_or_none(dig(item, "post", "uri")) or text_or_none(dig(item, "uri"))
                convert = self._feed_item if shape == "feed" else self._list_item
                yield from guarded(label, uri or number, convert, item, label)

    @staticmethod
    def _feed_item(item: Any, label: str) -> Any:
        post = mapping(mapping(item).get("post"))
        author = mapping(post.get("author"))
        result = post_from_record(
            mapping(post.get("record")),
            uri=_uri(post.get("uri")),
            author_id=text_or_none(author.get("did")),
            author_handle=text_or_none(author.get("handle")),
            author_name=text_or_none(author.get("displayName")),
            source_file=label,
        )
        reason = mapping(mapping(item).get("reason"))
        if str(reason.get("$type", "")).endswith("#reasonRepost"):
            result.extra["reposted_by"] = text_or_none(dig(reason, "by", "handle"))
        cid = text_or_none(post.get("cid"))
        if cid:
            result.extra["cid"] = cid
        return result

    @staticmethod
    def _list_item(item: Any, label: str) -> Any:
        item = mapping(item)
        uri = _uri(item.get("uri"))
        did = uri.split("/")[2] if uri.count("/") >= 3 else None
        result = post_from_record(item.get("value"), uri=uri, author_id=did, author_handle=None, author_name=None, source_file=label)
        cid = text_or_none(item.get("cid"))
        if cid:
            result.extra["cid"] = cid
        return result


def _uri(value: Any) -> str:
    uri = text_or_none(value)
    if not uri or not uri.startswith("at://"):
        raise ValueError("no at:// URI")
    return uri
