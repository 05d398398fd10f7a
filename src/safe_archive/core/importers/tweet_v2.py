"""Turn a Twitter API v2 tweet (twarc2 flattened shape, or rebuilt from a page) into a Post.

Entity ``start``/``end`` are code points of the escaped text; URLs are expanded and the text
unescaped afterwards (entities.py). A retweet's "RT @x: …" text is truncated: when the full
referenced tweet is at hand (flattened ``referenced_tweets`` or a page's ``includes.tweets``)
its text is used, with the "RT @x: " prefix kept.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def _where(search: TextSearch, entity: Mapping[str, Any], shift: int, needle: str | None, casefold: bool = False) -> tuple[int, int] | None:
    start, end = int_or_none(entity.get("start")), int_or_none(entity.get("end"))
    if start is not None and end is not None:
        start, end = start + shift, end + shift
        piece = search.text[start:end]
        if needle is None or piece == needle or (casefold and piece.lower() == needle.lower()):
            return start, end
    if needle:
        index = search.find(needle, casefold)
        if index >= 0:
            return index, index + len(needle)
    return None


def _entities(
    text: str, entities: Mapping[str, Any], shift: int, names: Mapping[str, str]
) -> tuple[list[Span], list[Mention], list[str], list[str]]:
    spans: list[Span] = []
    mentions: list[Mention] = []
    urls: list[str] = []
    hashtags: list[str] = []
    search = TextSearch(text)
    for m in items(entities.get("mentions")):
        if not isinstance(m, dict):
            continue
        handle = text_or_none(m.get("username"))
        name = text_or_none(m.get("name")) or text_or_none(dig(m, "user", "name"))
        if name is None and handle:
            name = names.get(handle.lower())
        mentions.append(Mention(handle=handle, name=name, user_id=as_id(m.get("id"), "user id")))
        where = _where(search, m, shift, "@" + handle if handle else None, casefold=True) if handle else None
        if where:
            spans.append(Span(*where, "mention", value=handle))
    for u in items(entities.get("urls")):
        if not isinstance(u, dict):
            continue
        short = text_or_none(u.get("url"))
        expanded = text_or_none(u.get("unwound_url")) or text_or_none(u.get("expanded_url")) or short
        is_media = bool(u.get("media_key")) or (expanded or "").startswith(("https://twitter.com/", "https://x.com/")) and "/photo/" in (expanded or "")
        where = _where(search, u, shift, short) if short else None
        if is_media:
            if where:
                spans.append(Span(*where, "media", replacement=""))
            continue
        if expanded:
            urls.append(expanded)
        if where:
            spans.append(Span(*where, "url", replacement=expanded, value=expanded))
    for h in items(entities.get("hashtags")):
        tag = text_or_none(h.get("tag")) if isinstance(h, dict) else None
        if tag:
            hashtags.append(tag)
            where = _where(search, h, shift, "#" + tag, casefold=True)
            if where:
                spans.append(Span(*where, "hashtag", value=tag))
    return spans, mentions, urls, hashtags


def post_from_v2(
    tweet: Mapping[str, Any],
    *,
    source_file: str,
    users: Mapping[str, Mapping[str, Any]] | None = None,
    tweets: Mapping[str, Mapping[str, Any]] | None = None,
    media: Mapping[str, Mapping[str, Any]] | None = None,
) -> Post:
    """A Post from a v2 tweet; ``users``/``tweets``/``media`` are a page's includes by id."""
    if not isinstance(tweet, dict):
        raise ValueError("not a tweet object")
    users, tweets, media = users or {}, tweets or {}, media or {}
    source_id = require_id(tweet.get("id"), "tweet id")
    text = tweet.get("text")
    note = dig(tweet, "note_tweet", "text")
    entities = mapping(tweet.get("entities"))
    if isinstance(note, str):
        text, entities = note, mapping(dig(tweet, "note_tweet", "entities")) or entities
    if not isinstance(text, str):
        raise ValueError("no tweet text")
    refs = {}
    for ref in items(tweet.get("referenced_tweets")):
        kind, ref_id = text_or_none(dig(ref, "type")), as_id(dig(ref, "id"), "referenced id")
        if kind and ref_id:
            full = ref if isinstance(ref, dict) and "text" in ref else tweets.get(ref_id, {})
            refs[kind] = (ref_id, full)
    extra: dict[str, Any] = {}
    shift = 0
    if "retweeted" in refs:
        ref_id, original = refs["retweeted"]
        extra["retweet_of"] = ref_id
        original_text = original.get("text") if isinstance(original, dict) else None
        if isinstance(dig(original, "note_tweet", "text"), str):
            original_text = dig(original, "note_tweet", "text")
        if isinstance(original_text, str) and text.startswith("RT @"):
            prefix = text.split(":", 1)[0] + ": "
            text, shift = prefix + original_text, len(prefix)
            entities = mapping(original.get("entities"))
            if isinstance(dig(original, "note_tweet", "text"), str):
                entities = mapping(dig(original, "note_tweet", "entities")) or entities
        elif text.endswith("…"):
            extra["truncated"] = True
    names = {
        str(u.get("username")).lower(): str(u.get("name"))
        for u in users.values()
        if isinstance(u, dict) and isinstance(u.get("username"), str) and isinstance(u.get("name"), str)
    } if entities.get("mentions") else {}
    spans, mentions, urls, hashtags = _entities(text, entities, shift, names)
    if shift:  # the retweeted account itself
        handle = text[4 : shift - 2]
        spans.append(Span(3, shift - 2, "mention", value=handle))
        mentions.insert(0, Mention(handle=handle))
    final, found = resolve(text, spans)
    if found:
        extra["entities"] = found
    author = mapping(tweet.get("author")) or users.get(str(tweet.get("author_id")), {})
    refs_media: list[Mapping[str, Any]] = [m for m in items(dig(tweet, "attachments", "media")) if isinstance(m, dict)]
    if not refs_media:
        refs_media = [media[k] for k in items(dig(tweet, "attachments", "media_keys")) if isinstance(k, str) and k in media]
    media_refs: list[str] = []
    for m in refs_media:
        ref = text_or_none(m.get("url")) or text_or_none(m.get("preview_image_url")) or text_or_none(m.get("media_key"))
        if ref:
            media_refs.append(ref)
    reply_to = refs.get("replied_to", (None, None))[0]
    if "quoted" in refs:
        extra["quoted_status_id"] = refs["quoted"][0]
    history = [h for h in items(tweet.get("edit_history_tweet_ids")) if isinstance(h, str)]
    if len(history) > 1:
        extra["edit_history_tweet_ids"] = history
    if tweet.get("withheld"):
        extra["withheld"] = True
    conversation = as_id(tweet.get("conversation_id"), "conversation id")
    if conversation and conversation != source_id:
        extra["conversation_id"] = conversation
    kind = "repost" if "retweeted" in refs else "reply" if reply_to else "quote" if "quoted" in refs else "post"
    lang = text_or_none(tweet.get("lang"))
    protected = author.get("protected") is True
    return Post(
        platform="twitter",
        source_id=source_id,
        text=final.rstrip(),
        author_handle=text_or_none(author.get("username")),
        author_name=text_or_none(author.get("name")),
        author_id=as_id(tweet.get("author_id"), "author id") or as_id(author.get("id"), "author id"),
        created_at=time_field(tweet.get("created_at")),
        reply_to=reply_to,
        mentions=mentions,
        urls=urls,
        hashtags=hashtags,
        lang=None if lang in (None, "und", "zxx", "qme", "qht") else lang,
        visibility=Visibility.FOLLOWERS if protected else Visibility.PUBLIC,
        media=media_refs,
        source_file=source_file,
        kind=kind,
        extra=extra,
    )
