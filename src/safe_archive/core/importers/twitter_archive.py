"""X/Twitter account archive ("Download an archive of your data"): zip, folder, or one .js file.

Reads the owner's own posts only: ``tweets.js``/``tweet.js`` (all parts), ``community-tweet.js``,
long posts from ``note-tweet.js`` (joined to their truncated tweet by time and text), and
Grailbird ``data/js/tweets/YYYY_MM.js`` in pre-2019 archives. Deleted tweets are excluded
unless private material is asked for. Direct messages, IP logs, phone numbers, e-mail
addresses and every other data file are never opened (see :data:`NEVER_READ`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers.base import Excluded, ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.containers import (
    Container,
    FolderContainer,
    folder_has,
    open_container,
    zip_names,
)
from safe_archive.core.importers.entities import Span, int_or_none, resolve
from safe_archive.core.importers.jsonstream import js_array_items
from safe_archive.core.importers.records import (
    dig,
    guarded,
    items,
    mapping,
    text_or_none,
    time_field,
)
from safe_archive.core.importers.tweet_v1 import Owner, post_from_v1
from safe_archive.core.model import Mention, Post

# Data types never read, named for the documentation and for a clear refusal of a lone file.
NEVER_READ = (
    "direct_messages", "direct_messages_group", "direct_message_headers",
    "direct_message_group_headers", "direct_message_mute", "ip_audit", "account_creation_ip",
    "phone_number", "email_address_change", "contact", "device_token", "ni_devices",
    "connected_application", "key_registry",
)
OWN_POSTS = ("tweets", "tweet", "community_tweet")
SMALL_FILE = 16 * 1024**2  # manifest.js / account.js are read whole; bigger is not an archive
NOTE_FILE = 512 * 1024**2
_YTD = re.compile(rb"^\s*window\.YTD\.([A-Za-z0-9_]+)\.part\d+\s*=")
_GRAILBIRD = re.compile(rb"^\s*Grailbird\.data\.tweets_\d{4}_\d{2}\s*=")
_TWEET_FILE = re.compile(r"(^|/)data/(tweets?|community-tweet)(-part\d+)?\.js$")
_GRAILBIRD_FILE = re.compile(r"(^|/)data/js/tweets/\d{4}_\d{2}\.js$")


def _data_type(head: bytes) -> str | None:
    if head.lstrip().startswith(b"window.__THAR_CONFIG"):
        return "manifest"
    match = _YTD.match(head)
    if match:
        return match.group(1).decode("ascii")
    return "grailbird" if _GRAILBIRD.match(head) else None


def _is_archive_listing(names: list[str]) -> bool:
    return any(
        n.endswith(("data/manifest.js", "data/tweets.js", "data/tweet.js", "data/js/tweet_index.js"))
        or _TWEET_FILE.search(n) or _GRAILBIRD_FILE.search(n)
        for n in names
    )


def _small_js_object(stream: BinaryIO, label: str) -> Any:
    """A small ``name = {...}`` or ``name = [...]`` JS file as JSON (read whole, never eval'd)."""
    data = stream.read(SMALL_FILE + 1)
    if len(data) > SMALL_FILE:
        raise ImportError_(f"{label}: unexpectedly large; not an X archive file.")
    text = data.decode("utf-8-sig", errors="strict")
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        raise ImportError_(f"{label}: no JSON found.")
    body = text[min(starts):].rstrip().rstrip(";")
    return json.loads(body)


def owner_from(manifest: Any, account: Any) -> Owner:
    info = mapping(dig(manifest, "userInfo"))
    if info:
        return Owner(text_or_none(info.get("accountId")), text_or_none(info.get("userName")),
                     text_or_none(info.get("displayName")))
    acc = mapping(dig(account, 0, "account"))
    if acc:
        return Owner(text_or_none(acc.get("accountId")), text_or_none(acc.get("username")),
                     text_or_none(acc.get("accountDisplayName")))
    return Owner()


class _Note:
    __slots__ = ("created", "entities", "hashtags", "mentions", "note_id", "text", "urls", "used")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        note = mapping(raw.get("noteTweet"))
        core = mapping(note.get("core"))
        text = core.get("text")
        if not isinstance(text, str):
            raise ValueError("note tweet without text")
        self.note_id = text_or_none(note.get("noteTweetId")) or ""
        self.created: datetime | None = time_field(note.get("createdAt"))
        spans: list[Span] = []
        self.mentions: list[Mention] = []
        self.urls: list[str] = []
        self.hashtags: list[str] = []
        for u in items(core.get("urls")):
            short, expanded = text_or_none(dig(u, "shortUrl")), text_or_none(dig(u, "expandedUrl"))
            if expanded:
                self.urls.append(expanded)
            start, end = int_or_none(dig(u, "fromIndex")), int_or_none(dig(u, "toIndex"))
            if short and start is not None and end is not None and text[start:end] == short:
                spans.append(Span(start, end, "url", replacement=expanded or short, value=expanded))
        for m in items(core.get("mentions")):
            handle = text_or_none(dig(m, "screenName"))
            if handle:
                self.mentions.append(Mention(handle=handle, user_id=text_or_none(dig(m, "userId"))))
        for h in items(core.get("hashtags")):
            tag = text_or_none(dig(h, "text"))
            if tag:
                self.hashtags.append(tag)
        self.text, self.entities = resolve(text, spans)
        self.used = False


class NoteIndex:
    """Long posts by creation second; a truncated tweet finds its note within ±2 s by prefix."""

    def __init__(self) -> None:
        self._by_second: dict[int, list[_Note]] = {}

    def add(self, note: _Note) -> None:
        if note.created is not None:
            self._by_second.setdefault(int(note.created.timestamp()), []).append(note)

    def match(self, post: Post) -> _Note | None:
        if post.created_at is None:
            return None
        second = int(post.created_at.timestamp())
        candidates = [n for s in range(second - 2, second + 3) for n in self._by_second.get(s, []) if not n.used]
        prefix = post.text.split("…")[0].split("https://t.co/")[0].strip()[:60]
        for note in candidates:
            if prefix and note.text.startswith(prefix):
                return note
        return candidates[0] if len(candidates) == 1 and not prefix else None

    def unused(self) -> Iterator[_Note]:
        for notes in self._by_second.values():
            yield from (n for n in notes if not n.used)


def _join(post: Post, note: _Note) -> Post:
    note.used = True
    post.text = note.text
    post.extra["note_tweet_id"] = note.note_id
    post.extra.pop("truncated", None)
    if note.entities:
        post.extra["entities"] = note.entities
    else:
        post.extra.pop("entities", None)
    post.mentions = post.mentions + [m for m in note.mentions if m.handle not in {x.handle for x in post.mentions}]
    own_links = [u for u in post.urls if "/i/web/status/" not in u]  # the "read more" link
    post.urls = list(dict.fromkeys(own_links + note.urls))
    post.hashtags = list(dict.fromkeys(post.hashtags + note.hashtags))
    return post


@register
class TwitterArchiveImporter(Importer):
    name = "twitter-archive"
    description = "X/Twitter account archive (zip, folder or tweets.js); never reads DMs, IPs, phone, e-mail"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        try:
            if path.is_dir():
                if folder_has(path, "data/manifest.js", "data/tweets.js", "data/tweet.js",
                              "manifest.js", "tweets.js", "tweet.js", "data/js/tweet_index.js"):
                    return 0.95
                return 0.0
            if head.startswith(b"PK"):
                return 0.95 if _is_archive_listing(zip_names(path)) else 0.0
            kind = _data_type(head.lstrip(b"\xef\xbb\xbf"))
            return 0.95 if kind else 0.0
        except OSError:
            return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        if path.is_dir() or not path.name.lower().endswith(".js"):
            yield from self._read_export(path, ctx)
            return
        with ctx.open_binary(path) as raw:
            head = raw.read(4096)
        kind = _data_type(head.lstrip(b"\xef\xbb\xbf"))
        _refuse_lone(path.name, kind)
        # A lone data file: look beside it for the owner and the long posts.
        folder = path.parent
        owner = Owner()
        notes = NoteIndex()
        with FolderContainer(folder, recursive=False) as siblings:
            owner = self._owner(siblings, "")
            if kind in OWN_POSTS and "note-tweet.js" in siblings.names():
                yield from self._load_notes(siblings, "note-tweet.js", notes)
        yield from self._records(lambda: ctx.open_binary(path), path.name, kind or "", owner, notes, ctx)
        yield from self._leftover_notes(notes, owner, path.name)

    # ---- whole exports -------------------------------------------------------------------

    def _read_export(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        with open_container(path, ctx.on_bytes) as box:
            names = box.names()
            root = _root(names)
            owner = self._owner(box, root)
            files = _post_files(box, root)
            if not files:
                raise ImportError_(f"{path.name}: no tweets.js, tweet.js or Grailbird tweets found.")
            notes = NoteIndex()
            for name in names:
                if name.startswith(root) and re.search(r"(^|/)note-tweet(-part\d+)?\.js$", name):
                    yield from self._load_notes(box, name, notes)
            for name, kind in files:
                yield from self._records(lambda n=name: box.open(n), name, kind, owner, notes, ctx)
            yield from self._leftover_notes(notes, owner, path.name)

    def _owner(self, box: Container, root: str) -> Owner:
        names = set(box.names())
        manifest = account = None
        for candidate in (root + "data/manifest.js", root + "manifest.js"):
            if candidate in names:
                with box.open(candidate, SMALL_FILE + 1) as stream:
                    manifest = _safe_small(stream, candidate)
                break
        for candidate in (root + "data/account.js", root + "account.js"):
            if candidate in names:
                with box.open(candidate, SMALL_FILE + 1) as stream:
                    account = _safe_small(stream, candidate)
                break
        owner = owner_from(manifest, account)
        if owner.handle is None:
            for candidate in (root + "data/js/user_details.js",):
                if candidate in names:
                    with box.open(candidate, SMALL_FILE + 1) as stream:
                        details = mapping(_safe_small(stream, candidate))
                    owner = Owner(text_or_none(details.get("id")), text_or_none(details.get("screen_name")),
                                  text_or_none(details.get("full_name")))
        return owner

    def _load_notes(self, box: Container, name: str, notes: NoteIndex) -> Iterator[ImportItem]:
        with box.open(name, NOTE_FILE) as stream:
            for number, raw in enumerate(js_array_items(stream, name), start=1):
                def convert(raw: Any = raw) -> Iterator[ImportItem]:
                    notes.add(_Note(mapping(raw)))
                    return iter(())
                yield from guarded(name, number, convert)

    def _records(
        self, opener: Any, label: str, kind: str, owner: Owner, notes: NoteIndex, ctx: ImportContext
    ) -> Iterator[ImportItem]:
        deleted = kind == "deleted_tweets"
        with opener() as stream:
            for number, raw in enumerate(js_array_items(stream, label), start=1):
                tweet = raw.get("tweet", raw) if isinstance(raw, dict) else raw
                record = text_or_none(dig(tweet, "id_str")) or number
                if deleted and not ctx.options.include_private:
                    yield Excluded(record, "deleted by the author")
                    continue

                def convert(tweet: Any = tweet) -> Iterator[ImportItem]:
                    post = post_from_v1(tweet, source_file=label, owner=owner)
                    # the archive's own copy of each photo/video: data/tweets_media/<id>-<name>
                    post.media = post.media + [
                        f"tweets_media/{post.source_id}-{url.rsplit('/', 1)[-1]}" for url in post.media
                    ]
                    if post.extra.get("truncated") or post.kind != "repost":
                        note = notes.match(post)
                        if note is not None:
                            post = _join(post, note)
                    if deleted:
                        post.extra["deleted"] = True
                    if kind == "community_tweet":
                        post.extra["community_id"] = text_or_none(dig(tweet, "community_id_str"))
                    yield post
                yield from guarded(label, record, convert)

    def _leftover_notes(self, notes: NoteIndex, owner: Owner, label: str) -> Iterator[ImportItem]:
        for note in notes.unused():
            yield Post(
                platform="twitter", source_id=f"note:{note.note_id}", text=note.text,
                author_handle=owner.handle, author_name=owner.name, author_id=owner.user_id,
                created_at=note.created, mentions=note.mentions, urls=note.urls,
                hashtags=note.hashtags, source_file=label, kind="post",
                extra={"note_tweet_id": note.note_id, "note_without_tweet": True},
            )


def _safe_small(stream: BinaryIO, label: str) -> Any:
    try:
        return _small_js_object(stream, label)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None  # owner files are a convenience; a damaged one leaves the author unknown


def _refuse_lone(name: str, kind: str | None) -> None:
    if kind is None:
        raise ImportError_(f"{name}: not an X archive data file (no window.YTD… = [ prefix).")
    if kind == "manifest":
        raise ImportError_(
            f"{name}: the manifest lists the archive's files but holds no posts; import the "
            "whole archive (its zip or folder) or its tweets.js."
        )
    if kind in NEVER_READ:
        raise ImportError_(
            f"{name}: direct messages, IP logs, phone numbers and e-mail addresses are never "
            "imported (they are other people's private words or your identifiers)."
        )
    if kind not in OWN_POSTS + ("note_tweet", "deleted_tweets", "grailbird"):
        raise ImportError_(f"{name}: holds no posts of the account owner ({kind}); nothing to import.")


def _root(names: list[str]) -> str:
    """The folder inside the export that holds ``data/`` ("" or e.g. "twitter-2023/")."""
    for name in sorted(names, key=len):
        for marker in ("data/manifest.js", "data/tweets.js", "data/tweet.js", "data/js/tweet_index.js"):
            if name.endswith(marker):
                return name[: -len(marker)]
        match = _TWEET_FILE.search(name) or _GRAILBIRD_FILE.search(name)
        if match:
            return name[: match.start() + len(match.group(1))]
    return ""


def _post_files(box: Container, root: str) -> list[tuple[str, str]]:
    """(member, data type) of every file holding the owner's posts, parts in order."""
    files: list[tuple[str, str]] = []
    for name in sorted(box.names()):
        if not name.startswith(root):
            continue
        rel = name[len(root):]
        if re.fullmatch(r"(?:data/)?(tweets?)(-part\d+)?\.js", rel):
            files.append((name, "tweets"))
        elif re.fullmatch(r"(?:data/)?community-tweet(-part\d+)?\.js", rel):
            files.append((name, "community_tweet"))
        elif re.fullmatch(r"(?:data/)?deleted-tweets(-part\d+)?\.js", rel):
            files.append((name, "deleted_tweets"))
        elif re.fullmatch(r"(?:data/)?js/tweets/\d{4}_\d{2}\.js", rel):
            files.append((name, "grailbird"))
    return sorted(files, key=lambda f: (f[1], _part_number(f[0]), f[0]))


def _part_number(name: str) -> int:
    match = re.search(r"-part(\d+)\.js$", name)
    return int(match.group(1)) if match else 0
