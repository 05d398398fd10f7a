"""SQL the export and its leak check read: posts with their labels, tags, notes and findings,
and the identifiers the archive knows (authors, mentions, confirmed and listed terms)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from safe_archive.core.store.db import Connection

# id, platform, author_handle, author_name, author_id, created_at, text, redacted_text,
# edited_text, lang, visibility, kind, batch_id
_POST_SQL = (
    "SELECT id, platform, author_handle, author_name, author_id, created_at, text, redacted_text, "
    "edited_text, lang, visibility, kind, batch_id FROM posts WHERE id IN ({marks})"
)


@dataclass(slots=True)
class PostChunk:
    rows: list[Sequence[Any]]  # the columns of _POST_SQL, in database order
    labels: dict[int, dict[str, str | None]] = field(default_factory=dict)
    tags: dict[int, list[str]] = field(default_factory=dict)  # by tag
    notes: dict[int, list[str]] = field(default_factory=dict)  # in the order written
    findings: dict[int, list[tuple[object, ...]]] = field(default_factory=dict)  # start, end, entity_type, term, status, label


def all_post_ids(conn: Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute("SELECT id FROM posts ORDER BY id")]


def post_chunk(conn: Connection, ids: Sequence[int], *, notes: bool) -> PostChunk:
    """Everything an export needs of these posts (at most a few hundred ids)."""
    marks = ",".join("?" * len(ids))
    chunk = PostChunk(rows=conn.execute(_POST_SQL.format(marks=marks), ids).fetchall())
    for pid, label, value in conn.execute(f"SELECT post_id, label, value FROM post_labels WHERE post_id IN ({marks})", ids):
        chunk.labels.setdefault(int(pid), {})[str(label)] = value
    for pid, tag in conn.execute(f"SELECT post_id, tag FROM post_tags WHERE post_id IN ({marks}) ORDER BY tag", ids):
        chunk.tags.setdefault(int(pid), []).append(str(tag))
    if notes:
        for pid, body in conn.execute(f"SELECT post_id, body FROM post_notes WHERE post_id IN ({marks}) ORDER BY id", ids):
            chunk.notes.setdefault(int(pid), []).append(str(body))
    for row in conn.execute(
        f"SELECT post_id, start, end, entity_type, term, status, label FROM findings "
        f"WHERE post_id IN ({marks}) ORDER BY post_id, start", ids
    ):
        chunk.findings.setdefault(int(row[0]), []).append(tuple(row[1:]))
    return chunk


def identities(conn: Connection) -> Iterator[tuple[Any, Any, Any, str | None]]:
    """(author_handle, author_name, author_id, metadata if it holds mentions) of every post,
    in one pass (it decrypts every page, so do it once)."""
    for handle, name, author_id, meta in conn.execute(
        "SELECT author_handle, author_name, author_id, "
        "CASE WHEN metadata LIKE '%\"mentions\"%' THEN metadata END FROM posts"
    ):
        yield handle, name, author_id, meta


def confirmed_terms(conn: Connection) -> list[tuple[str, str]]:
    """(term, entity_type) of accepted and manual findings."""
    return [(r[0], str(r[1])) for r in conn.execute(
        "SELECT DISTINCT term, entity_type FROM findings WHERE status IN ('accepted', 'manual')")]


def listed_terms(conn: Connection, which: str) -> list[tuple[str, str | None]]:
    """(term, entity_type) of the always or never list."""
    return [(str(r[0]), r[1]) for r in conn.execute(
        "SELECT term, entity_type FROM term_lists WHERE list = ?", (which,))]
