"""The one facade every caller (CLI, GUI, tests) uses to reach an archive.

An archive is a folder holding ``archive.db`` (SQLCipher), ``keys.json`` (the key slots) and
``.lock``. All methods run on the caller's thread; the GUI calls them from its single database
worker thread.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from safe_archive.core.store import audit, keys, posts, relations, rotation, schema
from safe_archive.core.store import search as search_mod
from safe_archive.core.store.changes import Changes
from safe_archive.core.store.db import (
    Connection,
    connect,
    dbapi2,
    is_io_failure,
    open_storage_error,
    storage_error,
)
from safe_archive.core.store.importing import (
    FileSummary,
    ImportSummary,
    ScrubStep,
    ScrubSummary,
    run_import,
)
from safe_archive.core.errors import (
    ArchiveCorrupt,
    ArchiveExists,
    ArchiveInUse,
    ArchiveLocked,
    ArchiveNotFound,
    KeyfileError,
    SafeArchiveError,
    StorageError,
)
from safe_archive.core.importers import ImportOptions, Relation
from safe_archive.core.model import Post, StoredPost
from safe_archive.core.progress import CancelToken, ProgressFn

DB_NAME = "archive.db"
KEYS_NAME = "keys.json"
LOCK_NAME = ".lock"
INIT_SUFFIX = ".init"  # create builds archive.db.init and keys.json.init, then renames them
# Files only an init that never reached its commit point leaves behind (SQLite's side files
# of the half-built database included): create deletes them, open reports them.
_UNFINISHED_INIT_NAMES = tuple(
    [DB_NAME + INIT_SUFFIX + side for side in ("", "-wal", "-shm", "-journal")]
    + [KEYS_NAME + INIT_SUFFIX, KEYS_NAME + INIT_SUFFIX + ".new"]
)


def interrupted_init_message(folder: Path | str) -> str:
    return (f"No archive at {folder}: an earlier init there did not finish (it was interrupted "
            "before the archive was complete, so nothing was stored in it). Run init again.")

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(slots=True)
class VerifyReport:
    ok: bool
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # name, passed, detail

    def lines(self) -> list[str]:
        return [f"{'ok  ' if passed else 'FAIL'} {name}: {detail}" for name, passed, detail in self.checks]


class Archive:
    """An open, unlocked archive. Create with :meth:`create` or :meth:`open`."""

    def __init__(self, folder: Path, conn: Connection, keyfile: keys.Keyfile, data_key: bytes, lock: FileLock, clock: Clock):
        self.folder = folder
        self._conn: Connection | None = conn
        self._keyfile = keyfile
        self._data_key: bytearray | None = bytearray(data_key)
        self._lock = lock
        self._clock = clock
        self.recovery_key: str | None = None  # set only right after create(); shown once
        self.after_import: Callable[[list[int]], None] | None = None  # e.g. scrub new posts

    # ------------------------------------------------------------------ lifecycle
    @staticmethod
    def paths(folder: Path) -> tuple[Path, Path, Path]:
        folder = Path(folder)
        return folder / DB_NAME, folder / KEYS_NAME, folder / LOCK_NAME

    @staticmethod
    def exists(folder: Path) -> bool:
        db, keyfile, _ = Archive.paths(folder)
        # keys.json.init beside archive.db: an init died after its commit point; open finishes it
        return db.exists() and (keyfile.exists() or Archive._init_paths(folder)[1].exists())

    @classmethod
    def _acquire(cls, folder: Path) -> FileLock:
        _, _, lock_path = cls.paths(folder)
        lock = FileLock(str(lock_path), timeout=0, mode=0o600)
        try:
            lock.acquire()
        except Timeout:
            raise ArchiveInUse(str(folder)) from None
        return lock

    @classmethod
    def create(
        cls,
        folder: Path | str,
        passphrase: str,
        *,
        kdf: keys.KdfParams = keys.DEFAULT_KDF,
        clock: Clock = utc_now,
    ) -> Archive:
        """Make a new archive in ``folder`` (created if missing; it may exist, empty).

        Crash-safe: the key file and the database are built under temporary names
        (``keys.json.init``, ``archive.db.init``); renaming the finished, synced database to
        ``archive.db`` is the commit point. A crash before it leaves only the temporary names,
        which the next ``create`` removes (and ``open`` reports as an unfinished init); a crash
        after it leaves a working archive, whose key file the next ``open`` moves into place.
        Nothing that could belong to a finished archive is ever deleted (test_powerloss.py,
        test_crash.py)."""
        folder = Path(folder)
        db_path, key_path, _ = cls.paths(folder)
        if db_path.exists() or key_path.exists():
            raise ArchiveExists(f"{folder} already holds an archive; open it instead.")
        if not passphrase:
            raise KeyfileError("The passphrase must not be empty.")
        kdf.check()
        keys.self_test()
        db_init, key_init = cls._init_paths(folder)
        old_umask = os.umask(0o077)
        try:
            _mkdir_durable(folder)
            os.chmod(folder, 0o700)
            lock = cls._acquire(folder)
            committed = False
            try:
                if db_path.exists() or key_path.exists():  # another init finished meanwhile
                    raise ArchiveExists(f"{folder} already holds an archive; open it instead.")
                _remove_unfinished_init(folder)  # a crash before an earlier init's commit point
                _init_step("start")
                data_key = keys.new_data_key()
                keyfile, recovery = keys.new_keyfile(data_key, passphrase, kdf)
                keys.write_keyfile_atomic(key_init, keyfile)
                _init_step("keys-written")
                conn = connect(db_init, data_key, create=True)
                try:
                    schema.migrate(conn, clock)
                    conn.execute("INSERT INTO settings(key, value) VALUES ('archive_id', ?)", (keyfile.archive_id,))
                    audit.record(conn, clock, "create", {"schema": schema.LATEST})
                    # Everything into the database file, so the file alone is the archive.
                    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                    if busy:
                        raise StorageError("Creating the archive failed: the new database could not be checkpointed.")
                finally:
                    conn.close()
                _init_step("db-built")
                wal = db_init.with_name(db_init.name + "-wal")
                if wal.exists() and wal.stat().st_size:
                    raise StorageError("Creating the archive failed: the new database kept a write-ahead log.")
                _fsync_file(db_init)
                os.rename(db_init, db_path)
                keys._fsync_dir(folder)  # the commit point: from here on this is an archive
                committed = True
                _init_step("committed")
                os.rename(key_init, key_path)
                keys._fsync_dir(folder)
                _init_step("keys-in-place")
                conn = connect(db_path, data_key, create=False)
            except BaseException as exc:
                # Leave no half-made archive (e.g. on a full disk). Only names this call made
                # are touched: the temporary ones, and the final ones if this call renamed them
                # (an archive nobody has seen or stored anything in yet).
                undone = not committed
                if committed:
                    try:
                        if not key_init.exists():
                            os.rename(key_path, key_init)
                        os.rename(db_path, db_init)
                        undone = True
                    except OSError:
                        pass  # it stays a whole archive (open finishes it); delete nothing
                if undone and not isinstance(exc, ArchiveExists):
                    with contextlib.suppress(OSError):
                        _remove_unfinished_init(folder)
                    if committed:  # side files of a failed reopen; the data was checkpointed
                        for side in ("-wal", "-shm"):
                            with contextlib.suppress(OSError):
                                db_path.with_name(DB_NAME + side).unlink()
                lock.release()
                raise
        except (OSError, dbapi2.Error) as exc:
            raise storage_error(exc, "Creating the archive") from None
        finally:
            os.umask(old_umask)
        archive = cls(folder, conn, keyfile, data_key, lock, clock)
        archive.recovery_key = recovery
        return archive

    @staticmethod
    def _init_paths(folder: Path) -> tuple[Path, Path]:
        """Where ``create`` builds the database and key file before its commit point."""
        folder = Path(folder)
        return folder / (DB_NAME + INIT_SUFFIX), folder / (KEYS_NAME + INIT_SUFFIX)

    @classmethod
    def interrupted_init(cls, folder: Path | str) -> bool:
        """True if ``folder`` holds only what an init that never reached its commit point left
        (no ``archive.db``; temporary files of init). Running init again clears it."""
        folder = Path(folder)
        if (folder / DB_NAME).exists():
            return False
        return any((folder / name).exists() for name in _UNFINISHED_INIT_NAMES)

    @classmethod
    def open(
        cls,
        folder: Path | str,
        passphrase: str | None = None,
        *,
        recovery_key: str | None = None,
        clock: Clock = utc_now,
    ) -> Archive:
        folder = Path(folder)
        db_path, key_path, _ = cls.paths(folder)
        if not db_path.exists():
            if cls.interrupted_init(folder):
                raise ArchiveNotFound(interrupted_init_message(folder))
            raise ArchiveNotFound(f"No archive at {folder} (no {DB_NAME} there).")
        _, key_init = cls._init_paths(folder)
        # An init that passed its commit point (archive.db in place) but died before moving its
        # key file: the archive is whole; its key file is moved into place below, once the
        # database has accepted its key and archive id.
        finishing_init = not key_path.exists() and key_init.exists()
        keyfile = keys.read_keyfile(key_init if finishing_init else key_path)
        if recovery_key is not None:
            data_key = keyfile.unlock_with_recovery_key(recovery_key)
        elif passphrase is not None:
            data_key = keyfile.unlock_with_passphrase(passphrase)
        else:
            raise KeyfileError("A passphrase or the recovery key is needed to open the archive.")
        lock = cls._acquire(folder)
        try:
            try:  # a crash during a key-file write may have left keys.json.new behind
                keys.remove_stale_temp(key_path)
            except OSError as exc:
                raise storage_error(exc, "Opening the archive") from None
            # Finish or undo a key rotation a crash interrupted (no-op without keys.json.rotating).
            unlocked_key = data_key
            keyfile, data_key = rotation.resume(
                db_path, key_path, keyfile, data_key, passphrase=passphrase, recovery_key=recovery_key
            )
            rotation_finished = data_key != unlocked_key
            conn = connect(db_path, data_key, create=False)
            try:
                stored_id = conn.execute("SELECT value FROM settings WHERE key='archive_id'").fetchone()
                if not stored_id or stored_id[0] != keyfile.archive_id:
                    raise KeyfileError("The key file belongs to a different archive.")
                if finishing_init and not key_path.exists():
                    try:
                        os.rename(key_init, key_path)
                        keys._fsync_dir(folder)
                    except OSError as exc:
                        raise storage_error(exc, "Finishing the archive's creation") from None
                schema.migrate(conn, clock)
                # Bookkeeping for work a dead process left (history and audit only): on a full
                # disk it waits for the next open rather than making this one fail.
                with _unless_storage_full():
                    _mark_interrupted_imports(conn, clock)
                if rotation_finished:  # the interrupted rotate_key never wrote its audit entry
                    with _unless_storage_full(), _immediate(conn):
                        audit.record(conn, clock, "key-rotation", {"finished_on_open": True})
            except dbapi2.DatabaseError as exc:
                conn.close()
                if is_io_failure(exc):
                    raise open_storage_error(exc, db_path) from None
                raise ArchiveCorrupt(
                    f"The archive database in {folder} is damaged. Run `safe-archive verify` "
                    "or restore a backup."
                ) from None
            except BaseException:
                conn.close()
                raise
            if not keyfile.has_checksum:
                keyfile = _add_keyfile_checksum(key_path, keyfile)
        except BaseException:
            lock.release()
            raise
        return cls(folder, conn, keyfile, data_key, lock, clock)

    def close(self) -> None:
        """Close the connection, drop the key from memory (as far as Python allows), unlock."""
        if self._conn is not None:
            with contextlib.suppress(dbapi2.Error):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()
            self._conn = None
        if self._data_key is not None:
            for i in range(len(self._data_key)):
                self._data_key[i] = 0
            self._data_key = None
        if self._lock.is_locked:
            self._lock.release()

    lock = close  # locking an archive is closing it; unlocking is opening it again

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise ArchiveLocked()
        return self._conn

    @property
    def archive_id(self) -> str:
        return self._keyfile.archive_id

    def now(self) -> datetime:
        return self._clock()

    @contextlib.contextmanager
    def transaction(self, what: str = "Writing to the archive") -> Iterator[Connection]:
        """BEGIN IMMEDIATE … COMMIT; rolls back on error; OS/SQLite failures become StorageError."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except dbapi2.Error as exc:
            with contextlib.suppress(dbapi2.Error):
                conn.execute("ROLLBACK")
            raise storage_error(exc, what) from None
        except BaseException:
            with contextlib.suppress(dbapi2.Error):
                conn.execute("ROLLBACK")
            raise

    def audit(self, action: str, **details: Any) -> None:
        with self.transaction("Writing the audit log") as conn:
            audit.record(conn, self._clock, action, details)

    def audit_entries(self, limit: int = 1000, offset: int = 0) -> list[audit.AuditEntry]:
        return audit.entries(self.conn, limit, offset)

    # ------------------------------------------------------------------ settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row and key != "archive_id" else (row[0] if row else default)

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction("Saving a setting") as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, json.dumps(value)),
            )

    # ------------------------------------------------------------------ posts
    def add_posts(self, items: Iterable[Post], batch_id: int | None = None) -> posts.AddResult:
        """Store posts in one transaction; those already stored are skipped and counted."""
        batch = list(items)
        with self.transaction("Storing posts") as conn:
            return posts.insert_posts(conn, batch, batch_id)

    def relation_counts(self, post_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """Reposts, likes and boosts per post: ``{post id: {"repost": n, "like": m}}``."""
        return relations.relation_counts(self.conn, post_ids)

    def relations_of(self, post_id: int, limit: int = 200) -> list[relations.StoredRelation]:
        """Who reposted, liked or boosted one post ("reposted by")."""
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
        orders = {"id": "id", "created": "created_at, id", "-created": "created_at DESC, id DESC"}
        rows = self.conn.execute(
            f"SELECT id FROM posts ORDER BY {orders[order]} LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return [int(r[0]) for r in rows]

    def import_files(
        self,
        paths: Iterable[Path | str],
        *,
        format: str | None = None,
        options: ImportOptions | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
        scrub: ScrubStep | None = None,
    ) -> ImportSummary:
        """Import ``paths``; with ``scrub``, then scrub every post the archive holds unscrubbed
        (this run's, and any an earlier run stored but was killed or cancelled before scrubbing).
        ``summary.scrub`` says what the scrub did and how many posts remain if it was cancelled
        (a cancelled import scrubs nothing and counts what waits)."""
        def start_batch(source_name: str, fmt: str) -> int:
            with self.transaction("Starting an import") as conn:
                cur = conn.execute(
                    "INSERT INTO import_batches(started_at, source_name, format) VALUES (?, ?, ?)",
                    (self._clock().isoformat(timespec="seconds"), source_name, fmt),
                )
                return int(cur.lastrowid or 0)

        def store(batch: Sequence[Post], related: Sequence[Relation], batch_id: int) -> tuple[int, int, list[int]]:
            with self.transaction("Storing posts") as conn:
                result = posts.insert_posts(conn, batch, batch_id)
                relations.insert_relations(conn, related, batch_id)
            return result.added, result.duplicates, result.added_ids

        def finish_batch(fs: FileSummary, status: str) -> None:
            with self.transaction("Finishing an import") as conn:
                conn.execute(
                    "UPDATE import_batches SET finished_at=?, status=?, imported=?, duplicates=?, "
                    "skipped=?, excluded=? WHERE id=?",
                    (
                        self._clock().isoformat(timespec="seconds"), status, fs.imported,
                        fs.duplicates, fs.skipped, sum(fs.excluded.values()), fs.batch_id,
                    ),
                )
                if status == "done":
                    # This run read the whole file: it finishes earlier runs of the same file
                    # (same name and format) that were interrupted; their posts are the
                    # duplicates it skipped.
                    fs.resumed = [int(r[0]) for r in conn.execute(
                        "SELECT id FROM import_batches WHERE status='interrupted' AND resumed_by IS NULL "
                        "AND source_name=? AND format=? AND id<? ORDER BY id",
                        (Path(fs.path).name, fs.format, fs.batch_id),
                    )]
                    conn.executemany(
                        "UPDATE import_batches SET resumed_by=? WHERE id=?",
                        [(fs.batch_id, old) for old in fs.resumed],
                    )
                details: dict[str, Any] = {
                    "batch": fs.batch_id, "format": fs.format, "status": status,
                    "imported": fs.imported, "duplicates": fs.duplicates, "skipped": fs.skipped,
                    "excluded": sum(fs.excluded.values()),
                }
                if fs.resumed:
                    details["resumes"] = ",".join(map(str, fs.resumed))
                audit.record(conn, self._clock, "import", details)

        summary = run_import(
            [Path(p) for p in paths],
            store=store,
            start_batch=start_batch,
            finish_batch=finish_batch,
            after_batch=self.after_import,
            format=format,
            options=options,
            progress=progress,
            cancel=cancel,
        )
        if self.after_import is not None:
            # Posts an interrupted run stored but did not get to scrub (it died in between):
            # the run that finished it hands them to the same hook as its own new posts.
            for fs in summary.files:
                if not fs.resumed:
                    continue
                marks = ",".join("?" * len(fs.resumed))
                ids = [int(r[0]) for r in self.conn.execute(
                    f"SELECT id FROM posts WHERE batch_id IN ({marks}) AND scrubbed_policy IS NULL ORDER BY id",
                    fs.resumed,
                )]
                for start in range(0, len(ids), 5000):
                    self.after_import(ids[start : start + 5000])
        if scrub is not None:
            if summary.cancelled or (cancel is not None and cancel.cancelled):
                summary.scrub = ScrubSummary(remaining=scrub.pending(self), cancelled=True)
            else:
                summary.scrub = scrub.run(self, progress=progress, cancel=cancel)
        return summary

    # ------------------------------------------------------------------ search
    def search(self, query: str, *, limit: int = 20, offset: int = 0, original: bool = False) -> search_mod.SearchPage:
        return search_mod.search(self.conn, query, limit=limit, offset=offset, original=original)

    def rebuild_index(self) -> None:
        with self.transaction("Rebuilding the search index") as conn:
            conn.execute("INSERT INTO posts_fts(posts_fts) VALUES ('rebuild')")
            conn.execute("DELETE FROM posts_fts_cjk")  # contentless: rebuilt from the posts
            conn.execute(
                "INSERT INTO posts_fts_cjk(rowid, text, redacted_text) SELECT id, script_grams(text), "
                "script_grams(coalesce(redacted_text, '')) FROM posts WHERE has_script(text) OR has_script(redacted_text)"
            )

    # ------------------------------------------------------------------ keys
    def change_passphrase(self, new_passphrase: str, *, kdf: keys.KdfParams = keys.DEFAULT_KDF) -> None:
        """Rewrap the passphrase slot; the database is not rewritten. Old backups of the key
        file still open with the old passphrase."""
        if not new_passphrase:
            raise KeyfileError("The passphrase must not be empty.")
        data_key = self._key()
        updated = self._keyfile.with_slot(self._keyfile.passphrase_slot(new_passphrase, data_key, kdf))
        updated = updated.sealed(data_key)
        _, key_path, _ = self.paths(self.folder)
        try:
            keys.write_keyfile_atomic(key_path, updated)
        except OSError as exc:
            raise storage_error(exc, "Changing the passphrase") from None
        self._keyfile = updated
        self.audit("passphrase-change")

    def _key(self) -> bytes:
        if self._data_key is None:
            raise ArchiveLocked()
        return bytes(self._data_key)

    # ------------------------------------------------------------------ checks and backups
    def verify(self) -> VerifyReport:
        report = VerifyReport(ok=True)

        def check(name: str, fn: Callable[[], str]) -> None:
            try:
                detail = fn()
                report.checks.append((name, True, detail))
            except (dbapi2.Error, SafeArchiveError, ValueError) as exc:
                report.ok = False
                report.checks.append((name, False, _safe_detail(exc)))

        conn = self.conn

        def cipher() -> str:
            # cipher_integrity_check reads the database *file*, not the WAL. After a power cut
            # during a checkpoint the file holds torn or missing pages that the intact, synced
            # WAL still covers (the data is whole): copy the WAL in first, or verify reports
            # damage and sends the user to an older backup (test_powerloss.py). Best effort:
            # on a full disk the check runs on the file as it is.
            with contextlib.suppress(dbapi2.Error):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if rows:
                raise ValueError(f"{len(rows)} page(s) fail authentication")
            return "every page authenticates"

        def integrity() -> str:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise ValueError(f"{len(result)} problem(s) reported")
            return "ok"

        def fts() -> str:
            conn.execute("INSERT INTO posts_fts(posts_fts, rank) VALUES ('integrity-check', 1)")
            conn.execute("INSERT INTO posts_fts_cjk(posts_fts_cjk, rank) VALUES ('integrity-check', 1)")
            return "index matches the posts"

        def keyfile() -> str:
            self._keyfile.verify_mac(self._key())
            stored = conn.execute("SELECT value FROM settings WHERE key='archive_id'").fetchone()
            if not stored or stored[0] != self._keyfile.archive_id:
                raise ValueError("key file and database belong to different archives")
            return "authenticated, bound to this database"

        def temp_store() -> str:
            if conn.execute("PRAGMA temp_store").fetchone()[0] != 2:
                raise ValueError("temp_store is not MEMORY")
            return "MEMORY"

        check("page authentication", cipher)
        check("database integrity", integrity)
        check("search index", fts)
        check("key file", keyfile)
        check("temp store", temp_store)
        check("posts", lambda: f"{self.count_posts()} stored")
        return report

    def backup(self, dest_folder: Path | str) -> Path:
        """An encrypted snapshot with ``VACUUM INTO`` plus a copy of the key file."""
        dest = Path(dest_folder)
        db_dest, key_dest, _ = self.paths(dest)
        if db_dest.exists() or key_dest.exists():
            raise ArchiveExists(f"{dest} already holds an archive; choose an empty folder.")
        old_umask = os.umask(0o077)
        try:
            _mkdir_durable(dest)
            self.conn.execute("VACUUM INTO ?", (str(db_dest),))  # SQLite syncs it (and dest)
            shutil.copyfile(self.paths(self.folder)[1], key_dest)
            os.chmod(key_dest, 0o600)
            # A backup reported done must survive a power cut: the copied key file's bytes and
            # its entry in dest (test_powerloss.py found a finished backup with an empty one).
            fd = os.open(key_dest, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            keys._fsync_dir(dest)
        except (OSError, dbapi2.Error) as exc:
            for partial in (db_dest, key_dest):  # a half-copied key file would block the next try
                with contextlib.suppress(OSError):
                    partial.unlink()
            raise storage_error(exc, "The backup") from None
        finally:
            os.umask(old_umask)
        from safe_archive.core.store.db import is_plain_sqlite

        if is_plain_sqlite(db_dest):  # must never happen; refuse to leave plaintext behind
            db_dest.unlink()
            raise StorageError("The backup came out unencrypted and was deleted; please report this.")
        self.audit("backup")
        return dest

    # ------------------------------------------------------------------ key rotation (issue 7)
    # Hook only; the crash-safe procedure and its recovery on open live in rotation.py.
    def rotate_key(self, passphrase: str, recovery_key: str, *, kdf: keys.KdfParams = keys.DEFAULT_KDF) -> None:
        """Re-encrypt the database under a new random data key; the passphrase and the
        recovery key stay the same (both are needed to rewrap their slots). Crash-safe: the
        next open finishes or undoes an interrupted rotation. Old backups keep the old key."""
        conn = self.conn
        try:
            new_keyfile, new_key = rotation.rotate(
                conn, self.folder, self._keyfile, self._key(), passphrase, recovery_key, kdf
            )
        except rotation._RotationInterrupted:
            self.close()  # the connection's key state is unknown; reopening resolves it
            raise
        old = self._data_key
        self._keyfile = new_keyfile
        self._data_key = bytearray(new_key)
        if old is not None:
            for i in range(len(old)):
                old[i] = 0
        self.audit("key-rotation")


def _mark_interrupted_imports(conn: Connection, clock: Clock) -> None:
    """Batches still 'running' at open belong to an import whose process died (the archive
    lock rules out a live one): mark them 'interrupted' with the posts they did store, so the
    history and the audit log say so. ``finished_at`` stays empty (when it stopped is not
    known). Running the same import again finishes it (``resumed_by``)."""
    running = [int(r[0]) for r in conn.execute("SELECT id FROM import_batches WHERE status='running' ORDER BY id")]
    if not running:
        return
    with _immediate(conn):
        for batch_id in running:
            stored = int(conn.execute("SELECT count(*) FROM posts WHERE batch_id=?", (batch_id,)).fetchone()[0])
            conn.execute(
                "UPDATE import_batches SET status='interrupted', imported=? WHERE id=? AND status='running'",
                (stored, batch_id),
            )
            audit.record(conn, clock, "import-interrupted", {"batch": batch_id, "imported": stored})


@contextlib.contextmanager
def _unless_storage_full() -> Iterator[None]:
    try:
        yield
    except dbapi2.Error as exc:
        if not is_io_failure(exc):
            raise


@contextlib.contextmanager
def _immediate(conn: Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(dbapi2.Error):
            conn.execute("ROLLBACK")
        raise


def _add_keyfile_checksum(key_path: Path, keyfile: keys.Keyfile) -> keys.Keyfile:
    """Give a key file written before checksums existed its checksum (same slots, same MAC:
    the key file opened and its MAC was checked with this very content). Best effort: if the
    folder is not writable the archive still opens, and the next open tries again."""
    upgraded = keys.Keyfile(keyfile.archive_id, keyfile.slots, keyfile.mac)
    try:
        # The file was read before the lock was taken: rewrite it only if it is still the one
        # that was unlocked (never undo a passphrase change another process made meanwhile).
        on_disk = keys.read_keyfile(key_path)
        if on_disk.has_checksum or (on_disk.archive_id, on_disk.slots, on_disk.mac) != (
            keyfile.archive_id, keyfile.slots, keyfile.mac
        ):
            return keyfile
        keys.write_keyfile_atomic(key_path, upgraded)
    except (OSError, KeyfileError):
        return keyfile
    return upgraded


def _init_step(name: str) -> None:
    """A no-op between the steps of ``create``; the kill tests replace it to aim their kills."""


def _remove_unfinished_init(folder: Path) -> None:
    """Delete what an init that never reached its commit point left (call holding the lock,
    only when ``archive.db`` is absent: these names are made by nothing but ``create``)."""
    removed = False
    for name in _UNFINISHED_INIT_NAMES:
        try:
            (folder / name).unlink()
            removed = True
        except FileNotFoundError:
            pass
    if removed:
        keys._fsync_dir(folder)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mkdir_durable(folder: Path) -> None:
    """mkdir -p, then fsync the parent of every folder it made: a folder's own entry lives in
    its parent, and without this a power cut can take the whole new archive (or backup) folder
    with everything acknowledged in it (test_powerloss.py)."""
    made = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for new in reversed(made):
        with contextlib.suppress(PermissionError):  # an unreadable parent cannot be opened
            keys._fsync_dir(new.parent)


def _safe_detail(exc: BaseException) -> str:
    if isinstance(exc, SafeArchiveError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}" if isinstance(exc, ValueError) else type(exc).__name__
