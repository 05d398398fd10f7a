"""WhatsApp's "Export chat": the ``.txt`` (Android ``WhatsApp Chat with X.txt``, iOS
``_chat.txt``) or the zip with media.

Each message starts with a date and time in the phone's locale: ``31/12/2020, 23:59 - Name:
text`` (Android), ``[31.12.20, 23:59:59] Name: text`` (iOS), with ``12/31/20, 11:59 PM`` in US
English and ``2020-12-31`` in some. Lines without that start continue the message before.
Day-first or month-first is decided from the whole file (a first number over 12 means
day-first); when nothing tells, day-first is assumed and said. Times are the phone's local time
without a zone (kept as given, marked in ``extra``). Lines without ``Name:`` are system
messages; attachment lines (``<Media omitted>``, ``IMG-….jpg (file attached)``,
``<attached: …>``) are media references, not text: a message of media alone is not a post.
WhatsApp has no message ids: the id is a hash of time, author, text and its repeat number.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers.base import Excluded, ImportContext, Importer, ImportItem, Notice, register
from safe_archive.core.importers.containers import basename, open_container, zip_names
from safe_archive.core.model import Post, Visibility

_DATE = r"(\d{1,4})[./-](\d{1,2})[./-](\d{2,4})"
_TIME = r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s?([AaPp])\.?\s?[Mm]\.?)?"
_ANDROID = re.compile(rf"^{_DATE},? {_TIME} [-–] (.*)$")
_IOS = re.compile(rf"^\[{_DATE},? {_TIME}\] (.*)$")
_AUTHOR = re.compile(r"^([^:]{1,80}?): (.*)$", re.DOTALL)
_ATTACHED = re.compile(r"<attached: ([^>]{1,200})>")
_FILE_ATTACHED = re.compile(r"^(\S.{0,200}\.\w{2,5}) \((?:file attached|Datei angehängt|archivo adjunto|fichier joint|arquivo anexado|file allegato|bestand bijgevoegd)\)$")
_PLACEHOLDER = re.compile(r"^<[^<>]{3,40}>$|^(?:image|video|audio|sticker|GIF|document|Contact card) omitted$")
_DELETED = ("This message was deleted", "You deleted this message", "Diese Nachricht wurde gelöscht",
            "Se eliminó este mensaje", "Ce message a été supprimé")
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\ufeff"), None) | {0x202F: " ", 0xA0: " "}
MAX_CHAT_BYTES = 512 * 1024**2


def _header(line: str) -> re.Match[str] | None:
    return _ANDROID.match(line) or _IOS.match(line)


def _day_first(lines: Iterator[str]) -> bool | None:
    """True (day first), False (month first) or None (nothing in the file tells)."""
    for line in lines:
        m = _header(line.translate(_INVISIBLE))
        if not m or len(m.group(1)) == 4:
            continue
        first, second = int(m.group(1)), int(m.group(2))
        if first > 12:
            return True
        if second > 12:
            return False
    return None


def _when(m: re.Match[str], day_first: bool) -> datetime:
    a, b, c = m.group(1), m.group(2), m.group(3)
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        day, month = (int(a), int(b)) if day_first else (int(b), int(a))
        year = int(c) + (2000 if len(c) == 2 else 0)
    hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
    half = (m.group(7) or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)


def _lines(raw: BinaryIO) -> Iterator[str]:
    text = io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8-sig", errors="replace", newline=None)  # type: ignore[type-var]
    for line in text:
        yield line.rstrip("\n")


@register
class WhatsAppImporter(Importer):
    name = "whatsapp"
    description = "WhatsApp chat export (.txt, or the .zip with media)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir():
            return 0.0
        if head.startswith(b"PK"):
            names = [basename(n) for n in zip_names(path, 5000)]
            return 0.9 if any(_is_chat_name(n) for n in names) else 0.0
        if path.suffix.lower() != ".txt":
            return 0.0
        lines = head.decode("utf-8", "replace").translate(_INVISIBLE).splitlines()[:20]
        hits = sum(1 for line in lines if _header(line))
        return 0.8 if hits >= 2 or (hits == 1 and len(lines) <= 2) else 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        if path.suffix.lower() == ".txt":
            with ctx.open_binary(path) as raw:
                day_first = _day_first(_lines(raw))
            with ctx.open_binary(path) as raw:
                yield from _messages(_lines(raw), path.name, day_first)
            return
        with open_container(path, ctx.on_bytes) as box:
            chats = [n for n in box.names() if _is_chat_name(basename(n))]
            if not chats:
                raise ImportError_(f"{path.name}: no WhatsApp chat (.txt) inside.")
            for name in chats:
                with box.open(name, MAX_CHAT_BYTES) as raw:
                    day_first = _day_first(_lines(raw))
                with box.open(name, MAX_CHAT_BYTES) as raw:
                    yield from _messages(_lines(raw), f"{path.name}: {basename(name)}", day_first)


def _is_chat_name(name: str) -> bool:
    return name == "_chat.txt" or (name.startswith("WhatsApp") and name.endswith(".txt"))


def _messages(lines: Iterator[str], label: str, day_first: bool | None) -> Iterator[ImportItem]:
    if day_first is None:
        yield Notice(f"{label}: nothing in the file tells whether dates are day/month or month/day; "
                     "read as day/month.")
    current: tuple[int, datetime, str] | None = None
    body: list[str] = []
    seen: dict[str, int] = {}
    last_time: datetime | None = None
    for number, line in enumerate(lines, start=1):
        clean = line.translate(_INVISIBLE)
        m = _header(clean)
        if m is None:
            if current is not None:
                body.append(clean)
            continue
        if current is not None:
            yield _finish(current, body, label, seen, day_first)
        try:
            when = _when(m, day_first is not False)
        except ValueError:
            yield Excluded(f"line {number}", "unreadable date")  # never quote the line
            current, body = None, []
            continue
        if when != last_time:
            seen.clear()  # repeats are counted within one timestamp: memory stays small
            last_time = when
        current, body = (number, when, m.group(8)), []
    if current is not None:
        yield _finish(current, body, label, seen, day_first)


def _finish(current: tuple[int, datetime, str], body: list[str], label: str, seen: dict[str, int],
            day_first: bool | None) -> ImportItem:
    number, when, first = current
    found = _AUTHOR.match(first)
    if found is None:
        return Excluded(f"line {number}", "system message (not a post)")
    author, lines = found.group(1).strip(), [found.group(2), *body]
    media: list[str] = []
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        attached = _ATTACHED.search(stripped)
        file_line = _FILE_ATTACHED.match(stripped)
        if attached:
            media.append(attached.group(1).strip())
            rest = _ATTACHED.sub("", stripped).strip()
            if rest:
                kept.append(rest)
        elif file_line:
            media.append(file_line.group(1))
        elif _PLACEHOLDER.match(stripped):
            media.append(stripped.strip("<>"))
        else:
            kept.append(line)
    text = "\n".join(kept).strip()
    if not text:
        return Excluded(f"line {number}", "media without text" if media else "empty message")
    if text in _DELETED:
        return Excluded(f"line {number}", "deleted message")
    key = Post.content_id("whatsapp", when.isoformat(), author, text)
    seen[key] = seen.get(key, 0) + 1
    ident = key if seen[key] == 1 else Post.content_id("whatsapp", when.isoformat(), author, text, str(seen[key]))
    extra: dict[str, object] = {"time_zone_unknown": True, "line": number}
    if day_first is None:
        extra["date_order_guessed"] = True
    return Post(
        platform="whatsapp", source_id=ident, text=text, author_name=author, created_at=when,
        visibility=Visibility.DIRECT, media=media, source_file=label, kind="message", extra=extra,
    )
