"""An ``app.bsky.feed.post`` record (from a repo CAR or API JSON) as a Post.

Facets index UTF-8 *bytes* of ``text``; they are converted to code points before use. Link
facets cover a shortened display string ("www.npr.org/2023/10/03/1...") and are replaced by
the full ``features[].uri``. Bluesky text is not HTML-escaped, so nothing is unescaped.
Legacy 2023 records use ``entities[]`` with ``index{start,end}`` instead of facets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import libipld

from safe_archive.core.importers.entities import Span, byte_span, byte_to_codepoint_offsets, resolve
from safe_archive.core.importers.records import dig, items, mapping, text_or_none, time_field
from safe_archive.core.model import Mention, Post, Visibility

MENTION = "app.bsky.richtext.facet#mention"
LINK = "app.bsky.richtext.facet#link"
TAG = "app.bsky.richtext.facet#tag"


def cid_text(value: Any) -> str | None:
    """A CID as its usual string, from CBOR bytes, ``{"$link": ...}`` or a string."""
    if isinstance(value, bytes):
        try:
            return str(libipld.encode_cid(value))
        except (ValueError, TypeError):
            return None
    if isinstance(value, dict):
        return text_or_none(value.get("$link"))
    return text_or_none(value)


def _facets(text: str, record: Mapping[str, Any]) -> tuple[list[Span], list[Mention], list[str], list[str]]:
    spans: list[Span] = []
    mentions: list[Mention] = []
    urls: list[str] = []
    tags: list[str] = []
    table = byte_to_codepoint_offsets(text)
    for facet in items(record.get("facets")):
        index = mapping(dig(facet, "index"))
        where = byte_span(table, index.get("byteStart"), index.get("byteEnd"))
        for feature in items(dig(facet, "features")):
            feature = mapping(feature)
            kind = feature.get("$type")
            if kind == MENTION:
                shown = text[where[0] : where[1]] if where else ""
                handle = shown.lstrip("@") if shown.startswith("@") else None
                mentions.append(Mention(handle=handle, user_id=text_or_none(feature.get("did"))))
                if where:
                    spans.append(Span(*where, "mention", value=handle))
            elif kind == LINK:
                uri = text_or_none(feature.get("uri"))
                if uri:
                    urls.append(uri)
                    if where:
                        spans.append(Span(*where, "url", replacement=uri, value=uri))
            elif kind == TAG:
                tag = text_or_none(feature.get("tag"))
                if tag:
                    tags.append(tag)
                    if where:
                        spans.append(Span(*where, "hashtag", value=tag))
    for entity in items(record.get("entities")):  # legacy (2023) records
        entity = mapping(entity)
        value = text_or_none(entity.get("value"))
        start, end = dig(entity, "index", "start"), dig(entity, "index", "end")
        where = _legacy_span(text, table, start, end)
        if entity.get("type") == "mention":
            shown = text[where[0] : where[1]] if where else ""
            mentions.append(Mention(handle=shown.lstrip("@") or None, user_id=value))
            if where:
                spans.append(Span(*where, "mention", value=shown.lstrip("@")))
        elif entity.get("type") == "link" and value:
            urls.append(value)
            if where:
                spans.append(Span(*where, "url", replacement=value, value=value))
    for tag in items(record.get("tags")):
        if isinstance(tag, str) and tag not in tags:
            tags.append(tag)
    return spans, mentions, urls, tags


def _legacy_span(text: str, table: list[int], start: Any, end: Any) -> tuple[int, int] | None:
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return None
    by_bytes = byte_span(table, start, end)
    if text.isascii() or by_bytes is None:
        return by_bytes if by_bytes else ((start, end) if 0 <= start < end <= len(text) else None)
    return by_bytes


def _embed(embed: Any, media: list[str], urls: list[str], alt: list[str], extra: dict[str, Any]) -> None:
    embed = mapping(embed)
    kind = str(embed.get("$type", ""))
    if kind.startswith("app.bsky.embed.images"):
        for image in items(embed.get("images")):
            image = mapping(image)
            blob = mapping(image.get("image"))
            ref = cid_text(blob.get("ref")) or cid_text(blob.get("cid")) or text_or_none(image.get("fullsize"))
            if ref:
                media.append(ref)
            if text_or_none(image.get("alt")):
                alt.append(str(image.get("alt")).strip())
    elif kind.startswith("app.bsky.embed.video"):
        ref = cid_text(mapping(embed.get("video")).get("ref")) or text_or_none(embed.get("playlist"))
        if ref:
            media.append(ref)
        if text_or_none(embed.get("alt")):
            alt.append(str(embed.get("alt")).strip())
    elif kind.startswith("app.bsky.embed.external"):
        uri = text_or_none(dig(embed, "external", "uri"))
        if uri and uri not in urls:
            urls.append(uri)
    elif kind.startswith("app.bsky.embed.recordWithMedia"):
        _embed(embed.get("record"), media, urls, alt, extra)
        _embed(embed.get("media"), media, urls, alt, extra)
    elif kind.startswith("app.bsky.embed.record"):
        uri = text_or_none(dig(embed, "record", "uri")) or text_or_none(dig(embed, "record", "record", "uri"))
        if uri:
            extra["quote_of"] = uri


def post_from_record(
    record: Mapping[str, Any],
    *,
    uri: str,
    author_id: str | None,
    author_handle: str | None,
    author_name: str | None,
    source_file: str,
) -> Post:
    if not isinstance(record, dict):
        raise ValueError("not a record")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("post record without text")
    spans, mentions, urls, tags = _facets(text, record)
    final, found = resolve(text, spans, unescape=False)
    media: list[str] = []
    alt: list[str] = []
    extra: dict[str, Any] = {}
    _embed(record.get("embed"), media, urls, alt, extra)
    if found:
        extra["entities"] = found
    if alt:
        extra["media_alt"] = alt
    reply_to = text_or_none(dig(record, "reply", "parent", "uri"))
    root = text_or_none(dig(record, "reply", "root", "uri"))
    if root and root != reply_to:
        extra["thread_root"] = root
    langs = [lang for lang in items(record.get("langs")) if isinstance(lang, str)]
    return Post(
        platform="bluesky",
        source_id=uri,
        text=final,
        author_handle=author_handle,
        author_name=author_name,
        author_id=author_id,
        created_at=time_field(record.get("createdAt")),
        reply_to=reply_to,
        mentions=mentions,
        urls=list(dict.fromkeys(urls)),
        hashtags=list(dict.fromkeys(tags)),
        lang=langs[0] if langs else None,
        visibility=Visibility.PUBLIC,
        media=media,
        source_file=source_file,
        kind="reply" if reply_to else "quote" if "quote_of" in extra else "post",
        extra=extra,
    )
