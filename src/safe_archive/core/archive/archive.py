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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from filelock import FileLock, Timeout

from safe_archive.core.store import audit, keys, posts, relations, rotation, schema
from safe_archive.core.store import search as search_mod
from safe_archive.core.store.audit import AuditEntry
from safe_archive.core.store.changes import ChangedSignal
from safe_archive.core.store.db import (
    Connection,
    connect,
    dbapi2,
    is_io_failure,
    open_storage_error,
    storage_error,
)
from safe_archive.core.store.reads import Reads
from safe_archive.core.store.store import (
    Store,
    checkpoint,
    immediate,
    mark_interrupted_imports,
    set_archive_id,
    stored_archive_id,
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
from safe_archive.core.export.audit_log import write_audit
from safe_archive.core.export.exporter import Exporter
from safe_archive.core.export.leakcheck import Detector
from safe_archive.core.importers import ImportOptions, Relation
from safe_archive.core.model import Post, StoredPost
from safe_archive.core.progress import CancelToken, ProgressFn
from safe_archive.core.review.collections import Collections, SavedSearches
from safe_archive.core.review.forget import Forget
from safe_archive.core.review.review import Review
from safe_archive.core.review.undo import DecisionJournal, UndoableReview
from safe_archive.core.scrubbing.service import ArchiveScrubber

if TYPE_CHECKING:
    from safe_archive.core.scrub.engine import EngineConfig
    from safe_archive.core.scrub.scrubber import Scrubber
    from safe_archive.core.scrubbing.service import ScrubFn

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
        self._store = Store(conn, clock)
        self._keyfile = keyfile
        self._data_key: bytearray | None = bytearray(data_key)
        self._lock = lock
        self._clock = clock
        self.recovery_key: str | None = None  # set only right after create(); shown once
        self.read = Reads(self._store)  # typed reads for screens (sidebar, pages, findings …)
        self.review = Review(self._store)
        self.collections = Collections(self._store)
        self.saved_searches = SavedSearches(self._store)
        self.forget = Forget(self._store)

    @property
    def changed(self) -> ChangedSignal:
        """``archive.changed.connect(callback)``: ``callback(Changes)`` once after every
        committed write (an import or a scrub: once at its end); never after a rollback."""
        return self._store.changed

    # ------------------------------------------------------------------ services
    def scrubber(
        self,
        *,
        scrubber: Scrubber | None = None,
        scrub_fn: ScrubFn | None = None,
        config: EngineConfig | None = None,
    ) -> ArchiveScrubber:
        """The scrub service (policy, scrub, rescrub, rerender) with the given detector."""
        return ArchiveScrubber(self._store, scrubber=scrubber, scrub_fn=scrub_fn, config=config)

    def exporter(self, detector: Detector | None = None, *, detector_name: str = "patterns") -> Exporter:
        """The export service; ``detector`` re-detects in the exported text (leak check)."""
        return Exporter(self._store, detector, detector_name=detector_name)

    def undoable_review(self, journal: DecisionJournal) -> UndoableReview:
        """Review decisions recorded in ``journal`` so they can be undone."""
        return UndoableReview(self._store, journal)

    def write_audit_log(self, out: BinaryIO, fmt: str = "csv") -> int:
        """The whole audit log as CSV or JSONL; returns the entries written."""
        return write_audit(self._store, out, fmt)

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

    @staticmethod
    def check_recovery_key(folder: Path | str, recovery_key: str) -> None:
        """Raise (bad form, or it does not open this archive's key file) unless
        ``recovery_key`` unlocks the archive in ``folder``. Costs one HKDF, so a typo is caught
        before a slow passphrase derivation (``rotate_key`` checks both secrets again)."""
        keys.decode_recovery_key(recovery_key)
        keys.read_keyfile(Archive.paths(Path(folder))[1]).unlock_with_recovery_key(recovery_key)

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
                    set_archive_id(conn, keyfile.archive_id)
                    audit.record(conn, clock, "create", {"schema": schema.LATEST})
                    # Everything into the database file, so the file alone is the archive.
                    if not checkpoint(conn):
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
                if stored_archive_id(conn) != keyfile.archive_id:
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
                    mark_interrupted_imports(conn, clock)
                if rotation_finished:  # the interrupted rotate_key never wrote its audit entry
                    with _unless_storage_full(), immediate(conn):
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
        self._store.close()
        if self._data_key is not None:
            for i in range(len(self._data_key)):
                self._data_key[i] = 0
            self._data_key = None
        if self._lock.is_locked:
            self._lock.release()

    lock = close  # locking an archive is closing it; unlocking is opening it again

    @property
    def is_open(self) -> bool:
        return self._store.is_open

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def archive_id(self) -> str:
        return self._keyfile.archive_id

    def now(self) -> datetime:
        return self._clock()

    def audit(self, action: str, **details: Any) -> None:
        self._store.audit(action, **details)

    def audit_entries(self, limit: int = 1000, offset: int = 0) -> list[AuditEntry]:
        return self._store.audit_entries(limit, offset)

    # ------------------------------------------------------------------ settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        return self._store.get_setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self._store.set_setting(key, value)

    # ------------------------------------------------------------------ posts
    def add_posts(self, items: Iterable[Post], batch_id: int | None = None) -> posts.AddResult:
        """Store posts in one transaction; those already stored are skipped and counted."""
        return self._store.add_posts(items, batch_id)

    def relation_counts(self, post_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """Reposts, likes and boosts per post: ``{post id: {"repost": n, "like": m}}``."""
        return self._store.relation_counts(post_ids)

    def relations_of(self, post_id: int, limit: int = 200) -> list[relations.StoredRelation]:
        """Who reposted, liked or boosted one post ("reposted by")."""
        return self._store.relations_of(post_id, limit)

    def count_posts(self) -> int:
        return self._store.count_posts()

    def get_post(self, post_id: int) -> StoredPost:
        return self._store.get_post(post_id)

    def get_posts(self, ids: Sequence[int]) -> list[StoredPost]:
        return self._store.get_posts(ids)

    def post_ids(self, *, limit: int = 100, offset: int = 0, order: str = "id") -> list[int]:
        return self._store.post_ids(limit=limit, offset=offset, order=order)

    def import_files(
        self,
        paths: Iterable[Path | str],
        *,
        format: str | Mapping[Path, str] | None = None,
        options: ImportOptions | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
        scrub: ScrubStep | None = None,
    ) -> ImportSummary:
        """Import ``paths``; with ``scrub``, then scrub every post the archive holds unscrubbed
        (this run's, and any an earlier run stored but was killed or cancelled before scrubbing).
        ``summary.scrub`` says what the scrub did and how many posts remain if it was cancelled
        (a cancelled import scrubs nothing and counts what waits). ``format`` names the format
        of every file, or of some files (a mapping by path; the rest are detected by content)."""
        store = self._store

        def store_batch(batch: Sequence[Post], related: Sequence[Relation], batch_id: int) -> tuple[int, int, list[int]]:
            result = store.store_batch(batch, related, batch_id)
            return result.added, result.duplicates, result.added_ids

        def finish_batch(fs: FileSummary, status: str) -> None:
            excluded = sum(fs.excluded.values())
            fs.resumed = store.finish_batch(
                fs.batch_id or 0, status=status, imported=fs.imported, duplicates=fs.duplicates,
                skipped=fs.skipped, excluded=excluded, source_name=Path(fs.path).name, fmt=fs.format,
                details={"batch": fs.batch_id, "format": fs.format, "status": status, "imported": fs.imported,
                         "duplicates": fs.duplicates, "skipped": fs.skipped, "excluded": excluded},
            )

        with store.grouped():  # one change announcement for the whole import and its scrub
            summary = run_import(
                [Path(p) for p in paths],
                store=store_batch,
                start_batch=store.start_batch,
                finish_batch=finish_batch,
                format=format,
                options=options,
                progress=progress,
                cancel=cancel,
            )
            if scrub is not None:
                if summary.cancelled or (cancel is not None and cancel.cancelled):
                    summary.scrub = ScrubSummary(remaining=scrub.pending(self), cancelled=True)
                else:
                    summary.scrub = scrub.run(self, progress=progress, cancel=cancel)
        return summary

    # ------------------------------------------------------------------ search
    def search(self, query: str, *, limit: int = 20, offset: int = 0, original: bool = False) -> search_mod.SearchPage:
        """One page of posts matching ``query`` (redacted text unless ``original``)."""
        return self._store.search(query, limit=limit, offset=offset, original=original)

    def rebuild_index(self) -> None:
        self._store.rebuild_index()

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

        store = self._store

        def cipher() -> str:
            failing = store.check_pages()
            if failing:
                raise ValueError(f"{failing} page(s) fail authentication")
            return "every page authenticates"

        def integrity() -> str:
            result = store.check_integrity()
            if result != ["ok"]:
                raise ValueError(f"{len(result)} problem(s) reported")
            return "ok"

        def fts() -> str:
            store.check_index()
            return "index matches the posts"

        def keyfile() -> str:
            self._keyfile.verify_mac(self._key())
            if store.stored_archive_id() != self._keyfile.archive_id:
                raise ValueError("key file and database belong to different archives")
            return "authenticated, bound to this database"

        def temp_store() -> str:
            if store.temp_store() != 2:
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
            self._store.vacuum_into(db_dest)  # SQLite syncs it (and dest)
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
        try:
            new_keyfile, new_key = rotation.rotate(
                self._store.conn, self.folder, self._keyfile, self._key(), passphrase, recovery_key, kdf
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


@contextlib.contextmanager
def _unless_storage_full() -> Iterator[None]:
    try:
        yield
    except dbapi2.Error as exc:
        if not is_io_failure(exc):
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
