"""TikTok's own data export ("Download your data", JSON): ``user_data.json`` /
``user_data_tiktok.json``, alone or in its zip.

Kept: your videos' captions (``Video.Videos.VideoList``, newer ``Post.Posts.VideoList``) with
the video id from their link (so they match the same videos imported from Zeeschuimer or
4CAT), and your comments (``Comment.Comments.CommentsList``). Direct messages
(``Direct Messages.Chat History``) are excluded unless private posts are asked for; a video
without a caption has no text and is not a post. Times are UTC as TikTok writes them. The file
is streamed; the account name (``Profile…ProfileMap.userName``) is read in a first pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers.base import Excluded, ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.containers import basename, open_container, zip_names
from safe_archive.core.importers.jsonstream import values_where
from safe_archive.core.importers.records import guarded, text_or_none, time_field
from safe_archive.core.model import Post, Visibility

NAMES = ("user_data.json", "user_data_tiktok.json")
_VIDEO = re.compile(r"^(?:Video\.Videos|Post\.Posts)\.VideoList\.item$")
_COMMENT = re.compile(r"^Comments?\.Comments\.CommentsList\.item$")
_DM = re.compile(r"^Direct Messages?\.Chat History\.ChatHistory\.[^.]+\.item$")
_USER = "Profile.Profile Information.ProfileMap.userName"
_VIDEO_ID = re.compile(r"/(?:video|v)/(\d{10,25})")
_WHO = {"everyone": Visibility.PUBLIC, "friends": Visibility.FOLLOWERS, "followers": Visibility.FOLLOWERS,
        "only me": Visibility.DIRECT, "private": Visibility.DIRECT}


def _get(record: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        for variant in (key, key.lower(), key[0].lower() + key[1:]):
            if variant in record:
                return record[variant]
    return None


@register
class TikTokImporter(Importer):
    name = "tiktok"
    description = "TikTok data export (user_data.json, or its zip): your video captions and comments"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir():
            return 0.0
        if head.startswith(b"PK"):
            return 0.9 if any(basename(n) in NAMES for n in zip_names(path, 200)) else 0.0
        start = head[:65536]
        if head.lstrip().startswith(b"{") and (b'"VideoList"' in start or b'"CommentsList"' in start
                                               or b'"ProfileMap"' in start or (b'"Activity"' in start and b'"Video Browsing History"' in start)):
            return 0.9
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        if not _is_zip(path):
            with ctx.open_binary(path) as raw:
                user = _user(raw, path.name)
            with ctx.open_binary(path) as raw:
                yield from _records(raw, path.name, user, ctx)
            return
        with open_container(path, ctx.on_bytes) as box:
            inside = [n for n in box.names() if basename(n) in NAMES]
            if not inside:
                raise ImportError_(f"{path.name}: no user_data.json inside (choose JSON when requesting TikTok data).")
            with box.open(inside[0]) as raw:
                user = _user(raw, path.name)
            with box.open(inside[0]) as raw:
                yield from _records(raw, path.name, user, ctx)


def _is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"PK"


def _user(raw: BinaryIO, label: str) -> str | None:
    for _prefix, value in values_where(raw, label, lambda p: p == _USER):
        return text_or_none(value)
    return None


def _records(raw: BinaryIO, label: str, user: str | None, ctx: ImportContext) -> Iterator[ImportItem]:
    def wanted(prefix: str) -> bool:
        return bool(_VIDEO.match(prefix) or _COMMENT.match(prefix) or _DM.match(prefix))

    for number, (prefix, value) in enumerate(values_where(raw, label, wanted), start=1):
        if _DM.match(prefix):
            if not ctx.options.include_private:
                yield Excluded(number, "direct message")
                continue
            yield from guarded(label, f"message {number}", _dm, value, user, label)
        elif _VIDEO.match(prefix):
            yield from guarded(label, f"video {number}", _video, value, user, label, ctx.options.include_private, number)
        else:
            yield from guarded(label, f"comment {number}", _comment, value, user, label)


def _video(record: Any, user: str | None, label: str, include_private: bool, number: int) -> ImportItem:
    if not isinstance(record, dict):
        raise ValueError("not a video record")
    link = text_or_none(_get(record, "Link", "VideoLink")) or ""
    found = _VIDEO_ID.search(link)
    created = time_field(_get(record, "Date"))
    ident = found.group(1) if found else Post.content_id("tiktok-video", link, created.isoformat() if created else "")
    shown = _WHO.get(str(_get(record, "WhoCanView") or "").strip().lower(), Visibility.UNKNOWN)
    if shown in (Visibility.FOLLOWERS, Visibility.DIRECT) and not include_private:
        return Excluded(ident, "followers-only" if shown is Visibility.FOLLOWERS else "private (only me)")
    text = text_or_none(_get(record, "Title", "Description", "VideoDescription"))
    if text is None:
        return Excluded(ident, "video without a caption (no text)")
    return Post(platform="tiktok", source_id=ident, text=text, author_handle=user, created_at=created,
                visibility=shown, media=[link] if link else [], source_file=label, kind="post",
                extra={k: v for k, v in (("sound", text_or_none(_get(record, "Sound"))),
                                         ("location", text_or_none(_get(record, "Location")))) if v})


def _comment(record: Any, user: str | None, label: str) -> Post:
    if not isinstance(record, dict):
        raise ValueError("not a comment record")
    text = text_or_none(_get(record, "Comment"))
    if text is None:
        raise ValueError("comment without text")
    created = time_field(_get(record, "Date"))
    where = text_or_none(_get(record, "Url"))
    found = _VIDEO_ID.search(where or "")
    return Post(platform="tiktok", source_id=Post.content_id("tiktok-comment", created.isoformat() if created else "", text),
                text=text, author_handle=user, created_at=created, reply_to=found.group(1) if found else None,
                visibility=Visibility.PUBLIC, source_file=label, kind="comment")


def _dm(record: Any, user: str | None, label: str) -> Post:
    if not isinstance(record, dict):
        raise ValueError("not a message record")
    text = text_or_none(_get(record, "Content"))
    if text is None:
        raise ValueError("message without text")
    created = time_field(_get(record, "Date"))
    author = text_or_none(_get(record, "From"))
    return Post(platform="tiktok", source_id=Post.content_id("tiktok-dm", created.isoformat() if created else "", author, text),
                text=text, author_handle=author, created_at=created, visibility=Visibility.DIRECT,
                source_file=label, kind="message")
