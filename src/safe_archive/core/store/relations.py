"""Reposts, likes and boosts: relations to a post, stored beside it (never as posts).

A relation points at its post by ``(platform, subject)`` = the post's ``(platform,
source_id)``; the post may arrive later (or never: then nothing shows it). The GUI shows
:func:`relation_counts` per post and :func:`relations_of` for "reposted by".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from safe_archive.core.store.db import Connection
from safe_archive.core.store.posts import iso
from safe_archive.core.importers.base import Relation

_INSERT = (
    "INSERT OR IGNORE INTO relations(platform, source_id, kind, subject, actor_id, actor_handle, "
    "created_at, batch_id) VALUES (?,?,?,?,?,?,?,?)"
)


@dataclass(frozen=True, slots=True)
class StoredRelation:
    kind: str
    actor_id: str | None
    actor_handle: str | None
    created_at: str | None  # ISO 8601 UTC


def insert_relations(conn: Connection, relations: Sequence[Relation], batch_id: int | None) -> int:
    """Store inside the caller's transaction; ones already stored are skipped. Returns how many
    were new."""
    if not relations:
        return 0
    before = conn.total_changes
    conn.executemany(_INSERT, [
        (r.platform, r.source_id, r.kind, r.subject, r.actor_id, r.actor_handle, iso(r.created_at), batch_id)
        for r in relations
    ])
    return int(conn.total_changes - before)


def relation_counts(conn: Connection, post_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """``{post id: {"repost": n, "like": m, ...}}`` for the given posts (posts without any are
    left out)."""
    out: dict[int, dict[str, int]] = {}
    ids = list(post_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT p.id, r.kind, count(*) FROM posts p JOIN relations r "
            f"ON r.platform = p.platform AND r.subject = p.source_id WHERE p.id IN ({marks}) "
            "GROUP BY p.id, r.kind",
            chunk,
        )
        for post_id, kind, count in rows:
            out.setdefault(int(post_id), {})[str(kind)] = int(count)
    return out


def relations_of(conn: Connection, post_id: int, limit: int = 200) -> list[StoredRelation]:
    """Who reposted, liked or boosted one post (oldest first)."""
    rows = conn.execute(
        "SELECT r.kind, r.actor_id, r.actor_handle, r.created_at FROM posts p JOIN relations r "
        "ON r.platform = p.platform AND r.subject = p.source_id WHERE p.id = ? "
        "ORDER BY r.created_at, r.id LIMIT ?",
        (post_id, limit),
    )
    return [StoredRelation(str(k), a, h, c) for k, a, h, c in rows]


def count_relations(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM relations").fetchone()[0])
