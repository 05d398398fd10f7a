"""4CAT CSV exports (``map_item`` columns): id, thread_id, author, body, timestamp and friends.

Lists (mentions, hashtags, urls, images) are comma-joined. 4CAT can pseudonymise author
columns itself; hashed authors are kept as they are and flagged in ``extra``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from safe_archive.core.errors import RecordError
from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.csvstream import csv_header, csv_rows
from safe_archive.core.importers.records import as_id, guarded, require_id, text_or_none, time_field
from safe_archive.core.model import Mention, Post, Visibility

REQUIRED = {"id", "thread_id", "author", "body", "timestamp"}
_HASHED = re.compile(r"^[0-9a-f]{32,128}$")


def _list(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    return [v.strip() for v in value.split(",") if v.strip()]


def _platform(row: Mapping[str, Any], fallback: str) -> str:
    """The real platform, from the item's link (X: ``link``, Instagram: ``url``, TikTok:
    ``tiktok_url``) or the columns only that data source has: rows recorded as '4cat' matched
    and deduplicated against nothing imported elsewhere (issue 17)."""
    link = " ".join(str(row.get(k) or "") for k in ("link", "url", "tiktok_url", "permalink"))
    if "tiktok_url" in row or "music_name" in row:
        return "tiktok"
    if "twitter.com/" in link or "//x.com/" in link:
        return "twitter"
    if "reddit.com/" in link:
        return "reddit"
    if "tiktok.com/" in link:
        return "tiktok"
    if "instagram.com/" in link:
        return "instagram"
    if "num_likes" in row and "image_url" in row:
        return "instagram"
    return fallback


def _yes(value: Any) -> bool:
    return str(value or "").strip().lower() in ("yes", "true", "1")


def post_from_row(row: Mapping[str, Any], label: str, fallback: str) -> Post:
    text = row.get("body")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty or missing body")
    ident = require_id(row.get("id"), "id")
    author = text_or_none(row.get("author"))
    extra: dict[str, Any] = {}
    if author and _HASHED.match(author):
        extra["author_pseudonymised"] = True
    thread = as_id(row.get("thread_id"), "thread id")
    if thread and thread != ident:
        extra["thread_id"] = thread
    when = row.get("unix_timestamp") or row.get("timestamp")
    media = _list(row.get("images")) + _list(row.get("videos"))
    is_retweet = _yes(row.get("is_retweet"))
    is_reply = _yes(row.get("is_reply"))
    is_quote = _yes(row.get("is_quote_tweet"))
    platform = _platform(row, fallback)
    reply_to = as_id(row.get("reply_to") or row.get("parent_id") or row.get("in_reply_to"), "parent id")
    if reply_to == ident:
        reply_to = None
    if is_reply and reply_to is None and thread and thread != ident:
        # 4CAT's X rows carry the conversation, not the direct parent: the thread root is the
        # nearest parent the file names (57 replies had none before)
        reply_to = thread
        extra["parent_is_thread_root"] = True
    for key in ("replied_user", "quoted_user", "retweeted_user"):
        if text_or_none(row.get(key)):
            extra[key] = str(row[key]).strip()
    if is_quote:
        extra["quote"] = True
    lang = text_or_none(row.get("language_guess")) or text_or_none(row.get("lang"))
    return Post(
        platform=platform,
        source_id=ident,
        text=text,
        author_handle=author,
        author_name=text_or_none(row.get("author_fullname")) or text_or_none(row.get("author_full")),
        author_id=as_id(row.get("author_id"), "author id"),
        created_at=time_field(when),
        mentions=[Mention(handle=m.lstrip("@")) for m in _list(row.get("mentions"))],
        urls=_list(row.get("urls")),
        hashtags=[h.lstrip("#") for h in _list(row.get("hashtags"))],
        lang=None if lang in (None, "und") else lang,
        visibility=Visibility.PUBLIC,
        media=media,
        source_file=label,
        reply_to=reply_to,
        kind="repost" if is_retweet else "reply" if is_reply else "quote" if is_quote else "post",
        extra=extra,
    )


@register
class FourCatImporter(Importer):
    name = "4cat"
    description = "4CAT CSV export (id, thread_id, author, body, timestamp)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir() or path.suffix.lower() not in (".csv", ""):
            return 0.0
        return 0.8 if REQUIRED <= {c.lower() for c in csv_header(head)} else 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        fallback = ctx.options.platform or "4cat"
        with ctx.open_binary(path) as raw:
            _, rows = csv_rows(raw, label)
            for line, row in rows:
                if isinstance(row, Exception):
                    yield RecordError(label, f"line {line}", str(row))
                    continue
                yield from guarded(label, f"line {line}", post_from_row, row, label, fallback)
