"""Turn a Twitter API v1.1-shaped tweet into a Post (X archive, twarc1, Grailbird, Zeeschuimer).

Full-text rule (FORMATS.md §2): a retweet's text is the retweeted status' full text with
"RT @screen_name: " in front; otherwise ``extended_tweet.full_text`` > ``full_text`` > ``text``.
Entities index code points of the still-escaped text; t.co links are replaced by their expanded
URL and media links removed *before* the text is HTML-unescaped (see entities.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from safe_archive.core.importers.entities import Span, TextSearch, int_or_none, resolve
from safe_archive.core.importers.records import (
    as_id,
    dig,
    items,
    mapping,
    require_id,
    text_or_none,
    time_field,
)
from safe_archive.core.model import Mention, Post, Visibility


@dataclass(frozen=True, slots=True)
class Owner:
    """The account whose archive this is (X archives do not repeat it per tweet)."""

    user_id: str | None = None
    handle: str | None = None
    name: str | None = None


@dataclass(slots=True)
class _Body:
    text: str
    entities: Mapping[str, Any]
    media: list[Any]
    prefix: int = 0  # code points added in front (the "RT @x: " of a retweet)


def _body(tweet: Mapping[str, Any], depth: int = 0) -> _Body:
    retweeted = tweet.get("retweeted_status")
    if isinstance(retweeted, dict) and depth < 3:
        inner = _body(retweeted, depth + 1)
        handle = text_or_none(dig(retweeted, "user", "screen_name")) or "?"
        prefix = f"RT @{handle}: "
        return _Body(prefix + inner.text, inner.entities, inner.media, inner.prefix + len(prefix))
    extended = tweet.get("extended_tweet")
    if isinstance(extended, dict) and isinstance(extended.get("full_text"), str):
        return _Body(
            extended["full_text"],
            mapping(extended.get("entities")),
            items(dig(extended, "extended_entities", "media")) or items(dig(extended, "entities", "media")),
        )
    text = tweet.get("full_text")
    if not isinstance(text, str):
        text = tweet.get("text")
    if not isinstance(text, str):
        raise ValueError("no tweet text")
    return _Body(
        text,
        mapping(tweet.get("entities")),
        items(dig(tweet, "extended_entities", "media")) or items(dig(tweet, "entities", "media")),
    )


def _indices(entity: Mapping[str, Any], shift: int) -> tuple[int, int] | None:
    pair = entity.get("indices")
    if not isinstance(pair, list) or len(pair) != 2:
        return None
    start, end = int_or_none(pair[0]), int_or_none(pair[1])
    if start is None or end is None:
        return None
    return start + shift, end + shift


def _locate(search: TextSearch, found: tuple[int, int] | None, needle: str, casefold: bool = False) -> tuple[int, int] | None:
    """Trust the offsets only when they point at ``needle``; else search for it once."""
    if not needle:
        return None
    if found is not None:
        start, end = found
        piece = search.text[start:end]
        if piece == needle or (casefold and piece.lower() == needle.lower()):
            return found
    index = search.find(needle, casefold)
    return (index, index + len(needle)) if index >= 0 else None


def entity_spans(text: str, body: _Body) -> tuple[list[Span], list[Mention], list[str], list[str], list[str]]:
    """Spans plus mentions, URLs, hashtags and media references from v1.1 entities."""
    spans: list[Span] = []
    mentions: list[Mention] = []
    urls: list[str] = []
    hashtags: list[str] = []
    media: list[str] = []
    entities, shift = body.entities, body.prefix
    search = TextSearch(text)
    for m in items(entities.get("user_mentions")):
        if not isinstance(m, dict):
            continue
        handle = text_or_none(m.get("screen_name"))
        mentions.append(Mention(handle=handle, name=text_or_none(m.get("name")), user_id=as_id(m.get("id_str")) or None))
        where = _locate(search, _indices(m, shift), "@" + handle, casefold=True) if handle else None
        if where:
            spans.append(Span(where[0], where[1], "mention", value=handle))
    for u in items(entities.get("urls")):
        if not isinstance(u, dict):
            continue
        short = text_or_none(u.get("url"))
        expanded = text_or_none(u.get("expanded_url")) or short
        if expanded:
            urls.append(expanded)
        where = _locate(search, _indices(u, shift), short) if short else None
        if where:
            spans.append(Span(where[0], where[1], "url", replacement=expanded, value=expanded))
    for h in items(entities.get("hashtags")):
        tag = text_or_none(h.get("text")) if isinstance(h, dict) else None
        if not tag:
            continue
        hashtags.append(tag)
        where = _indices(h, shift)
        if where and text[where[0] + 1 : where[1]].lower() == tag.lower():
            spans.append(Span(where[0], where[1], "hashtag", value=tag))
    seen_links: set[str] = set()
    for item in body.media:
        if not isinstance(item, dict):
            continue
        ref = text_or_none(item.get("media_url_https")) or text_or_none(item.get("media_url"))
        if ref and ref not in media:
            media.append(ref)
        short = text_or_none(item.get("url"))
        if short and short not in seen_links:
            seen_links.add(short)
            where = _locate(search, _indices(item, shift), short)
            if where:
                spans.append(Span(where[0], where[1], "media", replacement=""))
    return spans, mentions, urls, hashtags, media


def post_from_v1(
    tweet: Mapping[str, Any],
    *,
    source_file: str,
    owner: Owner | None = None,
    platform: str = "twitter",
) -> Post:
    """A Post from one v1.1 tweet object. Raises ValueError (no text) on malformed records."""
    if not isinstance(tweet, dict):
        raise ValueError("not a tweet object")
    source_id = as_id(tweet.get("id_str"), "id_str") or require_id(tweet.get("id"), "tweet id")
    body = _body(tweet)
    spans, mentions, urls, hashtags, media = entity_spans(body.text, body)
    if body.prefix and body.text.startswith("RT @"):  # the retweeted account, named in the prefix
        rt_handle = body.text[4 : body.text.index(": ")] if ": " in body.text else ""
        if rt_handle:
            spans.append(Span(3, 4 + len(rt_handle), "mention", value=rt_handle))
            rt_name = text_or_none(dig(tweet, "retweeted_status", "user", "name"))
            rt_id = as_id(dig(tweet, "retweeted_status", "user", "id_str"), "user id")
            mentions.insert(0, Mention(handle=rt_handle, name=rt_name, user_id=rt_id))
    text, found = resolve(body.text, spans)
    text = text.rstrip()
    user = mapping(tweet.get("user"))
    if user:
        author_id = as_id(user.get("id_str"), "user id") or as_id(user.get("id"), "user id")
        handle, name = text_or_none(user.get("screen_name")), text_or_none(user.get("name"))
        visibility = Visibility.FOLLOWERS if user.get("protected") is True else Visibility.PUBLIC
    else:
        owner = owner or Owner()
        author_id, handle, name = owner.user_id, owner.handle, owner.name
        visibility = Visibility.UNKNOWN
    reply_to = as_id(tweet.get("in_reply_to_status_id_str"), "reply id") or as_id(
        tweet.get("in_reply_to_status_id"), "reply id"
    )
    extra: dict[str, Any] = {}
    if found:
        extra["entities"] = found
    retweeted = isinstance(tweet.get("retweeted_status"), dict)
    raw_text = tweet.get("full_text") if isinstance(tweet.get("full_text"), str) else tweet.get("text")
    if retweeted:
        kind = "repost"
        extra["retweet_of"] = as_id(dig(tweet, "retweeted_status", "id_str"), "retweet id")
    elif isinstance(raw_text, str) and raw_text.startswith("RT @"):
        kind = "repost"
        extra["truncated"] = True  # archive retweets keep only the first 140 characters
    elif reply_to:
        kind = "reply"
    elif tweet.get("is_quote_status") is True:
        kind = "quote"
    else:
        kind = "post"
    if tweet.get("truncated") is True and not isinstance(tweet.get("extended_tweet"), dict) and not retweeted:
        extra["truncated"] = True  # compat mode: text cut at 140 characters
    quoted = as_id(tweet.get("quoted_status_id_str"), "quoted id")
    if quoted:
        extra["quoted_status_id"] = quoted
    reply_user = text_or_none(tweet.get("in_reply_to_screen_name"))
    if reply_user:
        extra["in_reply_to_handle"] = reply_user
    lang = text_or_none(tweet.get("lang"))
    return Post(
        platform=platform,
        source_id=source_id,
        text=text,
        author_handle=handle,
        author_name=name,
        author_id=author_id,
        created_at=time_field(tweet.get("created_at")),
        reply_to=reply_to,
        mentions=mentions,
        urls=urls,
        hashtags=hashtags,
        lang=None if lang in (None, "und") else lang,
        visibility=visibility,
        media=media,
        source_file=source_file,
        kind=kind,
        extra={k: v for k, v in extra.items() if v is not None},
    )
