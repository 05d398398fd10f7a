"""The store of one open archive: its connection, clock, transactions and change signal, and the
reads and writes the facade and the services need.

SQL lives only in this package (``tests/test_architecture.py`` checks it). The facade
(:class:`~safe_archive.core.archive.Archive`) holds one private ``Store``; each service
(review, collections, scrub, export, search …) is built on it. Nothing above the services sees
a connection.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from safe_archive.core.errors import ArchiveLocked, SafeArchiveError
from safe_archive.core.importers import Relation
from safe_archive.core.model import Post, StoredPost
from safe_archive.core.store import audit, posts, relations
from safe_archive.core.store.audit import AuditEntry
from safe_archive.core.store import search as search_sql
from safe_archive.core.store.changes import EVERYTHING, NOTHING, PER_POST, ChangedSignal, Changes
from safe_archive.core.store.db import Connection, dbapi2, storage_error

Clock = Callable[[], datetime]
_POST_ORDERS = {"id": "id", "created": "created_at, id", "-created": "created_at DESC, id DESC"}


class Store:
    def __init__(self, conn: Connection, clock: Clock) -> None:
        self._conn: Connection | None = conn
        self._clock = clock
        self.changed = ChangedSignal()
        self._txn: Changes | None = None  # what the open transaction changed so far
        self._group_depth = 0
        self._grouped: Changes = NOTHING  # committed inside a group, not yet announced

    # ------------------------------------------------------------------ connection
    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise ArchiveLocked()
        return self._conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(dbapi2.Error):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()
            self._conn = None

    def now(self) -> datetime:
        return self._clock()

    # ------------------------------------------------------------------ transactions, changes
    @contextlib.contextmanager
    def transaction(self, what: str = "Writing to the archive", *kinds: str) -> Iterator[Connection]:
        """BEGIN IMMEDIATE … COMMIT; rolls back on error; OS/SQLite failures become StorageError.

        ``kinds`` (and :meth:`note` inside the block) say what the transaction changes; after
        COMMIT the change signal fires (or, inside :meth:`grouped`, when the group ends). A
        write that names nothing is announced as :data:`EVERYTHING`."""
        conn = self.conn
        if self._txn is not None:
            raise SafeArchiveError("A write transaction is already open.")
        before = conn.total_changes
        self._txn = Changes.of(*kinds)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except dbapi2.Error as exc:
            self._txn = None
            with contextlib.suppress(dbapi2.Error):
                conn.execute("ROLLBACK")
            raise storage_error(exc, what) from None
        except BaseException:
            self._txn = None
            with contextlib.suppress(dbapi2.Error):
                conn.execute("ROLLBACK")
            raise
        done, self._txn = self._txn, None
        if conn.total_changes == before:
            return
        if done.post_ids == frozenset() and done.touches(*PER_POST):
            done = Changes(done.kinds, None)  # which posts was not said: any may have changed
        self._committed(done if done else EVERYTHING)

    def note(self, *kinds: str, post_ids: Iterable[int] | None = ()) -> None:
        """Record what the open transaction changes (``post_ids=None``: many or unknown posts)."""
        if self._txn is None:
            raise SafeArchiveError("note() outside a write transaction.")
        self._txn = self._txn | Changes.of(*kinds, post_ids=post_ids)

    @contextlib.contextmanager
    def grouped(self) -> Iterator[None]:
        """Announce the writes of the block once, when it ends (committed ones only)."""
        self._group_depth += 1
        try:
            yield
        finally:
            self._group_depth -= 1
            if self._group_depth == 0 and self._grouped:
                changes, self._grouped = self._grouped, NOTHING
                self.changed.emit(changes)

    def _committed(self, changes: Changes) -> None:
        if self._group_depth:
            self._grouped = self._grouped | changes
        else:
            self.changed.emit(changes)

    # ------------------------------------------------------------------ audit, settings
    def audit(self, action: str, **details: Any) -> None:
        with self.transaction("Writing the audit log", "audit") as conn:
            audit.record(conn, self._clock, action, details)

    def record(self, conn: Connection, action: str, details: dict[str, Any]) -> None:
        """An audit entry inside the caller's transaction."""
        audit.record(conn, self._clock, action, details)

    def audit_entries(self, limit: int = 1000, offset: int = 0) -> list[AuditEntry]:
        return audit.entries(self.conn, limit, offset)

    def count_audit_entries(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row and key != "archive_id" else (row[0] if row else default)

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction("Saving a setting", "settings") as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, json.dumps(value)),
            )

    # ------------------------------------------------------------------ posts
    def add_posts(self, items: Iterable[Post], batch_id: int | None = None) -> posts.AddResult:
        """Store posts in one transaction; those already stored are skipped and counted."""
        batch = list(items)
        with self.transaction("Storing posts", "posts") as conn:
            result = posts.insert_posts(conn, batch, batch_id)
            self.note(post_ids=result.added_ids)
            return result

    def relation_counts(self, post_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        return relations.relation_counts(self.conn, post_ids)

    def relations_of(self, post_id: int, limit: int = 200) -> list[relations.StoredRelation]:
        return relations.relations_of(self.conn, post_id, limit)

    def count_posts(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM posts").fetchone()[0])

    def get_post(self, post_id: int) -> StoredPost:
        found = posts.get_posts(self.conn, [post_id])
        if not found:
            raise SafeArchiveError(f"No post with id {post_id} in this archive.")
        return found[0]

    def get_posts(self, ids: Sequence[int]) -> list[StoredPost]:
        return posts.get_posts(self.conn, ids)

    def post_ids(self, *, limit: int = 100, offset: int = 0, order: str = "id") -> list[int]:
        rows = self.conn.execute(
            f"SELECT id FROM posts ORDER BY {_POST_ORDERS[order]} LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return [int(r[0]) for r in rows]

    # ------------------------------------------------------------------ import batches
    def start_batch(self, source_name: str, fmt: str) -> int:
        with self.transaction("Starting an import", "batches") as conn:
            cur = conn.execute(
                "INSERT INTO import_batches(started_at, source_name, format) VALUES (?, ?, ?)",
                (self._clock().isoformat(timespec="seconds"), source_name, fmt),
            )
            return int(cur.lastrowid or 0)

    def store_batch(self, batch: Sequence[Post], related: Sequence[Relation], batch_id: int) -> posts.AddResult:
        with self.transaction("Storing posts", "posts", "batches") as conn:
            result = posts.insert_posts(conn, batch, batch_id)
            if relations.insert_relations(conn, related, batch_id):
                self.note("relations")
            self.note(post_ids=result.added_ids)
        return result

    def finish_batch(self, batch_id: int, *, status: str, imported: int, duplicates: int, skipped: int,
                     excluded: int, source_name: str, fmt: str, details: dict[str, Any]) -> list[int]:
        """Close a batch; a finished one ('done') also finishes earlier interrupted runs of the
        same file (same name and format), whose ids it returns. ``details`` go to the audit log
        (with ``resumes`` added)."""
        resumed: list[int] = []
        with self.transaction("Finishing an import", "batches") as conn:
            conn.execute(
                "UPDATE import_batches SET finished_at=?, status=?, imported=?, duplicates=?, "
                "skipped=?, excluded=? WHERE id=?",
                (self._clock().isoformat(timespec="seconds"), status, imported, duplicates, skipped,
                 excluded, batch_id),
            )
            if status == "done":
                resumed = [int(r[0]) for r in conn.execute(
                    "SELECT id FROM import_batches WHERE status='interrupted' AND resumed_by IS NULL "
                    "AND source_name=? AND format=? AND id<? ORDER BY id",
                    (source_name, fmt, batch_id),
                )]
                conn.executemany(
                    "UPDATE import_batches SET resumed_by=? WHERE id=?", [(batch_id, old) for old in resumed]
                )
            if resumed:
                details = {**details, "resumes": ",".join(map(str, resumed))}
            audit.record(conn, self._clock, "import", details)
        return resumed

    # ------------------------------------------------------------------ search
    def search(self, query: str, *, limit: int = 20, offset: int = 0, original: bool = False) -> search_sql.SearchPage:
        return search_sql.search(self.conn, query, limit=limit, offset=offset, original=original)

    def matching_ids(self, query: str, *, original: bool = False) -> list[int]:
        return search_sql.matching_ids(self.conn, query, original=original)

    def rebuild_index(self) -> None:
        with self.transaction("Rebuilding the search index", "posts") as conn:
            self.note(post_ids=None)
            conn.execute("INSERT INTO posts_fts(posts_fts) VALUES ('rebuild')")
            conn.execute("DELETE FROM posts_fts_cjk")  # contentless: rebuilt from the posts
            conn.execute(
                "INSERT INTO posts_fts_cjk(rowid, text, redacted_text) SELECT id, script_grams(text), "
                "script_grams(coalesce(redacted_text, '')) FROM posts WHERE has_script(text) OR has_script(redacted_text)"
            )

    # ------------------------------------------------------------------ checks and backups
    def check_pages(self) -> int:
        """Pages failing authentication. ``cipher_integrity_check`` reads the database *file*,
        not the WAL: after a power cut during a checkpoint the file holds torn or missing pages
        that the intact, synced WAL still covers (the data is whole), so the WAL is copied in
        first (test_powerloss.py); best effort, on a full disk the file is checked as it is."""
        conn = self.conn
        with contextlib.suppress(dbapi2.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        return len(conn.execute("PRAGMA cipher_integrity_check").fetchall())

    def check_integrity(self) -> list[str]:
        return [str(r[0]) for r in self.conn.execute("PRAGMA integrity_check").fetchall()]

    def check_index(self) -> None:
        """Raises if the full-text indexes do not match the posts."""
        self.conn.execute("INSERT INTO posts_fts(posts_fts, rank) VALUES ('integrity-check', 1)")
        self.conn.execute("INSERT INTO posts_fts_cjk(posts_fts_cjk, rank) VALUES ('integrity-check', 1)")

    def stored_archive_id(self) -> str | None:
        return stored_archive_id(self.conn)

    def temp_store(self) -> int:
        return int(self.conn.execute("PRAGMA temp_store").fetchone()[0])

    def checkpoint(self) -> None:
        """Move changed pages out of the write-ahead log and truncate it (after forgetting)."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def vacuum_into(self, path: Path) -> None:
        """An encrypted copy of the database (SQLite syncs it and its folder)."""
        self.conn.execute("VACUUM INTO ?", (str(path),))


# ---------------------------------------------------------------------- lifecycle helpers
def stored_archive_id(conn: Connection) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key='archive_id'").fetchone()
    return str(row[0]) if row else None


def set_archive_id(conn: Connection, archive_id: str) -> None:
    conn.execute("INSERT INTO settings(key, value) VALUES ('archive_id', ?)", (archive_id,))


def checkpoint(conn: Connection) -> bool:
    """Copy the WAL into the database file; False if a reader kept it busy."""
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


@contextlib.contextmanager
def immediate(conn: Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT on a bare connection (while an archive opens)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(dbapi2.Error):
            conn.execute("ROLLBACK")
        raise


def mark_interrupted_imports(conn: Connection, clock: Clock) -> None:
    """Batches still 'running' at open belong to an import whose process died (the archive
    lock rules out a live one): mark them 'interrupted' with the posts they did store, so the
    history and the audit log say so. ``finished_at`` stays empty (when it stopped is not
    known). Running the same import again finishes it (``resumed_by``)."""
    running = [int(r[0]) for r in conn.execute("SELECT id FROM import_batches WHERE status='running' ORDER BY id")]
    if not running:
        return
    with immediate(conn):
        for batch_id in running:
            stored = int(conn.execute("SELECT count(*) FROM posts WHERE batch_id=?", (batch_id,)).fetchone()[0])
            conn.execute(
                "UPDATE import_batches SET status='interrupted', imported=? WHERE id=? AND status='running'",
                (stored, batch_id),
            )
            audit.record(conn, clock, "import-interrupted", {"batch": batch_id, "imported": stored})
