"""Named collections (static lists of posts, or dynamic queries) and saved searches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Iterable
from dataclasses import dataclass

from safe_archive.core.store.audit import record
from safe_archive.core.store.search import matching_ids
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.query.query import parse

if TYPE_CHECKING:
    from safe_archive.core.store.store import Store

MAX_NAME = 100


@dataclass(frozen=True, slots=True)
class CollectionInfo:
    name: str
    kind: str  # static | dynamic
    query: str | None
    count: int


def _check_name(name: str) -> str:
    value = name.strip()
    if not value or len(value) > MAX_NAME or any(ord(c) < 32 for c in value):
        raise SafeArchiveError(f"A name must be 1–{MAX_NAME} printable characters.")
    return value


class Collections:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _row(self, name: str) -> tuple[int, str, str | None]:
        row = self.store.conn.execute(
            "SELECT id, kind, query FROM collections WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            raise SafeArchiveError("No collection has that name.")
        return int(row[0]), str(row[1]), row[2]

    def create(self, name: str, *, query: str | None = None, post_ids: Iterable[int] = ()) -> None:
        """A static collection (``post_ids``) or a dynamic one (``query``, evaluated when read)."""
        name = _check_name(name)
        if query is not None:
            parse(query)  # a bad query fails now, with its message
        with self.store.transaction("Creating a collection", "collections") as conn:
            if conn.execute("SELECT 1 FROM collections WHERE name = ?", (name,)).fetchone():
                raise SafeArchiveError("A collection with that name exists already.")
            cur = conn.execute(
                "INSERT INTO collections(name, kind, query, created_at) VALUES (?, ?, ?, ?)",
                (name, "dynamic" if query is not None else "static", query,
                 self.store.now().isoformat(timespec="seconds")),
            )
            cid = int(cur.lastrowid or 0)
            ids = sorted(set(post_ids))
            for pid in ids:
                conn.execute("INSERT OR IGNORE INTO collection_posts(collection_id, post_id) "
                             "SELECT ?, id FROM posts WHERE id = ?", (cid, pid))
            record(conn, self.store.now, "collection.create",
                   {"collection": cid, "kind": "dynamic" if query is not None else "static", "posts": len(ids)})

    def add(self, name: str, post_ids: Iterable[int]) -> None:
        cid, kind, _ = self._row(name)
        if kind != "static":
            raise SafeArchiveError("Posts are added to static collections only; a dynamic one follows its query.")
        ids = sorted(set(post_ids))
        with self.store.transaction("Adding to a collection", "collections") as conn:
            for pid in ids:
                conn.execute("INSERT OR IGNORE INTO collection_posts(collection_id, post_id) "
                             "SELECT ?, id FROM posts WHERE id = ?", (cid, pid))
            record(conn, self.store.now, "collection.add", {"collection": cid, "posts": len(ids)})

    def remove(self, name: str, post_ids: Iterable[int]) -> None:
        cid, kind, _ = self._row(name)
        if kind != "static":
            raise SafeArchiveError("Posts are removed from static collections only.")
        ids = sorted(set(post_ids))
        with self.store.transaction("Removing from a collection", "collections") as conn:
            for pid in ids:
                conn.execute("DELETE FROM collection_posts WHERE collection_id = ? AND post_id = ?", (cid, pid))
            record(conn, self.store.now, "collection.remove", {"collection": cid, "posts": len(ids)})

    def delete(self, name: str) -> None:
        cid, _, _ = self._row(name)
        with self.store.transaction("Deleting a collection", "collections") as conn:
            conn.execute("DELETE FROM collections WHERE id = ?", (cid,))
            record(conn, self.store.now, "collection.delete", {"collection": cid})

    def post_ids(self, name: str) -> list[int]:
        cid, kind, query = self._row(name)
        if kind == "dynamic":
            return matching_ids(self.store.conn, str(query or ""))
        return [int(r[0]) for r in self.store.conn.execute(
            "SELECT post_id FROM collection_posts WHERE collection_id = ? ORDER BY post_id", (cid,))]

    def list(self) -> list[CollectionInfo]:
        out: list[CollectionInfo] = []
        for cid, name, kind, query in self.store.conn.execute(
            "SELECT id, name, kind, query FROM collections ORDER BY name"
        ).fetchall():
            if kind == "dynamic":
                try:
                    count = len(matching_ids(self.store.conn, str(query or "")))
                except SafeArchiveError:
                    count = -1  # its query no longer runs (e.g. a collection it names was deleted)
            else:
                count = int(self.store.conn.execute(
                    "SELECT count(*) FROM collection_posts WHERE collection_id = ?", (cid,)).fetchone()[0])
            out.append(CollectionInfo(str(name), str(kind), query, count))
        return out


class SavedSearches:
    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, name: str, query: str) -> None:
        name = _check_name(name)
        parse(query)
        with self.store.transaction("Saving a search", "saved_searches") as conn:
            conn.execute(
                "INSERT INTO saved_searches(name, query, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET query = excluded.query",
                (name, query, self.store.now().isoformat(timespec="seconds")),
            )
            record(conn, self.store.now, "search.save", {})

    def get(self, name: str) -> str:
        row = self.store.conn.execute("SELECT query FROM saved_searches WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise SafeArchiveError("No saved search has that name.")
        return str(row[0])

    def list(self) -> list[tuple[str, str]]:
        return [(str(r[0]), str(r[1])) for r in self.store.conn.execute(
            "SELECT name, query FROM saved_searches ORDER BY name")]

    def delete(self, name: str) -> None:
        with self.store.transaction("Deleting a saved search", "saved_searches") as conn:
            n = conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount
            if not n:
                raise SafeArchiveError("No saved search has that name.")
            record(conn, self.store.now, "search.delete", {})
