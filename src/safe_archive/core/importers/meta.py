"""Facebook and Instagram "Download your information" (JSON option): posts and comments.

Meta writes UTF-8 bytes as ``\\u00XX`` escapes ("ø" arrives as "Ã¸"). Each decoded record is
repaired once, keys included, by a latin-1 -> UTF-8 round trip that is applied only when the
string is mojibake (no character above U+00FF and the bytes decode as UTF-8). Records have no
ids: posts get a content id (platform, time, text, first media). Media metadata is never
copied, so EXIF GPS coordinates and upload IPs are dropped; places are dropped too. Messages
(``messages/inbox``), profile information and every other file are never opened.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers.base import Excluded, ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.containers import open_container, zip_names
from safe_archive.core.importers.jsonstream import items_at
from safe_archive.core.importers.records import (
    dig,
    guarded,
    items,
    mapping,
    text_or_none,
    time_field,
)
from safe_archive.core.model import Mention, Post, Visibility

MEMBERS = re.compile(
    r"(^|/)("
    r"posts/your_posts(_\d+)?\.json"
    r"|your_posts__check_ins__photos_and_videos(_\d+)?\.json"
    r"|comments(_and_reactions)?/comments(_\d+)?\.json"
    r"|groups/your_comments_in_groups\.json"
    r"|content/posts(_\d+)?\.json"
    r"|comments/post_comments(_\d+)?\.json"
    r"|content/stories\.json"
    r"|threads/threads_and_replies\.json"
    r")$"
)
# the HTML variant of "Download your information": not read, but recognised so the person is
# told to ask for the JSON one instead of being asked to name a format
HTML_MEMBERS = re.compile(r"(^|/)(your_facebook_activity|your_instagram_activity|posts|comments|content)/[^/]+\.html$")
HTML_ADVICE = (
    "{name}: this is the HTML version of Meta's 'Download your information', which SafeArchive does not "
    "read. Ask Facebook/Instagram for the JSON export instead (Accounts Center > Your information and "
    "permissions > Download your information > Format: JSON) and import that."
)
NEVER = re.compile(r"(^|/)(messages|inbox|message_requests|profile_information|security_and_login_information)/")
COMMENT_KEYS = ("comment", "kommentar", "commentaire", "comentario", "comentário", "commento", "komentarz", "yorum", "opmerking")
OWNER_KEYS = ("media owner", "medieejer", "medienbesitzer", "propriétaire", "proprietario", "eigenaar")
_TOP_LIST = re.compile(rb'^\s*\{\s*"([A-Za-z0-9_]+)"\s*:\s*\[')


def fix_mojibake(value: str) -> str:
    """Undo Meta's mojibake once; text that is not mojibake comes back unchanged."""
    if value.isascii() or any(ord(c) > 0xFF for c in value):
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def repaired(value: Any) -> Any:
    """A decoded record with every string (keys too) repaired once."""
    if isinstance(value, str):
        return fix_mojibake(value)
    if isinstance(value, list):
        return [repaired(v) for v in value]
    if isinstance(value, dict):
        return {fix_mojibake(str(k)): repaired(v) for k, v in value.items()}
    return value


def _fb_post(record: Mapping[str, Any], label: str) -> Post | Excluded:
    texts = [t for t in (text_or_none(dig(d, "post")) for d in items(record.get("data"))) if t]
    media: list[str] = []
    urls: list[str] = []
    descriptions: list[str] = []
    for attachment in items(record.get("attachments")):
        for data in items(dig(attachment, "data")):
            data = mapping(data)
            uri = text_or_none(dig(data, "media", "uri"))
            if uri:
                media.append(uri)
            description = text_or_none(dig(data, "media", "description"))
            if description:
                descriptions.append(description)
            url = text_or_none(dig(data, "external_context", "url"))
            if url:
                urls.append(url)
    text = "\n\n".join(dict.fromkeys(texts)) or (descriptions[0] if descriptions else "")
    created = time_field(record.get("timestamp"))
    source_id = Post.content_id("facebook-post", str(record.get("timestamp")), text, media[0] if media else "")
    if not text:
        return Excluded(source_id, "no text (a photo, check-in or link without words)")
    mentions = [Mention(name=n) for n in (text_or_none(dig(t, "name")) for t in items(record.get("tags"))) if n]
    return Post(
        platform="facebook", source_id=source_id, text=text, created_at=created, mentions=mentions,
        urls=list(dict.fromkeys(urls)), media=media, source_file=label, kind="post",
        visibility=Visibility.UNKNOWN,
    )


def _fb_comment(record: Mapping[str, Any], label: str) -> Post:
    comment = next((mapping(dig(d, "comment")) for d in items(record.get("data")) if dig(d, "comment")), {})
    text = text_or_none(comment.get("comment"))
    if not text:
        raise ValueError("comment without text")
    stamp = comment.get("timestamp", record.get("timestamp"))
    extra: dict[str, Any] = {}
    group = text_or_none(comment.get("group"))
    if group:
        extra["group"] = group
    return Post(
        platform="facebook", source_id=Post.content_id("facebook-comment", str(stamp), text),
        text=text, author_name=text_or_none(comment.get("author")), created_at=time_field(stamp),
        source_file=label, kind="comment", extra=extra,
    )


def _ig_post(record: Mapping[str, Any], label: str) -> Post | Excluded:
    media_items = [mapping(m) for m in items(record.get("media"))]
    text = text_or_none(record.get("title")) or next((t for t in (text_or_none(m.get("title")) for m in media_items) if t), "")
    stamp = record.get("creation_timestamp") or (media_items[0].get("creation_timestamp") if media_items else None)
    media = [u for u in (text_or_none(m.get("uri")) for m in media_items) if u]
    source_id = Post.content_id("instagram-post", str(stamp), media[0] if media else text)
    if not text:
        return Excluded(source_id, "no text (a photo or video without a caption)")
    return Post(
        platform="instagram", source_id=source_id, text=text, created_at=time_field(stamp),
        media=media, source_file=label, kind="post",
    )


def _ig_comment(record: Mapping[str, Any], label: str) -> Post:
    fields = {str(k): mapping(v) for k, v in mapping(record.get("string_map_data")).items()}
    text = owner = None
    stamp: Any = None
    for key, value in fields.items():
        lowered = key.lower()
        if text is None and any(lowered.startswith(k) for k in COMMENT_KEYS):
            text = text_or_none(value.get("value"))
        elif owner is None and any(lowered.startswith(k) for k in OWNER_KEYS):
            owner = text_or_none(value.get("value"))
        if stamp is None and value.get("timestamp"):
            stamp = value.get("timestamp")
    if text is None:  # unknown localisation: the longest value that is not the owner
        values = [text_or_none(v.get("value")) for v in fields.values()]
        candidates = sorted((v for v in values if v and v != owner), key=len, reverse=True)
        text = candidates[0] if candidates else None
    if not text:
        raise ValueError("comment without text")
    return _ig_comment_post(text, owner, stamp, label)


def _ig_comment_post(text: str, owner: str | None, stamp: Any, label: str) -> Post:
    return Post(
        platform="instagram", source_id=Post.content_id("instagram-comment", str(stamp), text),
        text=text, created_at=time_field(stamp), source_file=label, kind="comment",
        mentions=[Mention(handle=owner)] if owner else [],
        extra={"on_post_of": owner} if owner else {},
    )


def _ig_old_comment(record: Mapping[str, Any], label: str) -> Iterator[Post]:
    owner = text_or_none(record.get("title"))
    for entry in items(record.get("string_list_data")):
        text = text_or_none(dig(entry, "value"))
        if text:
            yield _ig_comment_post(text, owner, dig(entry, "timestamp"), label)


def _threads_post(record: Mapping[str, Any], label: str) -> Post | Excluded:
    """A Threads post or reply (``text_post_app_text_posts``): text in ``title`` of the item
    or of its first media; ``text_app_post.is_reply`` says whether it answers another post
    (the export does not say which)."""
    media_items = [mapping(m) for m in items(record.get("media"))]
    text = text_or_none(record.get("title")) or next((t for t in (text_or_none(m.get("title")) for m in media_items) if t), "")
    stamp = record.get("creation_timestamp") or (media_items[0].get("creation_timestamp") if media_items else None)
    app = next((mapping(m.get("text_app_post")) for m in media_items if m.get("text_app_post")), mapping(record.get("text_app_post")))
    media = [u for u in (text_or_none(m.get("uri")) for m in media_items) if u]
    source_id = Post.content_id("threads-post", str(stamp), text, media[0] if media else "")
    if not text:
        return Excluded(source_id, "no text (a photo or video without words)")
    is_reply = app.get("is_reply") is True
    return Post(
        platform="threads", source_id=source_id, text=text, created_at=time_field(stamp), media=media,
        source_file=label, kind="reply" if is_reply else "post", visibility=Visibility.UNKNOWN,
        extra={"is_reply": True} if is_reply else {},
    )


def _ig_story(record: Mapping[str, Any], label: str) -> Post | Excluded:
    """An Instagram story (``content/stories.json``, ``ig_stories``): its words are in ``title``."""
    stamp = record.get("creation_timestamp")
    uri = text_or_none(record.get("uri")) or ""
    source_id = Post.content_id("instagram-story", str(stamp), uri)
    text = text_or_none(record.get("title"))
    if not text:
        return Excluded(source_id, "no text (a story without words)")
    return Post(platform="instagram", source_id=source_id, text=text, created_at=time_field(stamp),
                media=[uri] if uri else [], source_file=label, kind="story")


def convert(record: Any, label: str, threads: bool = False) -> Iterator[ImportItem]:
    record = repaired(record)
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if "string_map_data" in record:
        yield _ig_comment(record, label)
    elif "string_list_data" in record:
        yield from _ig_old_comment(record, label)
    elif any(isinstance(d, dict) and "comment" in d for d in items(record.get("data"))):
        yield _fb_comment(record, label)
    elif threads:
        yield _threads_post(record, label)
    elif "timestamp" in record and ("data" in record or "attachments" in record or "title" in record):
        yield _fb_post(record, label)  # a status without words is excluded there, not an error
    elif isinstance(record.get("media"), list):
        yield _ig_post(record, label)
    elif "creation_timestamp" in record and "uri" in record:
        yield _ig_story(record, label)
    else:
        raise ValueError("neither a post nor a comment")


def _prefix(head: bytes) -> str | None:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"["):
        return "item"
    match = _TOP_LIST.match(stripped)
    return f"{match.group(1).decode()}.item" if match else None


def _looks_like_meta(head: bytes) -> bool:
    if b'"string_map_data"' in head or b'"comments_v2"' in head or b'"comments_media_comments"' in head:
        return True
    if b'"group_comments_v2"' in head:
        return True
    fb_post = b'"timestamp"' in head and b'"data"' in head and (b'"post"' in head or b'"attachments"' in head)
    ig_post = b'"creation_timestamp"' in head and b'"uri"' in head and (b'"media"' in head or b'"ig_stories"' in head)
    return fb_post or ig_post or b'"text_post_app_text_posts"' in head


@register
class MetaImporter(Importer):
    name = "meta"
    description = "Facebook / Instagram / Threads 'Download your information' JSON (posts, comments, stories; mojibake repaired)"

    @classmethod
    def hint(cls, path: Path, head: bytes) -> str | None:
        """Advice for Meta's HTML export, which is recognised but not read."""
        try:
            if path.is_dir():
                found = any(HTML_MEMBERS.search(p.relative_to(path).as_posix()) for p in path.glob("*/*/*.html"))
            elif head.startswith(b"PK"):
                found = any(HTML_MEMBERS.search(n) for n in zip_names(path))
            else:
                lowered = head[:4096].lower()
                found = path.suffix.lower() in (".html", ".htm") and (b"facebook" in lowered or b"instagram" in lowered)
        except OSError:
            return None
        return HTML_ADVICE.format(name=path.name) if found else None

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        try:
            if path.is_dir():
                return 0.9 if any(MEMBERS.search(p.relative_to(path).as_posix()) for p in _meta_candidates(path)) else 0.0
            if head.startswith(b"PK"):
                return 0.9 if any(MEMBERS.search(n) for n in zip_names(path)) else 0.0
        except OSError:
            return 0.0
        return 0.85 if _prefix(head) and _looks_like_meta(head) else 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        if path.is_file() and not path.name.lower().endswith(".zip"):
            with ctx.open_binary(path) as stream:
                yield from self._file(stream, path.name)
            return
        with open_container(path, ctx.on_bytes) as box:
            members = sorted(n for n in box.names() if MEMBERS.search(n) and not NEVER.search(n))
            if not members:
                raise ImportError_(f"{path.name}: no Facebook or Instagram posts or comments found.")
            for name in members:
                with box.open(name) as stream:
                    yield from self._file(stream, name)

    def _file(self, stream: BinaryIO, label: str) -> Iterator[ImportItem]:
        buffered = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream  # type: ignore[type-var]
        prefix = _prefix(buffered.peek(4096)[:4096])
        if prefix is None:
            raise ImportError_(f"{label}: not a list of Facebook/Instagram posts or comments.")
        threads = prefix.startswith("text_post_app")
        for number, record in enumerate(items_at(buffered, prefix, label), start=1):
            yield from guarded(label, number, convert, record, label, threads)


def _meta_candidates(folder: Path) -> Iterator[Path]:
    for pattern in ("posts/*.json", "comments/*.json", "content/*.json", "*/posts/*.json",
                    "*/comments/*.json", "*/content/*.json", "*/comments_and_reactions/*.json"):
        yield from folder.glob(pattern)
