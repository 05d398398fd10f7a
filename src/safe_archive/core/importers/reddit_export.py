"""Reddit's official data-request export: ``posts.csv`` and ``comments.csv`` (alone or in the zip).

Only the owner's posts and comments are read. The ``ip`` column is dropped on reading; the
export's other files (messages, chat history, IP logs, e-mail, phone, votes, saved items) are
never opened. Ids become fullnames (``t3_``/``t1_``) so they match Pushshift dumps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from safe_archive.core.errors import ImportError_, RecordError
from safe_archive.core.importers.base import Excluded, ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.containers import basename, open_container, zip_names
from safe_archive.core.importers.csvstream import csv_header, csv_rows
from safe_archive.core.importers.records import guarded, require_id, text_or_none, time_field
from safe_archive.core.importers.reddit_text import body_text, fullname, is_placeholder, links
from safe_archive.core.model import Post, Visibility

_MEMBER = re.compile(r"^(posts|comments)(_\d+)?\.csv$")
DROPPED_COLUMNS = ("ip",)


def _kind(header: list[str]) -> str | None:
    columns = {c.lower() for c in header}
    if not {"id", "permalink", "date", "subreddit", "body"} <= columns:
        return None
    if "title" in columns:
        return "posts"
    if "link" in columns or "parent" in columns:
        return "comments"
    return None


def post_from_row(row: Mapping[str, Any], kind: str, label: str) -> Post | Excluded:
    row = {k.lower(): v for k, v in row.items() if k and k.lower() not in DROPPED_COLUMNS}
    ident = require_id(row.get("id"), "id")
    source_id = fullname(ident, "t3_" if kind == "posts" else "t1_")
    body = body_text(row.get("body"))
    title = body_text(row.get("title")) if kind == "posts" else ""
    text = "\n\n".join(p for p in (title, body) if p)
    if not text:
        if is_placeholder(row.get("body")):
            return Excluded(source_id, "deleted or removed on Reddit")
        if kind == "comments":
            raise ValueError("empty comment")
    urls = links(text)
    extra: dict[str, Any] = {}
    subreddit = text_or_none(row.get("subreddit"))
    if subreddit:
        extra["subreddit"] = subreddit
    permalink = text_or_none(row.get("permalink"))
    if permalink:
        extra["permalink"] = permalink
    media: list[str] = []
    reply_to = None
    if kind == "posts":
        url = text_or_none(row.get("url"))
        if url and (not permalink or permalink not in url):
            urls.insert(0, url)
    else:
        thread = text_or_none(row.get("link"))
        if thread:
            extra["thread"] = thread
        reply_to = text_or_none(row.get("parent"))
        attached = text_or_none(row.get("media"))
        if attached:
            media.append(attached)
    return Post(
        platform="reddit",
        source_id=source_id,
        text=text,
        created_at=time_field(row.get("date")),
        reply_to=reply_to,
        urls=list(dict.fromkeys(urls)),
        visibility=Visibility.PUBLIC,
        media=media,
        source_file=label,
        kind="post" if kind == "posts" else "comment",
        extra=extra,
    )


@register
class RedditExportImporter(Importer):
    name = "reddit-export"
    description = "Reddit data-request export: posts.csv / comments.csv or the whole zip (ip column dropped)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        try:
            if path.is_dir():
                return 0.9 if (path / "posts.csv").is_file() or (path / "comments.csv").is_file() else 0.0
            if head.startswith(b"PK"):
                return 0.9 if any(_MEMBER.match(basename(n)) for n in zip_names(path)) else 0.0
        except OSError:
            return 0.0
        return 0.9 if _kind(csv_header(head)) else 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        if path.is_file() and not path.name.lower().endswith(".zip"):
            with ctx.open_binary(path) as raw:
                yield from self._csv(raw, path.name)
            return
        with open_container(path, ctx.on_bytes) as box:
            members = sorted(n for n in box.names() if _MEMBER.match(basename(n)))
            if not members:
                raise ImportError_(f"{path.name}: no posts.csv or comments.csv found.")
            for name in members:
                with box.open(name) as stream:
                    yield from self._csv(stream, name)

    def _csv(self, raw: BinaryIO, label: str) -> Iterator[ImportItem]:
        header, rows = csv_rows(raw, label)
        kind = _kind(header)
        if kind is None:
            raise ImportError_(f"{label}: not a Reddit posts.csv or comments.csv (columns not recognised).")
        for line, row in rows:
            if isinstance(row, Exception):
                yield RecordError(label, f"line {line}", str(row))
                continue
            yield from guarded(label, f"line {line}", post_from_row, row, kind, label)
