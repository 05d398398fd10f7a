"""The records every layer shares.

Offsets are Python code points everywhere in the core (the GUI converts to UTF-16 at its
boundary). Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import StrEnum
from typing import Any


class Visibility(StrEnum):
    PUBLIC = "public"
    UNLISTED = "unlisted"
    FOLLOWERS = "followers"  # followers-only / private account
    DIRECT = "direct"  # direct message-like; excluded by default
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Mention:
    """Someone named in a post's own metadata (a mentioned account, a tagged person)."""

    handle: str | None = None
    name: str | None = None
    user_id: str | None = None


@dataclass(slots=True)
class Post:
    """One imported post, comment or story, as every importer yields it."""

    platform: str  # "twitter", "mastodon", "reddit", "bluesky", "facebook", "instagram", "text", ...
    source_id: str  # the platform's id as a string; never a float
    text: str  # full text, HTML-unescaped, entities resolved
    author_handle: str | None = None
    author_name: str | None = None
    author_id: str | None = None
    created_at: datetime | None = None  # timezone-aware UTC
    reply_to: str | None = None  # source id of the parent post
    mentions: list[Mention] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    lang: str | None = None
    visibility: Visibility = Visibility.UNKNOWN
    media: list[str] = field(default_factory=list)  # references (file names / URLs), not media
    source_file: str | None = None  # base name of the export file it came from
    kind: str = "post"  # "post", "reply", "repost", "comment", "story", ...
    extra: dict[str, Any] = field(default_factory=dict)  # format-specific, JSON-serialisable

    def __post_init__(self) -> None:
        if not isinstance(self.source_id, str):
            raise TypeError("Post.source_id must be a string (never a float or int)")
        if self.created_at is not None:
            if self.created_at.tzinfo is None:
                raise ValueError("Post.created_at must be timezone-aware")
            self.created_at = self.created_at.astimezone(timezone.utc)

    @staticmethod
    def content_id(*parts: str | None) -> str:
        """A stable id for formats without ids: a hash of the content that identifies it."""
        h = hashlib.sha256()
        for part in parts:
            h.update((part or "").encode("utf-8", "surrogatepass"))
            h.update(b"\x1f")
        return "sha256:" + h.hexdigest()[:32]

    def metadata(self) -> dict[str, Any]:
        """Everything beyond the indexed columns, for the JSON metadata column."""
        meta: dict[str, Any] = {}
        if self.mentions:
            meta["mentions"] = [
                {k: v for k, v in (("handle", m.handle), ("name", m.name), ("id", m.user_id)) if v}
                for m in self.mentions
            ]
        if self.urls:
            meta["urls"] = list(self.urls)
        if self.hashtags:
            meta["hashtags"] = list(self.hashtags)
        if self.media:
            meta["media"] = list(self.media)
        if self.extra:
            meta["extra"] = self.extra
        return meta


@dataclass(frozen=True, slots=True)
class Finding:
    """One span the scrubber (or a reviewer) marked in a post's text."""

    start: int  # code points
    end: int
    entity_type: str  # PERSON, USERNAME, EMAIL_ADDRESS, PHONE_NUMBER, URL, LOCATION, AGE, ...
    score: float
    source: str  # which recognizer or rule found it, or "manual", "propagated:<term>"
    text: str = ""  # the matched text (kept only inside the encrypted archive)

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "entity_type": self.entity_type,
            "score": round(self.score, 4),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class StoredPost:
    """A post as read back from the archive."""

    id: int
    platform: str
    source_id: str
    author_handle: str | None
    author_name: str | None
    author_id: str | None
    created_at: datetime | None
    text: str
    redacted_text: str | None
    lang: str | None
    visibility: str
    kind: str
    reply_to: str | None
    metadata: dict[str, Any]
    batch_id: int | None
    review_status: str
