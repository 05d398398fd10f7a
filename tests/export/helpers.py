"""Test helpers shared by tests/export, tests/review and tests/search.

Until the scrub pipeline fills ``findings`` and ``posts.redacted_text`` at import, tests add
posts and insert findings rows directly, then let the review module render the redacted text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from itertools import count
from pathlib import Path

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.model import Mention, Post, Visibility
from safe_archive.core.store.rendering import refresh_redacted
from tests.dbutil import transaction

FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
PASSPHRASE = "correct horse battery staple"
_ids = count(1)


def new_archive(folder: Path) -> Archive:
    return Archive.create(folder, PASSPHRASE, kdf=FAST_KDF)


def add_post(
    archive: Archive,
    text: str,
    *,
    find: Sequence[tuple[str, str] | tuple[str, str, str]] = (),
    handle: str | None = "someone",
    name: str | None = None,
    author_id: str | None = None,
    platform: str = "twitter",
    lang: str | None = "en",
    created: datetime | None = None,
    visibility: Visibility = Visibility.PUBLIC,
    mentions: Sequence[Mention] = (),
    scrubbed: bool = True,
    source_id: str | None = None,
    reply_to: str | None = None,
) -> int:
    """Store one post; ``find`` lists (substring, ENTITY[, status]) findings (every occurrence)."""
    post = Post(
        platform=platform, source_id=source_id or f"t{next(_ids)}", text=text, author_handle=handle, author_name=name,
        author_id=author_id, created_at=created or datetime(2021, 3, 4, 12, 30, tzinfo=timezone.utc),
        lang=lang, visibility=visibility, mentions=list(mentions), reply_to=reply_to,
    )
    pid = archive.add_posts([post]).added_ids[0]
    with transaction(archive) as conn:
        for item in find:
            sub, etype = item[0], item[1]
            status = item[2] if len(item) > 2 else "accepted"
            for m in re.finditer(re.escape(sub), text):
                conn.execute(
                    "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status) "
                    "VALUES (?, ?, ?, ?, 0.9, 'test', ?, ?)",
                    (pid, m.start(), m.end(), etype, sub.casefold().lstrip("@"), status),
                )
        if scrubbed:
            conn.execute("UPDATE posts SET redacted_text = text WHERE id = ?", (pid,))
            refresh_redacted(conn, [pid])
    return pid


def fake_detector(words: Sequence[str]):  # type: ignore[no-untyped-def]
    """A detector that 'finds' the given words as PERSON (case-insensitive, whole word)."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE) if words else None

    def detect(text: str) -> list[tuple[int, int, str]]:
        if pattern is None:
            return []
        return [(m.start(), m.end(), "PERSON") for m in pattern.finditer(text)]

    return detect
