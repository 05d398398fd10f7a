"""Pushshift / Arctic Shift Reddit dumps: NDJSON, plain or zstandard-compressed (``RC_``/``RS_``).

The dumps use a long zstd window (``max_window_size=2**31``) and are streamed: a month of
comments is tens of gigabytes. Lines with ``body`` are comments, lines with ``title`` are
submissions. ``created_utc`` is an int in newer dumps and a string in older ones.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import zstandard

from safe_archive.core.errors import ImportError_, RecordError
from safe_archive.core.importers.base import Excluded, ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.jsonstream import json_lines
from safe_archive.core.importers.records import as_id, guarded, require_id, text_or_none, time_field
from safe_archive.core.importers.reddit_text import body_text, fullname, is_placeholder, links
from safe_archive.core.model import Post, Visibility

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
MAX_WINDOW = 2**31


def _decompressed_head(head: bytes) -> bytes:
    try:
        return zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW).decompressobj().decompress(head)[:65536]
    except zstandard.ZstdError:
        return b""


class _ZstdStream(io.RawIOBase):
    """Streaming zstd decompression across frames; a cut-off frame is an ImportError_.

    (zstandard's stream_reader ends quietly on truncated input, hiding a damaged download.)
    """

    def __init__(self, raw: BinaryIO, label: str) -> None:
        super().__init__()
        self._raw = raw
        self._label = label
        self._dctx = zstandard.ZstdDecompressor(max_window_size=MAX_WINDOW)
        self._dobj = self._dctx.decompressobj()
        self._fed = False  # compressed bytes given to the current frame
        self._out = b""
        self._pos = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        if self._pos >= len(self._out):
            self._out, self._pos = b"", 0
        while not self._out and not self._done:
            chunk = self._raw.read(1 << 20)
            if not chunk:
                if self._fed and not self._dobj.eof:
                    raise ImportError_(f"{self._label}: the zstd data is damaged or truncated (the last frame is cut off).")
                self._done = True
                return
            try:
                while chunk:
                    self._fed = True
                    self._out += self._dobj.decompress(chunk)  # _out is empty here, so no copying
                    chunk = b""
                    if self._dobj.eof:  # next frame (dumps may hold several)
                        chunk = self._dobj.unused_data
                        self._dobj = self._dctx.decompressobj()
                        self._fed = False
            except zstandard.ZstdError as exc:
                raise ImportError_(f"{self._label}: the zstd data is damaged or truncated ({exc}).") from None

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        self._fill()
        take = min(len(buffer), len(self._out) - self._pos)
        buffer[:take] = self._out[self._pos : self._pos + take]
        self._pos += take
        return take


def post_from_dump(record: Mapping[str, Any], label: str) -> Post | Excluded:
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    ident = require_id(record.get("id"), "id")
    submission = "title" in record or "selftext" in record
    source_id = fullname(ident, "t3_" if submission else "t1_")
    if submission:
        text = "\n\n".join(p for p in (body_text(record.get("title")), body_text(record.get("selftext"))) if p)
    else:
        text = body_text(record.get("body"))
    if not text:
        if is_placeholder(record.get("body")) or is_placeholder(record.get("selftext")):
            return Excluded(source_id, "deleted or removed on Reddit")
        raise ValueError("no text")
    author = text_or_none(record.get("author"))
    if author and is_placeholder(author):
        author = None
    urls = links(text)
    url = text_or_none(record.get("url"))
    media: list[str] = []
    if submission and url and record.get("is_self") is not True:
        (media if url.startswith(("https://i.redd.it/", "https://v.redd.it/")) else urls).insert(0, url)
    extra: dict[str, Any] = {}
    for key in ("subreddit", "link_id", "permalink"):
        value = text_or_none(record.get(key))
        if value:
            extra[key] = value
    meta = record.get("_meta")
    if isinstance(meta, dict) and meta.get("was_deleted_later") is True:
        extra["deleted_later"] = True
    parent = as_id(record.get("parent_id"), "parent id")
    return Post(
        platform="reddit",
        source_id=source_id,
        text=text,
        author_handle=author,
        author_id=as_id(record.get("author_fullname"), "author id") if author else None,
        created_at=time_field(record.get("created_utc")),
        reply_to=None if submission else parent,
        urls=list(dict.fromkeys(urls)),
        visibility=Visibility.PUBLIC,
        media=media,
        source_file=label,
        kind="post" if submission else "comment",
        extra=extra,
    )


@register
class PushshiftImporter(Importer):
    name = "pushshift"
    description = "Pushshift / Arctic Shift Reddit dump (NDJSON, plain or .zst)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir():
            return 0.0
        text = _decompressed_head(head) if head.startswith(ZSTD_MAGIC) else head
        if not text.lstrip().startswith(b"{"):
            return 0.0
        if b'"subreddit"' in text and (b'"body"' in text or b'"selftext"' in text) and b'"created_utc"' in text:
            return 0.85
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        with ctx.open_binary(path) as raw:
            buffered = io.BufferedReader(raw)  # type: ignore[type-var]
            stream: Any = buffered
            if buffered.peek(4)[:4] == ZSTD_MAGIC:
                stream = _ZstdStream(buffered, label)
            for number, record in json_lines(stream):
                if isinstance(record, Exception):
                    yield RecordError(label, f"line {number}", str(record))
                    continue
                ident = text_or_none(record.get("id")) if isinstance(record, dict) else None
                yield from guarded(label, ident or f"line {number}", post_from_dump, record, label)
