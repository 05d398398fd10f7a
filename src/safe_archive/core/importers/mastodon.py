"""Mastodon account archive: zip (current), tar.gz (older servers), unpacked folder, or outbox.json.

``outbox.json`` is an ActivityStreams OrderedCollection; real files repeat ``orderedItems``
(an empty list, then the real one) and streaming sees both, so items are de-duplicated by id.
``Create`` activities are posts (HTML converted to text, content warning kept in ``extra``);
``Announce`` (boosts) are relations to the boosted post (the archive does not hold its text),
stored as counts on that post, never as empty posts. Direct
and followers-only posts are yielded as :class:`Excluded` unless ``include_private`` is set.
"""

from __future__ import annotations

import json
import tarfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers.base import Excluded, ImportContext, Importer, ImportItem, Relation, register
from safe_archive.core.importers.containers import (
    CONTAINER_ERRORS,
    Container,
    FolderContainer,
    basename,
    is_tar_name,
    open_container,
    safe_name,
    zip_names,
)
from safe_archive.core.importers.htmltext import html_to_text
from safe_archive.core.importers.jsonstream import items_at
from safe_archive.core.importers.records import (
    as_id,
    guarded,
    items,
    mapping,
    require_id,
    text_or_none,
    time_field,
)
from safe_archive.core.model import Mention, Post, Visibility

PUBLIC = {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
SMALL = 16 * 1024**2
POST_TYPES = {"Note", "Question", "Article", "Page"}


def _uris(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    return {v for v in items(value) if isinstance(v, str)}


def visibility(activity: Mapping[str, Any], obj: Mapping[str, Any], followers: str | None) -> Visibility:
    to = _uris(obj.get("to")) | _uris(activity.get("to"))
    cc = _uris(obj.get("cc")) | _uris(activity.get("cc"))
    if to & PUBLIC:
        return Visibility.PUBLIC
    if cc & PUBLIC:
        return Visibility.UNLISTED
    if followers and followers in to | cc or any(u.endswith("/followers") for u in to):
        return Visibility.FOLLOWERS
    return Visibility.DIRECT


class Actor:
    def __init__(self, raw: Any) -> None:
        data = mapping(raw)
        self.uri = text_or_none(data.get("id"))
        user = text_or_none(data.get("preferredUsername"))
        host = urlparse(self.uri).hostname if self.uri else None
        self.handle = f"{user}@{host}" if user and host else user
        self.name = text_or_none(data.get("name"))
        self.followers = text_or_none(data.get("followers")) or (f"{self.uri}/followers" if self.uri else None)


def _read_small_json(box: Container, name: str) -> Any:
    with box.open(name, SMALL + 1) as stream:
        data = stream.read(SMALL + 1)
    if len(data) > SMALL:
        return None
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _tar_has(path: Path, wanted: tuple[str, ...], limit: int = 400) -> bool:
    """Whether a tar(.gz) looks like a Mastodon archive, from its first members only.

    Older servers wrote the media first, so a ``media_attachments/`` member counts too.
    """
    try:
        with tarfile.open(path, mode="r|*") as archive:
            for count, member in enumerate(archive):
                name = safe_name(member.name) or ""
                if basename(name) in wanted or name.startswith("media_attachments/"):
                    return True
                if count >= limit:
                    return False
    except CONTAINER_ERRORS:
        return False
    return False


@register
class MastodonImporter(Importer):
    name = "mastodon"
    description = "Mastodon archive (zip, tar.gz, folder or outbox.json); private posts excluded by default"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        try:
            if path.is_dir():
                return 0.95 if (path / "outbox.json").is_file() else 0.0
            if head.startswith(b"PK"):
                return 0.95 if any(basename(n) == "outbox.json" for n in zip_names(path)) else 0.0
            if head.startswith(b"\x1f\x8b") or is_tar_name(path):
                return 0.95 if _tar_has(path, ("outbox.json", "actor.json")) else 0.0
            if b'"orderedItems"' in head and (b"activitystreams" in head or b'"OrderedCollection"' in head):
                return 0.9
        except OSError:
            return 0.0
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        if path.is_file() and not head_is_container(path):
            with FolderContainer(path.parent, recursive=False) as siblings:
                actor = Actor(_read_small_json(siblings, "actor.json") if "actor.json" in siblings.names() else None)
            with ctx.open_binary(path) as stream:
                yield from self._outbox(stream, path.name, actor, ctx)
            return
        with open_container(path, ctx.on_bytes) as box:
            outboxes = sorted((n for n in box.names() if basename(n) == "outbox.json"), key=len)
            if not outboxes:
                raise ImportError_(f"{path.name}: no outbox.json found; is this a Mastodon archive?")
            outbox = outboxes[0]
            actor_name = outbox[: -len("outbox.json")] + "actor.json"
            actor = Actor(_read_small_json(box, actor_name) if actor_name in box.names() else None)
            with box.open(outbox) as stream:
                yield from self._outbox(stream, path.name, actor, ctx)

    def _outbox(self, stream: Any, label: str, actor: Actor, ctx: ImportContext) -> Iterator[ImportItem]:
        seen: set[str] = set()
        for number, activity in enumerate(items_at(stream, "orderedItems.item", label), start=1):
            ident = text_or_none(activity.get("id")) if isinstance(activity, dict) else None
            record: str | int = ident or number
            if ident is not None:
                if ident in seen:
                    continue  # the same item listed twice (duplicate orderedItems)
                seen.add(ident)
            yield from guarded(label, record, self._activity, activity, label, actor, ctx)

    def _activity(self, activity: Any, label: str, actor: Actor, ctx: ImportContext) -> Iterator[ImportItem]:
        if not isinstance(activity, dict):
            raise ValueError("not an activity object")
        kind = activity.get("type")
        obj = activity.get("object")
        if kind == "Announce":
            shown = visibility(activity, {}, actor.followers)
            ident = require_id(activity.get("id"), "activity id")
            if shown in (Visibility.DIRECT, Visibility.FOLLOWERS) and not ctx.options.include_private:
                yield Excluded(ident, "followers-only" if shown is Visibility.FOLLOWERS else "direct message")
                return
            subject = obj if isinstance(obj, str) else text_or_none(mapping(obj).get("id"))
            if not subject:
                raise ValueError("boost without the post it points to")
            yield Relation(
                platform="mastodon", source_id=ident, kind="boost", subject=subject,
                actor_id=text_or_none(activity.get("actor")) or actor.uri, actor_handle=actor.handle,
                created_at=time_field(activity.get("published")),
            )
            return
        if kind != "Create" or not isinstance(obj, dict) or obj.get("type") not in POST_TYPES:
            raise ValueError(f"not a post (activity type {str(kind)[:30]})")
        ident = require_id(obj.get("id"), "status id")
        shown = visibility(activity, obj, actor.followers)
        if shown in (Visibility.DIRECT, Visibility.FOLLOWERS) and not ctx.options.include_private:
            yield Excluded(ident, "followers-only" if shown is Visibility.FOLLOWERS else "direct message")
            return
        yield _status(obj, activity, shown, label, actor)


def head_is_container(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError:
        return False
    return head.startswith((b"PK", b"\x1f\x8b")) or is_tar_name(path)


def _status(obj: Mapping[str, Any], activity: Mapping[str, Any], shown: Visibility, label: str, actor: Actor) -> Post:
    content_map = mapping(obj.get("contentMap"))
    content = obj.get("content")
    if not isinstance(content, str):
        content = next((v for v in content_map.values() if isinstance(v, str)), "")
    text, links = html_to_text(content)
    options = [text_or_none(mapping(o).get("name")) for o in items(obj.get("oneOf")) + items(obj.get("anyOf"))]
    options_text = [o for o in options if o]
    if options_text:
        text = (text + "\n\n" if text else "") + "\n".join(f"• {o}" for o in options_text)
    mentions: list[Mention] = []
    hashtags: list[str] = []
    for tag in items(obj.get("tag")):
        tag = mapping(tag)
        name = text_or_none(tag.get("name"))
        if tag.get("type") == "Mention" and name:
            mentions.append(Mention(handle=name.lstrip("@"), user_id=text_or_none(tag.get("href"))))
        elif tag.get("type") == "Hashtag" and name:
            hashtags.append(name.lstrip("#"))
    media: list[str] = []
    alt: list[str] = []
    for attachment in items(obj.get("attachment")):
        attachment = mapping(attachment)
        url = text_or_none(attachment.get("url"))
        if url:
            media.append(url)
        description = text_or_none(attachment.get("name"))
        if description:
            alt.append(description)
    extra: dict[str, Any] = {}
    warning = obj.get("summary")
    if isinstance(warning, str) and warning.strip():
        extra["content_warning"] = html_to_text(warning)[0]
    if obj.get("sensitive") is True:
        extra["sensitive"] = True
    if alt:
        extra["media_alt"] = alt
    if options_text:
        extra["poll_options"] = options_text
    updated = text_or_none(obj.get("updated"))
    if updated:
        extra["updated"] = updated
    reply_to = text_or_none(obj.get("inReplyTo"))
    author_id = text_or_none(obj.get("attributedTo")) or text_or_none(activity.get("actor"))
    own = author_id is None or author_id == actor.uri
    return Post(
        platform="mastodon",
        source_id=require_id(obj.get("id"), "status id"),
        text=text,
        author_handle=actor.handle if own else None,
        author_name=actor.name if own else None,
        author_id=author_id,
        created_at=time_field(obj.get("published")),
        reply_to=as_id(reply_to, "reply id"),
        mentions=mentions,
        urls=links,
        hashtags=hashtags,
        lang=next((k for k in content_map if isinstance(k, str)), None),
        visibility=shown,
        media=media,
        source_file=label,
        kind="reply" if reply_to else "poll" if options_text else "post",
        extra=extra,
    )
