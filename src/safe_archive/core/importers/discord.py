"""Discord's data package ("Request all of my data"): the messages you sent.

The package (zip or unpacked folder) holds ``messages/c<channel id>/messages.json`` (older
packages: ``messages.csv`` with ``ID,Timestamp,Contents,Attachments``) and ``channel.json``
beside it, plus ``account/user.json`` naming you (folder names are capitalised in newer
packages). A lone ``messages.json``/``messages.csv`` is read too. Only your own messages are
in it. Direct and group messages are excluded unless private posts are asked for; a message
with only an attachment has no text and is not a post.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers.base import Excluded, ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.containers import open_container, zip_names
from safe_archive.core.importers.csvstream import csv_header, csv_rows
from safe_archive.core.importers.jsonstream import items_at
from safe_archive.core.importers.records import as_id, guarded, mapping, text_or_none, time_field
from safe_archive.core.model import Post, Visibility

_MESSAGES = re.compile(r"^(?:.*/)?[Mm]essages/c?(\d{1,25})/messages\.(json|csv)$")
_USER = re.compile(r"^(?:.*/)?[Aa]ccount/user\.json$")
PRIVATE_TYPES = (1, 3, "DM", "GROUP_DM")
CSV_HEADER = ["ID", "Timestamp", "Contents", "Attachments"]
SMALL_JSON = 64 * 1024**2


@register
class DiscordImporter(Importer):
    name = "discord"
    description = "Discord data package (zip or folder, or one messages.json/.csv): the messages you sent"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir():
            names = [p.relative_to(path).as_posix() for p in path.glob("*/c*/messages.*")]
            return 0.9 if any(_MESSAGES.match(n) for n in names) else 0.0
        if head.startswith(b"PK"):
            return 0.9 if any(_MESSAGES.match(n) for n in zip_names(path, 20000)) else 0.0
        if path.name == "messages.csv" or csv_header(head)[:4] == CSV_HEADER:
            return 0.9 if csv_header(head)[:3] == CSV_HEADER[:3] else 0.0
        start = head.lstrip()[:400]
        if start.startswith(b"[") and b'"ID"' in start and b'"Timestamp"' in start and b'"Contents"' in start:
            return 0.9
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        if path.is_file() and not _is_zip(path):
            with ctx.open_binary(path) as raw:
                yield from _channel(raw, path.name, path.suffix.lower() == ".csv", {}, {}, ctx)
            return
        with open_container(path, ctx.on_bytes) as box:
            names = box.names()
            user: Mapping[str, Any] = {}
            for name in names:
                if _USER.match(name):
                    user = _small_json(box.open(name, SMALL_JSON), path.name)
                    break
            channels = [(n, _MESSAGES.match(n)) for n in names]
            found = [(n, m) for n, m in channels if m]
            if not found:
                raise ImportError_(f"{path.name}: no messages/c…/messages.json in this Discord package.")
            for name, match in found:
                info_name = name.rsplit("/", 1)[0] + "/channel.json"
                channel = _small_json(box.open(info_name, SMALL_JSON), path.name) if info_name in names else {}
                channel = {**channel, "id": channel.get("id") or match.group(1)}
                with box.open(name) as raw:
                    yield from _channel(raw, f"{path.name}: {name}", match.group(2) == "csv", channel, user, ctx)


def _is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"PK"


def _small_json(raw: BinaryIO, label: str) -> Mapping[str, Any]:
    with raw:
        try:
            return mapping(json.loads(raw.read(SMALL_JSON)))
        except (ValueError, RecursionError):
            return {}


def _channel(raw: BinaryIO, label: str, is_csv: bool, channel: Mapping[str, Any], user: Mapping[str, Any],
             ctx: ImportContext) -> Iterator[ImportItem]:
    if is_csv:
        _, rows = csv_rows(raw, label)
        for line, row in rows:
            if isinstance(row, Exception):
                yield from guarded(label, f"line {line}", _raise, row)
                continue
            yield from guarded(label, f"line {line}", _message, row, channel, user, label, ctx.options.include_private)
        return
    stream = io.BufferedReader(raw)  # type: ignore[type-var]
    for number, record in enumerate(items_at(stream, "item", label), start=1):
        yield from guarded(label, f"message {number}", _message, record, channel, user, label, ctx.options.include_private)


def _raise(exc: Exception) -> Post:
    raise ValueError(str(exc))


def _message(record: Any, channel: Mapping[str, Any], user: Mapping[str, Any], label: str, include_private: bool) -> ImportItem:
    if not isinstance(record, dict):
        raise ValueError("not a message record")
    ident = as_id(record.get("ID"), "message id") or as_id(record.get("id"), "message id")
    if ident is None:
        raise ValueError("message without an ID")
    kind = channel.get("type")
    private = kind in PRIVATE_TYPES
    if private and not include_private:
        return Excluded(ident, "direct message")
    text = text_or_none(record.get("Contents"))
    attachments = [a for a in str(record.get("Attachments") or "").split() if a]
    if text is None:
        if attachments:
            return Excluded(ident, "media without text")
        raise ValueError("message without text")
    guild = mapping(channel.get("guild"))
    extra = {k: v for k, v in (("channel", text_or_none(channel.get("name"))),
                               ("server", text_or_none(guild.get("name"))),
                               ("channel_id", as_id(channel.get("id"), "channel id"))) if v}
    return Post(
        platform="discord", source_id=ident, text=text,
        author_handle=text_or_none(user.get("username")), author_name=text_or_none(user.get("global_name")),
        author_id=as_id(user.get("id"), "user id"), created_at=time_field(record.get("Timestamp")),
        visibility=Visibility.DIRECT if private else Visibility.UNKNOWN, media=attachments,
        source_file=label.rsplit(": ", 1)[0], kind="message", extra=extra,
    )
