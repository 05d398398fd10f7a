"""Named collections (static lists of posts, or dynamic queries) and saved searches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from safe_archive.core.store.audit import record
from safe_archive.core.store import collections as sql
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
        row = sql.find(self.store.conn, name)
        if row is None:
            raise SafeArchiveError("No collection has that name.")
        return row

    def create(self, name: str, *, query: str | None = None, post_ids: Iterable[int] = ()) -> None:
        """A static collection (``post_ids``) or a dynamic one (``query``, evaluated when read)."""
        name = _check_name(name)
        if query is not None:
            parse(query)  # a bad query fails now, with its message
        with self.store.transaction("Creating a collection", "collections") as conn:
            if sql.find(conn, name) is not None:
                raise SafeArchiveError("A collection with that name exists already.")
            cid = sql.create(conn, name, "dynamic" if query is not None else "static", query,
                             self.store.now().isoformat(timespec="seconds"))
            ids = sorted(set(post_ids))
            sql.add_posts(conn, cid, ids)
            record(conn, self.store.now, "collection.create",
                   {"collection": cid, "kind": "dynamic" if query is not None else "static", "posts": len(ids)})

    def add(self, name: str, post_ids: Iterable[int]) -> None:
        cid, kind, _ = self._row(name)
        if kind != "static":
            raise SafeArchiveError("Posts are added to static collections only; a dynamic one follows its query.")
        ids = sorted(set(post_ids))
        with self.store.transaction("Adding to a collection", "collections") as conn:
            sql.add_posts(conn, cid, ids)
            record(conn, self.store.now, "collection.add", {"collection": cid, "posts": len(ids)})

    def remove(self, name: str, post_ids: Iterable[int]) -> None:
        cid, kind, _ = self._row(name)
        if kind != "static":
            raise SafeArchiveError("Posts are removed from static collections only.")
        ids = sorted(set(post_ids))
        with self.store.transaction("Removing from a collection", "collections") as conn:
            sql.remove_posts(conn, cid, ids)
            record(conn, self.store.now, "collection.remove", {"collection": cid, "posts": len(ids)})

    def delete(self, name: str) -> None:
        cid, _, _ = self._row(name)
        with self.store.transaction("Deleting a collection", "collections") as conn:
            sql.delete(conn, cid)
            record(conn, self.store.now, "collection.delete", {"collection": cid})

    def post_ids(self, name: str) -> list[int]:
        cid, kind, query = self._row(name)
        if kind == "dynamic":
            return self.store.matching_ids(str(query or ""))
        return sql.post_ids(self.store.conn, cid)

    def list(self) -> list[CollectionInfo]:
        out: list[CollectionInfo] = []
        for cid, name, kind, query in sql.all_collections(self.store.conn):
            if kind == "dynamic":
                try:
                    count = len(self.store.matching_ids(str(query or "")))
                except SafeArchiveError:
                    count = -1  # its query no longer runs (e.g. a collection it names was deleted)
            else:
                count = sql.size(self.store.conn, cid)
            out.append(CollectionInfo(str(name), str(kind), query, count))
        return out


class SavedSearches:
    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, name: str, query: str) -> None:
        name = _check_name(name)
        parse(query)
        with self.store.transaction("Saving a search", "saved_searches") as conn:
            sql.save_search(conn, name, query, self.store.now().isoformat(timespec="seconds"))
            record(conn, self.store.now, "search.save", {})

    def get(self, name: str) -> str:
        query = sql.saved_search(self.store.conn, name)
        if query is None:
            raise SafeArchiveError("No saved search has that name.")
        return query

    def list(self) -> list[tuple[str, str]]:
        return sql.saved_searches(self.store.conn)

    def delete(self, name: str) -> None:
        with self.store.transaction("Deleting a saved search", "saved_searches") as conn:
            if not sql.delete_saved_search(conn, name):
                raise SafeArchiveError("No saved search has that name.")
            record(conn, self.store.now, "search.delete", {})
