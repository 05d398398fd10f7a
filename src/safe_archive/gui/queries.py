"""Read-only queries the GUI needs that the ``Archive`` facade does not offer yet.

They read the shared schema (core/archive/schema.py) and run on the database thread like
every other archive call. They never write. When the review/collections services land in
``core/review`` with equivalent reads (findings of a post, collections, labels, batches), these
functions should delegate to them and this module should shrink to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from safe_archive.core.archive import Archive


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
class SidebarData:
    batches: list[tuple[int, str, str, int, str]]  # id, source name, format, imported, status
    collections: list[tuple[int, str, int, str | None]]  # id, name, static post count, dynamic query
    saved_searches: list[tuple[str, str]]  # name, query
    labels: list[tuple[str, int]]  # label, post count
    pending_posts: int  # posts with at least one pending finding


@dataclass(frozen=True, slots=True)
class PostSource:
    """Which posts the table shows: all, one import batch, a collection, a label, pending."""

    kind: str = "all"  # all | batch | collection | label | pending
    value: int | str | None = None
    title: str = "All posts"


def sidebar(archive: Archive) -> SidebarData:
    conn = archive.conn
    batches = [
        (int(r[0]), str(r[1]), str(r[2]), int(r[3]), str(r[4]))
        for r in conn.execute(
            "SELECT id, source_name, format, imported, status FROM import_batches ORDER BY id"
        ).fetchall()
    ]
    collections = [
        (int(r[0]), str(r[1]), int(r[2]), str(r[4]) if r[3] == "dynamic" and r[4] is not None else None)
        for r in conn.execute(
            "SELECT c.id, c.name, (SELECT count(*) FROM collection_posts cp WHERE cp.collection_id=c.id), "
            "c.kind, c.query FROM collections c ORDER BY c.name"
        ).fetchall()
    ]
    saved = [(str(r[0]), str(r[1])) for r in conn.execute("SELECT name, query FROM saved_searches ORDER BY name").fetchall()]
    labels = [
        (str(r[0]), int(r[1]))
        for r in conn.execute("SELECT label, count(*) FROM post_labels GROUP BY label ORDER BY label").fetchall()
    ]
    pending = int(
        conn.execute("SELECT count(DISTINCT post_id) FROM findings WHERE status='pending'").fetchone()[0]
    )
    return SidebarData(batches, collections, saved, labels, pending)


_FILTERS = {
    "all": ("", False),
    "batch": ("WHERE batch_id = ?", True),
    "collection": ("WHERE id IN (SELECT post_id FROM collection_posts WHERE collection_id = ?)", True),
    "label": ("WHERE id IN (SELECT post_id FROM post_labels WHERE label = ?)", True),
    "pending": ("WHERE id IN (SELECT post_id FROM findings WHERE status = 'pending')", False),
}


def count(archive: Archive, source: PostSource) -> int:
    if source.kind == "all":
        return archive.count_posts()
    where, takes_value = _FILTERS[source.kind]
    params = (source.value,) if takes_value else ()
    return int(archive.conn.execute(f"SELECT count(*) FROM posts {where}", params).fetchone()[0])


def page_anchors(archive: Archive, page_size: int) -> list[int]:
    """The first id of every page of all posts in id order, so any page is then one keyset
    query (``id >= anchor``) instead of an OFFSET that reads every row before it (measured at
    1M posts: OFFSET 500k took 0.8 s, the keyset query under 1 ms). One pass over the smallest
    covering index (~0.6 s at 1M), run once per refresh on the database thread."""
    ids = [int(r[0]) for r in archive.conn.execute("SELECT id FROM posts")]
    ids.sort()
    return ids[::page_size]


def post_ids_from(archive: Archive, first_id: int, limit: int) -> list[int]:
    rows = archive.conn.execute("SELECT id FROM posts WHERE id >= ? ORDER BY id LIMIT ?", (first_id, limit)).fetchall()
    return [int(r[0]) for r in rows]


def post_ids(archive: Archive, source: PostSource, limit: int, offset: int) -> list[int]:
    if source.kind == "all":
        return archive.post_ids(limit=limit, offset=offset, order="id")
    where, takes_value = _FILTERS[source.kind]
    params = ((source.value,) if takes_value else ()) + (limit, offset)
    rows = archive.conn.execute(f"SELECT id FROM posts {where} ORDER BY id LIMIT ? OFFSET ?", params).fetchall()
    return [int(r[0]) for r in rows]


def findings(archive: Archive, post_id: int) -> list[FindingRow]:
    rows = archive.conn.execute(
        "SELECT id, start, end, entity_type, score, source, status, label FROM findings "
        "WHERE post_id = ? ORDER BY start, end",
        (post_id,),
    ).fetchall()
    return [FindingRow(int(r[0]), int(r[1]), int(r[2]), str(r[3]), float(r[4]), str(r[5]), str(r[6]), r[7]) for r in rows]


def post_labels(archive: Archive, post_id: int) -> list[tuple[str, str | None]]:
    rows = archive.conn.execute("SELECT label, value FROM post_labels WHERE post_id=? ORDER BY label", (post_id,)).fetchall()
    return [(str(r[0]), r[1]) for r in rows]


def post_tags(archive: Archive, post_id: int) -> list[str]:
    return [str(r[0]) for r in archive.conn.execute("SELECT tag FROM post_tags WHERE post_id=? ORDER BY tag", (post_id,)).fetchall()]


def next_pending(archive: Archive, after_id: int, *, backwards: bool = False) -> int | None:
    """The next (or previous) post with a pending finding, wrapping around."""
    op, order = ("<", "DESC") if backwards else (">", "ASC")
    sql = f"SELECT DISTINCT post_id FROM findings WHERE status='pending' AND post_id {op} ? ORDER BY post_id {order} LIMIT 1"
    row = archive.conn.execute(sql, (after_id,)).fetchone()
    if row is None:  # wrap around
        row = archive.conn.execute(sql, (-1 if not backwards else 2**62,)).fetchone()
    return int(row[0]) if row else None
