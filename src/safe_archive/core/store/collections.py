"""SQL of named collections (static lists of posts, or dynamic queries) and saved searches."""

from __future__ import annotations

from collections.abc import Sequence

from safe_archive.core.store.db import Connection


def find(conn: Connection, name: str) -> tuple[int, str, str | None] | None:
    """(id, kind, query) of the collection called ``name``."""
    row = conn.execute("SELECT id, kind, query FROM collections WHERE name = ?", (name,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]), row[2])


def create(conn: Connection, name: str, kind: str, query: str | None, created_at: str) -> int:
    cur = conn.execute(
        "INSERT INTO collections(name, kind, query, created_at) VALUES (?, ?, ?, ?)",
        (name, kind, query, created_at),
    )
    return int(cur.lastrowid or 0)


def add_posts(conn: Connection, collection_id: int, post_ids: Sequence[int]) -> None:
    """Posts that exist join the collection (again: no effect)."""
    for pid in post_ids:
        conn.execute("INSERT OR IGNORE INTO collection_posts(collection_id, post_id) "
                     "SELECT ?, id FROM posts WHERE id = ?", (collection_id, pid))


def remove_posts(conn: Connection, collection_id: int, post_ids: Sequence[int]) -> None:
    for pid in post_ids:
        conn.execute("DELETE FROM collection_posts WHERE collection_id = ? AND post_id = ?", (collection_id, pid))


def delete(conn: Connection, collection_id: int) -> None:
    conn.execute("DELETE FROM collections WHERE id = ?", (collection_id,))


def post_ids(conn: Connection, collection_id: int) -> list[int]:
    return [int(r[0]) for r in conn.execute(
        "SELECT post_id FROM collection_posts WHERE collection_id = ? ORDER BY post_id", (collection_id,))]


def size(conn: Connection, collection_id: int) -> int:
    return int(conn.execute(
        "SELECT count(*) FROM collection_posts WHERE collection_id = ?", (collection_id,)).fetchone()[0])


def all_collections(conn: Connection) -> list[tuple[int, str, str, str | None]]:
    """(id, name, kind, query) of every collection by name."""
    return [(int(r[0]), str(r[1]), str(r[2]), r[3]) for r in conn.execute(
        "SELECT id, name, kind, query FROM collections ORDER BY name").fetchall()]


def save_search(conn: Connection, name: str, query: str, created_at: str) -> None:
    conn.execute(
        "INSERT INTO saved_searches(name, query, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET query = excluded.query",
        (name, query, created_at),
    )


def saved_search(conn: Connection, name: str) -> str | None:
    row = conn.execute("SELECT query FROM saved_searches WHERE name = ?", (name,)).fetchone()
    return None if row is None else str(row[0])


def saved_searches(conn: Connection) -> list[tuple[str, str]]:
    return [(str(r[0]), str(r[1])) for r in conn.execute("SELECT name, query FROM saved_searches ORDER BY name")]


def delete_saved_search(conn: Connection, name: str) -> int:
    """Rows deleted (0: no saved search of that name)."""
    return int(conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount)
