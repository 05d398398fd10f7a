"""Telegram Desktop's JSON export (``result.json``): one chat or channel, or a full export.

A single chat is ``{"name", "type", "id", "messages": [...]}``; "Export Telegram data" puts
chats under ``chats.list`` (and ``left_chats.list``). Messages are streamed one at a time.
``text`` is a string or a list of strings and entity objects (``{"type": "link", "text": …}``,
``text_link`` with ``href``, ``mention``, ``mention_name`` with ``user_id``, ``hashtag``); the
entities' text is joined back. ``date_unixtime`` (UTC, newer exports) wins over ``date``,
which is the exporting computer's local time without a zone (kept, marked in ``extra``).
Service messages (joins, pins) and media without text are not posts (counted as excluded).
Ids are ``<chat id>/<message id>``; ``reply_to_message_id`` becomes the parent in that chat.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from safe_archive.core.importers.base import Excluded, ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.jsonstream import values_where
from safe_archive.core.importers.records import as_id, guarded, items, text_or_none, time_field
from safe_archive.core.model import Mention, Post, Visibility

_CHAT = re.compile(r"^(?:(?:chats|left_chats)\.list\.item\.)?(name|type|id)$")
_MESSAGE = re.compile(r"^(?:(?:chats|left_chats)\.list\.item\.)?messages\.item$")
PUBLIC = ("public_channel", "public_supergroup")
PRIVATE_1TO1 = ("personal_chat", "bot_chat", "saved_messages")
MEDIA_KEYS = ("photo", "file", "thumbnail", "media_type", "sticker_emoji", "location_information", "contact_information", "poll")


def _wanted(prefix: str) -> bool:
    return bool(_MESSAGE.match(prefix) or _CHAT.match(prefix))


def flatten_text(value: Any) -> tuple[str, list[str], list[Mention], list[str]]:
    """Telegram's text (a string or a list of pieces) as plain text, with links, mentions and
    hashtags taken from the entity pieces."""
    if isinstance(value, str):
        return value, [], [], []
    parts: list[str] = []
    urls: list[str] = []
    mentions: list[Mention] = []
    tags: list[str] = []
    for piece in items(value):
        if isinstance(piece, str):
            parts.append(piece)
            continue
        if not isinstance(piece, Mapping):
            continue
        value_text = piece.get("text")
        shown = value_text if isinstance(value_text, str) else ""
        parts.append(shown)
        kind = piece.get("type")
        if kind == "link" and shown:
            urls.append(shown)
        elif kind == "text_link" and text_or_none(piece.get("href")):
            urls.append(str(piece["href"]))
        elif kind == "mention" and shown:
            mentions.append(Mention(handle=shown.lstrip("@")))
        elif kind == "mention_name":
            mentions.append(Mention(name=shown or None, user_id=as_id(piece.get("user_id"), "user id")))
        elif kind == "hashtag" and shown:
            tags.append(shown.lstrip("#"))
    return "".join(parts), urls, mentions, tags


@register
class TelegramImporter(Importer):
    name = "telegram"
    description = "Telegram Desktop export (result.json): a chat, a channel or all chats"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir() or not head.lstrip().startswith(b"{"):
            return 0.0
        start = head[:8192]
        if b'"messages"' in start and (b'"personal_chat"' in start or b'"date_unixtime"' in start
                                       or b'"public_channel"' in start or b'"private_group"' in start
                                       or b'"private_supergroup"' in start or b'"from_id"' in start):
            return 0.9
        if b'"personal_information"' in start and b'"chats"' in start:
            return 0.85
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        chat: dict[str, Any] = {}
        with ctx.open_binary(path) as raw:
            for prefix, value in values_where(raw, label, _wanted):
                field = _CHAT.match(prefix)
                if field:
                    if field.group(1) in chat:  # a field seen again: the next chat has begun
                        chat = {}
                    chat[field.group(1)] = value
                    continue
                record = f"message {value.get('id')}" if isinstance(value, dict) else "message"
                yield from guarded(label, record, _message, value, dict(chat), label)


def _message(message: Any, chat: Mapping[str, Any], label: str) -> ImportItem:
    if not isinstance(message, dict):
        raise ValueError("not a message object")
    number = as_id(message.get("id"), "message id")
    if number is None:
        raise ValueError("message without an id")
    if message.get("type") != "message":
        return Excluded(number, "service message (not a post)")
    text, urls, mentions, tags = flatten_text(message.get("text"))
    if not text.strip():
        if any(key in message for key in MEDIA_KEYS):
            return Excluded(number, "media without text")
        raise ValueError("message without text")
    chat_id = as_id(chat.get("id"), "chat id") or "chat"
    chat_type = str(chat.get("type") or "")
    extra: dict[str, Any] = {"chat": text_or_none(chat.get("name")), "chat_type": chat_type or None}
    if message.get("date_unixtime") not in (None, ""):
        created = time_field(message.get("date_unixtime"), "date_unixtime")
    else:
        created = time_field(message.get("date"), "date")
        extra["time_zone_unknown"] = True  # local time of the exporting computer
    if text_or_none(message.get("forwarded_from")):
        extra["forwarded_from"] = str(message["forwarded_from"])
    media = [str(message[k]) for k in ("photo", "file") if isinstance(message.get(k), str)
             and not str(message[k]).startswith("(File not included")]
    parent = as_id(message.get("reply_to_message_id"), "reply id")
    return Post(
        platform="telegram",
        source_id=f"{chat_id}/{number}",
        text=text,
        author_name=text_or_none(message.get("from")) or text_or_none(message.get("author")),
        author_id=text_or_none(message.get("from_id")),
        created_at=created,
        reply_to=f"{chat_id}/{parent}" if parent else None,
        mentions=mentions,
        urls=list(dict.fromkeys(urls)),
        hashtags=list(dict.fromkeys(tags)),
        visibility=Visibility.PUBLIC if chat_type in PUBLIC else Visibility.DIRECT if chat_type in PRIVATE_1TO1
        else Visibility.UNKNOWN,
        media=media,
        source_file=label,
        kind="reply" if parent else "post",
        extra={k: v for k, v in extra.items() if v is not None},
    )
