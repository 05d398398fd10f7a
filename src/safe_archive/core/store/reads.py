"""Typed reads for the screens (``archive.read``): the sidebar, which posts a table shows and
how to page through them, a post's findings, labels and tags, the next post waiting for review.

Read-only; they run on the caller's thread like every other archive call (the GUI's database
thread). Every result is a frozen dataclass or a list of plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from safe_archive.core.store.store import Store


@dataclass(frozen=True, slots=True)
class FindingRow:
    id: int
    start: int  # code points
    end: int
    entity_type: str
    score: float
    source: str
    status: str  # pending | accepted | rejected | manual
    label: str | None


@dataclass(frozen=True, slots=True)
class BatchRow:
    id: int
    source_name: str
    format: str
    imported: int
    status: str  # running | done | cancelled | failed | interrupted


@dataclass(frozen=True, slots=True)
class CollectionRow:
    id: int
    name: str
    posts: int  # posts added by hand (static)
    query: str | None  # the search a dynamic collection stands for


@dataclass(frozen=True, slots=True)
class SidebarData:
    batches: tuple[BatchRow, ...]
    collections: tuple[CollectionRow, ...]
    saved_searches: tuple[tuple[str, str], ...]  # name, query
    labels: tuple[tuple[str, int], ...]  # label, post count
    pending_posts: int  # posts with at least one pending finding


@dataclass(frozen=True, slots=True)
class PostSource:
    """Which posts a table shows: all, one import batch, a collection, a label, pending."""

    kind: str = "all"  # all | batch | collection | label | pending
    value: int | str | None = None
    title: str = "All posts"


_FILTERS = {
    "all": ("", False),
    "batch": ("WHERE batch_id = ?", True),
    "collection": ("WHERE id IN (SELECT post_id FROM collection_posts WHERE collection_id = ?)", True),
    "label": ("WHERE id IN (SELECT post_id FROM post_labels WHERE label = ?)", True),
    "pending": ("WHERE id IN (SELECT post_id FROM findings WHERE status = 'pending')", False),
}


class Reads:
    def __init__(self, store: Store) -> None:
        self._store = store

    def sidebar(self) -> SidebarData:
        conn = self._store.conn
        batches = tuple(
            BatchRow(int(r[0]), str(r[1]), str(r[2]), int(r[3]), str(r[4]))
            for r in conn.execute(
                "SELECT id, source_name, format, imported, status FROM import_batches ORDER BY id"
            ).fetchall()
        )
        collections = tuple(
            CollectionRow(int(r[0]), str(r[1]), int(r[2]), str(r[4]) if r[3] == "dynamic" and r[4] is not None else None)
            for r in conn.execute(
                "SELECT c.id, c.name, (SELECT count(*) FROM collection_posts cp WHERE cp.collection_id=c.id), "
                "c.kind, c.query FROM collections c ORDER BY c.name"
            ).fetchall()
        )
        saved = tuple(
            (str(r[0]), str(r[1])) for r in conn.execute("SELECT name, query FROM saved_searches ORDER BY name").fetchall()
        )
        labels = tuple(
            (str(r[0]), int(r[1]))
            for r in conn.execute("SELECT label, count(*) FROM post_labels GROUP BY label ORDER BY label").fetchall()
        )
        pending = int(conn.execute("SELECT count(DISTINCT post_id) FROM findings WHERE status='pending'").fetchone()[0])
        return SidebarData(batches, collections, saved, labels, pending)

    def count(self, source: PostSource) -> int:
        """How many posts ``source`` holds."""
        if source.kind == "all":
            return self._store.count_posts()
        where, takes_value = _FILTERS[source.kind]
        params = (source.value,) if takes_value else ()
        return int(self._store.conn.execute(f"SELECT count(*) FROM posts {where}", params).fetchone()[0])

    def page_anchors(self, page_size: int) -> list[int]:
        """The first id of every page of all posts in id order, so any page is then one keyset
        query (``id >= anchor``) instead of an OFFSET that reads every row before it (measured at
        1M posts: OFFSET 500k took 0.8 s, the keyset query under 1 ms). One pass over the smallest
        covering index (~0.6 s at 1M)."""
        ids = [int(r[0]) for r in self._store.conn.execute("SELECT id FROM posts")]
        ids.sort()
        return ids[::page_size]

    def post_ids_from(self, first_id: int, limit: int) -> list[int]:
        """All posts in id order from ``first_id`` (a page anchor) on."""
        rows = self._store.conn.execute(
            "SELECT id FROM posts WHERE id >= ? ORDER BY id LIMIT ?", (first_id, limit)
        ).fetchall()
        return [int(r[0]) for r in rows]

    def post_ids(self, source: PostSource, limit: int, offset: int) -> list[int]:
        """One page of ``source``'s posts in id order."""
        if source.kind == "all":
            return self._store.post_ids(limit=limit, offset=offset, order="id")
        where, takes_value = _FILTERS[source.kind]
        params = ((source.value,) if takes_value else ()) + (limit, offset)
        rows = self._store.conn.execute(f"SELECT id FROM posts {where} ORDER BY id LIMIT ? OFFSET ?", params).fetchall()
        return [int(r[0]) for r in rows]

    def matching_ids(self, query: str, *, original: bool = False) -> list[int]:
        """Every post a search query matches (redacted text unless ``original``)."""
        return self._store.matching_ids(query, original=original)

    def findings(self, post_id: int) -> list[FindingRow]:
        rows = self._store.conn.execute(
            "SELECT id, start, end, entity_type, score, source, status, label FROM findings "
            "WHERE post_id = ? ORDER BY start, end",
            (post_id,),
        ).fetchall()
        return [FindingRow(int(r[0]), int(r[1]), int(r[2]), str(r[3]), float(r[4]), str(r[5]), str(r[6]), r[7]) for r in rows]

    def post_labels(self, post_id: int) -> list[tuple[str, str | None]]:
        """(label, value) of one post."""
        rows = self._store.conn.execute(
            "SELECT label, value FROM post_labels WHERE post_id=? ORDER BY label", (post_id,)
        ).fetchall()
        return [(str(r[0]), r[1]) for r in rows]

    def post_tags(self, post_id: int) -> list[str]:
        rows = self._store.conn.execute("SELECT tag FROM post_tags WHERE post_id=? ORDER BY tag", (post_id,)).fetchall()
        return [str(r[0]) for r in rows]

    def next_pending(self, after_id: int, *, backwards: bool = False) -> int | None:
        """The next (or previous) post with a pending finding, wrapping around."""
        op, order = ("<", "DESC") if backwards else (">", "ASC")
        sql = f"SELECT DISTINCT post_id FROM findings WHERE status='pending' AND post_id {op} ? ORDER BY post_id {order} LIMIT 1"
        conn = self._store.conn
        row = conn.execute(sql, (after_id,)).fetchone()
        if row is None:  # wrap around
            row = conn.execute(sql, (-1 if not backwards else 2**62,)).fetchone()
        return int(row[0]) if row else None
